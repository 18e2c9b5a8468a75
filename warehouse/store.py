"""Every write the pipeline makes: documents and their versions, events and their parts, quarantine, runs.

The loader (tasks/load.py) calls these inside one transaction per document; none of them commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import duckdb

from warehouse.db import insert_rows, scalar

# Statuses of a document (documents.status).
LOADED = "loaded"
QUARANTINED = "quarantined"
NOT_OUTCOME = "not_outcome"
UNREADABLE = "unreadable"
FETCH_FAILED = "fetch_failed"
DOCUMENT_STATUSES = (LOADED, QUARANTINED, NOT_OUTCOME, UNREADABLE, FETCH_FAILED)
FAILED_STATUSES = (UNREADABLE, FETCH_FAILED)
# A passage as stored: (position, page, section, area, text).
PassageRow = tuple[int, int, str | None, str | None, str]

OUTCOME_TABLES = (
    "events",
    "judgements",
    "improvements",
    "improvement_tags",
    "priority_actions",
    "send_weaknesses",
    "quarantine",
    "passages",
)


@dataclass(frozen=True)
class StoredDocument:
    document_id: str
    version: int
    content_hash: str | None
    record_hash: str | None
    status: str
    attempts: int
    fetch_error: str | None
    extractor: str | None


@dataclass(frozen=True)
class DocumentRow:
    """The columns of `documents` the loader sets (the rest keep their values)."""

    document_id: str
    version: int
    content_hash: str | None
    bytes: int | None
    pages: int | None
    fetched_at: datetime | None
    published: date | None
    site_label: str | None
    provider_urn: str | None
    status: str
    reason: str | None
    record_hash: str | None
    attempts: int
    extractor: str | None = None


def stored_document(con: duckdb.DuckDBPyConnection, document_id: str) -> StoredDocument | None:
    rows = con.execute(
        "SELECT document_id, version, content_hash, record_hash, status, attempts, fetch_error, extractor "
        "FROM documents WHERE document_id = ?",
        [document_id],
    ).fetchall()
    return StoredDocument(*rows[0]) if rows else None


def event_key_owner(
    con: duckdb.DuckDBPyConnection,
    document_id: str,
    la_code: str,
    kind: str,
    inspection_start: date | None,
    event_date: date,
) -> str | None:
    """Another document whose event has the same LA, kind and dates, if any."""
    return scalar(
        con,
        "SELECT min(document_id) FROM events WHERE document_id <> ? AND la_code = ? AND kind = ? "
        "AND inspection_start IS NOT DISTINCT FROM ? AND event_date = ?",
        [document_id, la_code, kind, inspection_start, event_date],
    )


def clear_outcome(con: duckdb.DuckDBPyConnection, document_id: str) -> None:
    """Remove what a document's previous load produced: its event and parts, or its quarantine rows."""
    for table in OUTCOME_TABLES:
        con.execute(f"DELETE FROM {table} WHERE document_id = ?", [document_id])


# A document the warehouse has never held is inserted plainly: an upsert costs twice as much, and there is no
# earlier version, record version or outcome of it to supersede or clear (documents are never deleted).
_INSERT_DOCUMENT = """
    INSERT INTO documents (document_id, version, content_hash, bytes, pages, fetched_at, first_seen_at,
        published, site_label, provider_urn, status, reason, status_at, record_hash, attempts,
        fetch_error, fetch_error_at, extractor)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)
"""
_UPDATE_DOCUMENT = """
    ON CONFLICT (document_id) DO UPDATE SET
        version = excluded.version,
        content_hash = excluded.content_hash,
        bytes = excluded.bytes,
        pages = excluded.pages,
        fetched_at = excluded.fetched_at,
        published = coalesce(excluded.published, documents.published),
        site_label = coalesce(excluded.site_label, documents.site_label),
        provider_urn = coalesce(excluded.provider_urn, documents.provider_urn),
        status = excluded.status,
        reason = excluded.reason,
        status_at = excluded.status_at,
        record_hash = excluded.record_hash,
        attempts = excluded.attempts,
        fetch_error = NULL,
        fetch_error_at = NULL,
        extractor = excluded.extractor
"""
_INSERT_VERSION = """
    INSERT INTO document_versions (document_id, version, content_hash, bytes, pages, fetched_at, status,
        reason, record, loaded_at, extractor)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""
_UPDATE_VERSION = """
    ON CONFLICT (document_id, version) DO UPDATE SET
        status = excluded.status, reason = excluded.reason, record = excluded.record,
        loaded_at = excluded.loaded_at, extractor = excluded.extractor
