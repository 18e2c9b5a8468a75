"""docs/warehouse.md keeps up with the warehouse: every example query (the README's too) runs against a loaded
warehouse and returns rows, and every table, view, column and macro is documented."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest
from test_warehouse_helpers import load_history, meta, url, visit

from common.record import AreaSend, Jtai, Record, SendWeakness
from expectations.core import Failure
from tasks.load import RunCounts, finish_run, load_document, record_fetch_failure, start_run
from warehouse.alert_queries import Attempt, record_attempts
from warehouse.db import connect

REPO = Path(__file__).resolve().parents[1]
DOCS = (REPO / "docs" / "warehouse.md", REPO / "README.md")
EXAMPLES = [
    query for doc in DOCS for query in re.findall(r"```sql\n(.*?)```", doc.read_text(encoding="utf-8"), flags=re.DOTALL)
]

pytest_plugins = ["test_warehouse_helpers"]  # the warehouse fixtures: con, history


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """The hand-built history, an area SEND revisit and a JTAI, plus a run with a quarantined record, a failed
    fetch and a failed alert: built once, as the examples only read it."""
    with connect(tmp_path_factory.mktemp("loaded") / "warehouse.duckdb") as con:
        yield with_send_jtai_and_failures(load_history(con))


def with_send_jtai_and_failures(history: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    run_id = start_run(history, "backfill", "folder")
    counts = RunCounts()
    revisit = visit("382", "area_send", date(2021, 5, 21), date(2021, 6, 25))
    weaknesses = [SendWeakness("Weak joint commissioning", "insufficient"), SendWeakness("The offer", "sufficient")]
    revisit.visit, revisit.area_send = None, AreaSend("2016", True, "insufficient_progress", weaknesses=weaknesses)
    jtai = visit("873", "jtai", date(2023, 3, 24), date(2023, 5, 3))
    jtai.visit, jtai.jtai = None, Jtai("identification of initial need and risk", ["police", "health"])
    for name, record in (("send-revisit", revisit), ("jtai", jtai)):
        counts.add(load_document(history, meta(url(name)), record, []))
    missing_overall = Failure("overall_present", "overall", None, "a full inspection without an overall grade")
    counts.add(load_document(history, meta(url("q")), Record(file="q", kind="ilacs_standard"), [missing_overall]))
    counts.add(record_fetch_failure(history, url("missing"), "HTTP 404"))
    finish_run(history, run_id, counts)
    refused = Attempt(
        url("q"), 1, "Wessex: overall effectiveness good → inadequate", "team", "notify-0", "json://x", "500"
    )
    record_attempts(history, [refused], run_id, datetime.now())
    return history


def test_the_page_has_examples() -> None:
    assert len(EXAMPLES) >= 8


@pytest.mark.parametrize("query", EXAMPLES, ids=[f"example-{i + 1}" for i in range(len(EXAMPLES))])
def test_each_example_returns_rows(loaded: duckdb.DuckDBPyConnection, query: str) -> None:
    assert loaded.execute(query).fetchall() != []


def test_every_table_view_column_and_macro_is_documented(con: duckdb.DuckDBPyConnection) -> None:
    """docs/warehouse.md names every table, view and macro of a fresh warehouse, and every column (a list column
    as `name[]` or `name`); the helper views it lists as helpers are named, their columns not."""
    doc = (REPO / "docs" / "warehouse.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([a-z_][a-z0-9_]*)(?:\[\])?", doc))
    helpers = {
        name
        for row in re.findall(r"^\|([^|]*)\| helpers\b", doc, flags=re.MULTILINE)
        for name in re.findall(r"`(\w+)`", row)
    }
    relations = con.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()
    missing = [f"{name} (table or view)" for (name,) in relations if name not in named]
    for (name,) in relations:
        if name in helpers:
            continue
        columns = con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ?", [name])
        missing += [f"{name}.{column}" for (column,) in columns.fetchall() if column not in named]
    macros = con.execute(
        "SELECT DISTINCT function_name FROM duckdb_functions() WHERE NOT internal AND function_type LIKE '%macro'"
    ).fetchall()
    missing += [f"{name} (macro)" for (name,) in macros if name not in named]
    assert helpers, "docs/warehouse.md lists no helper views"
    assert missing == [], "docs/warehouse.md does not document " + ", ".join(missing)
