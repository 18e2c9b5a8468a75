"""Readers never block the pipeline, and the pipeline never blocks readers: polls and backfills against the
sample site while other processes hold the warehouse or read the published snapshot.

Another tool is a real process holding a DuckDB connection (`Holder`); the runs are real Prefect flow runs, in
this process or through the CLI in a subprocess.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pipeline_helpers import (
    Holder,
    Reader,
    backfill,
    file_path,
    kill_group,
    poll,
    start_cli,
    statuses,
    wait_for,
    warehouse,
)
from typer.testing import CliRunner

from ofsted_watch.cli import app
from samples.councils import SAMPLE_REFERENCE_CSV
from samples.site import Fault, SampleSite
from samples.timeline import SamplePublication, additional_publication, demo_publications
from warehouse import held_runs
from warehouse.db import command_line

pytestmark = [pytest.mark.prefect, pytest.mark.integration]

TODAY = date(2026, 11, 23)
EVENTS = "SELECT count(*) AS events FROM events"
HOLD_SECONDS = 10


@pytest.fixture()
def site() -> Iterator[SampleSite]:
    with SampleSite(demo_publications(TODAY), provider_rows=3) as running:
        yield running


def db_of(home: Path) -> Path:
    return home / "ofsted-watch.duckdb"


def snapshot_of(home: Path) -> Path:
    return home / "published" / "ofsted-watch.duckdb"


def events(home: Path, *options: str) -> tuple[int, str]:
    """`ofsted-watch sql` counting events (in this process): the count, and what it said on stderr."""
    result = CliRunner().invoke(app, ["sql", EVENTS, "--format", "csv", *options])
    assert result.exit_code == 0, result.output
    return int(result.stdout.split()[1]), result.stderr


def runs(home: Path) -> list[tuple[str, str, str | None]]:
    with warehouse(home) as con:
        return con.execute("SELECT flow, status, notes FROM runs ORDER BY started_at").fetchall()


def when_requested(site: SampleSite, path: str, then: Callable[[], object]) -> threading.Thread:
    """Call `then` (in a thread) as soon as the site is asked for `path`: the flow is fetching, between steps."""

    def watch() -> None:
        deadline = time.monotonic() + 120
        while not site.requests[path] and time.monotonic() < deadline:
            time.sleep(0.01)
        then()

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def test_a_poll_started_while_a_tool_holds_the_warehouse_waits_for_it_then_loads(
    ingest_env: Path, site: SampleSite, prefect_api: str
) -> None:
    """The first window: the warehouse is held when the run starts (the CLI waits before Prefect starts)."""
    assert backfill(site) == 0
    new = additional_publication(TODAY + timedelta(days=1))
    site.add(new)
    settings = {"OFSTED_WATCH_LA_REFERENCE": str(SAMPLE_REFERENCE_CSV), "OFSTED_WATCH_MAX_RPS": "100"}
    log = ingest_env / "poll.log"
    with Holder(db_of(ingest_env), seconds=120) as holder:
        process = start_cli("poll", "--source", site.url, home=ingest_env, log=log, prefect_api=prefect_api, **settings)
        try:
            wait_for("the poll to wait for the tool", lambda: "waiting for it" in log.read_text(), process, log)
            holder.let_go()
            code = process.wait(timeout=300)
        finally:
            kill_group(process)
        released = holder.released()
    output = log.read_text()
    assert code == 0, output[-3000:]
    assert f"poll: the warehouse {db_of(ingest_env)} is in use by process {holder.pid} (" in output
    assert "waiting for it (at most 600 s, OFSTED_WATCH_LOCK_WAIT_SECONDS)" in output
    assert statuses(ingest_env)[site.file_url(new.file_id)] == "loaded"
    with warehouse(ingest_env) as con:
        (started,) = con.execute("SELECT max(started_at) FROM runs WHERE flow = 'poll'").fetchone() or (None,)
    assert started is not None and started.timestamp() >= released  # the run began once the tool let go
    assert runs(ingest_env)[-1][:2] == ("poll", "completed")


def test_a_tool_that_takes_the_warehouse_between_two_steps_delays_the_load_only(
    ingest_env: Path, site: SampleSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second window: a tool opens the file while the flow fetches (no step holds it); the load waits."""
    monkeypatch.setenv("OFSTED_WATCH_TIMEOUT_SECONDS", "30")
    assert backfill(site) == 0
    new = additional_publication(TODAY + timedelta(days=1))
    site.add(new)
    site.inject(file_path(new), Fault(delay=3))  # the tool opens the file while this download is under way
    holders: list[Holder] = []
    watcher = when_requested(site, file_path(new), lambda: holders.append(Holder(db_of(ingest_env), HOLD_SECONDS)))
    try:
        assert poll(site) == 0
        watcher.join()
        released = holders[0].released()
    finally:
        for holder in holders:
            holder.stop()
    with warehouse(ingest_env) as con:
        (loaded_at,) = con.execute(
            "SELECT loaded_at FROM events WHERE document_id = ?", [site.file_url(new.file_id)]
        ).fetchone() or (None,)
    assert loaded_at is not None and loaded_at.timestamp() >= released
    assert runs(ingest_env)[-1] == ("poll", "completed", None)


