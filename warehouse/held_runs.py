"""Runs that could not be recorded because another process held the warehouse: kept in a file until it is free.

A run that waited `OFSTED_WATCH_LOCK_WAIT_SECONDS` for another process (an analyst's tool) to let go of the
warehouse, in vain, cannot write its own `runs` row. It leaves the row as a JSON file in `<database>.held-runs/`
beside the database (as the run lock lives beside it), one file per run, written to a temporary name and
renamed. The next run that opens the warehouse writes each such row, replacing the `running` row the run may
have left, deletes the file, and reports the run.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from warehouse import store
from warehouse.db import transaction


@dataclass(frozen=True)
class HeldRun:
    """A `runs` row waiting to be written."""

    run_id: str
    flow: str
    source: str | None
    status: str
    started_at: datetime
    finished_at: datetime
    notes: str | None
    counts: dict[str, int] = field(default_factory=dict)  # seen, new, unchanged, loaded, ... as in `runs`

    @classmethod
    def of(
        cls,
        flow: str,
        source: str | None,
        started_at: datetime,
        notes: str,
        run_id: str | None = None,
        status: str = "failed",
        counts: dict[str, int] | None = None,
    ) -> HeldRun:
        """The row of a run ending now; a run that never got a run_id gets one."""
        return cls(run_id or uuid.uuid4().hex, flow, source, status, started_at, datetime.now(), notes, counts or {})

    def row(self) -> dict[str, Any]:
        fields = asdict(self)
        return {**{k: v for k, v in fields.items() if k != "counts"}, **self.counts}

    def describe(self) -> str:
        return f"{self.flow} of {self.source} started {self.started_at:%Y-%m-%d %H:%M:%S}: {self.status}: {self.notes}"


def folder(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".held-runs")


def hold(db_path: Path, run: HeldRun) -> Path:
    """Keep the run's row for the next run to write."""
    target = folder(db_path) / f"{run.run_id}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    row = {**asdict(run), "started_at": run.started_at.isoformat(), "finished_at": run.finished_at.isoformat()}
    partial.write_text(json.dumps(row), encoding="utf-8")
    os.replace(partial, target)
    return target


def waiting(db_path: Path) -> list[tuple[Path, HeldRun]]:
    """The rows kept so far, oldest run first."""
    found = []
    for path in folder(db_path).glob("*.json"):
        raw = json.loads(path.read_text(encoding="utf-8"))
        raw["started_at"], raw["finished_at"] = (datetime.fromisoformat(raw[k]) for k in ("started_at", "finished_at"))
        found.append((path, HeldRun(**raw)))
    return sorted(found, key=lambda item: item[1].started_at)


def record(con: duckdb.DuckDBPyConnection, db_path: Path) -> list[HeldRun]:
    """Write every kept row into `runs` (one transaction), then forget them; return them, oldest first."""
    kept = waiting(db_path)
    if not kept:
        return []
    with transaction(con):
        for _, run in kept:
            store.save_run(con, run.row())
    for path, _ in kept:
        path.unlink()
    with contextlib.suppress(OSError):  # not empty: a partial file left by a killed run
        folder(db_path).rmdir()
    return [run for _, run in kept]
