"""The published snapshot, reading the warehouse else the snapshot, waiting for a holder, and runs kept while the
warehouse is held: real DuckDB files, and other tools as real processes holding them."""

from __future__ import annotations

import stat
import time
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest
from pipeline_helpers import Holder, Reader
from test_warehouse_helpers import ilacs, load, own_copy, url

from warehouse import held_runs
from warehouse.db import WarehouseBusy, WarehouseHeld, connect
from warehouse.held_runs import HeldRun
from warehouse.reading import SnapshotMissing, open_for_reading
from warehouse.snapshot import STORAGE_VERSION, publish

EVENTS = "SELECT count(*) FROM events"


pytest_plugins = ["test_warehouse_helpers"]  # the warehouse fixtures: history_template


@pytest.fixture()
def db(history_template: Path, tmp_path: Path) -> Path:
    """A warehouse holding HISTORY (six events), closed: the test's own copy."""
    return own_copy(history_template, tmp_path)


@pytest.fixture()
def target(tmp_path: Path) -> Path:
    return tmp_path / "published" / "ofsted-watch.duckdb"


def add_event(db: Path, name: str) -> None:
    con = connect(db)
    load(con, url(name), ilacs("873", date(2024, 5, 6), date(2024, 5, 17), "good", leaders="good"), date(2024, 6, 1))
    con.close()


def count(path: Path, query: str = EVENTS) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return int(con.execute(query).fetchall()[0][0])


