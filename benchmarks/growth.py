"""How the site's search index grows with the history: the corpus's documents, then 3 and 10 times as many.

The index is most of a site build's time and all of its memory beyond the CLI's (docs/site.md). The larger
histories are the corpus's own documents and passages again, each copy a document of its own (its id and
address its copy's), dated as the original: so every year holds 3 or 10 times the corpus's documents, with
real passages, as a longer history of letters would. Measured for each size, in a fresh process: the index
written whole (`write_search_index` with no previous site: every shard's passages read, hashed and indexed),
the largest process (Pagefind's included, sampled from /proc), then the index brought up to date after one
more document (a poll's step: only its shard indexed again).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime
from functools import partial
from itertools import groupby
from pathlib import Path
from typing import TypeVar

from benchmarks.harness import MB, Measurement, TreeWatcher, measure
from reports.site.load import load_site, passage_reader
from reports.site.model import Passage, SiteData
from reports.site.render import SiteWriter
from reports.site.search import Located, PassageReader, plan_shards, shard_records, write_search_index
from warehouse.reading import open_for_reading

T = TypeVar("T")
SIZES = (1, 3, 10)
# A copy's document id: the original's, after this and the copy's number.
COPY = "copy-{number}:"


def index_at(db: Path, out: Path, copies: int) -> dict[str, float]:
    """The index of the corpus's documents `copies` times over, then after one more document."""
    shutil.rmtree(out, ignore_errors=True)
    with open_for_reading(db, db.with_name("no-snapshot.duckdb")) as reading:
        site = load_site(reading.con, date.today(), datetime.now())
        located = _located(site, out / "pages")
        originals = list(located)
        sizes = dict(site.passage_facts)
        for number in range(1, copies):
            for document_id in originals:
                copy = COPY.format(number=number) + document_id
                located[copy] = _copied(located[document_id], copy)
                if document_id in sizes:
                    sizes[copy] = sizes[document_id]
        read = partial(_read, passage_reader(reading.con))
        records = partial(shard_records, located=located, read=read)
        watcher = TreeWatcher(os.getpid())
        watcher.start()
        try:
            whole = _timed(lambda: write_search_index(out / "whole", plan_shards(located, sizes), records, None))
        finally:
            watcher.stop()
        newest = max((document_id for document_id in originals if document_id in sizes),
                     key=lambda document_id: _day(located[document_id]))  # fmt: skip
        extra = COPY.format(number=copies) + newest
        located[extra], sizes[extra] = _copied(located[newest], extra), sizes[newest]
        shards = plan_shards(located, sizes)
        poll = _timed(lambda: write_search_index(out / "poll", shards, records, out / "whole"))
    return {
        "documents": len([document_id for document_id in located if document_id in sizes]) - 1,
        "records": whole[1].records,
        "shards": len(shards),
        "index_seconds": whole[0],
        "largest_process_mb": watcher.largest_bytes / MB,
        "poll_seconds": poll[0],
        "poll_shards_indexed": poll[1].shards_indexed,
    }


def run(db: Path, scratch: Path, runs: int) -> list[Measurement]:
    timed = ("index_seconds", "poll_seconds")
    return [
        measure(f"{copies}x the corpus", index_at, db, scratch / f"growth-{copies}", copies, runs=runs, timed=timed)
        for copies in SIZES
    ]


def _located(site: SiteData, folder: Path) -> dict[str, Located]:
    """Each document's place on its LA's pages, as the site's writer finds them (the pages written aside)."""
    writer = SiteWriter(site, folder, None, lambda document_ids: iter(()), None)
    for la in site.authorities:
        writer.authority_pages(la)
    return dict(writer.located)


def _copied(where: Located, document_id: str) -> Located:
    return Located(where.page, replace(where.entry, document_id=document_id))


def _day(where: Located) -> date:
    entry = where.entry
    return entry.inspection_end or entry.event_date or entry.published or date.min


def _original(document_id: str) -> str:
    return document_id.split(":", 1)[1] if document_id.startswith("copy-") else document_id


def _read(read: PassageReader, document_ids: list[str]) -> Iterator[Passage]:
    """The passages of originals and copies, document by document: a copy's are its original's, under its own
    id (one document's passages held at a time)."""
    wanted: dict[str, list[str]] = {}
    for document_id in document_ids:
        wanted.setdefault(_original(document_id), []).append(document_id)
    for original, passages in groupby(read(sorted(wanted)), key=lambda passage: passage.document_id):
        held = list(passages)
        for document_id in wanted[original]:
            yield from (replace(passage, document_id=document_id) for passage in held)


def _timed(work: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result