"""


def save_document(con: duckdb.DuckDBPyConnection, row: DocumentRow, now: datetime, held: bool) -> None:
    """Insert or update the document (`held`: the warehouse has it already); site facts not given this time keep
    their stored values."""
    con.execute(
        _INSERT_DOCUMENT + (_UPDATE_DOCUMENT if held else ""),
        [
            row.document_id, row.version, row.content_hash, row.bytes, row.pages, row.fetched_at, now,
            row.published, row.site_label, row.provider_urn, row.status, row.reason, now, row.record_hash,
            row.attempts, row.extractor,
        ],
    )  # fmt: skip


def save_version(
    con: duckdb.DuckDBPyConnection, row: DocumentRow, record_json: str | None, now: datetime, held: bool
) -> None:
    """Record the version (`held`: the warehouse has the document already); a new content marks every earlier
    version superseded."""
    if held:
        con.execute(
            "UPDATE document_versions SET superseded_at = ? "
            "WHERE document_id = ? AND version < ? AND superseded_at IS NULL",
            [now, row.document_id, row.version],
        )
    con.execute(
        _INSERT_VERSION + (_UPDATE_VERSION if held else ""),
        [
            row.document_id, row.version, row.content_hash, row.bytes, row.pages, row.fetched_at, row.status,
            row.reason, record_json, now, row.extractor,
        ],
    )  # fmt: skip
    _save_record_version(con, row, record_json, now, held)


def _save_record_version(
    con: duckdb.DuckDBPyConnection, row: DocumentRow, record_json: str | None, now: datetime, held: bool
) -> None:
    """A record that differs from the version's latest becomes its next record version; the earlier stay."""
    latest = _latest_record_version(con, row) if held else None
    if latest is not None and latest[1] == row.record_hash:
        return
    if held:
        con.execute(
            "UPDATE record_versions SET superseded_at = ? WHERE document_id = ? AND superseded_at IS NULL",
            [now, row.document_id],
        )
    con.execute(
        "INSERT INTO record_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
        [
            row.document_id, row.version, latest[0] + 1 if latest else 1, row.extractor, record_json,
            row.record_hash, row.status, row.reason, now,
        ],
    )  # fmt: skip


def _latest_record_version(con: duckdb.DuckDBPyConnection, row: DocumentRow) -> tuple[int, str | None] | None:
    """(record_version, record_hash) of the row's version's latest record, if it has one."""
    latest = con.execute(
        "SELECT record_version, record_hash FROM record_versions WHERE document_id = ? AND version = ? "
        "ORDER BY record_version DESC LIMIT 1",
        [row.document_id, row.version],
    ).fetchone()
    return (int(latest[0]), latest[1]) if latest else None


def stamp_extractor(con: duckdb.DuckDBPyConnection, document_id: str, extractor: str) -> None:
    """The current version was read again by `extractor`, which said the same: only the stamp changes."""
    con.execute("UPDATE documents SET extractor = ? WHERE document_id = ?", [extractor, document_id])
    con.execute(
        "UPDATE document_versions SET extractor = ? WHERE document_id = ? "
        "AND version = (SELECT version FROM documents WHERE document_id = ?)",
        [extractor, document_id, document_id],
    )


