"""The website and its downloads built from a warehouse: the corpus's (made by one real backfill) and the
synthetic history's (benchmarks/history.py).

Each figure is `reports.site.build.build_site` in a fresh process (harness.measure): it reads the warehouse,
writes every page, the feed, the spreadsheet and the CSV files into a new folder and swaps it into place.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from benchmarks.harness import Measurement, measure
from reports.site.build import build_site


def build(db: Path, out: Path) -> dict[str, float]:
    """One build into a folder of its own (removed first, so every run writes the whole site afresh)."""
    shutil.rmtree(out, ignore_errors=True)
    built = build_site(db, db.with_name("no-snapshot.duckdb"), out)  # the warehouse is never busy here
    return {
        "documents": built.documents,
        "pages": built.pages,
        "files": built.files,
        "total_bytes": built.total_bytes,
        "largest_page_bytes": built.largest_page_bytes,
        "workbook_bytes": built.workbook_bytes,
    }


def run(corpus_db: Path, history_db: Path, scratch: Path, runs: int) -> tuple[Measurement, Measurement]:
    return (
        measure("the corpus", build, corpus_db, scratch / "website-corpus-site", runs=runs),
        measure("the synthetic history", build, history_db, scratch / "website-history-site", runs=runs),
    )
