"""The website and its downloads built from a warehouse: the corpus's (made by one real backfill) and the
synthetic history's (benchmarks/history.py); then the corpus site's search page in headless Chromium.

Each build figure is `reports.site.build.build_site` in a fresh process (harness.measure): it reads the warehouse,
writes every page, the feed, the spreadsheet, the CSV files and the search index into a new folder and swaps it
into place; it reports how long the search index took itself (`BuiltSite.search_index_seconds`).

The search figures (issue 21): the corpus's site, as the last build left it, served on 127.0.0.1 and opened at
`search.html?q=...` in Debian's Chromium (Playwright), each query in a fresh browser context (no cache), from the
page's request until its status says how many sections hold the words: the first results are drawn then.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote_plus

from playwright.sync_api import Browser, ConsoleMessage, Page, Request, ViewportSize, sync_playwright

from benchmarks.harness import MB, Measurement, TreeWatcher, measure
from reports.site.build import BuiltSite, build_site
from reports.site.serve import serving
from samples.digest_preview import chromium_path

# The hand measurement's queries (docs/search.md): two phrases and a word of the commonest kind, a rare
# phrase, the commonest word of all, and a quoted phrase.
QUERIES = ("care leavers", "private fostering", "staying put", "children", '"corporate parenting"')
# search.js sets the status once the first page of results is drawn ("... hold ..."), or when the index failed.
SHOWN = "() => /hold|could not/.test(document.getElementById('search-status').textContent)"
# A busy machine has taken 7.6 s for the commonest word: allow far more before calling the page broken.
SHOWN_TIMEOUT_MS = 120_000
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}


def build(db: Path, out: Path) -> dict[str, float]:
    """One build into a folder of its own (removed first, so every run writes the whole site afresh), watching
    the memory of every process it starts (Pagefind's); then a build with nothing changed (`ofsted-watch site`
    after a poll that found nothing: the whole site's pages rendered, the rest linked from the site replaced)."""
    shutil.rmtree(out, ignore_errors=True)
    built, watcher = watched_build(db, out)
    again = build_site(db, db.with_name("no-snapshot.duckdb"), out)
    return build_figures(built, watcher) | {
        "unchanged_seconds": again.seconds,
        "search_shards": built.search_shards,
        "files": built.files,
        "total_bytes": built.total_bytes,
        "largest_page_bytes": built.largest_page_bytes,
        "workbook_bytes": built.workbook_bytes,
        "search_records": built.search_records,
        "search_index_seconds": built.search_index_seconds,
    }


def watched_build(db: Path, out: Path) -> tuple[BuiltSite, TreeWatcher]:
    """`build_site` with the memory of every process of its tree sampled (the warehouse is never busy here)."""
    watcher = TreeWatcher(os.getpid())
    watcher.start()
    try:
        return build_site(db, db.with_name("no-snapshot.duckdb"), out), watcher
    finally:
        watcher.stop()


def build_figures(built: BuiltSite, watcher: TreeWatcher) -> dict[str, float]:
    """What every watched build reports: its size, time and memory."""
    return {
        "documents": built.documents,
        "pages": built.pages,
        "build_seconds": built.seconds,
        "largest_process_mb": watcher.largest_bytes / MB,
        "tree_peak_mb": watcher.peak_bytes / MB,
    }


@dataclass(frozen=True)
class PageLoad:
    """One opening of the search page: until the first results, then what it downloaded until the network idled."""

    seconds: float
    requests: int
    bytes: int
    status: str


@dataclass(frozen=True)
class Searched:
    """One query over the runs: the median time to first results, the most requests and bytes of a run."""

    query: str
    first_results_seconds: float
    requests: int
    bytes: int
    results: int  # sections holding the words, as the page says


@dataclass(frozen=True)
class Website:
    corpus: Measurement
    synthetic: Measurement
    searches: list[Searched]


def run(corpus_db: Path, history_db: Path, scratch: Path, runs: int) -> Website:
    corpus_site = scratch / "website-corpus-site"
    timed = ("search_index_seconds", "build_seconds", "unchanged_seconds")
    corpus = measure("the corpus", build, corpus_db, corpus_site, runs=runs, timed=timed)
    synthetic = measure("the synthetic history", build, history_db, scratch / "website-history-site", runs=runs,
                        timed=timed)  # fmt: skip
    return Website(corpus, synthetic, search_in_browser(corpus_site, runs))


def search_in_browser(site: Path, runs: int, queries: Sequence[str] = QUERIES) -> list[Searched]:
    """Every query, `runs` times each, on the site served on 127.0.0.1."""
    with serving(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path())
        try:
            _warm_up(browser, url)
            return [_searched(browser, f"{url}search.html?q={quote_plus(query)}", query, runs) for query in queries]
        finally:
            browser.close()


def _warm_up(browser: Browser, url: str) -> None:
    """Open the home page once, unmeasured: a visitor's browser is running already, so its first start of a page's
    process is not charged to the first query (in its own context: it leaves nothing cached for the searches)."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        context.new_page().goto(url)
    finally:
        context.close()


def _searched(browser: Browser, address: str, query: str, runs: int) -> Searched:
    loads = [_open(browser, address) for _ in range(runs)]
    return Searched(
        query,
        statistics.median(load.seconds for load in loads),
        max(load.requests for load in loads),
        max(load.bytes for load in loads),
        _results(loads[-1].status),
    )


def _open(browser: Browser, address: str) -> PageLoad:
    # A context of its own: an empty cache, as a visitor's first search (the page, its assets, Pagefind, the index).
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        sizes: list[int] = []
        page.on("requestfinished", lambda request: sizes.append(request.sizes()["responseBodySize"]))
        seen = _watched(page)
        started = time.perf_counter()
        page.goto(address)
        page.wait_for_function(SHOWN, timeout=SHOWN_TIMEOUT_MS)
        seconds = time.perf_counter() - started
        # The first results are drawn; what the page still fetches for them (fragments, images) counts too.
        page.wait_for_load_state("networkidle")
        status = page.locator("#search-status").inner_text()
        requests, downloaded = len(sizes), sum(sizes)
    finally:
        context.close()
    if "could not" in status:
        raise RuntimeError(f"{address}: {status} The browser saw: {seen}")
    return PageLoad(seconds, requests, downloaded, status)


def _watched(page: Page) -> list[str]:
    """What the browser reports as it goes, for an error: the page logs why its index could not load."""
    seen: list[str] = []

    def console(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            seen.append(message.text)

    def failed(request: Request) -> None:
        seen.append(f"failed: {request.url} {request.failure}")

    page.on("console", console)
    page.on("requestfailed", failed)
    return seen


def _results(status: str) -> int:
    """'26,882 sections of reports hold “children”.' -> 26882; 'No section ...' -> 0."""
    found = re.match(r"[\d,]+", status)
    return int(found.group().replace(",", "")) if found else 0
