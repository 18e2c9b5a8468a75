"""The published snapshot: a read-only copy of the warehouse for analysts' tools, replaced after every run.

A DuckDB file has one writer, and the tools analysts use (DBeaver, notebooks, ODBC in Excel or Power BI) open
files read-write by default: pointed at the working file, they would stop the pipeline. They read this copy
instead. It is written beside the last one and renamed over it, so a reader that has the old one open keeps
reading it and the next reader opens the new one; never a half-written file.

How it is written, and why (measured in BENCHMARKS.md; docs/warehouse.md, "Using the data from other tools"):
- `COPY FROM DATABASE` from a read-only connection into a new file: one transaction, so a consistent state; it
  carries every table (with its rows), view and macro, and the file holds no write-ahead log.
- The new file is attached with an older STORAGE_VERSION, because the working file's format (DuckDB 2.0's)
  cannot be opened by DuckDB 1.x, which the ODBC and JDBC drivers in analysts' tools may still bundle. Copying
  the working file after a CHECKPOINT is faster, but carries that format. EXPORT DATABASE writes a folder, not
  a file a tool can open, and its IMPORT fails on our macros (they use views it creates later).
- Before the rename, every table's row count and the names of every table, view and macro are compared with
  the warehouse: a snapshot that is not complete never replaces a good one.
- The file is left read-only (mode 0444), so a tool that tries to open it for writing is refused at once
  instead of taking a lock on it.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from warehouse.db import WarehouseBusy, connect, scalar

# Readable by DuckDB 1.0 and every later version (checked with 1.1.3, 1.5.6 and 2.0.1).
STORAGE_VERSION = "v1.0.0"
_TARGET = "published_snapshot"  # the new file's name while attached
READ_ONLY_MODE = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH


class SnapshotIncomplete(Exception):
    """The copy differs from the warehouse: it is discarded and the published snapshot stays as it was."""


@dataclass(frozen=True)
class Snapshot:
    path: Path
    published_at: datetime
    size_bytes: int
    seconds: float  # to write it


def publish(
    db_path: Path,
    target: Path,
    wait_seconds: float = 0.0,
    on_wait: Callable[[WarehouseBusy], None] | None = None,
) -> Snapshot:
    """Copy the warehouse to `target`: written beside it, checked, then renamed over it.

    Raises WarehouseBusy (or WarehouseHeld after `wait_seconds`) while another process writes the warehouse,
    SnapshotIncomplete, or an OSError/duckdb.Error; the published snapshot is then left as it was.
    """
    clock = time.perf_counter()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    _remove(partial)  # left by a publish that was killed
    try:
        _copy(db_path, partial, wait_seconds, on_wait)
        partial.chmod(READ_ONLY_MODE)
        _fsync(partial)
        os.replace(partial, target)
    except BaseException:
        _remove(partial)
        raise
    _fsync(target.parent)
    return Snapshot(target, published_at(target), target.stat().st_size, time.perf_counter() - clock)


def published_at(path: Path) -> datetime:
    """When the snapshot was published (local time): its file is written once, then only renamed."""
    return datetime.fromtimestamp(path.stat().st_mtime)


def _copy(db_path: Path, partial: Path, wait_seconds: float, on_wait: Callable[[WarehouseBusy], None] | None) -> None:
    con = connect(db_path, read_only=True, wait_seconds=wait_seconds, on_wait=on_wait)
    try:
        source = str(scalar(con, "SELECT current_database()"))
        con.execute(f"ATTACH {_quoted(str(partial))} AS {_TARGET} (READ_WRITE, STORAGE_VERSION '{STORAGE_VERSION}')")
        try:
            con.execute(f"COPY FROM DATABASE {_identifier(source)} TO {_TARGET}")
            _check_complete(con, source)
        finally:
            con.execute(f"DETACH {_TARGET}")  # checkpoints: the file holds everything, no write-ahead log
    finally:
        con.close()


def _check_complete(con: duckdb.DuckDBPyConnection, source: str) -> None:
    expected, got = _contents(con, source), _contents(con, _TARGET)
    if got != expected:
        differences = sorted(set(expected.items()) ^ set(got.items()))
        raise SnapshotIncomplete(f"the copy differs from the warehouse: {differences[:5]}")


def _contents(con: duckdb.DuckDBPyConnection, database: str) -> dict[str, object]:
    """Every table with its row count, and every view and macro, by name."""
    contents: dict[str, object] = {}
    tables = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? ORDER BY table_name", [database]
    ).fetchall()
    for (table,) in tables:
        contents[f"table {table}"] = scalar(con, f"SELECT count(*) FROM {_identifier(database)}.{_identifier(table)}")
    views = con.execute(
        "SELECT view_name FROM duckdb_views() WHERE database_name = ? AND NOT internal", [database]
    ).fetchall()
    contents |= {f"view {name}": True for (name,) in views}
    macros = con.execute(
        "SELECT DISTINCT function_name FROM duckdb_functions() "
        "WHERE database_name = ? AND NOT internal AND function_type IN ('macro', 'table_macro')",
        [database],
    ).fetchall()
    contents |= {f"macro {name}": True for (name,) in macros}
    return contents


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _fsync(path: Path) -> None:
    """Flush a file, or a folder's entries (the rename), to disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _remove(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)
