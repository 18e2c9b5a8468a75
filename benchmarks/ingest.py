"""Backfills of the corpus through the real CLI (from a folder, and from a sample site on 127.0.0.1), and a poll
of that site with nothing new.

Prefect runs in one of two ways. With a Prefect server of its own (production: `serve` starts one, teams run
one for their workers, PREFECT_API_URL names it), started once here like any service the commands use. Or with
Prefect's temporary server, which a command starts as its child when PREFECT_API_URL is unset (a one-off
command on a laptop), counted in that command's time and memory.

Each backfill starts with an empty OFSTED_WATCH_HOME and a PREFECT_HOME holding at most Prefect's database,
created once beforehand: Prefect on a machine where it has run before, with no cache of extractions from an
earlier run to make a backfill look faster than a first one. The poll runs in the backfill's homes, as it would
the next morning.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks.extraction import raw_library_text
from benchmarks.harness import MB, CommandResult, Measurement, Sample, measure, run_command, summarise
from flows.prefect_server import PrefectServer, free_port
from samples.site import SampleSite, folder_publications
from warehouse.db import connect

# The real command line, as installed by `uv sync` beside this interpreter.
CLI = Path(sys.executable).with_name("ofsted-watch")
# Against our own server on 127.0.0.1 the politeness limit (2 requests/s by default) would measure the pauses,
# not ofsted-watch.
LOCAL_MAX_RPS = "1000"
# Settings that belong to a run's workspace, never taken from the caller's environment.
WORKSPACE_VARIABLES = ("OFSTED_WATCH_HOME", "OFSTED_WATCH_DB", "OFSTED_WATCH_SOURCE", "PREFECT_HOME", "PREFECT_API_URL")
# Exit codes of a run that did its work: 1 means some documents were quarantined or failed, and were recorded.
COMPLETED_EXIT_CODES = (0, 1)


class BenchmarkFailed(Exception):
    """A command under measurement could not do its work: the figures would mean nothing."""


@dataclass(frozen=True)
class PreparedPrefect:
    """A PREFECT_HOME to copy into each workspace, what getting Prefect ready cost (once per machine), and the
    Prefect server the commands report to (None: each command starts Prefect's temporary server)."""

    home: Path
    first_use_seconds: float
    api_url: str | None = None

    @property
    def configuration(self) -> str:
        return "temporary server" if self.api_url is None else "Prefect server"


@dataclass(frozen=True)
class Workspace:
    """Fresh data and Prefect homes for one run."""

    root: Path

    api_url: str | None

    @classmethod
    def create(cls, root: Path, prefect: PreparedPrefect) -> Workspace:
        shutil.copytree(prefect.home, root / "prefect")
        return cls(root, prefect.api_url)

    @property
    def home(self) -> Path:
        return self.root / "home"

    @property
    def db(self) -> Path:
        return self.home / "ofsted-watch.duckdb"

    def environment(self) -> dict[str, str]:
        inherited = {name: value for name, value in os.environ.items() if name not in WORKSPACE_VARIABLES}
        server = {"PREFECT_API_URL": self.api_url} if self.api_url else {}
        return {
            **inherited,
            **server,
            "OFSTED_WATCH_HOME": str(self.home),
            "PREFECT_HOME": str(self.root / "prefect"),
            "OFSTED_WATCH_MAX_RPS": LOCAL_MAX_RPS,
        }


def prepare_prefect(scratch: Path) -> PreparedPrefect:
    """Let Prefect create its database, by a backfill of an empty folder: that cost is paid once per machine."""
    root, empty = scratch / "prefect-setup", scratch / "empty-folder"
    empty.mkdir(parents=True)
    root.mkdir()
    result = run_cli(Workspace(root, None), "backfill", "--source", str(empty))
    # Only the database: results Prefect stored (its cache of extractions) must not carry over.
    shutil.rmtree(root / "prefect" / "storage", ignore_errors=True)
    return PreparedPrefect(root / "prefect", result.seconds)


@dataclass(frozen=True)
class RunningPrefectServer:
    prefect: PreparedPrefect
    server: PrefectServer

    def peak_mb(self) -> float:
        """The server process's peak resident set so far (VmHWM)."""
        status = Path(f"/proc/{self.server.pid}/status").read_text()
        kilobytes = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
        return kilobytes * 1024 / MB


@contextmanager
def prefect_server(scratch: Path) -> Iterator[RunningPrefectServer]:
    """A Prefect server for the commands to report to, started (creating its database) and stopped here."""
    root = scratch / "prefect-server"
    (root / "client").mkdir(parents=True)
    environment = {**os.environ, "PREFECT_HOME": str(root / "server")}
    environment.pop("PREFECT_API_URL", None)
    started = time.perf_counter()
    with PrefectServer(free_port(), root / "server.log", environment) as server:
        prefect = PreparedPrefect(root / "client", time.perf_counter() - started, server.api_url)
        yield RunningPrefectServer(prefect, server)


def run_cli(workspace: Workspace, *arguments: str, environment: dict[str, str] | None = None) -> CommandResult:
    """`ofsted-watch ARGUMENTS` in the workspace; `environment`: more variables (a subscribers file, say)."""
    result = run_command([str(CLI), *arguments], {**workspace.environment(), **(environment or {})}, cwd=workspace.root)
    if result.exit_code not in COMPLETED_EXIT_CODES:
        raise BenchmarkFailed(
            f"`ofsted-watch {' '.join(arguments)}` exited with {result.exit_code}:\n{result.output[-2000:]}"
        )
    return result


def warehouse_counts(db: Path) -> dict[str, float]:
    """What the warehouse holds after a run: documents and their pages, events, and the documents by status."""
    con = connect(db, read_only=True)
    try:
        documents, pages, events = con.execute(
            "SELECT count(*), coalesce(sum(pages), 0), (SELECT count(*) FROM events) FROM documents"
        ).fetchone() or (0, 0, 0)
        by_status = dict(con.execute("SELECT status, count(*) FROM documents GROUP BY status").fetchall())
    finally:
        con.close()
    return {
        "documents": documents,
        "pages": pages,
        "events": events,
        **{f"status_{k}": v for k, v in by_status.items()},
    }


def flow_seconds(db: Path, flow: str) -> float:
    """The flow's own duration, as it recorded it in `runs`: no interpreter or Prefect start-up."""
    con = connect(db, read_only=True)
    try:
        row = con.execute(
            "SELECT duration_seconds FROM runs WHERE flow = ? AND status = 'completed' "
            "ORDER BY started_at DESC LIMIT 1",
            [flow],
        ).fetchone()
    finally:
        con.close()
    if row is None or row[0] is None:
        raise BenchmarkFailed(f"the {flow} run did not complete: no completed row in `runs`")
    return float(row[0])


def _ingest_sample(result: CommandResult, workspace: Workspace, flow: str, **counts: float) -> Sample:
    return Sample(
        seconds=result.seconds,
        peak_mb=result.tree_peak_mb,
        counts={
            **warehouse_counts(workspace.db),
            **counts,
            "exit_code": result.exit_code,
            "largest_process_mb": result.largest_process_mb,
        },
        timings={"flow_seconds": flow_seconds(workspace.db, flow)},
    )


def backfill_folder(corpus: Path, runs: int, prefect: PreparedPrefect, keep: Path) -> Measurement:
    """`ofsted-watch backfill --source CORPUS` into fresh homes; the last run's workspace is `keep` (its
    warehouse is `backfilled_warehouse(..., keep, ...)`'s, made once rather than by a backfill of its own)."""
    samples = []
    for run in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-folder-") as scratch:
            root = keep if run == runs - 1 else Path(scratch)
            root.mkdir(parents=True, exist_ok=True)
            workspace = Workspace.create(root, prefect)
            result = run_cli(workspace, "backfill", "--source", str(corpus.resolve()))
            samples.append(_ingest_sample(result, workspace, "backfill"))
    return summarise("backfill from a folder (CLI)", samples)


def backfilled_warehouse(corpus: Path, root: Path, prefect: PreparedPrefect) -> Path:
    """A warehouse holding the corpus, as `ofsted-watch backfill --source CORPUS` leaves it in `root`: backfilled
    now unless `backfill_folder` kept its last run there."""
    workspace = Workspace(root, prefect.api_url)
    if not workspace.db.exists():
        root.mkdir(parents=True)
        workspace = Workspace.create(root, prefect)
        run_cli(workspace, "backfill", "--source", str(corpus.resolve()))
    return workspace.db


@dataclass(frozen=True)
class SiteResults:
    backfill: Measurement
    poll: Measurement


def backfill_site_then_poll(corpus: Path, runs: int, prefect: PreparedPrefect) -> SiteResults:
    """The corpus served by the sample site: a backfill into fresh homes, then a poll with nothing new."""
    publications = folder_publications(corpus)
    backfills, polls = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-site-") as scratch, SampleSite(publications) as site:
            workspace = Workspace.create(Path(scratch), prefect)
            result = run_cli(workspace, "backfill", "--source", site.url)
            backfills.append(_ingest_sample(result, workspace, "backfill", **_traffic(site)))
            site.reset_counts()
            result = run_cli(workspace, "poll", "--source", site.url)
            polls.append(_ingest_sample(result, workspace, "poll", **_traffic(site)))
    return SiteResults(
        backfill=summarise(f"backfill from the local site (CLI, {prefect.configuration})", backfills),
        poll=summarise(f"poll with nothing new (CLI, {prefect.configuration})", polls),
    )


def raw_text_of_site_files(corpus: Path, runs: int) -> Measurement:
    """The PDF library alone, one core, on the files the site serves."""
    paths = [p.path for p in folder_publications(corpus)]
    return measure("pypdfium2 raw text, same files (1 core)", raw_library_text, paths, runs=runs)


def _traffic(site: SampleSite) -> dict[str, float]:
    return {
        "requests": sum(site.requests.values()),
        "file_requests": site.file_requests(),
        "file_downloads": sum(site.downloads.values()),
    }