@pytest.mark.parametrize("window", ["at the start", "between steps"])
def test_held_past_the_wait_a_poll_exits_2_naming_the_holder_and_the_next_run_records_it(
    ingest_env: Path,
    site: SampleSite,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    window: str,
) -> None:
    monkeypatch.setenv("OFSTED_WATCH_LOCK_WAIT_SECONDS", "2")
    monkeypatch.setenv("OFSTED_WATCH_TIMEOUT_SECONDS", "30")
    assert backfill(site) == 0
    new = additional_publication(TODAY + timedelta(days=1))
    site.add(new)
    holders: list[Holder] = []

    def hold() -> None:
        holders.append(Holder(db_of(ingest_env), seconds=120))

    if window == "at the start":
        hold()
    else:
        site.inject(file_path(new), Fault(delay=2))
        watcher = when_requested(site, file_path(new), hold)
    capsys.readouterr()
    try:
        code = poll(site)
        err = capsys.readouterr().err
        if window == "between steps":
            watcher.join()
        holder = holders[0]
        program = command_line(holder.pid)
    finally:
        for each in holders:
            each.stop()
    assert code == 2
    assert f"poll: The warehouse {db_of(ingest_env)} was held by process {holder.pid} ({program}) for " in err
    assert len(held_runs.waiting(db_of(ingest_env))) == 1  # kept beside the warehouse until it can be written

    assert poll(site) == 0
    out = capsys.readouterr().out
    assert "recorded now, an earlier run that could not record itself: poll of " in out
    assert f"held by process {holder.pid} (" in out
    assert statuses(ingest_env)[site.file_url(new.file_id)] == "loaded"
    recorded = runs(ingest_env)
    assert [(flow, status) for flow, status, _ in recorded] == [
        ("backfill", "completed"), ("poll", "failed"), ("poll", "completed")
    ]  # fmt: skip
    notes = recorded[1][2] or ""
    assert f"was held by process {holder.pid} ({program}) for " in notes and "interrupted" not in notes
    assert held_runs.waiting(db_of(ingest_env)) == []


def test_a_reader_of_the_snapshot_keeps_answering_across_a_poll_and_the_next_sql_sees_the_new_rows(
    ingest_env: Path, site: SampleSite
) -> None:
    assert backfill(site) == 0
    before, note = events(ingest_env)
    assert note == ""  # the warehouse is free: it is read itself
    with Reader(snapshot_of(ingest_env)) as reader:  # a notebook with the snapshot open, read-only
        assert reader.ask(EVENTS) == str(before)
        site.add(additional_publication(TODAY + timedelta(days=1)))
        assert poll(site) == 0
        assert reader.ask(EVENTS) == str(before)  # still answering, from the copy it opened
        assert events(ingest_env) == (before + 1, "")
    after, note = events(ingest_env, "--snapshot")
    assert after == before + 1 and note.startswith("ofsted-watch: reading the snapshot published ")


def test_sql_during_a_backfill_never_fails_and_answers_from_the_snapshot_while_a_step_writes(
    ingest_env: Path, site: SampleSite, prefect_api: str
) -> None:
    assert backfill(site) == 0
    snapshot_events, _ = events(ingest_env)
    more: list[SamplePublication] = [additional_publication(TODAY - timedelta(days=i), i + 1) for i in range(60)]
    site.add(*more)
    settings = {"OFSTED_WATCH_LA_REFERENCE": str(SAMPLE_REFERENCE_CSV), "OFSTED_WATCH_MAX_RPS": "1000"}
    log = ingest_env / "backfill.log"
    process = start_cli("backfill", "--source", site.url, home=ingest_env, log=log, prefect_api=prefect_api, **settings)
    answers: list[tuple[int, str]] = []
    try:
        while process.poll() is None:
            answers.append(events(ingest_env))  # a failing `sql` fails here
            time.sleep(0.02)
    finally:
        kill_group(process)
    assert process.returncode == 0, log.read_text()[-3000:]
    from_snapshot = [(count, note) for count, note in answers if note]
    assert from_snapshot, f"no answer came while a step wrote ({len(answers)} answers)"
    for count, note in from_snapshot:
        assert count == snapshot_events
        assert note.startswith(f"ofsted-watch: the warehouse {db_of(ingest_env)} is in use by process {process.pid} (")
        assert "reading the snapshot published " in note
    assert all(snapshot_events <= count <= snapshot_events + len(more) for count, _ in answers)
    assert events(ingest_env) == (snapshot_events + len(more), "")
    assert events(ingest_env, "--snapshot")[0] == snapshot_events + len(more)


def test_a_snapshot_that_cannot_be_published_is_reported_and_the_load_stands(
    ingest_env: Path, site: SampleSite, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_folder = ingest_env / "published-here"
    not_a_folder.write_text("a file where the snapshot's folder should be")
    monkeypatch.setenv("OFSTED_WATCH_PUBLISHED_DIR", str(not_a_folder))
    capsys.readouterr()
    assert backfill(site) == 1
    out = capsys.readouterr().out
    assert "FAILED after the load (which stands): publish snapshot: " in out
    assert set(statuses(ingest_env).values()) == {"loaded", "not_outcome"}
    ((flow, status, notes),) = runs(ingest_env)
    assert (flow, status) == ("backfill", "completed")
    assert notes is not None and notes.startswith("publish snapshot failed: ")
    started = datetime.now()
    monkeypatch.delenv("OFSTED_WATCH_PUBLISHED_DIR")
    assert poll(site) == 0  # the next run publishes
    assert datetime.fromtimestamp(snapshot_of(ingest_env).stat().st_mtime) >= started.replace(microsecond=0)
