"""The site's and the spreadsheet's reads: every LA, its latest grades, every event, judgement, improvement and
document, and area SEND outcomes.

Built on the views of warehouse/views/ (`latest_judgements`, `judgement_changes`, `judgement_history`,
`document_publication`, `send_outcome_history`, `latest_send_outcomes`, `headline_findings`), so a grade, a
change or a publication date means here what it means in the digest. Statistical neighbours, the inspection
outlook and the national picture are warehouse.context_queries', shared with the digest.
Each function returns plain rows; `reports/site/` holds no SQL. A document's LA is the `document_authorities`
view's: the event's; for a document with no event (quarantined, unreadable, not an outcome) the reports site's
provider, else the LA its latest extracted record names.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import duckdb

from warehouse.queries import rows


def authorities(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every LA of the reference, current and former, by name."""
    return rows(
        con,
        "SELECT la_code, name, ons_code, urn, region, la_type, predecessors, successors, valid_from, valid_to "
        "FROM local_authorities ORDER BY name, la_code",
    )


def latest_grades(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Each LA's latest judgement of each comparable area, with the previous one and the direction, and whether the
    framework in force still grades the area (`latest_judgements.current`)."""
    return rows(
        con,
        """
        SELECT l.la_code, l.area, l.judged_area, l.grade, l.grade_rank, l.event_date, l.kind, l.document_id,
            l.combined, c.previous_grade, c.previous_date, c.direction, c.previous_combined, p.document_url,
            p.published, l.current, l.framework, l.latest_framework, l.latest_inspection_date
        FROM latest_judgements AS l
        LEFT JOIN judgement_changes AS c USING (document_id, area)
        LEFT JOIN document_publication AS p USING (document_id)
        ORDER BY l.la_code, l.area
        """,
    )


def events(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every inspection and visit, newest first, with its LA, publication, number of priority actions, and what an
    area SEND inspection or a JTAI concluded."""
    return rows(
        con,
        """
        SELECT e.document_id, e.la_code, la.name AS local_authority, la.urn, la.ons_code, la.region, e.kind,
            e.inspection_start, e.inspection_end, e.letter_date, e.event_date, e.lead_inspector, e.overall,
            e.visit_number, e.visit_progress, e.prior_judgement, e.prior_judgement_date, e.deterioration,
            coalesce(pa.priority_actions, 0) AS priority_actions,
            e.send_framework, e.send_revisit, e.send_outcome, e.send_outcome_text, e.wsoa_required,
            e.jtai_theme, e.jtai_partners, e.prior_judgement_source, e.framework,
            s.previous_outcome AS previous_send_outcome,
            s.previous_date AS previous_send_date, s.direction AS send_direction,
            p.document_url, p.site_label, p.published, e.visit_focus, e.jtai_inspectorates
        FROM events AS e
        LEFT JOIN local_authorities AS la USING (la_code)
        LEFT JOIN send_outcome_history AS s USING (document_id)
        LEFT JOIN event_priority_actions AS pa USING (document_id)
        LEFT JOIN document_publication AS p USING (document_id)
        ORDER BY e.event_date DESC, p.published DESC, e.document_id DESC
        """,
    )


def judgements(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every graded judgement with the same LA's previous one of its comparable area, oldest first."""
    return rows(
        con,
        """
        SELECT h.la_code, h.area, h.judged_area, h.grade, h.grade_rank, h.event_date, h.kind, h.document_id,
            h.combined, h.previous_grade, h.previous_date, h.previous_combined, c.direction, p.document_url,
            p.published
        FROM judgement_history AS h
        LEFT JOIN judgement_changes AS c USING (document_id, area)
        LEFT JOIN document_publication AS p USING (document_id)
        ORDER BY h.la_code, h.event_date, h.document_id, h.area
        """,
    )


def latest_send_outcomes(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Each LA's latest area SEND outcome, against its previous one (named as in `events`' rows)."""
    return rows(
        con,
        """
        SELECT la_code, document_id, event_date, outcome AS send_outcome, outcome_text AS send_outcome_text,
            framework AS send_framework, revisit AS send_revisit, previous_outcome AS previous_send_outcome,
            previous_date AS previous_send_date, direction AS send_direction
        FROM latest_send_outcomes
        ORDER BY la_code
        """,
    )


def send_weaknesses(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The areas of significant weakness each area SEND document names, in order, with a revisit's progress."""
    return rows(con, "SELECT document_id, weakness, progress FROM send_weaknesses ORDER BY document_id, position")


def improvements(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every improvement asked of an LA, each document's priorities first, with the labels of its themes."""
    return rows(
        con,
        """
        SELECT document_id, position, text, priority, national_framework,
            coalesce(list(label ORDER BY label) FILTER (WHERE label IS NOT NULL), []) AS themes
        FROM improvement_themes
        GROUP BY document_id, position, text, priority, national_framework
        ORDER BY document_id, NOT priority, position
        """,
    )


def national_framework_by_year(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """England's improvements citing each National Framework code, by year (`national_framework_references`)."""
    return rows(
        con,
        "SELECT year, national_framework, items, reports FROM national_framework_references "
        "WHERE level = 'England' ORDER BY year, national_framework",
    )


def headline_findings(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The first passages of the summary each document leads with (`headline_findings`), in order, with the page
    each starts on and how many passages the summary holds."""
    return rows(
        con,
        "SELECT document_id, rank, page, section, text, passages FROM headline_findings ORDER BY document_id, rank",
    )


def documents_without_event(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Documents that hold no event (quarantined, unreadable, never fetched, not an outcome), with their LA
    where one is known and every reason: one row per quarantine failure, else one per document."""
    return rows(
        con,
        """
        WITH without_event AS (
            SELECT d.document_id, d.status, d.reason, d.attempts, d.status_at, a.la_code
            FROM documents AS d
            JOIN document_authorities AS a USING (document_id)
            WHERE d.status <> 'loaded'
        )
        SELECT w.document_id, w.status, w.reason, w.attempts, w.status_at, w.la_code,
            la.name AS local_authority, la.region, p.document_url, p.site_label, p.published,
            q.rule, q.field, q.value, q.reason AS detail
        FROM without_event AS w
        LEFT JOIN local_authorities AS la USING (la_code)
        LEFT JOIN document_publication AS p USING (document_id)
        LEFT JOIN quarantine AS q USING (document_id)
        ORDER BY p.published DESC, w.document_id, q.rule, q.field
        """,
    )


# A batch of passages read at a time for the search index: the site never holds every passage at once.
PASSAGE_BATCH = 2_000


def passage_facts(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int, str]]:
    """document_id -> (its passages, the characters of their text, a fingerprint of what its search records are
    made of): what the search index's shards are cut by, and how a build knows a shard is unchanged without
    reading its passages. Passages are only written a document at a time, stamped with the time of the load
    (`warehouse.store.replace_passages`), so their count and the sum of their stamps change with the text; the
    document's facts a record shows (its LA's name and region, kind, dates, grade) are in it too."""
    result = con.execute(
        """
        SELECT f.document_id, f.passages, f.characters,
               to_json(struct_pack(f.passages, s.stamps, f.local_authority, f.region, f.kind, f.inspection_end,
                                   f.published, f.overall))::VARCHAR
        FROM (SELECT document_id, count(*) AS passages, sum(length(text)) AS characters,
                     max(local_authority) AS local_authority, max(region) AS region, max(kind) AS kind,
                     max(inspection_end) AS inspection_end, max(published) AS published, max(overall) AS overall
              FROM passage_documents GROUP BY document_id) AS f
        JOIN (SELECT document_id, sum(epoch_us(loaded_at)) AS stamps FROM passages GROUP BY document_id) AS s
            USING (document_id)
        """
    )
    return {document_id: (count, characters, facts) for document_id, count, characters, facts in result.fetchall()}


def passages_of(con: duckdb.DuckDBPyConnection, document_ids: list[str]) -> Iterator[dict[str, Any]]:
    """The passages of these documents with their document's facts (`passage_documents`), in reading order,
    read PASSAGE_BATCH at a time: the site's search index, a shard at a time. On a cursor of its own, so shards
    are read in threads at once."""
    with con.cursor() as cursor:
        yield from _passages_on(cursor, document_ids)


def _passages_on(con: duckdb.DuckDBPyConnection, document_ids: list[str]) -> Iterator[dict[str, Any]]:
    result = con.execute(
        "SELECT document_id, local_authority, region, kind, inspection_end, published, overall, position, page, "
        "section, text FROM passage_documents WHERE document_id IN (SELECT unnest(?)) ORDER BY document_id, position",
        [document_ids],
    )
    names = [column[0] for column in result.description or []]
    while batch := result.fetchmany(PASSAGE_BATCH):
        yield from (dict(zip(names, row, strict=True)) for row in batch)


def document_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Documents by status."""
    result = con.execute("SELECT status, count(*) FROM documents GROUP BY 1").fetchall()
    return {status: int(count) for status, count in result}


def publication_span(con: duckdb.DuckDBPyConnection) -> tuple[Any, Any]:
    """The first and last publication dates of any document (None, None for an empty warehouse)."""
    first, last = con.execute("SELECT min(published), max(published) FROM document_publication").fetchall()[0]
    return first, last


def last_run(con: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    """The latest finished run: when the warehouse last looked for publications."""
    found = rows(
        con,
        "SELECT flow, source, status, started_at, finished_at FROM runs WHERE finished_at IS NOT NULL "
        "ORDER BY finished_at DESC LIMIT 1",
    )
    return found[0] if found else None


# The visit tables page (issue 35): the views of warehouse/views/55_visits.sql, each in its reading order.
_VISIT_TABLES = {
    "by_focus": "SELECT year, visit_focus, visits FROM focused_visits_by_focus ORDER BY year, visit_focus",
    "by_grade": "SELECT judgement, grade, visit_focus, sum(visits) AS visits FROM focused_visits_by_grade "
    "GROUP BY ALL ORDER BY judgement, grade, visit_focus",
    "publication_days": "SELECT kind, year, documents, median_days, min_days, max_days FROM publication_days "
    "ORDER BY kind, year",
    "jtai_themes": "SELECT year, theme, jtais FROM jtais_by_theme ORDER BY year, theme",
    "send_outcomes": "SELECT year, framework, revisit, outcome, inspections FROM send_outcomes_by_year "
    "ORDER BY year, framework, revisit, outcome",
}


def visit_tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[dict[str, Any]]]:
    """The rows of each visit table: focused visits by focus and year and by the LA's grade at the time, days to
    publication by kind and year, JTAIs by theme and year, area SEND outcomes by year."""
    return {name: rows(con, sql) for name, sql in _VISIT_TABLES.items()}
