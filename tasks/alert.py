"""Send same-day alerts: per subscriber and channel (their email, each Apprise URL), one message covering the
documents that concern them, each (document, subscriber, channel) at most once.

`send_due` is the poll's step: the documents the pending runs loaded (warehouse.alert_queries) and those whose
alert failed before. `send_published` is `ofsted-watch alerts`: the documents published in a period. Both record
every delivery and failure in `alert_sends` as soon as the channel answers, so a crash sends again at most the
message being sent; a failing channel never stops the others, and is tried again by the next poll.

A document already alerted to a channel is not sent again, unless forced, or unless a new version of it (new
bytes at the same URL) changes its alert's title: a corrected grade is news, the same report re-uploaded is not.

Apprise URLs hold secrets (webhook tokens, passwords): nothing here prints, logs or stores one. A channel is
named by `safe_url`, Apprise's own log lines are kept out of the logs, and a failure's reason is Apprise's
warning with any piece of the URL taken out.
"""

from __future__ import annotations

import hashlib
import logging
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import duckdb

from common.config import Settings
from common.subscribers import Subscriber, SubscribersError, load_subscribers, safe_url
from reports.alerts import DocumentAlert, build_alert_message, load_alerts, message_title, render_chat
from tasks.send import SmtpConfig, describe_error, send_message
from warehouse import alert_queries
from warehouse.alert_queries import Attempt
from warehouse.db import connect

log = logging.getLogger(__name__)

EMAIL = "email"
NO_SMTP = "no SMTP server configured (OFSTED_WATCH_SMTP_HOST)"
# A piece of an Apprise URL this long or longer is taken out of an error message (tokens are; hosts stay).
_SECRET_MIN_CHARS = 8


@dataclass(frozen=True)
class Channel:
    """Where a subscriber's alerts go: `key` names it in `alert_sends`, `target` shows it (no secrets)."""

    key: str
    target: str
    url: str | None = field(default=None, repr=False)  # the Apprise URL; None for email


def channels_of(subscriber: Subscriber) -> list[Channel]:
    """Their email, then each notify URL in the file's order."""
    channels = [Channel(EMAIL, subscriber.email)] if subscriber.email else []
    for url in subscriber.notify:
        key = "notify-" + hashlib.sha256(url.encode()).hexdigest()[:16]
        channels.append(Channel(key, safe_url(url), url))
    return channels


@dataclass(frozen=True)
class Delivery:
    """One message to one channel: the documents' titles, and why it failed (None: delivered)."""

    subscriber: str
    target: str
    titles: tuple[str, ...]
    error: str | None = None

    def describe(self) -> str:
        more = f" (and {len(self.titles) - 1} more)" if len(self.titles) > 1 else ""
        return f"{self.subscriber} by {self.target}: {self.titles[0]}{more}"


@dataclass
class AlertReport:
    """What an alert step or command did, for the run summary, the `runs` row and the command line."""

    documents: int = 0  # documents considered
    sent: list[Delivery] = field(default_factory=list)
    failed: list[Delivery] = field(default_factory=list)
    planned: list[Delivery] = field(default_factory=list)  # --dry-run: what would be sent
    already_sent: int = 0  # (document, channel) pairs skipped: sent before

    def lines(self) -> list[str]:
        lines = [f"alert sent to {d.describe()}" for d in self.sent]
        lines += [f"would send to {d.subscriber} by {d.target}: {'; '.join(d.titles)}" for d in self.planned]
        lines += [
            f"alert FAILED to {d.subscriber} by {d.target}, tried again at the next poll: {d.error}"
            for d in self.failed
        ]
        if self.already_sent:
            lines.append(f"{self.already_sent} alerts already sent, not sent again (--force sends them)")
        return lines

    def note(self) -> str | None:
        """The failures, for the run's `notes`."""
        if not self.failed:
            return None
        return "alerts failed (tried again at the next poll): " + "; ".join(
            f"{d.subscriber} by {d.target}: {d.error}" for d in self.failed
        )

    def as_dict(self) -> dict[str, Any]:
        def listed(deliveries: list[Delivery]) -> list[dict[str, Any]]:
            return [
                {"subscriber": d.subscriber, "target": d.target, "titles": list(d.titles), "error": d.error}
                for d in deliveries
            ]

        return {
            "documents": self.documents,
            "sent": listed(self.sent),
            "failed": listed(self.failed),
            "planned": listed(self.planned),
            "already_sent": self.already_sent,
        }


@dataclass(frozen=True)
class Options:
    """How to send: `only` a subscriber (its name or email); `dry_run` shows and sends nothing; `force` resends."""

    only: str | None = None
    dry_run: bool = False
    force: bool = False


def alert_subscribers(settings: Settings, only: str | None = None) -> list[Subscriber]:
    """The subscribers with alerts, checked before anything is sent (SubscribersError names a mistake)."""
    subscribers = [s for s in load_subscribers(settings.subscribers) if s.alerts] if settings.subscribers else []
    if only is None:
        return subscribers
    chosen = [s for s in subscribers if only.lower() in {s.key.lower(), (s.email or "").lower()}]
    if not chosen:
        known = ", ".join(s.key for s in subscribers) or "none"
        raise SubscribersError(f"no subscriber with alerts is named {only!r} (those with alerts: {known})")
    return chosen


