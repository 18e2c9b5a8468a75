"""Crash safety and concurrent runs, with the real CLI in subprocesses.

A backfill of the corpus is SIGKILLed at random points while it loads, then run to completion: the warehouse
must equal a clean run's (the session's corpus warehouse). Two runs at once: the second exits with code 2,
naming the first.
"""

from __future__ import annotations

import os
import random
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from pipeline_helpers import CLI, REPO, CorpusWarehouse, cli_environment, file_size, kill_group, start_cli

from warehouse.db import WarehouseBusy, connect
from warehouse.lock import lock_path, run_lock
from warehouse.store import INTERRUPTED

DB_NAME = "ofsted-watch.duckdb"
KILLS = 3
SMALL_LOG_BYTES = 2048
# Every table a backfill writes, less the columns that record when (which differ between any two runs).
COMPARED = {
    "documents": "SELECT * EXCLUDE (fetched_at, first_seen_at, status_at) FROM documents",
    "document_versions": "SELECT * EXCLUDE (fetched_at, loaded_at) FROM document_versions",
    "events": "SELECT * EXCLUDE (loaded_at) FROM events",
    "judgements": "SELECT * FROM judgements",
    "improvements": "SELECT * FROM improvements",
    "priority_actions": "SELECT * FROM priority_actions",
    "quarantine": "SELECT * EXCLUDE (quarantined_at) FROM quarantine",
}


@dataclass
class Loading:
    """How a backfill's loading step showed on disk: DuckDB's write-ahead log growing, then checkpointed."""

    started: float = 0.0  # seconds after the process started
    seconds: float = 0.0


def backfill_until(
    home: Path, corpus: Path, prefect_api: str, kill_at_wal_bytes: int | None
) -> tuple[int | None, Loading]:
    """Run `ofsted-watch backfill --source CORPUS`; SIGKILL it (and its children) once the write-ahead log
    reaches `kill_at_wal_bytes` during loading. Returns the exit code (None if killed) and what was seen."""
    process = start_cli("backfill", "--source", str(corpus), home=home, log=home / "cli.log", prefect_api=prefect_api)
    wal = home / f"{DB_NAME}.wal"
    clock, seen, armed, loading, loaded = time.monotonic(), Loading(), False, False, False
    while process.poll() is None:
        size = file_size(wal)
        # The log holds a few hundred bytes for `start run`, then grows with every document loaded. A log left
        # by a killed run is replayed and checkpointed by `start run`: loading starts once the log was small.
        armed = armed or size < SMALL_LOG_BYTES
        if armed and not loading and size > SMALL_LOG_BYTES:
            loading, seen.started = True, time.monotonic() - clock
        if loading and not loaded:
            loaded = size == 0  # checkpointed: loading is over
            seen.seconds = time.monotonic() - clock - seen.started
        if loading and kill_at_wal_bytes is not None and size >= kill_at_wal_bytes:
            kill_group(process)
            return None, seen
        time.sleep(0.005)
    return process.returncode, seen


def snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {table: sorted(con.execute(query).fetchall(), key=repr) for table, query in COMPARED.items()}


