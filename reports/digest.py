"""Fill a DigestData from the warehouse: the one place that turns query rows into the digest's entries and sections.

Every publication of the period becomes one `Entry` (`_entry`, or `_not_outcome_entry` for a document that is
no inspection outcome), and `section_of` puts it in exactly one section:

- a graded publication goes by its overall effectiveness: down, or a first inadequate, is a deterioration; up
  is an improvement;
- with overall unchanged or not graded, any area down (or first inadequate), a visit's concern (insufficient
  progress, deterioration reported, priority actions) or an area SEND letter's (widespread and/or systemic
  failings, a written statement of action required, insufficient progress in a weakness) is a deterioration;
  else any area up, an area SEND outcome better than the LA's previous one included, is an improvement;
- anything else is another publication, or a monitoring or focused visit.

The entry still lists every area that moved, up or down, so a mixed report reads as mixed. Documents that
could not be loaded are data problems, one per document. So the headline's count of publications is the sum of
the sections.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb

from common.frameworks import UNKNOWN_FRAMEWORK
from common.record import AREAS, UNREAD_KIND, VISIT_KINDS
from reports import context, pages
from reports.model import (
    AreaChange,
    Authority,
    DataProblem,
    DigestData,
    Disagreement,
    Document,
    Entry,
    NationalPicture,
    Period,
    years_before,
)
from reports.period import iso_week, week_of
from warehouse import digest_queries, queries
from warehouse.db import NO_WAIT, Waiting, connect
from warehouse.digest_queries import Finding

DETERIORATIONS, IMPROVEMENTS, OTHER_PUBLICATIONS, VISITS = "deteriorations", "improvements", "publications", "visits"
# The kind of an entry for a document that could not be read (quarantined): alerts only.
UNREAD = "unread"
# A monitoring visit's verdict when its letter states none we can read.
NOT_STATED = "not_stated"
# A sentence ends at . ! or ? followed by a space and a capital, a digit or an opening quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“‘(])")
# Bullet glyphs as reports print them (◼ from about 2020, Wingdings and Symbol private-use glyphs before, and
# what tasks.read_text turns others into): a passage holding several is a list, and a quote is its first item.
_BULLET_GLYPHS = re.compile("[•◼▪■\uf06e\uf02d\uf0a7\uf0b7]")
QUOTE_MAX_CHARS = 300
STATUS_WORDS = {"quarantined": "quarantined", "unreadable": "could not be read", "fetch_failed": "download failed"}
# Areas in the order reports print them, overall effectiveness first.
_AREA_ORDER = {area: position for position, area in enumerate(("overall", *AREAS))}


def section_of(entry: Entry) -> str:
    """The one section a publication goes in: see the module's docstring."""
    overall = entry.overall
    if overall is not None and (overall.is_down or overall.is_up):
        return DETERIORATIONS if overall.is_down else IMPROVEMENTS
    if entry.concerns or any(change.is_down for change in entry.areas):
        return DETERIORATIONS
    if any(change.is_up for change in entry.areas):
        return IMPROVEMENTS
    return VISITS if entry.kind in VISIT_KINDS else OTHER_PUBLICATIONS


def publication_entries(
    con: duckdb.DuckDBPyConnection,
    start: date,
    end: date,
    document_ids: Collection[str] | None = None,
    unread: bool = False,
) -> list[Entry]:
    """Every publication of the period with an outcome or none (a press release), one Entry each, in publication
    order; only those of `document_ids` when given (the same-day alerts' entries: reports.alerts). With `unread`,
    the documents that could not be read (quarantined) too, as `UNREAD` entries: the alerts say Ofsted published
    them; the digest lists them under its data problems instead."""
    rows_by_document: dict[str, list[dict[str, Any]]] = {}
    for row in queries.changes_between(con, start, end):
        if document_ids is None or row["document_id"] in document_ids:
            rows_by_document.setdefault(row["document_id"], []).append(row)
    actions = digest_queries.priority_actions_of(con, list(rows_by_document))
    findings = digest_queries.area_findings_of(con, list(rows_by_document))
    entries = [
        _entry(rows, tuple(actions.get(document_id, ())), findings) for document_id, rows in rows_by_document.items()
    ]
    entries += [
        _not_outcome_entry(row)
        for row in digest_queries.other_documents(con, start, end)
        if document_ids is None or row["document_id"] in document_ids
    ]
    entries += [
        _unread_entry(row)
        for row in (digest_queries.unread_documents(con, start, end) if unread else [])
        if document_ids is None or row["document_id"] in document_ids
    ]
    return sorted(entries, key=_publication_order)


