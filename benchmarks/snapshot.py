"""Publishing the snapshot other tools read (warehouse/snapshot.py): the step every poll and backfill ends with.

Each figure: a fresh process publishes the warehouse's snapshot (open it read-only, `COPY FROM DATABASE` into a
new file in DuckDB 1.0's storage format, compare every table's row count and every view and macro, rename it
over the last one), as the flow's `publish snapshot` task does. Beside it, what copying the working file after a
CHECKPOINT costs: faster, but its DuckDB 2.0 format cannot be opened by the DuckDB 1.x that analysts' ODBC
and JDBC drivers may bundle, so it is not used.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from benchmarks.harness import Measurement, measure
from warehouse.snapshot import publish


def publish_snapshot(db: Path, target: Path) -> dict[str, float]:
    published = publish(db, target)
    return {"snapshot_bytes": published.size_bytes}


def checkpoint_and_copy(db: Path, target: Path) -> dict[str, float]:
    """The alternative: no DuckDB 1.x reader can open the copy."""
    con = duckdb.connect(str(db))
    try:
        con.execute("CHECKPOINT")
        shutil.copyfile(db, target)
    finally:
        con.close()
    return {"snapshot_bytes": target.stat().st_size}


def run(name: str, db: Path, scratch: Path, runs: int) -> tuple[Measurement, Measurement]:
    """Publishing `db`'s snapshot, and copying the file instead, each `runs` times into `scratch`."""
    scratch.mkdir(parents=True, exist_ok=True)
    return (
        measure(f"publish the snapshot: {name}", publish_snapshot, db, scratch / "ofsted-watch.duckdb", runs=runs),
        measure(f"CHECKPOINT and copy the file: {name}", checkpoint_and_copy, db, scratch / "copy.duckdb", runs=runs),
    )