@pytest.mark.corpus
@pytest.mark.prefect
def test_a_backfill_killed_while_loading_then_rerun_equals_a_clean_run(
    corpus_warehouse: CorpusWarehouse, shared_dir: Path, tmp_path: Path, prefect_api: str
) -> None:
    """The clean run is the session's corpus warehouse: the same backfill, run in the test's process."""
    corpus, crash_home = shared_dir / "corpus", tmp_path / "crash"
    crash_home.mkdir()
    connect(crash_home / DB_NAME).close()  # an empty warehouse: its schema is not part of the loading watched
    expected = snapshot(corpus_warehouse.db)
    assert len(expected["documents"]) == 311
    wal_bytes = corpus_warehouse.wal_bytes
    assert wal_bytes > SMALL_LOG_BYTES

    seed = int(os.environ.get("CRASH_SEED", random.randrange(2**32)))
    chooser = random.Random(seed)
    points = sorted(chooser.uniform(0.05, 0.95) for _ in range(KILLS))
    print(f"crash seed {seed}: kill at {[f'{p:.0%}' for p in points]} of loading ({wal_bytes} log bytes)")
    loaded, documents = 0.0, 0
    for point in points:
        # A rerun writes only what the runs before it did not load: kill once it has written its share.
        started = time.monotonic()
        code, seen = backfill_until(crash_home, corpus, prefect_api, int((point - loaded) * wal_bytes))
        assert code is None, f"the backfill finished before the kill at {point:.0%} (seed {seed})"
        print(f"  killed at {point:.0%}: {seen.started:.1f} s after start, {seen.seconds:.1f} s into loading, "
              f"process ran {time.monotonic() - started:.1f} s")  # fmt: skip
        loaded, before = point, documents
        with duckdb.connect(str(crash_home / DB_NAME), read_only=True) as con:
            (documents,) = con.execute("SELECT count(*) FROM documents").fetchone() or (0,)
        assert before < documents < 311, "the kill did not land while documents were loading"

    code, _ = backfill_until(crash_home, corpus, prefect_api, None)
    assert code == 0, (crash_home / "cli.log").read_text()[-2000:]
    got = snapshot(crash_home / DB_NAME)
    for table in COMPARED:
        assert got[table] == expected[table], f"{table} differs after the crashes (seed {seed})"
    with duckdb.connect(str(crash_home / DB_NAME), read_only=True) as con:
        runs = con.execute("SELECT status, notes FROM runs ORDER BY started_at").fetchall()
    # Each killed run is recorded as such by the run after it.
    assert runs == [("failed", INTERRUPTED)] * KILLS + [("completed", None)]


@pytest.mark.prefect
def test_a_second_run_while_one_runs_exits_2_naming_it_and_corrupts_nothing(tmp_path: Path, prefect_api: str) -> None:
    from samples.councils import SAMPLE_REFERENCE_CSV
    from samples.documents import build_pdf

    folder, home = tmp_path / "folder", tmp_path / "home"
    (folder / "9990001_wessex").mkdir(parents=True)
    home.mkdir()
    (folder / "9990001_wessex" / "Children's services inspection - 1 May 2024.pdf").write_bytes(build_pdf("sif"))
    fictional = {"OFSTED_WATCH_LA_REFERENCE": str(SAMPLE_REFERENCE_CSV)}
    # The test holds the warehouse file, as an analyst's tool may: the first run takes the run lock, then waits
    # for the file, so it is surely still running when the second starts, however slow the machine.
    held = connect(home / DB_NAME)
    first = start_cli(
        "backfill", "--source", str(folder), home=home, log=home / "first.log", prefect_api=prefect_api, **fictional
    )
    try:
        deadline = time.monotonic() + 60
        while str(first.pid) not in read(lock_path(home / DB_NAME)) and time.monotonic() < deadline:
            time.sleep(0.05)
        second = subprocess.run(
            [*CLI, "poll", "--source", str(folder)],
            env=cli_environment(home, prefect_api, **fictional),
            capture_output=True,
            text=True,
        )
        assert first.poll() is None, "the first run ended before the second started: nothing was tested"
        held.close()
        assert second.returncode == 2
        assert f"in use by process {first.pid}" in second.stderr and "backfill" in second.stderr
        assert first.wait(timeout=120) == 0, read(home / "first.log")[-2000:]
    finally:
        held.close()
        kill_group(first)
    with duckdb.connect(str(home / DB_NAME), read_only=True) as con:
        assert con.execute("SELECT flow, status, loaded FROM runs").fetchall() == [("backfill", "completed", 1)]
        assert con.execute("SELECT count(*) FROM events").fetchone() == (1,)
    with run_lock(home / DB_NAME):  # released when its holder ended
        pass


def test_the_run_lock_of_a_killed_process_is_free_at_once(tmp_path: Path) -> None:
    db = tmp_path / DB_NAME
    holder = subprocess.Popen(
        [CLI[0], "-c", f"from warehouse.lock import run_lock\nfrom pathlib import Path\nimport time\n"
         f"with run_lock(Path({str(db)!r})):\n    print('held', flush=True)\n    time.sleep(60)"],
        stdout=subprocess.PIPE, text=True, cwd=REPO,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    with pytest.raises(WarehouseBusy, match=f"in use by process {holder.pid}"), run_lock(db):
        pass
    holder.kill()
    holder.wait()
    with run_lock(db):
        assert read(lock_path(db)).startswith(f"{os.getpid()} ")


def read(path: Path) -> str:
    return path.read_text(errors="replace") if path.exists() else ""
