"""`make bench`: run every benchmark and write BENCHMARKS.md with the machine, the date and medians.

    python -m benchmarks.run [--shared ../shared] [--out BENCHMARKS.md] [--runs 3] [--only SECTION]...

Sections: extraction, folder (backfill from a folder), site (backfill from a local site, then a poll with
nothing new), digest (queries and rendering on a synthetic history), snapshot (publishing the snapshot of the
corpus's warehouse and of the synthetic history), alerts (a poll's start to its same-day alert's arrival),
website (the public site and its downloads built from the corpus's warehouse and from the synthetic history, then
the corpus site's search in headless Chromium), search (splitting into passages and the command's search), soak
(one long-running process polling the sample site `--soak-polls` times, a new publication every tenth poll),
growth (the whole site, a poll's rebuild and a search at 1, 3 and 10 times the corpus).
`--only` writes just those sections: give `--out` another file when iterating.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from benchmarks import alerts, digest, extraction, growth, ingest, snapshot, soak, website
from benchmarks import search as search_bench
from benchmarks.harness import MB, Measurement, machine, today
from benchmarks.history import FULL_SIZE_EVENTS, History, build_history
from samples.site import folder_publications

BACKFILL_MAX_SECONDS = 60.0
PEAK_MAX_MB = 500.0
EXTRACTION_MIN_SHARE = 0.5
POLL_MAX_SECONDS = 5.0
QUERY_MAX_SECONDS = 1.0
# The national picture at every month end of the history, all together (issue 13).
EVERY_MONTH_MAX_SECONDS = 2.0
# Publishing the snapshot ends every poll: it should add little to a poll's few seconds.
SNAPSHOT_MAX_SECONDS = 2.0
# A same-day alert arrives within this long of the poll's load ending (issue 12).
ALERT_AFTER_POLL_MAX_SECONDS = 2.0
WEBSITE_CORPUS_MAX_SECONDS = 5.0
# No process of the corpus's build (Pagefind's included) over this (issue 34).
WEBSITE_CORPUS_MAX_MB = 400.0
LARGEST_PAGE_MAX_KB = 300
# Searching the passages (issue 21).
SPLIT_MAX_SHARE = 0.25
SEARCH_QUERY_MAX_SECONDS = 0.3
SEARCH_COMMAND_MAX_SECONDS = 2.0
SEARCH_HISTORY_QUERY_MAX_SECONDS = 1.0
# The site's search page on the corpus's build (issue 21); KB are 1,000 bytes, as for the largest page.
SEARCH_INDEX_MAX_SECONDS = 30.0
FIRST_RESULTS_MAX_SECONDS = 1.0
SEARCH_DOWNLOAD_MAX_KB = 300  # issue 34 (issue 21 asked 500)
# The site at 10 times the corpus (issue 34): built whole, and its site step after a poll adds one document.
GROWTH_BUILD_MAX_SECONDS, GROWTH_MAX_MB, GROWTH_POLL_MAX_SECONDS = 60.0, 1000.0, 10.0
# The soak (issue 34): the service's memory from the end of the warm-up (this many polls) to the last poll grows by
# less than this share.
SOAK_WARM_UP, SOAK_GROWTH_MAX = 10, 0.10


@dataclass(frozen=True)
class Check:
    target: str
    figure: str
    met: bool


@dataclass
class Section:
    title: str
    label: str  # names the section's figures in the summary
    lines: list[str] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)

    def row(self, figure: str, value: str, target: str = "", met: bool | None = None) -> None:
        """A line of the section's table; a figure with a target is also a check of the summary."""
        self.lines.append(f"| {figure} | {value} | {target} | {'' if met is None else verdict(met)} |")
        if met is not None:
            self.checks.append(Check(f"{self.label}: {figure}, {target}", value, met))

    def table(self) -> None:
        self.lines += ["", "| figure | value | target | |", "|---|---:|---|---|"]

    def markdown(self) -> list[str]:
        return [f"## {self.title}", *self.lines, ""]


