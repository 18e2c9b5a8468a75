"""Run a measurement several times in fresh processes; report the median and the peak memory.

Two kinds of target: a Python function run in a spawned process (`measure`), and a real command line run as a
subprocess (`run_command`), whose whole process tree is watched (the CLI starts Prefect's server as a child).
"""

from __future__ import annotations

import multiprocessing
import os
import platform
import resource
import statistics
import subprocess
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from queue import Empty
from typing import Any

MB = 1024 * 1024
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
# How often the process tree's memory is read while a command runs.
SAMPLE_EVERY_SECONDS = 0.05


@dataclass(frozen=True)
class Sample:
    """One run: its wall time, peak memory, what it processed, and other durations it reported."""

    seconds: float
    peak_mb: float
    counts: Mapping[str, float]
    timings: Mapping[str, float] = field(default_factory=dict)


@dataclass
class Measurement:
    """Several runs of one thing: median times, the highest peak, and the counts (the largest of the runs)."""

    name: str
    seconds: float
    peak_mb: float
    counts: dict[str, float]
    runs: int
    timings: dict[str, float] = field(default_factory=dict)

    def rate(self, key: str, seconds: float | None = None) -> float:
        spent = self.seconds if seconds is None else seconds
        return self.counts[key] / spent if spent else 0.0


def summarise(name: str, samples: Sequence[Sample]) -> Measurement:
    """Counts should not vary between runs; if one does, the largest is reported (a download count, say)."""
    keys = dict.fromkeys(key for sample in samples for key in sample.counts)
    counts = {key: max(sample.counts.get(key, 0) for sample in samples) for key in keys}
    timings = {key: statistics.median(s.timings[key] for s in samples) for key in samples[0].timings}
    return Measurement(
        name=name,
        seconds=statistics.median(s.seconds for s in samples),
        peak_mb=max(s.peak_mb for s in samples),
        counts=counts,
        runs=len(samples),
        timings=timings,
    )


def _child(target: Callable[..., dict[str, float]], args: tuple[Any, ...], timed: Sequence[str], queue: Any) -> None:
    started = time.perf_counter()
    try:
        reported = target(*args)
    except BaseException as error:  # the parent waits on the queue: it gets the failure, not silence
        queue.put(RuntimeError(f"{getattr(target, '__name__', target)} failed: {error!r}\n{traceback.format_exc()}"))
        raise
    elapsed = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    counts = {key: value for key, value in reported.items() if key not in timed}
    queue.put(Sample(elapsed, peak_kb / 1024, counts, {key: reported[key] for key in timed}))


def measure(
    name: str, target: Callable[..., dict[str, float]], *args: Any, runs: int = 3, timed: Sequence[str] = ()
) -> Measurement:
    """Median wall time of `runs` fresh processes; `target` returns the counts it processed (documents, pages…)
    and, under the keys named in `timed`, durations it measured within itself (their median is reported).

    The time covers the call of `target` only: the interpreter's start and the imports at the top of the
    target's module are done before it.
    """
    context = multiprocessing.get_context("spawn")
    samples = []
    for _ in range(runs):
        queue = context.Queue()
        process = context.Process(target=_child, args=(target, args, timed, queue))
        process.start()
        sample = _reported(queue, process, name)
        process.join()
        if isinstance(sample, BaseException):
            raise sample
        samples.append(sample)
    return summarise(name, samples)


def _reported(queue: Any, process: Any, name: str) -> Sample | BaseException:
    """The child's sample or failure; an error, rather than a wait for ever, when it died without either (killed,
    out of memory)."""
    while True:
        try:
            return queue.get(timeout=1)
        except Empty:
            if not process.is_alive():
                try:
                    return queue.get(timeout=5)
                except Empty:
                    return RuntimeError(f"{name}: the measuring process ended (code {process.exitcode}) unreported")


# --- commands ---


@dataclass(frozen=True)
class CommandResult:
    exit_code: int
    seconds: float
    tree_peak_mb: float  # the most the whole process tree held at once (sum of resident sets, sampled)
    largest_process_mb: float  # the peak resident set of the largest single process in the tree (exact)
    output: str


def run_command(argv: Sequence[str], env: Mapping[str, str], cwd: Path | None = None) -> CommandResult:
    """Run a command to its end, timing it and watching the memory of it and every process it starts."""
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen(argv, env=dict(env), cwd=cwd, stdout=output, stderr=subprocess.STDOUT)
        watcher = TreeWatcher(process.pid)
        watcher.start()
        # wait4, not wait: its resource usage covers the child and every descendant it waited for.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        watcher.stop()
        output.seek(0)
        text = output.read().decode(errors="replace")
    return CommandResult(
        exit_code=process.returncode,
        seconds=seconds,
        tree_peak_mb=watcher.peak_bytes / MB,
        largest_process_mb=usage.ru_maxrss / 1024,
        output=text,
    )


class TreeWatcher(threading.Thread):
    """Samples the resident memory of a process and all its descendants until stopped: the most they held at
    once (summed), and the most any one of them held (a child's own, where its `ru_maxrss` would start from
    its parent's when it was forked)."""

    def __init__(self, root: int) -> None:
        super().__init__(name="tree-watcher", daemon=True)
        self.root = root
        self.peak_bytes = self.largest_bytes = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            held = resident_by_process(self.root)
            self.peak_bytes = max(self.peak_bytes, sum(held))
            self.largest_bytes = max(self.largest_bytes, *held, 0)
            self._stop_event.wait(SAMPLE_EVERY_SECONDS)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def resident_by_process(root: int) -> list[int]:
    """Resident memory of `root` and of each of its descendants, from /proc (0 once one is gone)."""
    return [resident_bytes(pid) for pid in [root, *descendants(root)]]


def descendants(root: int) -> dict[int, str]:
    """Each process under `root`: its pid and command name."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            parent = _parent_of(entry)
            if parent is not None:
                parents.setdefault(parent, []).append(int(entry.name))
    found, pending = {}, list(parents.get(root, []))
    while pending:
        pid = pending.pop()
        found[pid] = _name(pid)
        pending += parents.get(pid, [])
    return found


def _name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return "?"


def _parent_of(entry: Path) -> int | None:
    try:
        stat = (entry / "stat").read_text()
    except OSError:  # the process ended while we looked
        return None
    # The command name (field 2) may hold spaces and parentheses: the fields after it follow the last ')'.
    return int(stat.rsplit(")", 1)[1].split()[1])


def resident_bytes(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


# --- the report's header ---


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory_gb:.0f} GiB RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def today() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
