"""Backfills of the corpus through the real CLI (from a folder, and from a sample site on 127.0.0.1), and a poll
of that site with nothing new.

Each backfill starts with an empty OFSTED_WATCH_HOME and a PREFECT_HOME holding only Prefect's database,
created once beforehand (`prepare_prefect`): Prefect on a machine where it has run before, with no cache of
extractions from an earlier run to make a backfill look faster than a first one. The poll runs in the
backfill's homes, as it would the next morning.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchmarks.extraction import raw_library_text
from benchmarks.harness import CommandResult, Measurement, Sample, measure, run_command, summarise
from ofsted_watch.samples.site import SampleSite, folder_publications
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
    """A PREFECT_HOME whose database exists, and what creating it cost (once per machine)."""

    home: Path
    first_use_seconds: float


@dataclass(frozen=True)
class Workspace:
    """Fresh data and Prefect homes for one run."""

    root: Path

    @classmethod
    def create(cls, root: Path, prefect: PreparedPrefect) -> Workspace:
        shutil.copytree(prefect.home, root / "prefect")
        return cls(root)

    @property
    def home(self) -> Path:
        return self.root / "home"

    @property
    def db(self) -> Path:
        return self.home / "ofsted-watch.duckdb"

    def environment(self) -> dict[str, str]:
        inherited = {name: value for name, value in os.environ.items() if name not in WORKSPACE_VARIABLES}
        return {
            **inherited,
            "OFSTED_WATCH_HOME": str(self.home),
            "PREFECT_HOME": str(self.root / "prefect"),
            "OFSTED_WATCH_MAX_RPS": LOCAL_MAX_RPS,
        }


def prepare_prefect(scratch: Path) -> PreparedPrefect:
    """Let Prefect create its database, by a backfill of an empty folder: that cost is paid once per machine."""
    root, empty = scratch / "prefect-setup", scratch / "empty-folder"
    empty.mkdir(parents=True)
    root.mkdir()
    result = run_cli(Workspace(root), "backfill", "--source", str(empty))
    # Only the database: results Prefect stored (its cache of extractions) must not carry over.
    shutil.rmtree(root / "prefect" / "storage", ignore_errors=True)
    return PreparedPrefect(root / "prefect", result.seconds)


def run_cli(workspace: Workspace, *arguments: str) -> CommandResult:
    result = run_command([str(CLI), *arguments], workspace.environment(), cwd=workspace.root)
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


def backfill_folder(corpus: Path, runs: int, prefect: PreparedPrefect) -> Measurement:
    """`ofsted-watch backfill --source CORPUS` into fresh homes."""
    samples = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-folder-") as scratch:
            workspace = Workspace.create(Path(scratch), prefect)
            result = run_cli(workspace, "backfill", "--source", str(corpus.resolve()))
            samples.append(_ingest_sample(result, workspace, "backfill"))
    return summarise("backfill from a folder (CLI)", samples)


@dataclass(frozen=True)
class SiteResults:
    backfill: Measurement
    poll: Measurement
    raw_text: Measurement
    publications: int


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
    raw = measure(
        "pypdfium2 raw text, same files (1 core)", raw_library_text, [p.path for p in publications], runs=runs
    )
    return SiteResults(
        backfill=summarise("backfill from the local site (CLI)", backfills),
        poll=summarise("poll with nothing new (CLI)", polls),
        raw_text=raw,
        publications=len(publications),
    )


def _traffic(site: SampleSite) -> dict[str, float]:
    return {
        "requests": sum(site.requests.values()),
        "file_requests": site.file_requests(),
        "file_downloads": sum(site.downloads.values()),
    }