@dataclass
class Context:
    """What the sections share. Each part is made once a run, when the first section that needs it asks: a run
    of sections that never start the CLI prepares no Prefect, and the corpus is backfilled once, not per section."""

    corpus: Path
    runs: int
    history_events: int
    scratch: Path
    services: ExitStack
    # Where the search section keeps its warehouses between runs (--cache), else None: built afresh in scratch.
    cache: Path | None = None
    soak_polls: int = 100
    soak_every: int = 10  # a new publication before every this many polls

    @cached_property
    def temporary_prefect(self) -> ingest.PreparedPrefect:
        """Prefect's database, for commands that start Prefect's temporary server."""
        return ingest.prepare_prefect(self.scratch)

    @cached_property
    def prefect_server(self) -> ingest.RunningPrefectServer:
        """A Prefect server for the commands to report to, stopped when the run ends."""
        return self.services.enter_context(ingest.prefect_server(self.scratch))

    @property
    def corpus_root(self) -> Path:
        """The workspace of the folder section's last backfill, whose warehouse is `corpus_warehouse`."""
        return self.scratch / "corpus-warehouse"

    @cached_property
    def corpus_warehouse(self) -> Path:
        """The corpus as one `ofsted-watch backfill --source CORPUS` leaves it (the folder section's last run,
        when that section ran); the sections only read it."""
        return ingest.backfilled_warehouse(self.corpus, self.corpus_root, self.prefect_server.prefect)

    @cached_property
    def history(self) -> History:
        """The synthetic history of `history_events` events; the sections only read it."""
        return build_history(self.scratch / "history.duckdb", self.history_events)


def verdict(met: bool) -> str:
    return "met" if met else "**not met**"


def seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def megabytes(value: float) -> str:
    return f"{value:.0f} MB"


def _median_of(runs: int) -> str:
    return f"median of {runs}"


# --- sections ---


def extraction_section(context: Context) -> Section:
    raw, ours = extraction.run(context.corpus, context.runs)
    share = ours.rate("pages") / raw.rate("pages") if raw.rate("pages") else 0.0
    section = Section("Extraction on one core (issue 3)", "Extraction")
    section.lines += [
        "",
        "Every PDF of the corpus read in one process: the PDF library alone (open, read each page's text), and",
        "`tasks.extract.extract_document` (text in reading order, classification, every field).",
        "",
        "| measurement | documents | pages | documents/s | pages/s | wall s (median) | peak MB |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *(
            f"| {m.name} | {m.counts['documents']:.0f} | {m.counts['pages']:.0f} | {m.rate('documents'):.1f} | "
            f"{m.rate('pages'):.0f} | {m.seconds:.2f} | {m.peak_mb:.0f} |"
            for m in (raw, ours)
        ),
    ]
    section.table()
    section.row(
        "our extraction's page rate, share of the raw library's",
        f"{share:.0%}",
        f"≥ {EXTRACTION_MIN_SHARE:.0%}",
        share >= EXTRACTION_MIN_SHARE,
    )
    return section


def _backfill_rows(section: Section, backfill: Measurement, prefect: ingest.PreparedPrefect) -> None:
    """Time, throughput and memory of a backfill through the CLI."""
    flow = backfill.timings["flow_seconds"]
    section.row(
        f"wall time, whole command ({_median_of(backfill.runs)})",
        seconds(backfill.seconds),
        f"≤ {BACKFILL_MAX_SECONDS:.0f} s",
        backfill.seconds <= BACKFILL_MAX_SECONDS,
    )
    section.row("the flow's own time, from `runs` (median)", seconds(flow))
    section.row("documents / pages read", f"{backfill.counts['documents']:.0f} / {backfill.counts['pages']:.0f}")
    section.row(
        "documents loaded as events / not outcomes / quarantined / failed",
        " / ".join(
            f"{backfill.counts.get(key, 0):.0f}"
            for key in ("events", "status_not_outcome", "status_quarantined", "status_fetch_failed")
        ),
    )
    section.row("documents/s, pages/s (wall time)", f"{backfill.rate('documents'):.1f}, {backfill.rate('pages'):.0f}")
    section.row(
        "documents/s, pages/s (the flow's time)",
        f"{backfill.rate('documents', flow):.1f}, {backfill.rate('pages', flow):.0f}",
    )
    section.row(
        f"peak memory, the command's process tree ({_tree(prefect)})",
        megabytes(backfill.peak_mb),
        f"< {PEAK_MAX_MB:.0f} MB",
        backfill.peak_mb < PEAK_MAX_MB,
    )
    section.row("peak memory, largest single process (the CLI)", megabytes(backfill.counts["largest_process_mb"]))


def _tree(prefect: ingest.PreparedPrefect) -> str:
    if prefect.api_url is None:
        return "sum of resident sets: the CLI and Prefect's temporary server"
    return "sum of resident sets: the CLI"


def _server_row(section: Section, server: ingest.RunningPrefectServer) -> None:
    section.row(
        "the Prefect server (a service, shared by every run; not part of the commands): peak resident set so far",
        megabytes(server.peak_mb()),
    )


