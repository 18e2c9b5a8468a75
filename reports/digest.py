"""Fill a DigestData from the warehouse: the one place that turns query rows into the digest's sections.

Every document published in the period lands in exactly one section, worst first: a deterioration (a worse
or first inadequate grade, or a visit with insufficient progress, deterioration or priority actions), an
improvement, a monitoring or focused visit, another publication, or a data problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb

from ofsted_watch.record import GRADE_RANK, VISIT_KINDS
from reports.model import (
    AreaChange,
    Authority,
    ChangedEvent,
    DataProblem,
    DigestData,
    Document,
    GradeCount,
    NationalPicture,
    Period,
    Publication,
    VisitReport,
)
from reports.period import iso_week, week_of
from warehouse import digest_queries, queries
from warehouse.db import connect

# A sentence ends at . ! or ? followed by a space and a capital, a digit or an opening quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“‘(])")
QUOTE_MAX_CHARS = 300
STATUS_WORDS = {"quarantined": "quarantined", "unreadable": "could not be read", "fetch_failed": "download failed"}


def first_sentence(text: str | None) -> str | None:
    """The first sentence of a passage, whitespace tidied, cut at a word if very long."""
    if not text:
        return None
    sentence = _SENTENCE_END.split(" ".join(text.split()), maxsplit=1)[0]
    if len(sentence) <= QUOTE_MAX_CHARS:
        return sentence
    return sentence[:QUOTE_MAX_CHARS].rsplit(" ", 1)[0] + "…"


def year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def load_digest(con: duckdb.DuckDBPyConnection, period: Period) -> DigestData:
    """The digest of documents published in the period, for all England."""
    rows_by_document: dict[str, list[dict[str, Any]]] = {}
    for row in queries.changes_between(con, period.start, period.end):
        rows_by_document.setdefault(row["document_id"], []).append(row)
    actions = digest_queries.priority_actions_of(con, list(rows_by_document))

    deteriorations: list[ChangedEvent] = []
    improvements: list[ChangedEvent] = []
    visits: list[VisitReport] = []
    publications: list[Publication] = []
    for document_id, rows in rows_by_document.items():
        event = _event_row(rows)
        priority_actions = tuple(actions.get(document_id, ()))
        concerns = [row for row in rows if row["row_type"] == "deterioration"]
        better = [row for row in rows if row["row_type"] == "change" and row["direction"] == "better"]
        if concerns:
            deteriorations.append(_changed_event(event, _deteriorated_areas(rows), priority_actions, concerns))
        elif better:
            improvements.append(_changed_event(event, _area_changes(better), priority_actions, []))
        elif event["kind"] in VISIT_KINDS:
            visits.append(_visit(event, priority_actions))
        else:
            publications.append(_publication(event))
    publications += [_other_document(row) for row in digest_queries.other_documents(con, period.start, period.end)]
    return DigestData(
        period=period,
        national=national_picture(con, period.end),
        deteriorations=tuple(deteriorations),
        improvements=tuple(improvements),
        publications=tuple(publications),
        visits=tuple(visits),
        data_problems=_data_problems(digest_queries.problem_rows(con, period.start, period.end)),
    )


def national_picture(con: duckdb.DuckDBPyConnection, as_of: date) -> NationalPicture:
    earlier = year_before(as_of)
    now_counts = digest_queries.existing_overall_grade_counts(con, as_of)
    earlier_counts = digest_queries.existing_overall_grade_counts(con, earlier)
    # Best grade first; a grade held by no LA on either day gets no row.
    grades = sorted(set(now_counts) | set(earlier_counts), key=lambda grade: (GRADE_RANK.get(grade, 9), grade))
    counts = tuple(GradeCount(g, now_counts.get(g, 0), earlier_counts.get(g, 0)) for g in grades)
    return NationalPicture(as_of=as_of, year_earlier=earlier, counts=counts)


def digest_for(db_path: Path, period: Period) -> DigestData:
    """The all-England digest of a period, read from the warehouse file."""
    con = connect(db_path, read_only=True)
    try:
        return load_digest(con, period)
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


def _event_row(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return next((row for row in rows if row["row_type"] == "event"), rows[0])


def _authority(row: dict[str, Any]) -> Authority:
    return Authority(row["la_code"], row["local_authority"] or row["la_code"], row["region"] or "")


def _document(row: dict[str, Any]) -> Document:
    label = row["site_label"] or Path(row["document_id"]).name
    return Document(label=label, url=row["document_url"], published=row["published"], document_id=row["document_id"])


def _area_changes(rows: Iterable[dict[str, Any]]) -> tuple[AreaChange, ...]:
    changes = {
        row["area"]: AreaChange(row["area"], row["grade"], row["previous_grade"], row["previous_date"])
        for row in rows
        if row["area"] and row["grade"]
    }
    # Overall effectiveness first, then the areas in the order the queries gave them.
    return tuple(sorted(changes.values(), key=lambda change: change.area != "overall"))


def _deteriorated_areas(rows: list[dict[str, Any]]) -> tuple[AreaChange, ...]:
    """Every area that moved (either way), and first inadequate judgements."""
    moved = [row for row in rows if row["row_type"] == "change" and row["direction"] in ("worse", "better")]
    first_inadequate = [row for row in rows if row["row_type"] == "deterioration" and row["area"]]
    return _area_changes([*moved, *first_inadequate])


def _visit_verdict(event: dict[str, Any], concerns: list[dict[str, Any]]) -> str | None:
    """A visit's verdict in one code: its progress, else 'deterioration' when reported."""
    if event["progress"]:
        return str(event["progress"])
    if any(row["reason"] == "deterioration_reported" for row in concerns):
        return "deterioration"
    return None


def _changed_event(
    event: dict[str, Any],
    areas: tuple[AreaChange, ...],
    priority_actions: tuple[str, ...],
    concerns: list[dict[str, Any]],
) -> ChangedEvent:
    quote = first_sentence(event["quote"])
    return ChangedEvent(
        authority=_authority(event),
        kind=event["kind"],
        event_date=event["event_date"],
        document=_document(event),
        areas=areas,
        verdict=_visit_verdict(event, concerns) if event["kind"] in VISIT_KINDS else None,
        # A quote that is the first priority action would say the same thing twice.
        quote=None if priority_actions and quote == first_sentence(priority_actions[0]) else quote,
        number=event["visit_number"],
        priority_actions=priority_actions,
    )


def _visit(event: dict[str, Any], priority_actions: tuple[str, ...]) -> VisitReport:
    return VisitReport(
        authority=_authority(event),
        kind=event["kind"],
        event_date=event["event_date"],
        document=_document(event),
        verdict=event["progress"],
        number=event["visit_number"],
        priority_actions=priority_actions,
    )


def _publication(event: dict[str, Any]) -> Publication:
    return Publication(
        authority=_authority(event),
        kind=event["kind"],
        event_date=event["event_date"],
        document=_document(event),
        overall=event["grade"],
    )


def _other_document(row: dict[str, Any]) -> Publication:
    return Publication(
        authority=_authority(row) if row["la_code"] else None,
        kind="not_outcome",
        event_date=None,
        document=_document(row),
        # The loader's reason names internal kinds; the reader needs only to know nothing was judged.
        note="No judgement: not an inspection report or visit letter",
    )


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
            )
        )
    return tuple(problems)


def _problem_reason(row: dict[str, Any]) -> str:
    detail = row["detail"] or row["reason"] or "no reason recorded"
    return f"{detail} (rule {row['rule']})" if row["rule"] else detail
