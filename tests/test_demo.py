"""`ofsted-watch demo`: offline, end to end, through Prefect's real engine."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from common.config import load_settings

pytestmark = [pytest.mark.prefect, pytest.mark.integration]


def test_demo_backfills_polls_renders_the_digest_and_its_queries_run(
    home: Path, prefect_harness: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ofsted_watch.commands.ingest import DEMO_QUERIES, run_demo
    from ofsted_watch.commands.query import run_sql
    from samples.timeline import demo_publications

    monkeypatch.setenv("OFSTED_WATCH_REBUILD_SITE", "false")  # the demo builds its website all the same
    settings = load_settings()
    assert run_demo(settings) == 0
    printed = capsys.readouterr().out
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        documents = con.execute("SELECT count(*) FROM documents").fetchone()
        runs = con.execute("SELECT flow, new FROM runs ORDER BY started_at").fetchall()
        downgraded = con.execute(
            "SELECT DISTINCT local_authority FROM judgement_changes WHERE direction = 'worse' AND area = 'leaders' "
            "AND event_date > current_date - INTERVAL 120 DAY"
        ).fetchall()
    assert documents == (len(demo_publications(date.today())),)
    assert [flow for flow, _ in runs] == ["backfill", "poll"] and runs[1][1] >= 1
    assert downgraded == [("Wessex",)]
    assert list(settings.outbox_dir.glob("*.html")) and list(settings.outbox_dir.glob("*.eml"))
    # The poll's new monitoring visit reached the demo's chat webhook as a same-day alert, once.
    received = [line for line in printed.splitlines() if "chat webhook" in line and "received:" in line]
    assert len(received) == 1 and received[0].endswith("received: Northmoor: monitoring visit 2, insufficient progress")
    assert str(settings.db_path) in printed
    assert (settings.site_path / "la" / "wessex.html").is_file()
    for query in DEMO_QUERIES:
        assert query in printed
        assert run_sql(settings, query, "csv") == 0

    # A second demo starts afresh rather than adding the same publications under new URLs.
    assert run_demo(settings) == 0
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone() == documents