def catalogue(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """Every table with its rows, every view with what it returns, every macro by name."""
    found: dict[str, object] = {}
    for (table,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall():
        found[f"table {table}"] = sorted(con.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
    for (view,) in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall():
        found[f"view {view}"] = sorted(con.execute(f'SELECT * FROM "{view}"').fetchall(), key=repr)
    macros = con.execute(
        "SELECT DISTINCT function_name, function_type, parameters FROM duckdb_functions() "
        "WHERE NOT internal AND function_type IN ('table_macro', 'macro')"
    ).fetchall()
    for macro, function_type, parameters in macros:
        if function_type == "macro":
            found[f"scalar macro {macro}"] = parameters
            continue
        arguments = ", ".join(MACRO_ARGUMENTS[parameter] for parameter in parameters)
        found[f"macro {macro}"] = sorted(con.execute(f"SELECT * FROM {macro}({arguments})").fetchall(), key=repr)
    return found


# A value for each parameter name the table macros take (a new name fails here until it is given one).
MACRO_ARGUMENTS = {
    "day": "DATE '2024-01-01'",
    "days": "[DATE '2023-01-01', DATE '2024-01-01']",
    "since": "DATE '2010-01-01'",
    "start_date": "DATE '2010-01-01'",
    "first_day": "DATE '2010-01-01'",
    "end_date": "DATE '2025-01-01'",
    "last_day": "DATE '2025-01-01'",
    "query": "'\"care leavers\" children'",
}


def test_the_snapshot_holds_every_table_view_and_macro_in_a_format_older_duckdb_reads(db: Path, target: Path) -> None:
    published = publish(db, target)

    with duckdb.connect(str(db), read_only=True) as con:
        expected = catalogue(con)
    with duckdb.connect(str(target), read_only=True) as con:
        assert catalogue(con) == expected
        (tags,) = con.execute("SELECT tags FROM duckdb_databases() WHERE NOT internal").fetchone() or (None,)
    assert {"table events", "table runs", "view latest_judgements", "macro changes_between"} <= set(expected)
    assert len(expected["view judgement_changes"]) == 10  # type: ignore[arg-type]  # nine, and care leavers under the combined grade
    assert tags == {"storage_version": f"{STORAGE_VERSION}+"}  # DuckDB 1.x cannot open the working file's 2.0 format
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    assert sorted(path.name for path in target.parent.iterdir()) == [target.name]  # no partial file, no WAL
    assert published.path == target and published.size_bytes == target.stat().st_size
    assert abs((published.published_at - datetime.now()).total_seconds()) < 60


def test_a_reader_of_the_old_snapshot_keeps_it_while_a_new_one_replaces_it(db: Path, target: Path) -> None:
    publish(db, target)
    with Reader(target) as reader:
        assert reader.ask(EVENTS) == "6"
        add_event(db, "cambs-ilacs-2024")
        publish(db, target)
        assert reader.ask(EVENTS) == "6"  # its copy, whole, while the next reader opens the new one
        assert count(target) == 7
    assert reader.process.returncode == 0


def test_a_publish_that_cannot_read_the_warehouse_leaves_the_snapshot_as_it_was(db: Path, target: Path) -> None:
    publish(db, target)
    before = target.read_bytes()
    with Holder(db, seconds=30) as holder, pytest.raises(WarehouseHeld, match=f"held by process {holder.pid} "):
        publish(db, target, wait_seconds=0.5)
    assert target.read_bytes() == before
    assert sorted(path.name for path in target.parent.iterdir()) == [target.name]


def test_readers_read_the_warehouse_else_the_snapshot_saying_why(db: Path, target: Path) -> None:
    with open_for_reading(db, target) as reading:
        assert (reading.from_snapshot, reading.note()) == (False, None)
        assert reading.con.execute(EVENTS).fetchall() == [(6,)]
    with (
        Holder(db, seconds=30) as holder,
        pytest.raises(SnapshotMissing, match=f"(?s)in use by process {holder.pid} .*No snapshot has been published"),
    ):
        open_for_reading(db, target)
    publish(db, target)
    add_event(db, "cambs-ilacs-2024")
    with Holder(db, seconds=30) as holder, open_for_reading(db, target) as reading:
        assert reading.from_snapshot and reading.con.execute(EVENTS).fetchall() == [(6,)]
        note = reading.note() or ""
        assert note.startswith(f"the warehouse {db} is in use by process {holder.pid} (")
        assert note.endswith(f"reading the snapshot published {reading.published_at:%Y-%m-%d %H:%M:%S} ({target})")
    with open_for_reading(db, target, snapshot_only=True) as reading:
        assert reading.from_snapshot and reading.con.execute(EVENTS).fetchall() == [(6,)]
        assert reading.note() == f"reading the snapshot published {reading.published_at:%Y-%m-%d %H:%M:%S} ({target})"
    # A tool reading the warehouse read-only leaves it to other readers.
    with Holder(db, seconds=30, read_only=True), open_for_reading(db, target) as reading:
        assert not reading.from_snapshot and reading.con.execute(EVENTS).fetchall() == [(7,)]


def test_connect_waits_for_a_holder_to_let_go(db: Path) -> None:
    told: list[WarehouseBusy] = []
    holder = Holder(db, seconds=3)
    try:
        con = connect(db, wait_seconds=60, on_wait=told.append)
        opened = time.time()
        con.close()
        assert opened >= holder.released()
    finally:
        holder.stop()
    assert [busy.pid for busy in told] == [holder.pid]  # told once, when the wait began


def test_connect_gives_up_after_the_wait_naming_the_holder(db: Path) -> None:
    with Holder(db, seconds=60) as holder:
        started = time.monotonic()
        with pytest.raises(WarehouseHeld) as raised:
            connect(db, wait_seconds=1.5)
        waited = time.monotonic() - started
        with pytest.raises(WarehouseBusy, match=f"in use by process {holder.pid} "):
            connect(db)  # no wait: at once, as before
    assert 1.5 <= raised.value.waited_seconds <= waited < 10
    message = str(raised.value)
    assert f"held by process {holder.pid} (" in message and "duckdb.connect" in message  # its command line
    assert f"for {raised.value.waited_seconds:.0f} s (OFSTED_WATCH_LOCK_WAIT_SECONDS)" in message


def test_runs_kept_while_the_warehouse_was_held_are_recorded_by_the_next_run(db: Path) -> None:
    con = connect(db)
    con.execute("INSERT INTO runs (run_id, flow, status, started_at, alerts) "
                "VALUES ('cut-short', 'poll', 'running', ?, 'pending')", [datetime(2026, 12, 1, 7, 0)])  # fmt: skip
    con.close()
    started = datetime(2026, 12, 1, 7, 0)
    cut_short = HeldRun.of("poll", "https://site", started, "held at the load", run_id="cut-short")
    never_started = HeldRun.of("backfill", "/corpus", datetime(2026, 12, 1, 6, 0), "held at the start")
    for run in (cut_short, never_started):
        held_runs.hold(db, run)

    con = connect(db)
    recorded = held_runs.record(con, db)
    rows = con.execute("SELECT run_id, flow, status, notes, finished_at FROM runs ORDER BY started_at").fetchall()
    # The cut-short poll's documents still wait for their alerts: recording it late keeps that.
    alerts = con.execute("SELECT run_id, alerts FROM runs ORDER BY started_at").fetchall()
    again = held_runs.record(con, db)
    con.close()
    assert recorded == [never_started, cut_short]  # oldest first
    assert rows == [
        (never_started.run_id, "backfill", "failed", "held at the start", never_started.finished_at),
        ("cut-short", "poll", "failed", "held at the load", cut_short.finished_at),
    ]
    assert alerts == [(never_started.run_id, None), ("cut-short", "pending")]
    assert again == [] and not held_runs.folder(db).exists()