def load_digest(con: duckdb.DuckDBPyConnection, period: Period, base_url: str | None = None) -> DigestData:
    """The digest of documents published in the period, for all England; with the website's base URL, each
    entry links to its LA's page."""
    sections: dict[str, list[Entry]] = {DETERIORATIONS: [], IMPROVEMENTS: [], OTHER_PUBLICATIONS: [], VISITS: []}
    for entry in publication_entries(con, period.start, period.end):
        sections[section_of(entry)].append(entry)
    digest = DigestData(
        period=period,
        national=national_picture(con, period.end),
        deteriorations=tuple(sections[DETERIORATIONS]),
        improvements=tuple(sections[IMPROVEMENTS]),
        publications=tuple(sections[OTHER_PUBLICATIONS]),
        visits=tuple(sections[VISITS]),
        data_problems=_data_problems(digest_queries.problem_rows(con, period.start, period.end)),
        disagreements=tuple(_disagreement(row) for row in digest_queries.finding_rows(con, period.start, period.end)),
    )
    return pages.with_pages(con, context.with_context(con, digest), base_url)


def national_picture(con: duckdb.DuckDBPyConnection, as_of: date) -> NationalPicture:
    return context.national_picture(con, as_of, years_before(as_of, 1))


def digest_for(db_path: Path, period: Period, base_url: str | None = None, wait: Waiting = NO_WAIT) -> DigestData:
    """The all-England digest of a period, read from the warehouse file (linking LA pages under `base_url`),
    waiting as `wait` says while another process holds it."""
    con = wait.connect(db_path, read_only=True)
    try:
        return load_digest(con, period, base_url)
    finally:
        con.close()


def latest_week_digest(db_path: Path, week: str | None = None) -> DigestData:
    """The given ISO week, or the week of the latest publication in the database (for previews)."""
    if week:
        return digest_for(db_path, iso_week(week))
    con = connect(db_path, read_only=True)
    try:
        latest = digest_queries.latest_publication(con)
    finally:
        con.close()
    return digest_for(db_path, week_of(latest or date.today() - timedelta(days=7)))


def first_sentence(text: str | None) -> str | None:
    """The first sentence of a passage, whitespace tidied, cut at a word if very long."""
    if not text:
        return None
    sentence = _SENTENCE_END.split(" ".join(text.split()), maxsplit=1)[0]
    if len(sentence) <= QUOTE_MAX_CHARS:
        return sentence
    return sentence[:QUOTE_MAX_CHARS].rsplit(" ", 1)[0] + "…"


def first_item(text: str | None) -> str | None:
    """A passage's first item when it holds a bulleted list, without its bullet; else the passage."""
    items = [item for item in _BULLET_GLYPHS.split(text or "") if item.strip()]
    return items[0] if items else None


def _entry(
    rows: list[dict[str, Any]], priority_actions: tuple[str, ...], findings: dict[tuple[str, str], list[Finding]]
) -> Entry:
    """A publication with an event: its overall judgement, the areas that moved, a visit's findings, a quote."""
    event = next((row for row in rows if row["row_type"] == "event"), rows[0])
    concerns = [row for row in rows if row["row_type"] == "deterioration"]
    grades_overall = event["grades_overall"] is not False
    document, areas = _document(event), _moved_areas(rows, every_judgement=not grades_overall)
    quote, quote_page = finding_quote(areas, document, findings) or (quote_from(event["quote"], priority_actions), None)
    return Entry(
        authority=_authority(event),
        kind=event["kind"],
        event_date=event["event_date"],
        document=document,
        overall=_area_change(event) if event["grade"] else None,
        areas=areas,
        verdict=_visit_verdict(event, concerns) if event["kind"] in VISIT_KINDS else None,
        number=event["visit_number"],
        priority_actions=priority_actions,
        concerns=tuple(dict.fromkeys(row["reason"] for row in concerns if row["area"] is None)),
        quote=quote,
        quote_page=quote_page,
        send_outcome=event["send_outcome"],
        weaknesses=tuple(row["detail"] for row in concerns if row["reason"] == "weakness_insufficient_progress"),
        theme=event["jtai_theme"],
        deterioration_reasons=tuple(dict.fromkeys(row["reason"] for row in concerns)),
        grades_overall=grades_overall,
        focus=event["visit_focus"],
    )


def _not_outcome_entry(row: dict[str, Any]) -> Entry:
    return Entry(
        authority=_authority(row) if row["la_code"] else None,
        kind="not_outcome",
        event_date=None,
        document=_document(row),
        note=_not_outcome_note(row["reason"]),
    )


def _unread_entry(row: dict[str, Any]) -> Entry:
    """A document Ofsted published that could not be read: a new format or grading scale must not pass in silence."""
    return Entry(
        authority=_authority(row) if row["la_code"] else None,
        kind=UNREAD,
        event_date=None,
        document=_document(row),
        note=f"Ofsted published this document, but ofsted-watch could not read it ({row['reason']}): "
        "read it at the link.",
    )


def _not_outcome_note(reason: str | None) -> str:
    """The loader's reason names internal kinds; the reader needs to know nothing was judged, and the title of an
    Ofsted publication of a kind ofsted-watch does not read."""
    _, unread, title = (reason or "").partition(UNREAD_KIND)
    if unread:
        return f"Not read: an Ofsted publication of a kind ofsted-watch does not read, {title}"
    return "No judgement: not an inspection report or visit letter"