def record_fetch_failure(
    con: duckdb.DuckDBPyConnection,
    document_id: str,
    reason: str,
    site_facts: tuple[date | None, str | None, str | None],
    now: datetime,
) -> None:
    """A document never fetched becomes `fetch_failed`; one with a good version keeps it and notes the error."""
    published, site_label, provider_urn = site_facts
    con.execute(
        """
        INSERT INTO documents (document_id, first_seen_at, published, site_label, provider_urn, status, reason,
            status_at, attempts)
        VALUES (?, ?, ?, ?, ?, 'fetch_failed', ?, ?, 1)
        ON CONFLICT (document_id) DO UPDATE SET
            published = coalesce(excluded.published, documents.published),
            site_label = coalesce(excluded.site_label, documents.site_label),
            provider_urn = coalesce(excluded.provider_urn, documents.provider_urn),
            attempts = documents.attempts + 1,
            reason = CASE WHEN documents.content_hash IS NULL THEN excluded.reason ELSE documents.reason END,
            status_at = CASE WHEN documents.content_hash IS NULL THEN excluded.status_at
                             ELSE documents.status_at END,
            fetch_error = CASE WHEN documents.content_hash IS NULL THEN NULL ELSE excluded.reason END,
            fetch_error_at = CASE WHEN documents.content_hash IS NULL THEN NULL ELSE excluded.status_at END
        """,
        [document_id, now, published, site_label, provider_urn, reason, now],
    )


def insert_event(con: duckdb.DuckDBPyConnection, event: dict[str, Any]) -> None:
    columns = ", ".join(event)
    placeholders = ", ".join("?" * len(event))
    con.execute(f"INSERT INTO events ({columns}) VALUES ({placeholders})", list(event.values()))


def insert_judgements(
    con: duckdb.DuckDBPyConnection, document_id: str, grades: Sequence[tuple[str, str, int, list[str] | None]]
) -> None:
    """(area, grade, rank, combined_with) rows, `overall` among them; combined_with is None for most."""
    insert_rows(con, "judgements", [(document_id, *grade) for grade in grades])


def insert_weaknesses(
    con: duckdb.DuckDBPyConnection, document_id: str, weaknesses: Sequence[tuple[str, str | None]]
) -> None:
    """An area SEND letter's areas of significant weakness, (weakness, progress), in the letter's order."""
    insert_rows(con, "send_weaknesses", [(document_id, position, *w) for position, w in enumerate(weaknesses)])


def insert_texts(con: duckdb.DuckDBPyConnection, table: str, document_id: str, texts: Sequence[str]) -> None:
    """Numbered texts (priority actions), in the document's order from 0."""
    if table != "priority_actions":
        raise ValueError(f"not a table of texts: {table}")
    insert_rows(con, table, [(document_id, position, text) for position, text in enumerate(texts)])


def insert_improvements(
    con: duckdb.DuckDBPyConnection,
    document_id: str,
    items: Sequence[tuple[str, bool, Sequence[str], str | None]],
) -> None:
    """(text, priority, themes, national_framework) items, in the document's order from 0."""
    insert_rows(
        con,
        "improvements",
        [(document_id, at, text, priority, code) for at, (text, priority, _, code) in enumerate(items)],
    )
    tags = [(document_id, at, theme) for at, (_, _, themes, _) in enumerate(items) for theme in themes]
    insert_rows(con, "improvement_tags", tags)


def has_passages(con: duckdb.DuckDBPyConnection, document_id: str) -> bool:
    return con.execute("SELECT count(*) FROM passages WHERE document_id = ?", [document_id]).fetchone() != (0,)


def replace_passages(
    con: duckdb.DuckDBPyConnection,
    document_id: str,
    passages: Sequence[PassageRow],
    now: datetime,
) -> None:
    """A document's (position, page, section, area, text) passages, in place of those held."""
    con.execute("DELETE FROM passages WHERE document_id = ?", [document_id])
    insert_passages(con, document_id, passages, now)


