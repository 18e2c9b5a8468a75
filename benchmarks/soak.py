"""The soak: one long-running process polls the sample site again and again, a new publication appearing before
every `every`-th poll, as `ofsted-watch serve` would over months; after each poll this process records what the
service holds.

The service (`python -m benchmarks.soak HOME SOURCE`) runs the poll flow in-process once for each line it reads,
writing a marker line when a poll is done, so the measurer adds publications between polls and samples the
service while it waits. Each poll ends by bringing the site up to date (the incremental build), as a real poll
that found something does. Recorded after each poll: the service's resident memory, its open file descriptors,
its child processes (Prefect's temporary server lives as long as the service; Pagefind should be gone), the
files left in its temporary folder, and the sizes of its data directory and its Prefect home. After the
service exits: any process it started still alive (an orphaned Pagefind or Prefect server).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO

from benchmarks.harness import MB, descendants, resident_bytes
from common.authorities import EXTRA_REFERENCE_ENV
from samples.councils import SAMPLE_REFERENCE_CSV
from samples.site import SampleSite
from samples.timeline import additional_publication, demo_publications

# What the service writes when a poll is done, then the poll's exit code.
POLLED = "SOAK-POLLED"


@dataclass(frozen=True)
class Sample:
    """The service after one poll."""

    poll: int
    exit_code: int
    seconds: float
    resident_mb: float
    descriptors: tuple[str, ...]  # what each open descriptor is: a file's path, "socket", "pipe", "anon_inode:…"
    children: tuple[str, ...]  # the command names of the service's descendants
    temporary_files: int
    home_bytes: int  # the data directory and Prefect's home
    home_parts: dict[str, int]  # the same by what is in them: "home/ofsted-watch.duckdb", "prefect/prefect.db"…
    added_bytes: int  # the publications' files added since the start


@dataclass(frozen=True)
class Soak:
    samples: list[Sample]
    orphans: list[str]  # processes the service started still alive after it exited
    temporary_files_left: int


def soak(root: Path, polls: int, every: int) -> Soak:
    """`polls` polls of the demo's sample site by one service process, a new publication before every `every`-th."""
    home, temporary, prefect_home = root / "home", root / "tmp", root / "prefect"
    for folder in (home, temporary, prefect_home):
        folder.mkdir(parents=True, exist_ok=True)
    today = date.today()
    environment = {
        **os.environ,
        EXTRA_REFERENCE_ENV: str(Path(SAMPLE_REFERENCE_CSV).resolve()),
        "TMPDIR": str(temporary),
        "PREFECT_HOME": str(prefect_home),
        "OFSTED_WATCH_REBUILD_SITE": "true",
        # As the CLI sets them (ofsted_watch.commands.ingest.PREFECT_DEFAULTS): no analytics, time for the
        # temporary server to start on a busy machine, only warnings.
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
    }
    samples: list[Sample] = []
    seen: dict[int, str] = {}
    added = 0
    with SampleSite(demo_publications(today)) as site:
        service = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.soak", str(home), site.url],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=environment,
        )  # fmt: skip
        assert service.stdin and service.stdout
        try:
            for poll in range(1, polls + 1):
                if poll % every == 0:
                    publication = additional_publication(today, poll // every)
                    site.add(publication)
                    added += len(publication.content)
                started = time.perf_counter()
                code = _poll(service.stdin, service.stdout)
                seconds = time.perf_counter() - started
                children = descendants(service.pid)
                seen.update(children)
                samples.append(
                    Sample(
                        poll,
                        code,
                        seconds,
                        resident_bytes(service.pid) / MB,
                        open_descriptors(service.pid),
                        tuple(sorted(children.values())),
                        _count_files(temporary),
                        _size(home) + _size(prefect_home),
                        _parts(root, (home, prefect_home)),
                        added,
                    )
                )
        finally:
            service.stdin.close()
            service.wait(timeout=120)
    return Soak(samples, [f"{pid} {name}" for pid, name in seen.items() if _alive(pid)], _count_files(temporary))


def _poll(stdin: IO[str], stdout: IO[str]) -> int:
    """Ask for a poll and wait for its marker; the poll's own output is passed over."""
    stdin.write("poll\n")
    stdin.flush()
    for line in stdout:
        if line.startswith(POLLED):
            return int(line.split()[1])
    raise RuntimeError("the soak's service stopped before its poll ended")


def open_descriptors(pid: int) -> tuple[str, ...]:
    """What the process's descriptors point at, sorted; a socket or a pipe by its kind (their inodes change)."""
    targets = []
    for entry in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(entry)
        except FileNotFoundError:  # closed while listed
            continue
        targets.append(target.split(":[", 1)[0])
    return tuple(sorted(targets))


def _alive(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists()


def _parts(root: Path, folders: tuple[Path, ...]) -> dict[str, int]:
    """The size of each thing in the folders (a file, or a folder's files), by its path from `root`."""
    return {
        entry.relative_to(root).as_posix(): _size(entry) if entry.is_dir() else entry.stat().st_size
        for folder in folders
        for entry in folder.iterdir()
    }


def _count_files(folder: Path) -> int:
    return sum(1 for path in folder.rglob("*") if path.is_file())


def _size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def serve_polls(home: Path, source: str) -> None:
    """The service: the poll flow for each line read (Prefect's temporary server started by the first, as the
    CLI's would be), then the marker and the run's exit code."""
    from flows.ingest import poll_flow

    for _ in sys.stdin:
        summary = poll_flow(source=source, home=str(home))
        print(f"{POLLED} {summary['exit_code']}", flush=True)


if __name__ == "__main__":
    serve_polls(Path(sys.argv[1]), sys.argv[2])
