"""Same-day alerts as people see them: a new publication's digest entry, a title saying what happened, and the
email (HTML and text, from the templates beside the digest's) or short Markdown for chat.

An alert is the digest's `Entry` of the document (reports.digest.publication_entries), with its LA's statistical
neighbours; a subscriber's triggers pick which entries concern them (`DocumentAlert.concerns`). Several
documents for one subscriber in one poll make one message, worst first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage

import duckdb

from common.record import VISIT_KINDS
from common.subscribers import ALL, DETERIORATION, INADEQUATE, Subscriber
from reports import context, pages, words
from reports.digest import (
    DETERIORATIONS,
    IMPROVEMENTS,
    OTHER_PUBLICATIONS,
    UNREAD,
    VISITS,
    publication_entries,
    section_of,
)
from reports.model import AreaChange, Entry
from reports.render import email_message, render_template
from warehouse import alert_queries, context_queries

# Header naming the documents a message alerts, for a reader's mail rules and our tests.
ALERT_HEADER = "X-Ofsted-Watch-Alert"
# A title names at most this many areas that moved; the body lists them all.
TITLE_AREAS = 2
_SECTION_ORDER = {
    section: rank for rank, section in enumerate((DETERIORATIONS, IMPROVEMENTS, VISITS, OTHER_PUBLICATIONS))
}


@dataclass(frozen=True)
class DocumentAlert:
    """One document's alert: which version it is about, its entry and its title."""

    document_id: str
    version: int
    entry: Entry
    title: str

    @property
    def triggers(self) -> frozenset[str]:
        """The subscribers' triggers it meets: 'all' always; 'deterioration' with any row of the deteriorations
        view; 'inadequate' with an overall inadequate (any judgement inadequate, where the framework makes no overall
        judgement)."""
        met = {ALL}
        if self.entry.deterioration_reasons:
            met.add(DETERIORATION)
        if self.entry.judged_inadequate:
            met.add(INADEQUATE)
        return frozenset(met)

    @property
    def is_deterioration(self) -> bool:
        return section_of(self.entry) == DETERIORATIONS

    def concerns(self, subscriber: Subscriber) -> bool:
        """Meets one of the subscriber's triggers, about an LA in their filter (a document naming no LA we know
        concerns everyone, as in the digest). A document that could not be read concerns everyone whose filter
        covers its LA, whatever their triggers: what it says is unknown, so it may be what they watch for."""
        authority = self.entry.authority
        wanted = authority is None or subscriber.audience.includes(authority.la_code, authority.region)
        return wanted and (self.entry.kind == UNREAD or bool(self.triggers & set(subscriber.alerts)))


def load_alerts(
    con: duckdb.DuckDBPyConnection, document_ids: Sequence[str], as_of: date, base_url: str | None = None
) -> list[DocumentAlert]:
    """The alerts of the documents that still say something (loaded, or published with no outcome), worst first;
    LAs' neighbours as they stood on `as_of`; with the website's base URL, a link to each LA's page."""
    found = alert_queries.published(con, document_ids)
    if found is None:
        return []
    entries = publication_entries(con, found.first, found.last, set(found.versions), unread=True)
    entries = list(context.described(entries, context_queries.neighbour_standing(con, as_of)))
    if base_url:
        entries = list(pages.entries_with_pages(entries, pages.page_urls(con, base_url)))
    alerts = [
        DocumentAlert(document_id, found.versions[document_id], entry, alert_title(entry))
        for entry in entries
        if (document_id := entry.document.document_id) in found.versions
    ]
    return sorted(alerts, key=lambda alert: _SECTION_ORDER[section_of(alert.entry)])


def alert_title(entry: Entry) -> str:
    """What happened, in a line: 'Wessex: overall effectiveness good → inadequate', 'Northmoor: monitoring visit 2,
    insufficient progress', 'Elmet: care leavers good → requires improvement'."""
    name = entry.authority.name if entry.authority else "Local authority not identified"
    return f"{name}: {_what_happened(entry)}"


def _what_happened(entry: Entry) -> str:
    kind = in_sentence(words.kind_focus_words(entry.kind, entry.focus))
    if entry.kind in VISIT_KINDS:
        said = [kind + (f" {entry.number}" if entry.number else "")]
        said += [in_sentence(words.verdict_alone(entry.verdict))] if entry.verdict else []
        said += [words.plural(len(entry.priority_actions), "priority action")] if entry.priority_actions else []
        return ", ".join(said)
    if entry.kind == "not_outcome":
        return f"{entry.document.label}, no judgement"
    if entry.kind == UNREAD:
        return f"Ofsted published a document that could not be read, {entry.document.label}"
    if entry.send_outcome:
        return f"{kind}, {in_sentence(words.grade_words(entry.send_outcome))}"
    overall = entry.overall
    if overall is not None and (overall.is_down or overall.is_up or not entry.areas):
        return _change_words(overall)
    if entry.areas:
        moved = sorted(entry.areas, key=lambda change: not change.is_down)  # down first, else the reports' order
        said = [_change_words(change) for change in moved[:TITLE_AREAS]]
        rest = len(moved) - TITLE_AREAS
        return "; ".join(said) + (f"; {words.plural(rest, 'more area')}" if rest > 0 else "")
    return f"{kind}, {in_sentence(entry.theme)}" if entry.theme else kind


def in_sentence(text: str) -> str:
    """Words as they read inside a sentence: 'Area SEND inspection' -> 'area SEND inspection'."""
    return text[:1].lower() + text[1:]


def _change_words(change: AreaChange) -> str:
    """'overall effectiveness requires improvement → inadequate', '… inadequate, first judgement', '… good,
    unchanged'."""
    area, grade = in_sentence(words.area_words(change.area)), words.grade_in_text(change.grade)
    if change.direction == "first":
        return f"{area} {grade}, first judgement"
    if change.direction == "same":
        return f"{area} {grade}, unchanged"
    return f"{area} {words.grade_in_text(change.previous_grade)} → {grade}"


def message_title(alerts: Sequence[DocumentAlert]) -> str:
    """The first (worst) alert's title, and how many more the message holds."""
    more = len(alerts) - 1
    return alerts[0].title + (f" (and {words.plural(more, 'more publication')})" if more else "")


def subject(alerts: Sequence[DocumentAlert]) -> str:
    return f"Ofsted watch alert: {message_title(alerts)}"


def _context(alerts: Sequence[DocumentAlert], scope: str) -> dict[str, object]:
    return {"alerts": alerts, "subject": subject(alerts), "title": message_title(alerts), "scope": scope}


def render_chat(alerts: Sequence[DocumentAlert]) -> str:
    """Short Markdown for Teams, Slack and the like: per document its title, dates, what moved, the priority
    actions, a quote and the link."""
    return render_template("alert.md", _context(alerts, "")).strip()


def render_text(alerts: Sequence[DocumentAlert], scope: str) -> str:
    return render_template("alert.txt", _context(alerts, scope))


def render_html(alerts: Sequence[DocumentAlert], scope: str) -> str:
    return render_template("alert.html", _context(alerts, scope))


def build_alert_message(alerts: Sequence[DocumentAlert], sender: str, recipient: str, scope: str) -> EmailMessage:
    """The alert email: text and HTML parts, quoted-printable, as the digest's."""
    return email_message(
        subject(alerts),
        sender,
        recipient,
        render_text(alerts, scope),
        render_html(alerts, scope),
        {ALERT_HEADER: " ".join(alert.document_id for alert in alerts)},
    )
