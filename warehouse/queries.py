"""Every read the rest of the code runs against the warehouse, as functions returning plain Python values."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from warehouse import store
from warehouse.db import scalar, transaction


def rows(con: duckdb.DuckDBPyConnection, query: str, parameters: list[Any] | None = None) -> list[dict[str, Any]]:
    """The result as one dict per row, keyed by column name."""
    result = con.execute(query, parameters or [])
    names = [column[0] for column in result.description or []]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def known_documents(con: duckdb.DuckDBPyConnection) -> dict[str, str | None]:
    """document_id -> content hash of its current version (None when never fetched)."""
    return dict(con.execute("SELECT document_id, content_hash FROM documents").fetchall())


def documents_to_retry(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Documents whose last fetch or read failed: the next run fetches them again."""
    return rows(
        con,
        "SELECT document_id, provider_urn, site_label, published, status, coalesce(fetch_error, reason) AS reason, "
        "attempts FROM documents WHERE status IN ('fetch_failed', 'unreadable') OR fetch_error IS NOT NULL "
        "ORDER BY document_id",
    )


def documents_to_reprocess(
    con: duckdb.DuckDBPyConnection,
    extractor: str,
    kinds: list[str],
    la_codes: list[str],
    statuses: list[str] | None = None,
) -> list[dict[str, Any]]:
    """Documents held with bytes whose current version another extractor read (or none recorded): what
    `reprocess` re-reads. Optionally only those last read as one of `kinds`, or about one of `la_codes` (its
    event's LA, else its record's, else the site's provider's), or whose status is one of `statuses`."""
    return rows(
        con,
        """
        SELECT d.document_id, d.content_hash, d.bytes, d.pages, d.fetched_at, d.published, d.site_label,
            d.provider_urn, v.record->>'file' AS file, coalesce(v.record->>'kind', 'unknown') AS kind,
            coalesce(e.la_code, v.record->'local_authority'->>'la_code', provider.la_code) AS la_code
        FROM documents AS d
        JOIN document_versions AS v ON v.document_id = d.document_id AND v.version = d.version
        LEFT JOIN events AS e ON e.document_id = d.document_id
        LEFT JOIN local_authorities AS provider ON provider.urn = d.provider_urn
        WHERE d.content_hash IS NOT NULL AND d.extractor IS DISTINCT FROM ?
          AND (len(?) = 0 OR list_contains(?, coalesce(v.record->>'kind', 'unknown')))
          AND (len(?) = 0 OR list_contains(?, coalesce(e.la_code, v.record->'local_authority'->>'la_code',
                                                        provider.la_code)))
          AND (len(?) = 0 OR list_contains(?, d.status))
        ORDER BY d.document_id
        """,
        [extractor, kinds, kinds, la_codes, la_codes, statuses or [], statuses or []],
    )


def last_run_started(con: duckdb.DuckDBPyConnection, flow: str) -> datetime | None:
    """When the last completed run of the flow started: the next poll looks for what is newer."""
    return scalar(con, "SELECT max(started_at) FROM runs WHERE flow = ? AND status = 'completed'", [flow])


def changes_between(con: duckdb.DuckDBPyConnection, start: date, end: date) -> list[dict[str, Any]]:
    """The digest's rows for documents published between the dates inclusive (see the macro's columns)."""
    return rows(con, "SELECT * FROM changes_between(?, ?)", [start, end])


def problems_between(con: duckdb.DuckDBPyConnection, start: date, end: date) -> list[dict[str, Any]]:
    """Quarantined, unreadable and unfetchable documents recorded or published between the dates."""
    return rows(con, "SELECT * FROM problems_between(?, ?)", [start, end])


def overall_grade_counts(con: duckdb.DuckDBPyConnection, day: date) -> dict[str, int]:
    """How many LAs held each overall grade on the day (their latest overall judgement by then)."""
    return dict(con.execute("SELECT grade, count(*) FROM overall_grades_on(?) GROUP BY grade", [day]).fetchall())


def digest_sent(con: duckdb.DuckDBPyConnection, week: str, recipient: str) -> bool:
    return bool(scalar(con, "SELECT count(*) FROM digest_sends WHERE week = ? AND recipient = ?", [week, recipient]))


def record_digest_send(con: duckdb.DuckDBPyConnection, week: str, recipient: str, subject: str | None = None) -> None:
    with transaction(con):
        store.record_digest_send(con, week, recipient, subject, datetime.now())


def relations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table and view of the warehouse, by name."""
    return [
        name
        for (name,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name"
        ).fetchall()
    ]


def la_codes(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [code for (code,) in con.execute("SELECT la_code FROM local_authorities ORDER BY la_code").fetchall()]


def table_frame(con: duckdb.DuckDBPyConnection, table: str, row_column: str) -> Any:
    """A whole table as a pandas DataFrame, its rows numbered from 0 in `row_column` (for the table suites)."""
    if table not in relations(con):
        raise ValueError(f"no table {table!r} in the warehouse")
    return con.execute(f'SELECT row_number() OVER () - 1 AS "{row_column}", * FROM "{table}"').df()


def passage_frame(con: duckdb.DuckDBPyConnection, row_column: str) -> Any:
    """The passages with their document's page count (for the passages suite)."""
    return con.execute(
        f"""
        SELECT row_number() OVER () - 1 AS "{row_column}", p.document_id, p.position, p.page, p.text,
            length(trim(p.text)) AS text_length, d.pages,
            p.page BETWEEN 1 AND coalesce(d.pages, p.page) AS page_in_document
        FROM passages AS p LEFT JOIN documents AS d USING (document_id)
        """
    ).df()


def document_passage_frame(con: duckdb.DuckDBPyConnection, row_column: str) -> Any:
    """Each loaded document an extractor read (the pipeline stamps it), with its number of passages."""
    return con.execute(
        f"""
        SELECT row_number() OVER () - 1 AS "{row_column}", d.document_id,
            (SELECT count(*) FROM passages AS p WHERE p.document_id = d.document_id) AS passages
        FROM documents AS d
        WHERE d.status = 'loaded' AND d.extractor IS NOT NULL
        """
    ).df()


def run_read_only(
    con: duckdb.DuckDBPyConnection, query: str, parameters: list[Any] | None = None
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """A user's query (`ofsted-watch sql`, `stats`) on a read-only connection: column names and rows."""
    result = con.execute(query, parameters or [])
    return [column[0] for column in result.description or []], result.fetchall()


def theme_counts(
    con: duckdb.DuckDBPyConnection, since: date | None = None, region: str | None = None
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """How often each theme was asked, by year, in England and each region (or England and `region`).

    Raises ValueError for a region the LA reference does not know.
    """
    if region is not None:
        regions = [name for (name,) in con.execute("SELECT DISTINCT region FROM local_authorities").fetchall()]
        if region not in regions:
            known = ", ".join(sorted(name for name in regions if name))
            raise ValueError(f"unknown region {region!r}; known: {known}")
    result = con.execute(
        "SELECT * FROM theme_counts(?) WHERE CAST(? AS VARCHAR) IS NULL OR area IN ('England', ?)",
        [since or date.min, region, region],
    )
    return [column[0] for column in result.description or []], result.fetchall()


def export_parquet(con: duckdb.DuckDBPyConnection, folder: Path) -> list[Path]:
    """Every table and view as `<name>.parquet` in the folder."""
    written = []
    for name in relations(con):
        target = folder / f"{name}.parquet"
        quoted = str(target).replace("'", "''")
        con.execute(f"COPY (SELECT * FROM \"{name}\") TO '{quoted}' (FORMAT parquet)")
        written.append(target)
    return written
