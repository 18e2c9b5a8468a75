"""Deliver digests: write them to the outbox, queue them, and send the queue by SMTP.

The outbox holds every rendered digest as `<stem>.eml` and `<stem>.html`. Sending copies the .eml into
`outbox/queue/`; a message leaves the queue only once the server has accepted it and the send is recorded in
the warehouse's `digest_sends`, so a failure (server down, bad password) keeps it for the next run. Whether a
week was already sent to a recipient is checked when queueing, so a queued message is never dropped.
The SMTP password is never logged or put into an error message.
"""

from __future__ import annotations

import logging
import re
import shutil
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parseaddr
from pathlib import Path
from typing import cast

from common.config import Settings
from common.subscribers import Subscriber, recipients
from reports.model import DigestData
from reports.render import DIGEST_HEADER, MAIL_POLICY, build_message
from warehouse import queries
from warehouse.db import NO_WAIT, Waiting

log = logging.getLogger(__name__)

SECURITY_MODES = ("starttls", "ssl", "plain")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "plain": 25}
QUEUE_DIR = "queue"
# Gmail shows "[Message clipped]" for HTML above about 102 KB; the plain-text part is never clipped.
GMAIL_CLIP_BYTES = 100_000


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    security: str = "starttls"
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout_seconds: float = 30.0


def smtp_config(settings: Settings, password: str | None) -> SmtpConfig | None:
    """The SMTP server of the settings, or None when none is configured (the digest then stays in the outbox)."""
    if not settings.smtp_host:
        return None
    security = settings.smtp_security.strip().lower()
    if security not in SECURITY_MODES:
        raise ValueError(
            f"OFSTED_WATCH_SMTP_SECURITY is {settings.smtp_security!r}; use one of {', '.join(SECURITY_MODES)}"
        )
    if settings.smtp_user and not password:
        raise ValueError("OFSTED_WATCH_SMTP_USER is set but no SMTP password is configured")
    return SmtpConfig(
        host=settings.smtp_host,
        port=settings.smtp_port or DEFAULT_PORTS[security],
        security=security,
        user=settings.smtp_user,
        password=password,
        timeout_seconds=settings.timeout_seconds,
    )


@dataclass(frozen=True)
class OutboxEntry:
    recipient: str
    eml: Path
    html: Path


def outbox_stem(period_key: str, recipient: str) -> str:
    """'digest-2026-W47-dcs_at_example.org': safe as a file name on any system."""
    address = parseaddr(recipient)[1] or recipient
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", address.lower().replace("@", "_at_"))
    return f"digest-{period_key.replace('..', '_to_')}-{safe}"


def write_outbox(message: EmailMessage, outbox: Path, stem: str) -> OutboxEntry:
    """Write the message and its HTML part side by side; rewriting the same week replaces the old files."""
    outbox.mkdir(parents=True, exist_ok=True)
    eml, html_file = outbox / f"{stem}.eml", outbox / f"{stem}.html"
    html_part = message.get_body(preferencelist=("html",))
    if html_part is None:
        raise ValueError("the digest message has no HTML part")
    _write_atomically(eml, message.as_bytes(policy=message.policy.clone(linesep="\r\n")))
    _write_atomically(html_file, cast(EmailMessage, html_part).get_content().encode("utf-8"))
    return OutboxEntry(recipient=str(message["To"]), eml=eml, html=html_file)


def write_digests(data: DigestData, subscribers: list[Subscriber], sender: str, outbox: Path) -> list[OutboxEntry]:
    """Each subscriber's digest, filtered to their LAs, written to the outbox; none for a subscriber with no email
    (alerts only)."""
    entries = []
    for subscriber in subscribers:
        if subscriber.email is None:
            continue
        own = data.for_audience(subscriber.audience)
        message = build_message(own, sender, subscriber.email)
        entry = write_outbox(message, outbox, outbox_stem(own.period.key, subscriber.email))
        if entry.html.stat().st_size > GMAIL_CLIP_BYTES:
            log.warning("%s is over %d bytes: Gmail will clip its HTML", entry.html, GMAIL_CLIP_BYTES)
        entries.append(entry)
    return entries


