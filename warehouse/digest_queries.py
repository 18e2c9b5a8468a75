"""The digest's queries beyond warehouse.queries: problem documents with their LA, non-outcome and unread
(quarantined) documents, the cross-checks' findings, priority action texts and what a report found about an
area (its national picture, neighbours and outlook come from warehouse.context_queries).

Built on the views and macros of warehouse/views/; each returns plain Python values, so `reports/`
needs no SQL.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

import duckdb

from warehouse.queries import rows


class Finding(NamedTuple):
    """A passage of what a report found, and the page it starts on."""

    text: str
    page: int


def problem_rows(con: duckdb.DuckDBPyConnection, start: date, end: date) -> list[dict[str, Any]]:
    """Documents that failed or were quarantined in the range, with their LA where the site named one."""
    return rows(
        con,
        """
        SELECT p.*, la.la_code, la.name AS local_authority, la.region
        FROM problems_between(?, ?) AS p
        LEFT JOIN document_authorities AS a USING (document_id)
        LEFT JOIN local_authorities AS la USING (la_code)
        """,
        [start, end],
    )


def finding_rows(con: duckdb.DuckDBPyConnection, start: date, end: date) -> list[dict[str, Any]]:
    """The findings (docs/checks.md) on documents published in the range, with their publication and LA."""
    return rows(
        con,
        """
        SELECT f.document_id, f.rule, f.detail, p.document_url, p.site_label, p.published,
            la.la_code, la.name AS local_authority, la.region
        FROM findings AS f
        JOIN document_publication AS p USING (document_id)
        LEFT JOIN local_authorities AS la USING (la_code)
        WHERE p.published BETWEEN ? AND ?
        ORDER BY p.published, la.name, f.document_id, f.rule
        """,
        [start, end],
    )


def unread_documents(con: duckdb.DuckDBPyConnection, start: date, end: date) -> list[dict[str, Any]]:
    """Documents published in the range that must stay quarantined (no LA, kind or date read, or a contradiction
    a person must settle), with their LA where one is known: news for the same-day alerts."""
    return rows(
        con,
        """
        SELECT p.document_id, p.document_url, p.site_label, p.published, p.reason,
            la.la_code, la.name AS local_authority, la.region
        FROM document_publication AS p
        LEFT JOIN document_authorities AS a USING (document_id)
        LEFT JOIN local_authorities AS la USING (la_code)
        WHERE p.status = 'quarantined' AND p.published BETWEEN ? AND ?
        ORDER BY p.published, la.name, p.document_id
        """,
        [start, end],
    )


def other_documents(con: duckdb.DuckDBPyConnection, start: date, end: date) -> list[dict[str, Any]]:
    """Documents published in the range that are not an inspection outcome (a press release, 'not found')."""
    return rows(
        con,
        """
        SELECT p.document_id, p.document_url, p.site_label, p.published, p.reason,
            la.la_code, la.name AS local_authority, la.region
        FROM document_publication AS p
        JOIN documents AS d USING (document_id)
        LEFT JOIN local_authorities AS la ON la.urn = d.provider_urn
        WHERE p.status = 'not_outcome' AND p.published BETWEEN ? AND ?
        ORDER BY p.published, la.name, p.document_id
        """,
        [start, end],
    )


def priority_actions_of(con: duckdb.DuckDBPyConnection, document_ids: list[str]) -> dict[str, list[str]]:
    """Each document's priority actions in the order printed."""
    if not document_ids:
        return {}
    rows = con.execute(
        "SELECT document_id, list(text ORDER BY position) FROM priority_actions "
        "WHERE document_id IN (SELECT unnest(?)) GROUP BY document_id",
        [document_ids],
    ).fetchall()
    return {document_id: list(texts) for document_id, texts in rows}


def area_findings_of(con: duckdb.DuckDBPyConnection, document_ids: list[str]) -> dict[tuple[str, str], list[Finding]]:
    """What each document found about each judgement area (`area_findings`): its first passages, in order, by
    (document, area)."""
    if not document_ids:
        return {}
    result = con.execute(
        "SELECT document_id, area, text, page FROM area_findings "
        "WHERE document_id IN (SELECT unnest(?)) ORDER BY document_id, area, rank",
        [document_ids],
    ).fetchall()
    found: dict[tuple[str, str], list[Finding]] = {}
    for document_id, area, text, page in result:
        found.setdefault((document_id, area), []).append(Finding(text, int(page)))
    return found


def latest_publication(con: duckdb.DuckDBPyConnection) -> date | None:
    """The most recent publication date of any event's document."""
    rows = con.execute(
        "SELECT max(p.published) FROM document_publication AS p SEMI JOIN events USING (document_id)"
    ).fetchall()
    return rows[0][0]