def folder_section(context: Context) -> Section:
    server = context.prefect_server
    backfill = ingest.backfill_folder(context.corpus, context.runs, server.prefect, keep=context.corpus_root)
    section = Section("Backfill of the corpus from a folder (issue 4)", "Backfill from a folder")
    section.lines += [
        "",
        f"`ofsted-watch backfill --source {context.corpus}` run as a subprocess, each run into an empty",
        "`OFSTED_WATCH_HOME` and an empty `PREFECT_HOME` (no cached extractions), reporting to a Prefect server",
        "started once by the benchmark (`PREFECT_API_URL`), as in production. The wall time includes Python's",
        "start and the imports. Starting that server the first time (creating its database) took",
        f"{seconds(server.prefect.first_use_seconds)}. The next section measures the same commands with",
        "Prefect's temporary server instead.",
    ]
    section.table()
    _backfill_rows(section, backfill, server.prefect)
    _server_row(section, server)
    return section


def site_section(context: Context) -> Section:
    temporary, server = context.temporary_prefect, context.prefect_server
    section = Section(
        "Backfill of the corpus from a local site, then a poll with nothing new (issues 5, 7)", "Local site"
    )
    publications = len(folder_publications(context.corpus))
    section.lines += [
        "",
        "The corpus in the reports site's layout, served by `samples.site.SampleSite` on 127.0.0.1",
        f"({publications} publications), with `OFSTED_WATCH_MAX_RPS={ingest.LOCAL_MAX_RPS}` (the politeness",
        "limit is for Ofsted's servers). `ofsted-watch backfill --source URL` into fresh homes, then",
        "`ofsted-watch poll --source URL` in the same homes, the site unchanged; in both of Prefect's configurations:",
        "",
        "- **Prefect server** (production): the commands report to a Prefect server running as a service of its",
        "  own, as under `ofsted-watch serve` (which starts one), with workers, or with `PREFECT_API_URL` set.",
        "- **Temporary server**: no `PREFECT_API_URL`; each command starts Prefect's temporary API server as its",
        "  child (Python start, imports, a database check) and stops it at the end: its time and memory count.",
    ]
    for prefect in (server.prefect, temporary):
        section.label = f"Local site, {prefect.configuration}"
        _site_rows(section, ingest.backfill_site_then_poll(context.corpus, context.runs, prefect), prefect)
    section.lines += ["", "### Beside these"]
    section.table()
    _server_row(section, server)
    raw = ingest.raw_text_of_site_files(context.corpus, context.runs)
    section.row(
        "PDF library alone on the same files, one core: documents/s, pages/s",
        f"{raw.rate('documents'):.1f}, {raw.rate('pages'):.0f}",
    )
    section.lines += [
        "",
        "Scheduled polls run inside `ofsted-watch serve`, which has started already: they cost the flow's own time.",
    ]
    return section


def _site_rows(section: Section, results: ingest.SiteResults, prefect: ingest.PreparedPrefect) -> None:
    backfill, poll = results.backfill, results.poll
    where = prefect.configuration
    section.lines += ["", f"### Backfill, {where}"]
    section.table()
    section.row(
        "requests made (search and provider pages + files)",
        f"{backfill.counts['requests']:.0f} ({backfill.counts['requests'] - backfill.counts['file_requests']:.0f}"
        f" + {backfill.counts['file_requests']:.0f})",
    )
    _backfill_rows(section, backfill, prefect)
    section.lines += ["", f"### Poll with nothing new, {where}"]
    section.table()
    section.row("requests made (search and provider pages)", f"{poll.counts['requests']:.0f}")
    section.row(
        "file requests (PDFs asked for)", f"{poll.counts['file_requests']:.0f}", "0", poll.counts["file_requests"] == 0
    )
    section.row("PDFs downloaded", f"{poll.counts['file_downloads']:.0f}", "0", poll.counts["file_downloads"] == 0)
    section.row(
        f"the poll flow's own time, from `runs` ({_median_of(poll.runs)})", seconds(poll.timings["flow_seconds"])
    )
    section.row(
        "wall time of `ofsted-watch poll`, Python start and imports included (median)",
        seconds(poll.seconds),
        f"< {POLL_MAX_SECONDS:.0f} s",
        poll.seconds < POLL_MAX_SECONDS,
    )
    section.row(f"peak memory, the command's process tree ({_tree(prefect)})", megabytes(poll.peak_mb))


