"""Fill the site's model from the warehouse: the one place that turns the site's query rows into pages' data.

The weeks of the changes pages, the home page's latest publications and the feed are the digest's own content:
`reports.digest.load_digest` is read once for the whole history and its entries are split by the week they
were published in (each document's section does not depend on the period asked for), rather than derived
again here. The national picture is the digest's too (`reports.digest.national_picture`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from common.record import AREAS, GRADES, VISIT_FOCUSES
from reports.context import ENGLAND
from reports.digest import STATUS_WORDS, load_digest, national_picture
from reports.model import DigestData, NationalPicture, Period
from reports.pages import authority_slugs, slugify
from reports.period import week_of
from reports.site.model import (
    TABLE_AREAS,
    AuthorityProfile,
    CountRow,
    DocumentGrade,
    Entry,
    Findings,
    Grade,
    HistoryPoint,
    Improvement,
    Neighbour,
    Outlook,
    Passage,
    Problem,
    PublicationDays,
    QuarterShare,
    Region,
    SendOutcome,
    SiteData,
    VisitTables,
    Weakness,
    Week,
)
from warehouse import context_queries, digest_queries, site_queries

# The home page lists what was published in the six weeks to the latest publication.
LATEST_WEEKS = 6
DIGEST_SECTIONS = ("deteriorations", "improvements", "publications", "visits", "data_problems", "disagreements")


def load_site(con: duckdb.DuckDBPyConnection, today: date, built_at: datetime) -> SiteData:
    """Everything the site shows, read from an open (read-only) warehouse."""
    first, last = site_queries.publication_span(con)
    whole = load_digest(con, Period(first, last)) if first else None
    without_event = _documents_without_event(con)
    authorities = _authorities(con, without_event, today)
    by_code = {authority.la_code: authority for authority in authorities}
    run = site_queries.last_run(con)
    return SiteData(
        built_at=built_at,
        today=today,
        authorities=authorities,
        regions=_regions(authorities),
        national=national_picture(con, today),
        weeks=split_by_week(whole) if whole else (),
        latest=_latest(whole, last) if whole and last else _nothing(today),
        problems=tuple(Problem(entry, by_code.get(la_code or "")) for entry, la_code in without_event),
        findings=whole.disagreements if whole else (),
        document_counts=site_queries.document_counts(con),
        first_published=first,
        last_published=last,
        last_run_at=run["finished_at"] if run else None,
        shares=_shares(con, first, today) if first else (),
        passage_facts=site_queries.passage_facts(con),
        national_framework={
            (row["year"], row["national_framework"]): (row["items"], row["reports"])
            for row in site_queries.national_framework_by_year(con)
        },
        visits=_visit_tables(site_queries.visit_tables(con)),
    )


def passage_reader(con: duckdb.DuckDBPyConnection) -> Callable[[list[str]], Iterator[Passage]]:
    """The search index's reader of passages: some documents' passages, in reading order, streamed from `con`."""
    return lambda document_ids: (Passage(**row) for row in site_queries.passages_of(con, document_ids))


def document_label(site_label: str | None, document_id: str) -> str:
    """The reports site's label, else the file's name (never a local folder's path)."""
    return site_label or Path(document_id).name


# --- local authorities ---


def _authorities(
    con: duckdb.DuckDBPyConnection, without_event: list[tuple[Entry, str | None]], today: date
) -> tuple[AuthorityProfile, ...]:
    grades = _grades(site_queries.latest_grades(con))
    judgements = site_queries.judgements(con)
    entries = _entries(con, judgements, without_event)
    history = _history(judgements)
    send = {row["la_code"]: _send_outcome(row) for row in site_queries.latest_send_outcomes(con)}
    neighbours = _neighbours(context_queries.neighbour_grades(con, today))
    outlooks = {row["la_code"]: _outlook(row) for row in context_queries.inspection_outlook(con, today)}
    rows = site_queries.authorities(con)
    slugs = authority_slugs((row["la_code"], row["name"]) for row in rows)
    profiles = []
    for row in rows:
        code = row["la_code"]
        profiles.append(
            AuthorityProfile(
                la_code=code,
                name=row["name"],
                slug=slugs[code],
                region=row["region"] or "",
                la_type=row["la_type"] or "",
                ons_code=row["ons_code"] or "",
                urn=row["urn"] or "",
                valid_from=row["valid_from"],
                valid_to=row["valid_to"],
                predecessors=tuple(row["predecessors"] or ()),
                successors=tuple(row["successors"] or ()),
                grades=grades.get(code, {}),
                entries=tuple(sorted(entries.get(code, ()), key=lambda entry: entry.sort_key, reverse=True)),
                history=tuple(history.get(code, ())),
                send=send.get(code),
                neighbours=tuple(neighbours.get(code, ())),
                outlook=outlooks.get(code) if row["valid_to"] is None else None,
            )
        )
    return tuple(profiles)


def _grades(rows: list[dict[str, Any]]) -> dict[str, dict[str, Grade]]:
    by_authority: dict[str, dict[str, Grade]] = defaultdict(dict)
    for row in rows:
        by_authority[row["la_code"]][row["area"]] = Grade(
            area=row["area"],
            grade=row["grade"],
            event_date=row["event_date"],
            kind=row["kind"],
            judged_area=row["judged_area"],
            document_url=row["document_url"],
            previous_grade=row["previous_grade"],
            previous_date=row["previous_date"],
            direction=row["direction"],
            combined=bool(row["combined"]),
            previous_combined=bool(row["previous_combined"]),
            current=bool(row["current"]),
            framework=row["framework"],
            superseded_by=_superseded_by(row),
        )
    return by_authority


def _send_outcome(row: dict[str, Any]) -> SendOutcome:
    """From a row of site_queries.events or latest_send_outcomes."""
    return SendOutcome(
        outcome=row["send_outcome"],
        text=row["send_outcome_text"],
        framework=row["send_framework"],
        revisit=bool(row["send_revisit"]),
        event_date=row["event_date"],
        previous_outcome=row["previous_send_outcome"],
        previous_date=row["previous_send_date"],
        direction=row["send_direction"],
    )


def _neighbours(rows: list[dict[str, Any]]) -> dict[str, list[Neighbour]]:
    by_authority: dict[str, list[Neighbour]] = defaultdict(list)
    for row in rows:
        by_authority[row["la_code"]].append(
            Neighbour(
                la_code=row["neighbour_la_code"],
                name=row["neighbour"] or row["neighbour_la_code"],
                rank=row["rank"],
                grade=row["grade"],
                event_date=row["event_date"],
                framework=row["framework"],
            )
        )
    return by_authority


def _outlook(row: dict[str, Any]) -> Outlook:
    return Outlook(
        status=row["status"],
        expected_kind=row["expected_kind"],
        window_start=row["window_start"],
        window_end=row["window_end"],
    )


def _shares(con: duckdb.DuckDBPyConnection, first: date, today: date) -> tuple[QuarterShare, ...]:
    """England's and each region's share good or outstanding at each quarter end, from the first quarter in which
    any LA in England had been judged."""
    rows = context_queries.good_or_outstanding_by_quarter(con, first, today)
    judged = [row["as_at"] for row in rows if row["region"] == ENGLAND and row["judged"]]
    shares = [
        QuarterShare(row["as_at"], row["region"], row["authorities"], row["judged"], row["percent_good_or_outstanding"])
        for row in rows
        if judged and row["as_at"] >= judged[0]
    ]
    return tuple(sorted(shares, key=lambda share: (share.region != ENGLAND, share.region, share.as_at)))


def _history(rows: list[dict[str, Any]]) -> dict[str, list[HistoryPoint]]:
    by_authority: dict[str, list[HistoryPoint]] = defaultdict(list)
    for row in rows:
        by_authority[row["la_code"]].append(
            HistoryPoint(
                area=row["area"],
                judged_area=row["judged_area"],
                grade=row["grade"],
                grade_rank=row["grade_rank"],
                event_date=row["event_date"],
                kind=row["kind"],
                previous_grade=row["previous_grade"],
                previous_date=row["previous_date"],
                direction=row["direction"],
                document_url=row["document_url"],
                combined=bool(row["combined"]),
            )
        )
    return by_authority


def _entries(
    con: duckdb.DuckDBPyConnection,
    judgements: list[dict[str, Any]],
    without_event: list[tuple[Entry, str | None]],
) -> dict[str, list[Entry]]:
    """Every document of each LA: its events with their grades and actions, and the documents with none."""
    event_rows = site_queries.events(con)
    actions = digest_queries.priority_actions_of(
        con, [row["document_id"] for row in event_rows if row["priority_actions"]]
    )
    grades = _document_grades(judgements)
    improvements: dict[str, list[Improvement]] = defaultdict(list)
    for row in site_queries.improvements(con):
        improvements[row["document_id"]].append(
            Improvement(row["text"], bool(row["priority"]), tuple(row["themes"]), row["national_framework"])
        )
    findings = _findings(site_queries.headline_findings(con))
    weaknesses: dict[str, list[Weakness]] = defaultdict(list)
    for row in site_queries.send_weaknesses(con):
        weaknesses[row["document_id"]].append(Weakness(row["weakness"], row["progress"]))
    by_authority: dict[str, list[Entry]] = defaultdict(list)
    for row in event_rows:
        document_id = row["document_id"]
        entry = _event_entry(row, grades.get(document_id, ()), actions.get(document_id, []))
        by_authority[row["la_code"]].append(
            replace(
                entry,
                improvements=_with_priority_actions(improvements.get(document_id, []), entry.priority_actions),
                weaknesses=tuple(weaknesses.get(document_id, ())),
                findings=findings.get(document_id),
            )
        )
    for entry, la_code in without_event:
        if la_code:
            by_authority[la_code].append(entry)
    return by_authority


def _findings(rows: list[dict[str, Any]]) -> dict[str, Findings]:
    """Each document's headline findings, from site_queries.headline_findings' rows (in order)."""
    texts: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        texts[row["document_id"]].append(row["text"])
    first = {row["document_id"]: row for row in rows if row["rank"] == 1}
    return {
        document_id: Findings(tuple(passages), int(first[document_id]["page"]), int(first[document_id]["passages"]))
        for document_id, passages in texts.items()
        if document_id in first
    }


def _document_grades(judgements: list[dict[str, Any]]) -> dict[str, tuple[DocumentGrade, ...]]:
    """Each document's grades as the report gives them, overall first, then the areas in the frameworks' order: a
    combined grade once, with the areas it also covers (judgement_history has a row for each)."""
    covered: dict[str, dict[tuple[str, str], list[str]]] = defaultdict(dict)
    for row in judgements:
        covered[row["document_id"]].setdefault((row["judged_area"], row["grade"]), []).append(row["area"])
    order = ("overall", *AREAS)
    return {
        document_id: tuple(
            DocumentGrade(judged, grade, tuple(area for area in areas if area != judged) if len(areas) > 1 else ())
            for (judged, grade), areas in sorted(
                found.items(), key=lambda item: order.index(item[0][0]) if item[0][0] in order else len(order)
            )
        )
        for document_id, found in covered.items()
    }


def _superseded_by(row: dict[str, Any]) -> str | None:
    """The framework of the LA's later full inspection that did not judge an area the frameworks since 2018 grade
    (overall effectiveness after April 2026); None for areas long gone (adoption, LSCB) or still judged."""
    later = row["latest_inspection_date"] is not None and row["latest_inspection_date"] > row["event_date"]
    return row["latest_framework"] if later and not row["current"] and row["area"] in TABLE_AREAS else None


def _with_priority_actions(improvements: list[Improvement], actions: tuple[str, ...]) -> tuple[Improvement, ...]:
    """The document's improvements, priorities first; a visit's priority action missing from them (a record read
    before improvements listed them) goes first, as a priority."""
    listed = {improvement.text for improvement in improvements}
    return (*(Improvement(action, True) for action in actions if action not in listed), *improvements)


def _event_entry(row: dict[str, Any], grades: tuple[DocumentGrade, ...], actions: list[str]) -> Entry:
    return Entry(
        document_id=row["document_id"],
        label=document_label(row["site_label"], row["document_id"]),
        url=row["document_url"],
        published=row["published"],
        status="loaded",
        kind=row["kind"],
        event_date=row["event_date"],
        inspection_start=row["inspection_start"],
        inspection_end=row["inspection_end"],
        lead_inspector=row["lead_inspector"],
        grades=grades,
        visit_number=row["visit_number"],
        progress=row["visit_progress"],
        prior_judgement=row["prior_judgement"],
        prior_judgement_date=row["prior_judgement_date"],
        prior_judgement_source=row["prior_judgement_source"],
        deterioration=bool(row["deterioration"]),
        priority_actions=tuple(actions),
        send=_send_outcome(row) if row["send_outcome"] else None,
        wsoa_required=row["wsoa_required"],
        jtai_theme=row["jtai_theme"],
        jtai_partners=tuple(row["jtai_partners"] or ()),
        framework=row["framework"],
        visit_focus=row["visit_focus"],
        jtai_inspectorates=tuple(row["jtai_inspectorates"] or ()),
    )


def _documents_without_event(con: duckdb.DuckDBPyConnection) -> list[tuple[Entry, str | None]]:
    """One entry per document, its reasons joined (a quarantined record can fail several rules)."""
    by_document: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in site_queries.documents_without_event(con):
        by_document[row["document_id"]].append(row)
    found = []
    for document_id, rows in by_document.items():
        first = rows[0]
        entry = Entry(
            document_id=document_id,
            label=document_label(first["site_label"], document_id),
            url=first["document_url"],
            published=first["published"],
            status=first["status"],
            problem="; ".join(dict.fromkeys(_reason(row) for row in rows)),
        )
        found.append((entry, first["la_code"]))
    return found


def _reason(row: dict[str, Any]) -> str:
    detail = row["detail"] or row["reason"] or "no reason recorded"
    return f"{detail} (rule {row['rule']})" if row["rule"] else detail


def status_words(status: str) -> str:
    """What became of a document, in words: 'quarantined', 'could not be read', 'not an inspection outcome'."""
    return STATUS_WORDS.get(status) or {"not_outcome": "not an inspection outcome", "loaded": "loaded"}.get(
        status, status
    )


def _regions(authorities: tuple[AuthorityProfile, ...]) -> tuple[Region, ...]:
    names = sorted({authority.region for authority in authorities if authority.region})
    return tuple(
        Region(
            name=name,
            slug=slugify(name),
            authorities=tuple(a for a in authorities if a.region == name and a.is_current),
            former=tuple(a for a in authorities if a.region == name and not a.is_current),
        )
        for name in names
    )


# --- the digest's weeks ---


def _published(item: Any, fallback: date) -> date:
    published: date | None = item.document.published
    return published or fallback


def split_by_week(data: DigestData) -> tuple[Week, ...]:
    """The history's digest cut into Monday-Sunday weeks by publication date, newest week first."""
    sections: dict[Period, dict[str, list[Any]]] = defaultdict(lambda: {name: [] for name in DIGEST_SECTIONS})
    for name in DIGEST_SECTIONS:
        for item in getattr(data, name):
            sections[week_of(_published(item, data.period.end))][name].append(item)
    # A week's page shows no national picture (the home page shows today's): the week keeps none, so its page is
    # the same, and not rendered again, until its own publications change.
    weeks = [
        Week(period, replace(_with_sections(data, period, found), national=NationalPicture(period.end, period.end)))
        for period, found in sections.items()
    ]
    return tuple(sorted(weeks, key=lambda week: week.period.start, reverse=True))


def _latest(data: DigestData, last: date) -> DigestData:
    """The publications of the six weeks to the latest, newest first in each section."""
    period = Period(last - timedelta(weeks=LATEST_WEEKS) + timedelta(days=1), last)
    chosen = {
        name: sorted(
            (item for item in getattr(data, name) if period.start <= _published(item, last) <= period.end),
            key=lambda item: _published(item, last),
            reverse=True,
        )
        for name in DIGEST_SECTIONS
    }
    return _with_sections(data, period, chosen)


def _with_sections(data: DigestData, period: Period, sections: dict[str, list[Any]]) -> DigestData:
    """The digest of a part of the period, with the entries of each section given."""
    return replace(
        data,
        period=period,
        deteriorations=tuple(sections["deteriorations"]),
        improvements=tuple(sections["improvements"]),
        publications=tuple(sections["publications"]),
        visits=tuple(sections["visits"]),
        data_problems=tuple(sections["data_problems"]),
        disagreements=tuple(sections["disagreements"]),
        expected_soon=(),  # the site says what is expected of each LA on its page, as of the day it is built
    )


def _nothing(today: date) -> DigestData:
    return DigestData(period=Period(today, today), national=NationalPicture(today, today))


# --- the visit tables ---


def _visit_tables(tables: dict[str, list[dict[str, Any]]]) -> VisitTables:
    """The views' rows as the page's tables: focus by year and by grade pivoted, a focus named none last."""
    by_focus = tables["by_focus"]
    # An earlier inspection with an overall grade (or none on record) is a column; one without, its judgements.
    overall = [row for row in tables["by_grade"] if row["judgement"] in ("overall", None)]
    judged: dict[tuple[str, str], int] = defaultdict(int)
    for row in tables["by_grade"]:
        if row["judgement"] not in ("overall", None):
            judged[(row["judgement"], row["grade"])] += int(row["visits"])
    years = tuple(sorted({row["year"] for row in by_focus}))
    grades = tuple(grade for grade in (*GRADES, None) if any(row["grade"] == grade for row in overall))
    return VisitTables(
        years=years,
        by_focus=_pivot(by_focus, "year", years, "visits"),
        grades=grades,
        by_grade=_pivot(overall, "grade", grades, "visits"),
        by_judgement=tuple((area, grade, visits) for (area, grade), visits in judged.items()),
        publication_days=tuple(PublicationDays(**row) for row in tables["publication_days"]),
        jtai_themes=tuple((row["year"], row["theme"], row["jtais"]) for row in tables["jtai_themes"]),
        send_outcomes=tuple(
            (row["year"], row["outcome"], row["revisit"], row["inspections"]) for row in tables["send_outcomes"]
        ),
    )


def _pivot(rows: list[dict[str, Any]], column: str, columns: tuple[Any, ...], value: str) -> tuple[CountRow, ...]:
    """One CountRow per focus (in VISIT_FOCUSES order, none last), a count per column."""
    counts: dict[str | None, dict[Any, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        counts[row["visit_focus"]][row[column]] += int(row[value])
    order = [focus for focus in (*VISIT_FOCUSES, None) if focus in counts]
    order += sorted(focus for focus in counts if focus not in order and focus is not None)
    return tuple(CountRow(focus, tuple(counts[focus][key] for key in columns)) for focus in order)
