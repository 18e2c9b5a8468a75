"""How the site grows with the history: the corpus's warehouse, then 3 and 10 times as many documents.

The larger histories are the corpus's warehouse with every document copied in each table that holds documents
(their passages, judgements, improvements, versions...): each copy a document of its own (its id the original's
after `copy-N:`), dated as the original, so every LA and every year holds 3 or 10 times the corpus's documents,
with real passages, as a longer history of letters would. Measured for each size, in a fresh process:

- the whole site built where there was none (`build_site`: every page, download and search shard), with the
  largest process of it and the peak of the whole tree (Pagefind's processes included, sampled from /proc);
- a poll's site step: one more document (a copy of the newest) loaded, then `build_site` again over that site,
  rendering only the pages it changes and indexing only its shard;
- the search page of that site in headless Chromium, for the query that was slowest on the corpus: the time to
  its first results and what it downloaded.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from benchmarks.harness import Measurement, measure
from benchmarks.website import build_figures, search_in_browser, watched_build
from reports.site.build import build_site

SIZES = (1, 3, 10)
# A copy's document id: the original's, after this and the copy's number.
COPY = "copy-{number}:"
# The slowest of the website section's queries on the corpus (two common words: an index chunk for each from
# every shard).
QUERY = "care leavers"
# Tables of a document's sending, not its content: not copied.
NOT_COPIED = ("alert_sends",)


def site_at(db: Path, folder: Path, copies: int) -> dict[str, float]:
    """The corpus's documents `copies` times over: the site built whole, a poll's rebuild, a search."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    grown, out = folder / "warehouse.duckdb", folder / "site"
    shutil.copyfile(db, grown)
    with duckdb.connect(str(grown)) as con:
        for number in range(1, copies):
            copy_documents(con, COPY.format(number=number))
    whole, watcher = watched_build(grown, out)
    with duckdb.connect(str(grown)) as con:
        copy_documents(con, COPY.format(number=copies), newest_only=True)
    poll = build_site(grown, grown.with_name("no-snapshot.duckdb"), out)
    (searched,) = search_in_browser(out, 1, (QUERY,))
    return build_figures(whole, watcher) | {
        "records": whole.search_records,
        "shards": whole.search_shards,
        "poll_seconds": poll.seconds,
        "poll_pages_rendered": poll.pages_rendered,
        "poll_shards_indexed": poll.search_shards_indexed,
        "search_seconds": searched.first_results_seconds,
        "search_kb": searched.bytes / 1000,
    }


def copy_documents(con: duckdb.DuckDBPyConnection, prefix: str, newest_only: bool = False) -> None:
    """Every document (or only the newest published) again, under its id after `prefix`, in every table that
    holds documents."""
    tables = [name for (name,) in con.execute(
        "SELECT DISTINCT c.table_name FROM information_schema.columns c JOIN information_schema.tables t"
        " USING (table_schema, table_name) WHERE c.column_name = 'document_id' AND t.table_type = 'BASE TABLE'"
        " ORDER BY 1"
    ).fetchall() if name not in NOT_COPIED]  # fmt: skip
    chosen = "WHERE document_id NOT LIKE 'copy-%'"
    if newest_only:
        chosen = (
            "WHERE document_id = (SELECT document_id FROM documents WHERE document_id NOT LIKE 'copy-%'"
            " ORDER BY published DESC NULLS LAST, document_id LIMIT 1)"
        )
    for table in tables:
        con.execute(f"INSERT INTO {table} SELECT * REPLACE (? || document_id AS document_id) FROM {table} {chosen}",
                    [prefix])  # fmt: skip


def run(db: Path, scratch: Path, runs: int) -> list[Measurement]:
    timed = ("build_seconds", "poll_seconds", "search_seconds")
    return [
        measure(f"{copies}x the corpus", site_at, db, scratch / f"growth-{copies}", copies, runs=runs, timed=timed)
        for copies in SIZES
    ]