def digest_section(context: Context) -> Section:
    history = context.history
    every_month, every_month_looped, views = digest.run_context(history, context.runs)
    targeted = [
        *((m, QUERY_MAX_SECONDS) for m in digest.run(history, context.runs)),
        (every_month, EVERY_MONTH_MAX_SECONDS),
        *((m, QUERY_MAX_SECONDS) for m in views),
    ]
    section = Section(
        f"Digest queries and rendering on a synthetic history of {history.events:,} events (issues 4, 7, 13)",
        "Digest",
    )
    section.lines += [
        "",
        f"{history.events:,} events ({history.judgements:,} judgements) in {history.documents:,} documents for the",
        "LAs of the shipped reference, written in bulk into the real schema (`benchmarks/history.py` says how and",
        f"why) in {history.seconds:.1f} s. The week is the history's busiest: {history.busiest_week_documents}",
        "documents published. Each figure: a fresh process opens the warehouse read-only, runs the query and",
        "fetches every row.",
        "",
        "| query | result | median s | target | |",
        "|---|---:|---:|---|---|",
    ]
    for measurement, target in targeted:
        met = measurement.seconds < target
        section.lines.append(
            f"| {measurement.name} | {_counts(measurement)} | {measurement.seconds:.3f} | < {target:.0f} s | "
            f"{verdict(met)} |"
        )
        section.checks.append(
            Check(f"{section.label}: {measurement.name}, < {target:.0f} s", seconds(measurement.seconds), met)
        )
    section.lines.append(
        f"| {every_month_looped.name} (beside the above: each call repeats the work) | "
        f"{_counts(every_month_looped)} | {every_month_looped.seconds:.3f} | | |"
    )
    return section


def alerts_section(context: Context) -> Section:
    """Issue 12: from a poll's start to its alert's arrival, against a running Prefect server."""
    measured = alerts.poll_to_alert(context.runs, context.prefect_server.prefect)
    flow, to_alert = measured.timings["flow_seconds"], measured.timings["flow_start_to_alert"]
    section = Section("Same-day alerts: from a poll's start to the alert's arrival (issue 12)", "Alerts")
    section.lines += [
        "",
        "The sample site's history is backfilled (no alerts), then a downgrade (Wessex: good to inadequate) is",
        "published and `ofsted-watch poll` runs against a running Prefect server (`serve`'s configuration); one",
        "subscriber takes alerts through a json:// webhook on 127.0.0.1, which notes when the post arrives. The",
        "poll's own time is its `runs` row (its start to the end of the load); the alert step comes after.",
    ]
    section.table()
    section.row(f"the poll flow's own time, from `runs` ({_median_of(measured.runs)})", seconds(flow))
    section.row(
        "from the poll flow's start to the alert's arrival",
        seconds(to_alert),
        f"< poll's own time + {ALERT_AFTER_POLL_MAX_SECONDS:.0f} s",
        to_alert < flow + ALERT_AFTER_POLL_MAX_SECONDS,
    )
    section.row("of which after the load (the alert step: read, render, post)", seconds(to_alert - flow))
    section.row("from starting `ofsted-watch poll` to the alert's arrival (Python and Prefect start-up included)",
                seconds(measured.seconds))  # fmt: skip
    section.row("wall time of `ofsted-watch poll`", seconds(measured.timings["command_seconds"]))
    section.row("alerts received", f"{measured.counts['alerts']:.0f}", "1", measured.counts["alerts"] == 1)
    return section


def _counts(measurement: Measurement) -> str:
    return ", ".join(f"{value:,.0f} {key.replace('_', ' ')}" for key, value in measurement.counts.items())


def snapshot_section(context: Context) -> Section:
    scratch = context.scratch / "snapshot"
    corpus_db, history = context.corpus_warehouse, context.history
    section = Section("Publishing the snapshot for other tools (issue 15)", "Snapshot")
    section.lines += [
        "",
        "Every poll and backfill ends by publishing `published/ofsted-watch.duckdb`, the read-only copy analysts'",
        "tools open (`warehouse/snapshot.py`): `COPY FROM DATABASE` from a read-only connection into a new file in",
        "DuckDB 1.0's storage format, every table's row count and every view and macro compared, then renamed",
        "over the last one. Each figure: a fresh process publishes it (the corpus's warehouse as",
        f"`ofsted-watch backfill --source {context.corpus}` left it; the synthetic history of the digest section).",
        "Beside it, copying the working file after a CHECKPOINT: faster, but in DuckDB 2.0's format, which the",
        "DuckDB 1.x in analysts' ODBC and JDBC drivers cannot open, so it is not what ofsted-watch does.",
        "",
        "| warehouse | events | warehouse MB | snapshot MB | publish, median s | target | | CHECKPOINT + copy s |",
        "|---|---:|---:|---:|---:|---|---|---:|",
    ]
    warehouses = [
        ("the corpus", corpus_db, ingest.warehouse_counts(corpus_db)["events"]),
        (f"synthetic history of {history.events:,} events", history.db, history.events),
    ]
    for name, db, events in warehouses:
        published, copied = snapshot.run(name, db, scratch / f"published-{events:.0f}", context.runs)
        met = published.seconds <= SNAPSHOT_MAX_SECONDS
        section.lines.append(
            f"| {name} | {events:,.0f} | {db.stat().st_size / MB:.1f} | {published.counts['snapshot_bytes'] / MB:.1f} "
            f"| {published.seconds:.3f} | ≤ {SNAPSHOT_MAX_SECONDS:.0f} s | {verdict(met)} | {copied.seconds:.3f} |"
        )
        section.checks.append(
            Check(f"Snapshot: publish, {name}, ≤ {SNAPSHOT_MAX_SECONDS:.0f} s", seconds(published.seconds), met)
        )
    return section