def _write_atomically(path: Path, data: bytes) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    partial.replace(path)


def queue_dir(outbox: Path) -> Path:
    return outbox / QUEUE_DIR


def queued_messages(outbox: Path) -> list[Path]:
    folder = queue_dir(outbox)
    return sorted(folder.glob("*.eml")) if folder.is_dir() else []


@dataclass
class DeliveryReport:
    sent: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            *(f"sent: {name}" for name in self.sent),
            *(f"already sent, skipped (use --force to send again): {name}" for name in self.already_sent),
            *(f"FAILED, kept in the outbox queue for the next run: {name}: {reason}" for name, reason in self.failed),
        ]


def enqueue(
    entries: list[OutboxEntry], period_key: str, outbox: Path, db_path: Path, force: bool, wait: Waiting = NO_WAIT
) -> DeliveryReport:
    """Queue each entry unless its week already went to that recipient (and not forced)."""
    report = DeliveryReport()
    con = wait.connect(db_path)
    try:
        for entry in entries:
            if not force and queries.digest_sent(con, period_key, entry.recipient):
                report.already_sent.append(f"{period_key} to {entry.recipient}")
                continue
            queue_dir(outbox).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(entry.eml, queue_dir(outbox) / entry.eml.name)
    finally:
        con.close()
    return report


def deliver_queue(outbox: Path, smtp: SmtpConfig, db_path: Path, wait: Waiting = NO_WAIT) -> DeliveryReport:
    """Send every queued message, oldest week first; record and unqueue each one the server accepted."""
    report = DeliveryReport()
    for path in queued_messages(outbox):
        message = read_message(path)
        name = f"{message[DIGEST_HEADER]} to {message['To']}"
        try:
            send_message(message, smtp)
        except (smtplib.SMTPException, OSError) as error:
            log.warning("digest %s not delivered: %s", name, describe_error(error))
            report.failed.append((name, describe_error(error)))
            continue
        con = wait.connect(db_path)
        try:
            queries.record_digest_send(con, str(message[DIGEST_HEADER]), str(message["To"]), str(message["Subject"]))
        finally:
            con.close()
        path.unlink()
        log.info("digest %s delivered", name)
        report.sent.append(name)
    return report


def read_message(path: Path) -> EmailMessage:
    with path.open("rb") as handle:
        # This policy builds EmailMessage objects; typeshed types parse() as returning Message.
        return cast(EmailMessage, BytesParser(policy=MAIL_POLICY).parse(handle))


def send_message(message: EmailMessage, smtp: SmtpConfig) -> None:
    """One connection per message: a failure affects only that message."""
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if smtp.security == "ssl":
        client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout_seconds, context=context)
    else:
        client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_seconds)
    with client:
        if smtp.security == "starttls":
            client.starttls(context=context)
        if smtp.user:
            client.login(smtp.user, smtp.password or "")
        client.send_message(message)


def describe_error(error: BaseException) -> str:
    """The error in words; SMTP errors carry the server's reply, never our credentials."""
    if isinstance(error, smtplib.SMTPResponseException):
        reply = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
        return f"server replied {error.smtp_code} {reply}"
    return f"{type(error).__name__}: {error}"


def smtp_password(settings: Settings) -> str | None:
    """OFSTED_WATCH_SMTP_PASSWORD, else the Prefect Secret block named by OFSTED_WATCH_SMTP_PASSWORD_BLOCK."""
    if settings.smtp_password or not settings.smtp_password_block:
        return settings.smtp_password
    from prefect.blocks.system import Secret  # only when a block is configured: Prefect is slow to import

    # Called outside any event loop, `load` runs synchronously; its type covers the async form too.
    secret = cast(Secret, Secret.load(settings.smtp_password_block))
    return str(secret.get())


def digest_recipients(settings: Settings, to: list[str]) -> list[Subscriber]:
    """The subscribers to write a digest for; with nobody configured, one all-England copy to the sender."""
    return recipients(settings.subscribers, to) or [Subscriber(settings.mail_from)]
