"""Loading: schema versions, idempotence, atomicity, versions, quarantine and its release, failures, runs."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest
from test_warehouse_helpers import ilacs, load, meta, url, version_one_warehouse, visit

from common.record import Record
from tasks.load import (
    RunCounts,
    finish_run,
    load_document,
    record_fetch_failure,
    start_run,
)
from tasks.validate import validate_records
from warehouse import db, queries
from warehouse.db import apply_views, connect, migration_files, schema_version, view_files

TABLES = ("documents", "document_versions", "events", "judgements", "improvements", "priority_actions",
          "quarantine")  # fmt: skip

pytest_plugins = ["test_warehouse_helpers"]  # the warehouse fixtures: con, history


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[object, ...]]]:
    return {table: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() for table in TABLES}


def count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])


def kirklees_2019(overall: str = "inadequate") -> Record:
    return ilacs("382", date(2019, 6, 3), date(2019, 6, 14), overall,
                 leaders="inadequate", help_and_protection="requires_improvement", in_care="good")  # fmt: skip


def test_a_new_database_is_at_the_latest_schema_version(con: duckdb.DuckDBPyConnection) -> None:
    latest = max(version for version, _ in migration_files())
    assert latest >= 2
    assert schema_version(con) == latest


def test_an_older_database_upgrades_in_place_keeping_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    old = version_one_warehouse(path)
    old.execute("INSERT INTO digest_sends VALUES ('2024-W01', 'a@example.test', now(), 'kept')")
    old.close()

    con = connect(path)
    assert schema_version(con) == max(version for version, _ in migration_files())
    assert con.execute("SELECT subject FROM digest_sends").fetchall() == [("kept",)]
    assert con.execute("SELECT count(*) FROM judgement_changes").fetchall() == [(0,)]


def test_a_migration_that_landed_after_a_later_one_is_still_applied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    for _, path in migration_files():
        (migrations / path.name).write_text(path.read_text())
    (migrations / "102_later.sql").write_text("CREATE TABLE later (x INTEGER);")
    monkeypatch.setattr(db, "MIGRATIONS_DIR", migrations)
    path = tmp_path / "w.duckdb"
    connect(path).close()

    # A migration numbered below the latest, merged afterwards, reaches the existing warehouse too.
    (migrations / "101_earlier.sql").write_text("CREATE TABLE earlier (y INTEGER);")
    con = connect(path)
    assert con.execute("SELECT count(*) FROM earlier").fetchall() == [(0,)]
    assert [
        v for (v,) in con.execute("SELECT version FROM schema_version WHERE version > 100 ORDER BY 1").fetchall()
    ] == [
        101,
        102,
    ]
    con.close()


def test_views_are_recreated_when_their_definitions_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    views = tmp_path / "views"
    views.mkdir()
    for path in view_files():
        (views / path.name).write_text(path.read_text())
    monkeypatch.setattr(db, "VIEWS_DIR", views)
    path = tmp_path / "w.duckdb"
    connect(path).close()

    (views / "99_extra.sql").write_text("CREATE OR REPLACE VIEW extra_view AS SELECT 42 AS answer;")
    con = connect(path)
    assert con.execute("SELECT answer FROM extra_view").fetchall() == [(42,)]
    con.close()

    # A definition removed from the folder leaves the database; the others stay.
    (views / "99_extra.sql").unlink()
    con = connect(path)
    names = {name for (name,) in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert "extra_view" not in names
    assert {"judgement_history", "deteriorations", "document_publication"} <= names
    assert con.execute("SELECT count(*) FROM changes_between(DATE '2020-01-01', DATE '2020-12-31')").fetchall() == [
        (0,)
    ]
    assert apply_views(con) is False  # unchanged definitions: nothing to do
    con.close()


def test_the_la_reference_is_loaded(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "SELECT la_code, name, region, predecessors, successors FROM local_authorities "
        "WHERE la_code IN ('382', '835', '838') ORDER BY la_code"
    ).fetchall()
    assert rows == [
        ("382", "Kirklees", "Yorkshire and the Humber", [], []),
        ("835", "Dorset County", "South West", [], ["838", "839"]),
        ("838", "Dorset", "South West", ["835"], []),
    ]


def test_loading_the_same_document_twice_changes_nothing(history: duckdb.DuckDBPyConnection) -> None:
    before = snapshot(history)
    from test_warehouse_helpers import HISTORY

    results = [load(history, document_id, record, published) for document_id, published, record in HISTORY]
    assert {r.change for r in results} == {"unchanged"}
    assert snapshot(history) == before


def test_a_crash_mid_load_leaves_no_rows(con: duckdb.DuckDBPyConnection) -> None:
    broken = kirklees_2019()
    broken.judgements["leaders"] = "splendid"  # not a grade: loading it unvalidated fails on its rank
    with pytest.raises(KeyError):
        load(con, url("x"), broken, date(2019, 8, 1))
    assert {table: rows for table, rows in snapshot(con).items() if rows} == {}


def test_a_crashing_reload_keeps_the_previous_load(con: duckdb.DuckDBPyConnection) -> None:
    load(con, url("x"), kirklees_2019(), date(2019, 8, 1))
    before = snapshot(con)
    broken = kirklees_2019("good")
    broken.judgements["in_care"] = "splendid"
    with pytest.raises(KeyError):
        load_document(con, meta(url("x"), content="v2"), broken, [])
    assert snapshot(con) == before


def test_a_new_version_supersedes_the_old_and_keeps_it_in_history(con: duckdb.DuckDBPyConnection) -> None:
    first = load_document(con, meta(url("x"), "v1"), kirklees_2019("inadequate"), [])
    second = load_document(con, meta(url("x"), "v2"), kirklees_2019("requires_improvement"), [])
    assert (first.change, second.change) == ("new", "new_version")
    assert con.execute("SELECT document_id, overall FROM events").fetchall() == [(url("x"), "requires_improvement")]
    assert con.execute("SELECT version, content_hash FROM documents").fetchall() == [
        (2, meta(url("x"), "v2").content_hash)
    ]
    versions = con.execute(
        "SELECT version, superseded_at IS NOT NULL, record->>'overall' FROM document_versions ORDER BY version"
    ).fetchall()
    assert versions == [(1, True, "inadequate"), (2, False, "requires_improvement")]


def test_each_broken_record_goes_to_quarantine_and_a_fixed_extraction_moves_it_out(
    con: duckdb.DuckDBPyConnection,
) -> None:
    bad = kirklees_2019()
    bad.overall = "outstanding-ish"
    failures = validate_records([bad])[0]
    result = load_document(con, meta(url("x")), bad, failures)
    assert result.status == "quarantined"
    assert con.execute("SELECT rule, field, value FROM quarantine").fetchall() == [
        ("grade_in_set", "overall", "outstanding-ish")
    ]
    assert count(con, "events") == 0
    assert con.execute("SELECT status, reason FROM documents").fetchall() == [("quarantined", "failed grade_in_set")]

    fixed = kirklees_2019()
    assert validate_records([fixed]) == [[]]
    again = load_document(con, meta(url("x")), fixed, [])
    assert (again.change, again.status) == ("reloaded", "loaded")
    assert count(con, "quarantine") == 0
    assert con.execute("SELECT overall FROM events").fetchall() == [("inadequate",)]
    assert con.execute("SELECT version, status FROM document_versions").fetchall() == [(1, "loaded")]


def test_a_second_document_with_the_same_event_is_quarantined(con: duckdb.DuckDBPyConnection) -> None:
    load(con, url("first"), kirklees_2019(), date(2019, 8, 1))
    result = load(con, url("copy"), kirklees_2019(), date(2019, 8, 5))
    assert result.status == "quarantined"
    assert con.execute("SELECT document_id, rule, reason FROM quarantine").fetchall() == [
        (url("copy"), "unique_event", f"duplicate of {url('first')}")
    ]
    assert con.execute("SELECT document_id FROM events").fetchall() == [(url("first"),)]


@pytest.mark.parametrize(("kind", "warning"), [("press_release", None), ("unknown", "text: a 'Report not found' page")])
def test_a_document_that_is_not_an_outcome_gets_a_status_and_no_event(
    con: duckdb.DuckDBPyConnection, kind: str, warning: str | None
) -> None:
    record = Record(file="x.pdf", kind=kind, warnings=[warning] if warning else [])
    assert load_document(con, meta(url("x")), record, []).status == "not_outcome"
    expected = f"not an Ofsted outcome ({kind})" + (f": {warning}" if warning else "")
    assert con.execute("SELECT status, reason FROM documents").fetchall() == [("not_outcome", expected)]
    assert count(con, "events") == 0


def test_failed_documents_are_offered_for_retry_until_they_load(con: duckdb.DuckDBPyConnection) -> None:
    record_fetch_failure(con, url("a"), "HTTP 503 after 3 attempts", published=date(2019, 8, 1))
    record_fetch_failure(con, url("a"), "connection reset")
    load_document(con, meta(url("b")), None, reason="truncated PDF: no end-of-file marker")
    retry = [(r["document_id"], r["status"], r["reason"], r["attempts"]) for r in queries.documents_to_retry(con)]
    assert retry == [
        (url("a"), "fetch_failed", "connection reset", 2),
        (url("b"), "unreadable", "truncated PDF: no end-of-file marker", 1),
    ]
    load_document(con, meta(url("a")), kirklees_2019(), [])
    load_document(con, meta(url("b"), "complete"), Record(file="b", kind="press_release"), [])
    assert queries.documents_to_retry(con) == []
    assert con.execute("SELECT published FROM documents WHERE document_id = ?", [url("a")]).fetchall() == [
        (date(2019, 8, 1),)
    ]


def test_a_failed_refetch_keeps_the_loaded_version(con: duckdb.DuckDBPyConnection) -> None:
    load(con, url("a"), kirklees_2019(), date(2019, 8, 1))
    record_fetch_failure(con, url("a"), "HTTP 500")
    assert con.execute("SELECT status, fetch_error FROM documents").fetchall() == [("loaded", "HTTP 500")]
    assert count(con, "events") == 1
    assert [r["document_id"] for r in queries.documents_to_retry(con)] == [url("a")]
    assert load(con, url("a"), kirklees_2019(), date(2019, 8, 1)).change == "reloaded"
    assert queries.documents_to_retry(con) == []


def test_runs_record_their_counts_and_a_rerun_adds_nothing(con: duckdb.DuckDBPyConnection) -> None:
    documents = [
        (meta(url("a")), kirklees_2019()),
        (meta(url("b")), visit("873", "monitoring_visit", date(2020, 1, 15), date(2020, 2, 6), progress="good")),
        (meta(url("c")), Record(file="c", kind="press_release")),
        (meta(url("d")), ilacs("999", date(2019, 6, 3), date(2019, 6, 14), "good")),
    ]

    def run() -> RunCounts:
        run_id = start_run(con, "backfill", "folder")
        counts = RunCounts()
        records = [record for _, record in documents]
        for (document, record), failures in zip(documents, validate_records(records), strict=True):
            counts.add(load_document(con, document, record, failures))
        counts.add(record_fetch_failure(con, url("e"), "HTTP 404"))
        finish_run(con, run_id, counts)
        return counts

    run()
    run()
    rows = con.execute(
        "SELECT flow, status, seen, new, unchanged, loaded, not_outcome, failed, quarantined, "
        "duration_seconds >= 0 FROM runs ORDER BY started_at"
    ).fetchall()
    assert rows == [
        ("backfill", "completed", 5, 4, 0, 2, 1, 1, 1, True),
        ("backfill", "completed", 5, 0, 4, 0, 0, 1, 0, True),
    ]
    assert count(con, "events") == 2


def test_digest_sends_are_recorded_once_per_week_and_recipient(con: duckdb.DuckDBPyConnection) -> None:
    assert not queries.digest_sent(con, "2025-W10", "dcs@example.test")
    queries.record_digest_send(con, "2025-W10", "dcs@example.test", "Ofsted watch: 2 deteriorations")
    queries.record_digest_send(con, "2025-W10", "dcs@example.test", "Ofsted watch: 2 deteriorations")
    assert queries.digest_sent(con, "2025-W10", "dcs@example.test")
    assert not queries.digest_sent(con, "2025-W11", "dcs@example.test")
    assert count(con, "digest_sends") == 1


def test_the_version_history_keeps_the_record_as_json(con: duckdb.DuckDBPyConnection) -> None:
    load(con, url("a"), kirklees_2019(), date(2019, 8, 1))
    (stored,) = con.execute("SELECT record FROM document_versions").fetchall()[0]
    assert Record.from_json_dict(json.loads(stored)) == kirklees_2019()