def website_section(context: Context) -> Section:
    corpus_db, history = context.corpus_warehouse, context.history
    built = website.run(corpus_db, history.db, context.scratch, context.runs)
    section = Section("The website and its downloads (issues 11, 21, 34)", "Website")
    section.lines += [
        "",
        "`reports.site.build.build_site` in a fresh process: it reads the warehouse, writes every page, the feed,",
        "the spreadsheet, the CSV files and the search index into a new folder beside the target and swaps it in",
        "(what `ofsted-watch site` and the flows' last step do). The corpus's warehouse comes from one",
        "`ofsted-watch backfill --source <corpus>`; the synthetic history is the digest section's, "
        f"{history.events:,} events in {history.documents:,} documents.",
        "The largest process is sampled every 50 ms from `/proc` over the build's process and every process it",
        "starts (Pagefind's, two shards at a time). Then the same build again with nothing changed: the whole",
        "site's pages and the feeds rendered, every page of one LA, region or week, the downloads and every search",
        "shard linked from the site it replaces (the daily rebuild when a poll found nothing).",
    ]
    targets = ((built.corpus, WEBSITE_CORPUS_MAX_SECONDS, WEBSITE_CORPUS_MAX_MB), (built.synthetic, None, None))
    for measurement, time_target, memory_target in targets:
        counts, build_seconds = measurement.counts, measurement.timings["build_seconds"]
        section.label = f"Website, {measurement.name}"
        section.lines += ["", f"### Built from {measurement.name} ({counts['documents']:,.0f} documents)"]
        section.table()
        build_time = f"build time ({_median_of(measurement.runs)})"
        if time_target is None:
            section.row(build_time, seconds(build_seconds))
        else:
            section.row(build_time, seconds(build_seconds), f"< {time_target:.0f} s", build_seconds < time_target)
        largest = counts["largest_process_mb"]
        section.row(
            "search index shards (each indexed by a Pagefind process of its own)", f"{counts['search_shards']:,.0f}"
        )
        if memory_target is None:
            section.row("largest process of the build", megabytes(largest))
        else:
            section.row("largest process of the build", megabytes(largest), f"< {memory_target:.0f} MB",
                        largest < memory_target)  # fmt: skip
        unchanged = measurement.timings["unchanged_seconds"]
        section.row("the build again, nothing changed", seconds(unchanged), "< half the build",
                    unchanged < build_seconds / 2)  # fmt: skip
        section.row("pages / files", f"{counts['pages']:,.0f} / {counts['files']:,.0f}")
        section.row("total size", f"{counts['total_bytes'] / 1e6:.1f} MB")
        largest_kb = counts["largest_page_bytes"] / 1000
        section.row(
            "largest page (the search index's files excepted)",
            f"{largest_kb:.0f} KB",
            f"< {LARGEST_PAGE_MAX_KB} KB",
            largest_kb < LARGEST_PAGE_MAX_KB,
        )
        section.row("spreadsheet (`ofsted-watch-summary.xlsx`)", f"{counts['workbook_bytes'] / 1e6:.2f} MB")
        section.row("peak memory of the build's process", megabytes(measurement.peak_mb))
    section.label = f"Website, {built.corpus.name}"
    _site_search_rows(section, built)
    return section