def send_due(settings: Settings, smtp: SmtpConfig | None, run_id: str | None) -> AlertReport:
    """The poll's step: alert what the pending runs loaded and what failed before, then mark those runs done
    (their failures noted on `run_id`'s row). With no subscriber taking alerts, the runs are done at once."""
    subscribers = alert_subscribers(settings)
    # As every step of a run: another process (an analyst's tool) may hold the file for a while.
    con = connect(settings.db_path, wait_seconds=settings.lock_wait_seconds)
    try:
        runs = alert_queries.pending_runs(con)
        documents = [*alert_queries.documents_due(con), *alert_queries.documents_failed(con)] if subscribers else []
        report = _send(con, settings, smtp, subscribers, list(dict.fromkeys(documents)), run_id, Options())
        alert_queries.finish_alerts(con, runs, run_id, report.note())
    finally:
        con.close()
    return report


def send_published(
    settings: Settings, smtp: SmtpConfig | None, start: date, end: date, options: Options
) -> AlertReport:
    """`ofsted-watch alerts`: the alerts of documents published between the dates, under the same record."""
    subscribers = alert_subscribers(settings, options.only)
    con = connect(settings.db_path, read_only=options.dry_run)
    try:
        documents = alert_queries.documents_published(con, start, end)
        return _send(con, settings, smtp, subscribers, documents, None, options, as_of=end)
    finally:
        con.close()


def _send(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    smtp: SmtpConfig | None,
    subscribers: Sequence[Subscriber],
    document_ids: Sequence[str],
    run_id: str | None,
    options: Options,
    as_of: date | None = None,
) -> AlertReport:
    as_of = min(as_of or date.today(), date.today())
    alerts = load_alerts(con, document_ids, as_of, settings.site_base_url) if subscribers else []
    report = AlertReport(documents=len(alerts))
    sends = alert_queries.alert_sends_of(con, [alert.document_id for alert in alerts])
    for subscriber in subscribers:
        theirs = [alert for alert in alerts if alert.concerns(subscriber)]
        for channel in channels_of(subscriber) if theirs else []:
            sent = {a.document_id: sends.get((a.document_id, subscriber.key, channel.key)) for a in theirs}
            due = [a for a in theirs if options.force or _due(a, sent[a.document_id])]
            report.already_sent += len(theirs) - len(due)
            if not due:
                continue
            titles = tuple(alert.title for alert in due)
            if options.dry_run:
                report.planned.append(Delivery(subscriber.key, channel.target, titles))
                continue
            error = _deliver(channel, due, subscriber, settings, smtp)
            delivery = Delivery(subscriber.key, channel.target, titles, error)
            (report.failed if error else report.sent).append(delivery)
            if error:
                log.warning("alert to %s not delivered: %s", delivery.describe(), error)
            attempts = [
                Attempt(a.document_id, a.version, a.title, subscriber.key, channel.key, channel.target, error)
                for a in due
            ]
            alert_queries.record_attempts(con, attempts, run_id, datetime.now())
    return report


def _due(alert: DocumentAlert, sent: dict[str, Any] | None) -> bool:
    """Never sent, or failed last time, or sent about an earlier version whose alert said something else."""
    if sent is None or sent["status"] == alert_queries.FAILED:
        return True
    return bool(sent["version"] < alert.version and sent["title"] != alert.title)


def _deliver(
    channel: Channel,
    alerts: Sequence[DocumentAlert],
    subscriber: Subscriber,
    settings: Settings,
    smtp: SmtpConfig | None,
) -> str | None:
    """Send one message; None when the channel accepted it, else why not (no secrets)."""
    if channel.url is not None:
        return notify(channel.url, message_title(alerts), render_chat(alerts), settings.timeout_seconds,
                      warning=any(alert.is_deterioration for alert in alerts))  # fmt: skip
    if smtp is None:
        return NO_SMTP
    message = build_alert_message(alerts, settings.mail_from, channel.target, subscriber.audience.describe())
    try:
        send_message(message, smtp)
    except (smtplib.SMTPException, OSError) as error:
        return describe_error(error)
    return None


def notify(url: str, title: str, body: str, timeout_seconds: float, warning: bool = False) -> str | None:
    """Post Markdown through Apprise to one URL; None when delivered, else Apprise's reason with the URL's
    secrets taken out."""
    import apprise

    _keep_apprise_quiet()
    sender = apprise.Apprise()
    if not sender.add(url):  # checked when the subscribers were read; kept for a URL that changed since
        return "Apprise cannot use this URL"
    result = sender.notify(
        body=body,
        title=title,
        body_format=apprise.NotifyFormat.MARKDOWN,
        notify_type=apprise.NotifyType.WARNING if warning else apprise.NotifyType.INFO,
        timeout=timeout_seconds,
    )
    if result:
        return None
    said = [entry.message for entry in result.logs() if entry.level in ("WARNING", "ERROR", "CRITICAL")]
    return redact("; ".join(dict.fromkeys(said)) or f"not delivered ({result.status.name.lower()})", url)


def redact(text: str, url: str) -> str:
    """The text with every longer piece of the URL (user, password, path segments, query values) masked."""
    parts = urlsplit(url)
    pieces = [parts.username, parts.password, *parts.path.split("/"), *(v for _, v in parse_qsl(parts.query))]
    for piece in sorted({unquote(p) for p in pieces if p}, key=len, reverse=True):
        if len(piece) >= _SECRET_MIN_CHARS:
            text = text.replace(piece, "****")
    return text


def _keep_apprise_quiet() -> None:
    """Apprise's own log lines may quote a URL (at debug level, whole webhook paths): they stay out of our logs
    and Prefect's. Each call's warnings still come back in its result, which `notify` reports, redacted."""
    logger = logging.getLogger("apprise")
    if logger.propagate:
        logger.addHandler(logging.NullHandler())
        logger.propagate = False