def insert_passages(
    con: duckdb.DuckDBPyConnection,
    document_id: str,
    passages: Sequence[PassageRow],
    now: datetime,
) -> None:
    """A document's passages, where it has none (a new document, or one whose outcome was cleared)."""
    if not passages:
        return
    # Columns as lists, unnested side by side: one statement with five parameters, however long the document.
    columns = [list(column) for column in zip(*passages, strict=True)]
    con.execute(
        "INSERT INTO passages SELECT ?, unnest(?::INTEGER[]), unnest(?::INTEGER[]), unnest(?::VARCHAR[]), "
        "unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), ?",
        [document_id, *columns, now],
    )


def insert_quarantine(
    con: duckdb.DuckDBPyConnection,
    document_id: str,
    content_hash: str,
    failures: Sequence[tuple[str, str, str | None, str]],
    now: datetime,
) -> None:
    """(rule, field, value, reason) rows."""
    insert_rows(con, "quarantine", [(document_id, content_hash, *failure, now) for failure in failures])


INTERRUPTED = "interrupted: the process ended before the run finished"


def insert_run(
    con: duckdb.DuckDBPyConnection, run_id: str, flow: str, source: str | None, now: datetime, alerts: bool = False
) -> None:
    con.execute(
        "INSERT INTO runs (run_id, flow, source, status, started_at, alerts) VALUES (?, ?, ?, 'running', ?, ?)",
        [run_id, flow, source, now, "pending" if alerts else None],
    )


def close_interrupted_runs(con: duckdb.DuckDBPyConnection) -> None:
    """Runs still `running` when a new run starts were cut short (killed, crashed): the run lock rules out a
    live one. They become `failed`, saying so; their finish time stays unknown."""
    con.execute(
        "UPDATE runs SET status = 'failed', notes = concat_ws('; ', notes, ?) WHERE status = 'running'",
        [INTERRUPTED],
    )


def finish_run(
    con: duckdb.DuckDBPyConnection, run_id: str, status: str, counts: dict[str, int], notes: str | None, now: datetime
) -> None:
    assignments = ", ".join(f"{name} = ?" for name in counts)
    con.execute(
        f"UPDATE runs SET status = ?, finished_at = ?, notes = ?, {assignments}, "
        "duration_seconds = epoch(CAST(? AS TIMESTAMP)) - epoch(started_at) WHERE run_id = ?",
        [status, now, notes, *counts.values(), now, run_id],
    )


def save_run(con: duckdb.DuckDBPyConnection, run: dict[str, Any]) -> None:
    """A whole `runs` row, updating the row of that run_id if there is one (a run recorded late). Columns the
    row does not carry keep what the run wrote itself (`alerts`: its documents still wait for their alerts)."""
    columns = [*run, "duration_seconds"]
    updates = ", ".join(f"{name} = excluded.{name}" for name in columns if name != "run_id")
    con.execute(
        f"INSERT INTO runs ({', '.join(columns)}) VALUES ({', '.join('?' * len(run))}, "
        f"epoch(CAST(? AS TIMESTAMP)) - epoch(CAST(? AS TIMESTAMP))) ON CONFLICT (run_id) DO UPDATE SET {updates}",
        [*run.values(), run["finished_at"], run["started_at"]],
    )


def add_run_note(con: duckdb.DuckDBPyConnection, run_id: str, note: str) -> None:
    con.execute("UPDATE runs SET notes = concat_ws('; ', notes, ?) WHERE run_id = ?", [note, run_id])


def record_digest_send(
    con: duckdb.DuckDBPyConnection, week: str, recipient: str, subject: str | None, now: datetime
) -> None:
    """Record a delivered digest; a forced resend updates the time."""
    con.execute("INSERT OR REPLACE INTO digest_sends VALUES (?, ?, ?, ?)", [week, recipient, now, subject])