def _site_search_rows(section: Section, built: website.Website) -> None:
    """The corpus site's search index, and its search page in headless Chromium, query by query."""
    corpus, searches = built.corpus, built.searches
    slowest = max(searched.first_results_seconds for searched in searches)
    largest_kb = max(searched.bytes for searched in searches) / 1000
    index_seconds = corpus.timings["search_index_seconds"]
    section.lines += [
        "",
        f"### Search on the site built from {corpus.name}",
        "",
        "The index: its records made and written by Pagefind, within the build above",
        "(`BuiltSite.search_index_seconds`). Then the site that build left, served on 127.0.0.1, and",
        "`search.html?q=...` opened in headless Chromium (Debian's, driven by Playwright), each query in a fresh",
        "browser context (an empty cache): the time from asking for the page until its status says how many sections",
        "hold the words (the first 10 results drawn), and every response body until the network is idle (from a",
        "server that does not compress: the bytes of the files themselves).",
    ]
    section.table()
    section.row("search index: records (parts of a document's section)", f"{corpus.counts['search_records']:,.0f}")
    section.row(
        f"search index build ({_median_of(corpus.runs)})",
        seconds(index_seconds),
        f"< {SEARCH_INDEX_MAX_SECONDS:.0f} s",
        index_seconds < SEARCH_INDEX_MAX_SECONDS,
    )
    section.row(
        f"first results in headless Chromium (the slowest query below, each the {_median_of(corpus.runs)})",
        seconds(slowest),
        f"< {FIRST_RESULTS_MAX_SECONDS:.0f} s",
        slowest < FIRST_RESULTS_MAX_SECONDS,
    )
    section.row(
        "one search downloads (the largest query below)",
        f"{largest_kb:.0f} KB",
        f"< {SEARCH_DOWNLOAD_MAX_KB} KB",
        largest_kb < SEARCH_DOWNLOAD_MAX_KB,
    )
    section.lines += [
        "",
        "| query | sections found | first results s | requests | KB |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| `{searched.query}` | {searched.results:,} | {searched.first_results_seconds:.2f} | "
            f"{searched.requests} | {searched.bytes / 1000:.0f} |"
            for searched in searches
        ),
    ]


