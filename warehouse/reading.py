"""Where readers read: the warehouse, else its published snapshot. The one place that decides.

`sql`, `export`, `digest` (without --send) and the site open the data through `open_for_reading`. The working
file has one writer: while a run writes it (or another tool holds it for writing), a read-only open fails, and
the reader gets the snapshot the last run published instead, with a note saying so and how old it is. Asked
for the snapshot (`snapshot_only`, `sql --snapshot`), it reads the snapshot whatever the warehouse is doing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from warehouse.db import WarehouseBusy, connect
from warehouse.snapshot import published_at


class SnapshotMissing(Exception):
    """The snapshot was asked for (or the warehouse is busy) and none has been published yet."""


@dataclass(frozen=True)
class Reading:
    """An open read-only connection, and what it reads. Closes the connection when used as a context manager."""

    con: duckdb.DuckDBPyConnection
    path: Path
    from_snapshot: bool
    published_at: datetime | None = None  # the snapshot's, when reading it
    busy: WarehouseBusy | None = None  # why the warehouse itself is not read

    def note(self) -> str | None:
        """One line for stderr when the answer comes from the snapshot: why, and as of when."""
        if not self.from_snapshot or self.published_at is None:
            return None
        where = f"the snapshot published {self.published_at:%Y-%m-%d %H:%M:%S} ({self.path})"
        if self.busy is None:
            return f"reading {where}"
        return f"the warehouse {self.busy.path} is in use by {self.busy.holder}: reading {where}"

    def __enter__(self) -> Reading:
        return self

    def __exit__(self, *exception: object) -> None:
        self.con.close()


def open_for_reading(db_path: Path, snapshot_path: Path, snapshot_only: bool = False) -> Reading:
    """A read-only connection to the warehouse, or to the snapshot when asked or when the warehouse is busy.

    Use it in a `with` block. Raises WarehouseMissing when there is no warehouse, SnapshotMissing when the
    snapshot is needed and none has been published.
    """
    return _snapshot(snapshot_path, None) if snapshot_only else _warehouse_else_snapshot(db_path, snapshot_path)


def _warehouse_else_snapshot(db_path: Path, snapshot_path: Path) -> Reading:
    try:
        return Reading(connect(db_path, read_only=True), db_path, from_snapshot=False)
    except WarehouseBusy as busy:
        return _snapshot(snapshot_path, busy)


def _snapshot(path: Path, busy: WarehouseBusy | None) -> Reading:
    # Its time first: if a new snapshot replaces it meanwhile, the note errs on the old side.
    try:
        published = published_at(path)
    except FileNotFoundError:
        why = f"{busy} " if busy else ""
        raise SnapshotMissing(f"{why}No snapshot has been published at {path} yet (each poll and backfill "
                              "publishes one).") from None  # fmt: skip
    return Reading(duckdb.connect(str(path), read_only=True), path, True, published, busy)
