"""Run a measurement several times in fresh processes; report the median and the peak memory."""

from __future__ import annotations

import multiprocessing
import os
import platform
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


@dataclass
class Measurement:
    name: str
    seconds: float
    peak_mb: float
    counts: dict[str, float]
    runs: int

    def rate(self, key: str) -> float:
        return self.counts[key] / self.seconds if self.seconds else 0.0


def _child(target: Callable[..., dict[str, float]], args: tuple[Any, ...], queue: Any) -> None:
    started = time.perf_counter()
    counts = target(*args)
    elapsed = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put((elapsed, peak_kb / 1024, counts))


def measure(name: str, target: Callable[..., dict[str, float]], *args: Any, runs: int = 3) -> Measurement:
    """Median wall time of `runs` fresh processes; `target` returns the counts it processed (documents, pages…)."""
    context = multiprocessing.get_context("spawn")
    results = []
    for _ in range(runs):
        queue = context.Queue()
        process = context.Process(target=_child, args=(target, args, queue))
        process.start()
        results.append(queue.get())
        process.join()
    seconds = statistics.median(r[0] for r in results)
    return Measurement(name, seconds, max(r[1] for r in results), results[0][2], runs)


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