def _kept(place: Path, build: Callable[[Path], object]) -> Path:
    """`place`, built by `build` beside it and renamed unless it is there already: a run cut short keeps none."""
    if not place.exists():
        partial = place.with_name(place.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.unlink(missing_ok=True)
        place.parent.mkdir(parents=True, exist_ok=True)
        build(partial)
        partial.rename(place)
    return place


def _copy_warehouse(context: Context, root: Path) -> None:
    """The run's corpus warehouse, copied into `root` as a workspace holds it."""
    target = ingest.Workspace(root, None).db
    target.parent.mkdir(parents=True)
    shutil.copyfile(context.corpus_warehouse, target)


def _search_history(place: Path, events: int) -> None:
    build_history(place, events)
    search_bench.add_passages(place)


def search_section(context: Context) -> Section:
    store = context.cache or context.scratch
    if context.cache is None:
        corpus_db = context.corpus_warehouse
    else:
        corpus_root = _kept(context.cache / "search-corpus", lambda root: _copy_warehouse(context, root))
        corpus_db = ingest.Workspace(corpus_root, None).db
    history_db = _kept(
        store / f"search-history-{context.history_events}.duckdb",
        lambda place: _search_history(place, context.history_events),
    )
    history_events, history_passages = search_bench.counts(history_db)
    split = search_bench.run_splitting(context.corpus, context.runs)
    corpus = search_bench.run_querying(corpus_db, context.runs)
    synthetic = search_bench.run_querying(history_db, context.runs)
    command = search_bench.command(corpus_db)
    share = split.counts["split_seconds"] / split.counts["extract_seconds"] if split.counts["extract_seconds"] else 0
    section = Section("Searching the passages (issue 21)", "Search")
    section.lines += [
        "",
        "Splitting: every corpus PDF extracted (`extract_document`) and its pages split (`split_passages`) in one",
        f"process, {split.counts['passages']:.0f} passages; the share is of extraction alone, so of a backfill",
        "(which also fetches, validates and loads) it is less. Search: the SQLite FTS5 index built from the",
        f"warehouse, then {len(search_bench.QUERIES)} queries (`warehouse.search.search`, 20 rows each) in the",
        f"process; the synthetic history is the digest section's ({history_events:,} events) given",
        f"{history_passages:,} synthetic passages. The command: `ofsted-watch search` in a new process, index built.",
    ]
    section.table()
    section.row(
        "splitting, share of extraction's time", f"{share:.0%}", f"≤ {SPLIT_MAX_SHARE:.0%}", share <= SPLIT_MAX_SHARE
    )
    for name, measured, target in (
        ("the corpus", corpus, SEARCH_QUERY_MAX_SECONDS),
        ("the synthetic history", synthetic, SEARCH_HISTORY_QUERY_MAX_SECONDS),
    ):
        counts = measured.counts
        section.row(f"index of {name}: {counts['passages']:,.0f} passages, built", seconds(counts["index_seconds"]))
        section.row(f"index of {name}: size", f"{counts['index_mb']:.0f} MB")
        section.row(f"query on {name}, median", seconds(counts["query_median_seconds"]))
        slowest = counts["query_max_seconds"]
        section.row(f"query on {name}, slowest", seconds(slowest), f"< {target:g} s", slowest < target)
    section.row(
        "`ofsted-watch search` on the corpus, whole command",
        seconds(command.seconds),
        f"< {SEARCH_COMMAND_MAX_SECONDS:g} s",
        command.exit_code == 0 and command.seconds < SEARCH_COMMAND_MAX_SECONDS,
    )
    return section


def soak_section(context: Context) -> Section:
    polls, every = context.soak_polls, context.soak_every
    result = soak.soak(context.scratch / "soak", polls, every)
    section = Section(f"Soak: one process polling the sample site {polls} times (issue 34)", "Soak")
    section.lines += [
        "",
        "`benchmarks/soak.py`: one service process runs the poll flow in-process for each poll of the demo's",
        f"sample site on 127.0.0.1, a new publication appearing before polls {every}, {2 * every}, … (each such poll",
        "loads it and brings the site up to date); after each poll, the service's resident memory, descriptors,",
        "child processes, the files in its temporary folder and the size of its data directory and Prefect home.",
    ]
    section.table()
    warm, last = result.samples[max(1, min(SOAK_WARM_UP, polls // 2)) - 1], result.samples[-1]
    growth = last.resident_mb / warm.resident_mb - 1
    section.row("polls that failed", str(sum(1 for sample in result.samples if sample.exit_code not in (0, 1))))
    section.row("a poll, median / slowest", f"{_median([s.seconds for s in result.samples])} / "
                f"{seconds(max(s.seconds for s in result.samples))}")  # fmt: skip
    section.row(
        f"resident memory after poll {warm.poll} / {last.poll}",
        f"{megabytes(warm.resident_mb)} / {megabytes(last.resident_mb)} ({growth:+.0%})",
        f"< {SOAK_GROWTH_MAX:.0%} growth",
        growth < SOAK_GROWTH_MAX,
    )
    section.row(
        f"open descriptors after poll {warm.poll} / {last.poll}",
        f"{len(warm.descriptors)} / {len(last.descriptors)}{_opened(warm.descriptors, last.descriptors)}",
        "flat",
        len(last.descriptors) <= len(warm.descriptors),
    )
    section.row(
        f"child processes after poll {warm.poll} / {last.poll}",
        f"{', '.join(warm.children) or 'none'} / {', '.join(last.children) or 'none'}",
        "flat, no Pagefind",
        len(last.children) <= len(warm.children) and "pagefind" not in " ".join(last.children),
    )
    section.row("processes left running after the service exited", ", ".join(result.orphans) or "none", "none",
                not result.orphans)  # fmt: skip
    section.row("files left in its temporary folder", str(result.temporary_files_left), "0",
                result.temporary_files_left == 0)  # fmt: skip
    grown = last.home_bytes - warm.home_bytes
    section.row(
        f"data directory and Prefect home: growth from poll {warm.poll} to {last.poll}",
        f"{grown / 1e6:.1f} MB, for {(last.added_bytes - warm.added_bytes) / 1e3:.0f} KB of publications added",
    )
    section.row("of which, most", _grown_most(warm.home_parts, last.home_parts))
    return section


def _opened(before: tuple[str, ...], after: tuple[str, ...]) -> str:
    """' (more: socket)': what the later sample holds beyond the earlier one, if anything."""
    more = Counter(after) - Counter(before)
    return f" (more: {', '.join(sorted(more.elements()))})" if more else ""


def _grown_most(before: dict[str, int], after: dict[str, int], shown: int = 4) -> str:
    """'home/site +4.1 MB, prefect/prefect.db +2.0 MB…': what grew most between two samples."""
    grown = sorted(((after.get(name, 0) - before.get(name, 0), name) for name in after.keys() | before.keys()),
                   reverse=True)  # fmt: skip
    return ", ".join(f"{name} {_signed_size(change)}" for change, name in grown[:shown] if change) or "nothing"


def _signed_size(change: int) -> str:
    return f"{change / 1e6:+.1f} MB" if abs(change) >= 1e6 else f"{change / 1e3:+.0f} KB"


def growth_section(context: Context) -> Section:
    measured = growth.run(context.corpus_warehouse, context.scratch, context.runs)
    section = Section("The site as the history grows (issue 34)", "Growth")
    section.lines += [
        "",
        "`benchmarks/growth.py`, each size in a fresh process: the corpus's warehouse, then every document in it",
        "again as documents of their own (3 and 10 times as many, dated as the originals, so every LA and year holds",
        "that many more, with real passages). The whole site built where there was none (every page, download and",
        "search shard; two Pagefind processes at a time), its largest process and the peak of its process tree;",
        "then a poll's site step after one more document (only the pages it changes rendered, only its shard",
        f'indexed); then that site\'s search page in headless Chromium for "{growth.QUERY}" (no cache).',
        "",
        "| size | documents | pages | records | shards | site built | largest process | process tree "
        "| one more document | pages rendered | shards re-indexed | first results | downloaded |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for measurement in measured:
        counts, timings = measurement.counts, measurement.timings
        section.lines.append(
            f"| {measurement.name} | {counts['documents']:,.0f} | {counts['pages']:,.0f} | {counts['records']:,.0f} | "
            f"{counts['shards']:,.0f} | {seconds(timings['build_seconds'])} | "
            f"{megabytes(counts['largest_process_mb'])} | {megabytes(counts['tree_peak_mb'])} | "
            f"{seconds(timings['poll_seconds'])} | {counts['poll_pages_rendered']:,.0f} | "
            f"{counts['poll_shards_indexed']:,.0f} | {seconds(timings['search_seconds'])} | "
            f"{counts['search_kb']:,.0f} KB |"
        )
    largest = measured[-1]
    section.label = f"Growth, {largest.name}"
    section.table()
    build_seconds, poll_seconds = largest.timings["build_seconds"], largest.timings["poll_seconds"]
    section.row("site built whole", seconds(build_seconds), f"< {GROWTH_BUILD_MAX_SECONDS:.0f} s",
                build_seconds < GROWTH_BUILD_MAX_SECONDS)  # fmt: skip
    section.row("largest process", megabytes(largest.counts["largest_process_mb"]), f"< {GROWTH_MAX_MB:.0f} MB",
                largest.counts["largest_process_mb"] < GROWTH_MAX_MB)  # fmt: skip
    section.row("site step of a poll adding one document", seconds(poll_seconds),
                f"< {GROWTH_POLL_MAX_SECONDS:.0f} s", poll_seconds < GROWTH_POLL_MAX_SECONDS)  # fmt: skip
    return section


def _median(values: Sequence[float]) -> str:
    ordered = sorted(values)
    return seconds(ordered[len(ordered) // 2])


SECTIONS: dict[str, Callable[[Context], Section]] = {
    "extraction": extraction_section,
    "folder": folder_section,
    "site": site_section,
    "digest": digest_section,
    "snapshot": snapshot_section,
    "alerts": alerts_section,
    "website": website_section,
    "search": search_section,
    "growth": growth_section,
    "soak": soak_section,
}


def summary(sections: Sequence[Section]) -> list[str]:
    checks = [check for section in sections for check in section.checks]
    return [
        "## Targets",
        "",
        "| target | figure | |",
        "|---|---:|---|",
        *(f"| {check.target} | {check.figure} | {verdict(check.met)} |" for check in checks),
        "",
    ]


def report(context: Context, sections: Sequence[Section], started: str, load_before: float) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m benchmarks.run`); numbers from one machine, one day.",
        "",
        f"- Machine: {machine()}",
        f"- Date: {started}",
        f"- Each figure is the median of {context.runs} runs in fresh processes; peak memory is the highest run.",
        f"- Load average (1 min) when the benchmarks started: {load_before:.2f} (other work on the machine slows",
        "  every figure).",
        f"- Corpus: {len(extraction.corpus_files(context.corpus))} PDF files from `{context.corpus}`.",
        "",
        *summary(sections),
    ]
    for section in sections:
        lines += section.markdown()
    return "\n".join(lines)


def _run_section(name: str, context: Context) -> Section:
    section = SECTIONS[name](context)
    # The machine may be shared: how busy it was says how far to trust the section's times.
    section.lines += ["", f"Load average (1 min) when this section finished: {os.getloadavg()[0]:.2f}."]
    return section


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path("../shared"), help="holds corpus/ (default ../shared)")
    parser.add_argument("--out", type=Path, default=Path("BENCHMARKS.md"))
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (default 3)")
    parser.add_argument("--only", action="append", choices=list(SECTIONS), help="run only this section; repeatable")
    parser.add_argument(
        "--history-events", type=int, default=FULL_SIZE_EVENTS, help="events in the digest's synthetic history"
    )
    parser.add_argument("--soak-polls", type=int, default=100, help="polls of the soak section (default 100)")
    parser.add_argument("--soak-every", type=int, default=10, help="a new publication every N polls (default 10)")
    parser.add_argument(
        "--cache",
        type=Path,
        help="keep the search section's warehouses here and reuse them in later runs (default: built afresh)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_arguments(argv)
    corpus = args.shared / "corpus"
    if not corpus.is_dir():
        raise SystemExit(f"bench: no corpus at {corpus}")
    started, load_before = today(), os.getloadavg()[0]
    chosen = args.only or list(SECTIONS)
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch, ExitStack() as services:
        settings = (
            args.runs,
            args.history_events,
            Path(scratch),
            services,
            args.cache,
            args.soak_polls,
            args.soak_every,
        )
        context = Context(corpus, *settings)
        sections = [_run_section(name, context) for name in chosen]
    text = report(context, sections, started, load_before)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