def _publication_order(entry: Entry) -> tuple[date, str, str]:
    return (entry.document.published or date.min, entry.authority.name if entry.authority else "", entry.kind)


def _authority(row: dict[str, Any]) -> Authority:
    return Authority(row["la_code"], row["local_authority"] or row["la_code"], row["region"] or "")


def _document(row: dict[str, Any]) -> Document:
    label = row["site_label"] or Path(row["document_id"]).name
    return Document(label=label, url=row["document_url"], published=row["published"], document_id=row["document_id"])


def _area_change(row: dict[str, Any]) -> AreaChange:
    return AreaChange(
        area=row["area"],
        grade=row["grade"],
        previous_grade=row["previous_grade"],
        previous_date=row["previous_date"],
        judged_on=row["event_date"],
        combined=bool(row["combined"]),
        previous_combined=bool(row["previous_combined"]),
    )


def _moved_areas(rows: Iterable[dict[str, Any]], every_judgement: bool = False) -> tuple[AreaChange, ...]:
    """Every area besides overall that went up or down, and every first inadequate, in the reports' order; with
    `every_judgement` (a framework with no overall judgement: its judgements are the headline) unchanged ones too."""
    moved_directions = ("better", "worse", "same") if every_judgement else ("better", "worse")
    moved = {
        row["area"]: _area_change(row)
        for row in rows
        if row["area"] not in (None, "overall")
        and (
            (row["row_type"] == "change" and row["direction"] in moved_directions)
            or (row["row_type"] == "deterioration" and row["reason"] == "first_inadequate")
        )
    }
    return tuple(sorted(moved.values(), key=lambda change: _AREA_ORDER.get(change.area, len(_AREA_ORDER))))


def _visit_verdict(event: dict[str, Any], concerns: list[dict[str, Any]]) -> str | None:
    """A visit's verdict in one code: its progress, else 'deterioration' when reported, else for a monitoring
    visit 'not_stated' (its letter gives no verdict we can read; a focused visit has none to give)."""
    if event["progress"]:
        return str(event["progress"])
    if any(row["reason"] == "deterioration_reported" for row in concerns):
        return "deterioration"
    return NOT_STATED if event["kind"] == "monitoring_visit" else None


def quote_from(text: str | None, priority_actions: tuple[str, ...]) -> str | None:
    """The first sentence of the item the warehouse offers (`improvement_quotes`: the first priority item, else
    the first item), of its first bullet when a row read before items were split still glues several. None for
    a passage that starts mid-sentence (a fragment misread from the report is no quote), or when it would repeat
    the first priority action shown beside it."""
    quote = first_sentence(first_item(text))
    if quote is None or quote[0].islower():
        return None
    if priority_actions and quote == first_sentence(first_item(priority_actions[0])):
        return None
    return quote


def finding_quote(
    areas: tuple[AreaChange, ...], document: Document, findings: dict[tuple[str, str], list[Finding]]
) -> tuple[str, int] | None:
    """The first sentence of what the report found about the first area that went down, and the page it is on;
    None when the report's part about no such area opens with a whole sentence (a misread fragment, or a
    heading run into the text, would be worse to quote than the first improvement)."""
    for change in areas:
        if not change.is_down:
            continue
        for finding in findings.get((document.document_id or "", change.area), ()):
            sentence = first_sentence(first_item(finding.text))
            if sentence and sentence[0].isupper() and sentence[-1] in ".!?":
                return sentence, finding.page
    return None


def _data_problems(rows: list[dict[str, Any]]) -> tuple[DataProblem, ...]:
    """One entry per document, its reasons joined (a quarantined record can fail several rules)."""
    by_document: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_document.setdefault(row["document_id"], []).append(row)
    problems = []
    for document_rows in by_document.values():
        first = document_rows[0]
        reasons = dict.fromkeys(_problem_reason(row) for row in document_rows)
        problems.append(
            DataProblem(
                document=_document(first),
                status=STATUS_WORDS.get(first["status"], first["status"]),
                reason="; ".join(reasons),
                authority=_authority(first) if first["la_code"] else None,
                format_changed=any(row["rule"] == UNKNOWN_FRAMEWORK for row in document_rows),
            )
        )
    return tuple(problems)


def _disagreement(row: dict[str, Any]) -> Disagreement:
    authority = _authority(row) if row["la_code"] else None
    return Disagreement(document=_document(row), rule=row["rule"], detail=row["detail"], authority=authority)


def _problem_reason(row: dict[str, Any]) -> str:
    """The reason in words, and the value it is about; the rule's name stays in the `quarantine` table."""
    detail = row["detail"] or row["reason"] or "no reason recorded"
    return f"{detail} ({row['value']})" if row["rule"] and row["value"] else detail
