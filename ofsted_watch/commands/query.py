"""`ofsted-watch sql` and `ofsted-watch export`, and `run_report` for the commands that print what they read
(`sql`, `stats`): read the warehouse without Prefect or GX.

They read the warehouse, else (while a run writes it) the snapshot the last run published, saying so on stderr
(warehouse/reading.py decides); `--snapshot` reads the snapshot always.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from common.config import Settings
from warehouse.db import WarehouseMissing
from warehouse.queries import export_parquet, run_read_only
from warehouse.reading import SnapshotMissing, open_for_reading

FORMATS = ("table", "csv", "json")
# What a read-only command prints: column names and rows, read from an open warehouse.
Report = Callable[[duckdb.DuckDBPyConnection], tuple[Sequence[str], Sequence[tuple[Any, ...]]]]
# Prints column names and rows.
Printer = Callable[[Sequence[str], Sequence[tuple[Any, ...]]], None]
OK, NOTHING_DONE = 0, 2


class _CommandError(Exception):
    """A problem to report in one line, with exit code 2."""


def run_sql(settings: Settings, query: str, output_format: str, snapshot: bool = False) -> int:
    """Run one read-only query and print its result as a table, CSV or JSON."""
    return run_report(settings, output_format, lambda con: run_read_only(con, query), snapshot)


def run_report(
    settings: Settings,
    output_format: str,
    report: Report,
    snapshot: bool = False,
    quiet_when_empty: bool = False,
    table: Printer | None = None,
) -> int:
    """Open the warehouse read-only (its published snapshot while it is busy, or always with `snapshot`), run
    `report` and print its columns and rows as a table (`table` when given, else every column aligned), CSV or
    JSON; nothing when it has no rows and `quiet_when_empty` (`check`: silence means all holds).

    `report` raises ValueError for an option value it refuses: reported in one line, like a bad query.
    """
    if output_format not in FORMATS:
        return _fail(f"--format must be one of {', '.join(FORMATS)}, not {output_format!r}")
    try:
        with _read_only(settings, snapshot) as con:
            names, values = report(con)
    except (_CommandError, ValueError) as error:
        return _fail(str(error))
    if quiet_when_empty and not values:
        return OK
    printers: dict[str, Printer] = {"table": table or _print_table, "csv": _print_csv, "json": _print_json}
    printers[output_format](names, values)
    return OK


def run_export(settings: Settings, parquet_dir: Path, snapshot: bool = False) -> int:
    """Write every table and view as `<name>.parquet` into the folder."""
    try:
        with _read_only(settings, snapshot) as con:
            parquet_dir.mkdir(parents=True, exist_ok=True)
            for target in export_parquet(con, parquet_dir):
                print(target)
    except (_CommandError, OSError) as error:
        return _fail(str(error))
    return OK


@contextmanager
def _read_only(settings: Settings, snapshot: bool) -> Iterator[duckdb.DuckDBPyConnection]:
    """The warehouse, else the published snapshot (saying so on stderr); the snapshot always if asked."""
    try:
        reading = open_for_reading(settings.db_path, settings.snapshot_path, snapshot_only=snapshot)
    except (WarehouseMissing, SnapshotMissing) as error:
        raise _CommandError(str(error)) from error
    except duckdb.Error as error:
        raise _CommandError(
            f"cannot open {settings.snapshot_path if snapshot else settings.db_path}: {error}"
        ) from error
    note = reading.note()
    if note:
        print(f"ofsted-watch: {note}", file=sys.stderr)
    with reading:
        try:
            yield reading.con
        except duckdb.Error as error:
            raise _CommandError(str(error)) from error


def _fail(message: str) -> int:
    print(f"ofsted-watch: {message}", file=sys.stderr)
    return NOTHING_DONE


def _plain(value: Any) -> Any:
    """JSON and CSV cells: dates as ISO text, NULL as null/empty."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _print_json(names: Sequence[str], values: Sequence[tuple[Any, ...]]) -> None:
    records = [{name: _plain(cell) for name, cell in zip(names, row, strict=True)} for row in values]
    json.dump(records, sys.stdout, indent=2, default=str)
    sys.stdout.write("\n")


def _print_csv(names: Sequence[str], values: Sequence[tuple[Any, ...]]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(names)
    writer.writerows([["" if cell is None else _plain(cell) for cell in row] for row in values])


def cell_text(cell: Any) -> str:
    """A table's cell: dates as ISO text, NULL as empty."""
    return "" if cell is None else str(_plain(cell))


def rows_count(count: int) -> str:
    """A table's last line: '(1 row)', '(20 rows)'."""
    return f"({count} row{'s' if count != 1 else ''})"


def _print_table(names: Sequence[str], values: Sequence[tuple[Any, ...]]) -> None:
    cells = [[cell_text(cell) for cell in row] for row in values]
    widths = [max([len(name), *(len(row[i]) for row in cells)]) for i, name in enumerate(names)]
    print("  ".join(name.ljust(width) for name, width in zip(names, widths, strict=True)).rstrip())
    print("  ".join("-" * width for width in widths))
    for row in cells:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    print(rows_count(len(cells)))
