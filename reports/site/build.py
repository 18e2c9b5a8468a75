"""Build the site from the warehouse into a folder beside the live one, then swap it in (see publish.py).

It reads as every reader does (warehouse/reading.py): the warehouse, else, while another process writes it, the
snapshot the last run published. Imports neither Prefect nor Great Expectations: `ofsted-watch site` starts in
about a second, and the flows' rebuild step calls the same function.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from reports.site.load import load_site, passage_reader
from reports.site.publish import replace_tree, site_folder, staging_folder
from reports.site.render import write_site
from warehouse.reading import open_for_reading


@dataclass(frozen=True)
class BuiltSite:
    """What a build wrote, for the command's output, the run summary and the benchmarks."""

    path: Path
    pages: int
    pages_rendered: int  # the others were linked, unchanged, from the site replaced
    files: int
    total_bytes: int
    largest_page: str  # relative to the site's root
    largest_page_bytes: int
    workbook_bytes: int
    documents: int
    seconds: float
    search_records: int  # the search index's records (reports/site/search.py: a part of a document's section each)
    search_index_seconds: float  # making those records and writing the index, within `seconds`
    search_shards: int  # the index's shards (reports/site/search.py)
    search_shards_indexed: int  # those Pagefind wrote (the others were linked from the site replaced)
    note: str | None = None  # what was read, when it was the snapshot (warehouse.reading.Reading.note)


def build_site(
    db_path: Path,
    snapshot_path: Path,
    out: Path,
    base_url: str | None = None,
    today: date | None = None,
    now: datetime | None = None,
    full: bool = False,
) -> BuiltSite:
    """Read the warehouse (read-only; its snapshot while it is busy), write every page and download, and put the
    new tree at `out`; the pages of one LA, region or week and the search index's shards that the site at `out`
    holds unchanged are taken from it unless `full`. Raises WarehouseMissing, SnapshotMissing (busy, and no
    snapshot yet) or duckdb.Error."""
    clock = time.monotonic()
    moment = now or datetime.now()
    target = site_folder(out)
    staging = staging_folder(target)
    try:
        # Open while the site is written: the search index reads the passages a shard at a time.
        with open_for_reading(db_path, snapshot_path) as reading:
            site = load_site(reading.con, today or moment.date(), moment)
            previous = None if full or not target.is_dir() else target
            written = write_site(site, staging, base_url, passage_reader(reading.con), previous)
        summary = _measure(staging, written.pages)
        replace_tree(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    files, total, (largest, largest_bytes), workbook = summary
    return BuiltSite(
        target,
        len(written.pages),
        written.pages_rendered,
        files,
        total,
        largest,
        largest_bytes,
        workbook,
        site.documents,
        time.monotonic() - clock,
        written.search_records,
        written.search_index_seconds,
        written.search_shards,
        written.search_shards_indexed,
        reading.note(),
    )


def built_today(out: Path) -> bool:
    """Whether the site at `out` was built today: its national picture and outlook are "now"."""
    index = site_folder(out) / "index.html"
    return index.exists() and date.fromtimestamp(index.stat().st_mtime) == date.today()


def _measure(folder: Path, pages: list[Path]) -> tuple[int, int, tuple[str, int], int]:
    """Files, bytes in all, the largest page and the workbook's size (os.scandir: tens of thousands of index files
    at 10 times the corpus)."""
    sizes = dict(_file_sizes(str(folder)))
    largest = max(pages, key=lambda page: sizes[str(page)])
    workbook = next((size for path, size in sizes.items() if path.endswith(".xlsx")), 0)
    return len(sizes), sum(sizes.values()), (largest.relative_to(folder).as_posix(), sizes[str(largest)]), workbook


def _file_sizes(folder: str) -> Iterator[tuple[str, int]]:
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from _file_sizes(entry.path)
            elif entry.is_file(follow_symlinks=False):
                yield entry.path, entry.stat(follow_symlinks=False).st_size
