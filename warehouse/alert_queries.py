"""The same-day alerts' reads and writes: which documents are due an alert, and the once-only record
`alert_sends` (migration 007).

Which documents a poll alerts: those loaded during a run whose alerts are pending (the run itself, or an earlier
one whose alert step never finished), provided the document was first seen by a run that alerts. So a backfill
without --alerts loads history silently, and a document it could not read stays history when a later poll reads
it. Runs never overlap (the run lock), so a timestamp tells which run wrote it; a run cut short has no finish
time, and its window ends where the next run starts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import duckdb

from warehouse.db import insert_rows, transaction
from warehouse.queries import rows

PENDING, DONE = "pending", "done"
SENT, FAILED = "sent", "failed"
# The statuses of a document that says something to alert: an outcome, a publication with none, and one that
# could not be read (a new format must not pass in silence: docs/checks.md).
ALERTED_STATUSES = ("loaded", "not_outcome", "quarantined")

_RUN_WINDOWS = """
    run_windows AS (
        SELECT run_id, alerts, started_at,
            coalesce(finished_at, lead(started_at) OVER (ORDER BY started_at), current_localtimestamp()) AS ended_at
        FROM runs
    )"""


def pending_runs(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Runs whose alert step has not gone through what they loaded."""
    return [run_id for (run_id,) in con.execute("SELECT run_id FROM runs WHERE alerts = ?", [PENDING]).fetchall()]


def documents_due(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Documents loaded during a pending run and first seen by a run that alerts (see the module's docstring)."""
    found = con.execute(
        f"""
        WITH {_RUN_WINDOWS}
        SELECT d.document_id
        FROM documents AS d
        JOIN document_versions AS v ON v.document_id = d.document_id AND v.version = d.version
        WHERE d.status IN (SELECT unnest(?))
          AND EXISTS (SELECT 1 FROM run_windows AS w
                      WHERE w.alerts = ? AND v.loaded_at BETWEEN w.started_at AND w.ended_at)
          AND EXISTS (SELECT 1 FROM run_windows AS w
                      WHERE w.alerts IS NOT NULL AND d.first_seen_at BETWEEN w.started_at AND w.ended_at)
        ORDER BY d.document_id
        """,
        [list(ALERTED_STATUSES), PENDING],
    ).fetchall()
    return [document_id for (document_id,) in found]


def documents_failed(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Documents whose alert to some channel failed last time: the next poll tries again."""
    found = con.execute(
        "SELECT DISTINCT document_id FROM alert_sends WHERE status = ? ORDER BY document_id", [FAILED]
    ).fetchall()
    return [document_id for (document_id,) in found]


def documents_published(con: duckdb.DuckDBPyConnection, start: date, end: date) -> list[str]:
    """Documents published between the dates inclusive that say something to alert (`ofsted-watch alerts`)."""
    found = con.execute(
        "SELECT document_id FROM document_publication WHERE status IN (SELECT unnest(?)) "
        "AND published BETWEEN ? AND ? ORDER BY document_id",
        [list(ALERTED_STATUSES), start, end],
    ).fetchall()
    return [document_id for (document_id,) in found]


@dataclass(frozen=True)
class Published:
    """The documents' publication dates (their range, for `changes_between`) and current versions."""

    first: date
    last: date
    versions: dict[str, int]


def published(con: duckdb.DuckDBPyConnection, document_ids: Sequence[str]) -> Published | None:
    """None when no document of the list can be alerted (any more)."""
    found = rows(
        con,
        "SELECT p.document_id, p.published, d.version FROM document_publication AS p JOIN documents AS d "
        "USING (document_id) WHERE p.document_id IN (SELECT unnest(?)) AND p.status IN (SELECT unnest(?))",
        [list(document_ids), list(ALERTED_STATUSES)],
    )
    if not found:
        return None
    days = [row["published"] for row in found]
    return Published(min(days), max(days), {row["document_id"]: row["version"] for row in found})


def alert_sends_of(
    con: duckdb.DuckDBPyConnection, document_ids: Sequence[str]
) -> dict[tuple[str, str, str], dict[str, Any]]:
    """The record of each (document, subscriber, channel) of the documents."""
    found = rows(con, "SELECT * FROM alert_sends WHERE document_id IN (SELECT unnest(?))", [list(document_ids)])
    return {(row["document_id"], row["subscriber"], row["channel"]): row for row in found}


@dataclass(frozen=True)
class Attempt:
    """One channel's delivery of a message, for one of the documents it covered."""

    document_id: str
    version: int
    title: str
    subscriber: str
    channel: str
    target: str
    error: str | None  # None: delivered


def record_attempts(
    con: duckdb.DuckDBPyConnection, attempts: Sequence[Attempt], run_id: str | None, now: datetime
) -> None:
    """Record one message's delivery (or failure) for each document it covered, in one transaction. `attempts`
    counts the tries of the alert recorded: 1 when it went at once."""
    if not attempts:
        return
    with transaction(con):
        before = alert_sends_of(con, list(dict.fromkeys(a.document_id for a in attempts)))
        recorded = []
        for attempt in attempts:
            earlier = before.get((attempt.document_id, attempt.subscriber, attempt.channel))
            retried = earlier is not None and earlier["status"] == FAILED
            delivered = attempt.error is None
            recorded.append(
                (
                    attempt.document_id,
                    attempt.subscriber,
                    attempt.channel,
                    attempt.target,
                    attempt.version,
                    attempt.title,
                    SENT if delivered else FAILED,
                    (earlier["attempts"] if earlier and retried else 0) + 1,
                    now,
                    now if delivered else (earlier["sent_at"] if earlier else None),
                    attempt.error,
                    run_id,
                )
            )
        insert_rows(con, "alert_sends", recorded, verb="INSERT OR REPLACE")


def finish_alerts(con: duckdb.DuckDBPyConnection, run_ids: Sequence[str], run_id: str | None, note: str | None) -> None:
    """The runs' alerts are done; `note` (what failed) goes on the run whose step this was."""
    with transaction(con):
        con.execute("UPDATE runs SET alerts = ? WHERE run_id IN (SELECT unnest(?))", [DONE, list(run_ids)])
        if run_id and note:
            con.execute("UPDATE runs SET notes = concat_ws('; ', notes, ?) WHERE run_id = ?", [note, run_id])
