"""`ofsted-watch sql` and `export` through the real CLI, on a real DuckDB file."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from pipeline_helpers import Holder
from test_warehouse_helpers import own_copy
from typer.testing import CliRunner

from ofsted_watch.cli import app
from warehouse.db import command_line, connect
from warehouse.snapshot import publish

QUERY = "SELECT la_code, area, grade, event_date FROM latest_judgements WHERE la_code = '382' AND area = 'overall'"


pytest_plugins = ["test_warehouse_helpers"]  # the warehouse fixtures: history_template


@pytest.fixture()
def db(history_template: Path, tmp_path: Path) -> Path:
    return own_copy(history_template, tmp_path)


def sql(db: Path, query: str, *options: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["sql", query, "--db", str(db), *options])
    return result.exit_code, result.stdout, result.stderr


def test_table_output(db: Path) -> None:
    code, out, _ = sql(db, QUERY)
    assert code == 0
    assert out.splitlines() == [
        "la_code  area     grade  event_date",
        "-------  -------  -----  ----------",
        "382      overall  good   2022-07-15",
        "(1 row)",
    ]


def test_csv_output(db: Path) -> None:
    code, out, _ = sql(db, QUERY, "--format", "csv")
    assert code == 0
    assert list(csv.reader(io.StringIO(out))) == [
        ["la_code", "area", "grade", "event_date"],
        ["382", "overall", "good", "2022-07-15"],
    ]


def test_json_output(db: Path) -> None:
    code, out, _ = sql(db, QUERY, "--format", "json")
    assert code == 0
    assert json.loads(out) == [{"la_code": "382", "area": "overall", "grade": "good", "event_date": "2022-07-15"}]


def test_the_connection_is_read_only(db: Path) -> None:
    code, _, err = sql(db, "DELETE FROM events")
    assert code == 2
    assert "read-only" in err
    assert duckdb.connect(str(db), read_only=True).execute("SELECT count(*) FROM events").fetchall() == [(6,)]


def test_a_bad_query_or_format_is_one_clear_line(db: Path) -> None:
    code, _, err = sql(db, "SELECT nope FROM events")
    assert code == 2 and err.startswith("ofsted-watch: ") and "nope" in err and "Traceback" not in err
    code, _, err = sql(db, QUERY, "--format", "xml")
    assert code == 2 and "--format must be one of table, csv, json" in err


def test_a_missing_database_says_so(tmp_path: Path) -> None:
    code, _, err = sql(tmp_path / "none.duckdb", "SELECT 1")
    assert code == 2
    assert "No warehouse at" in err
    assert not (tmp_path / "none.duckdb").exists()


def test_a_locked_database_with_no_snapshot_yet_names_the_process_holding_it(db: Path, home: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, sys; c = duckdb.connect({str(db)!r}); print('ready', flush=True); "
         "sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        code, _, err = sql(db, "SELECT 1")
    finally:
        holder.communicate("")
    assert code == 2
    assert f"is in use by process {holder.pid} (" in err
    assert "duckdb.connect" in err  # the holder's command line
    assert f"No snapshot has been published at {home / 'published' / 'ofsted-watch.duckdb'}" in err
    assert "Traceback" not in err


def test_while_the_warehouse_is_held_sql_and_export_answer_from_the_snapshot(db: Path, home: Path) -> None:
    snapshot = publish(db, home / "published" / "ofsted-watch.duckdb")
    con = connect(db)
    con.execute("DELETE FROM judgements WHERE document_id LIKE '%cambs%'")  # the warehouse moves on
    con.close()
    when = f"{snapshot.published_at:%Y-%m-%d %H:%M:%S}"
    count = "SELECT count(*) AS n FROM judgements"

    code, out, err = sql(db, count, "--format", "csv")
    assert (code, out, err) == (0, "n\n16\n", "")  # the warehouse itself, when it is free
    with Holder(db, seconds=60) as holder:
        code, out, err = sql(db, count, "--format", "csv")
        assert (code, out) == (0, "n\n22\n")
        holding = f"the warehouse {db} is in use by process {holder.pid} ({command_line(holder.pid)})"
        assert err == f"ofsted-watch: {holding}: reading the snapshot published {when} ({snapshot.path})\n"
        result = CliRunner().invoke(app, ["export", "--parquet", str(home / "parquet"), "--db", str(db)])
        assert result.exit_code == 0 and "reading the snapshot published" in result.stderr
    code, out, err = sql(db, count, "--format", "csv", "--snapshot")
    assert (code, out, err) == (
        0,
        "n\n22\n",
        f"ofsted-watch: reading the snapshot published {when} ({snapshot.path})\n",
    )
    events = duckdb.connect().execute(f"SELECT count(*) FROM read_parquet('{home / 'parquet' / 'judgements.parquet'}')")
    assert events.fetchall() == [(22,)]


def test_snapshot_asked_for_before_any_was_published(db: Path, home: Path) -> None:
    code, out, err = sql(db, "SELECT 1", "--snapshot")
    assert (code, out) == (2, "")
    assert err.startswith("ofsted-watch: No snapshot has been published at ") and "each poll and backfill" in err


def test_export_writes_every_table_and_view_as_parquet(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    result = CliRunner().invoke(app, ["export", "--parquet", str(out), "--db", str(db)])
    assert result.exit_code == 0
    names = {path.stem for path in out.glob("*.parquet")}
    assert {"documents", "events", "judgements", "quarantine", "runs", "local_authorities", "digest_sends",
            "judgement_changes", "deteriorations", "latest_judgements"} <= names  # fmt: skip
    con = duckdb.connect()
    events = con.execute(f"SELECT count(*) FROM read_parquet('{out / 'events.parquet'}')").fetchall()
    changes = con.execute(f"SELECT count(*) FROM read_parquet('{out / 'judgement_changes.parquet'}')").fetchall()
    assert (events, changes) == ([(6,)], [(10,)])  # the history's judgement_changes, the combined grade's included
    assert sorted(result.stdout.split()) == sorted(str(path) for path in out.glob("*.parquet"))
