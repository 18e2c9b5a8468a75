"""The benchmark code on a tiny input, so it cannot rot: the report's structure and its counts, never timings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pypdfium2 as pdfium
import pytest
from conftest_prefect import without_unused_services

from benchmarks.history import NOT_OUTCOME_EVERY, QUARANTINED_EVERY, build_history
from benchmarks.run import main
from benchmarks.website import QUERIES
from common.authorities import EXTRA_REFERENCE_ENV
from samples.councils import SAMPLE_REFERENCE_CSV, council
from samples.documents import build

HISTORY_EVENTS = 500
# The soak section: three polls of one service, the second with a new publication.
SOAK_POLLS = 3
# Fictional councils' documents in the corpus layout: <URN>_<name>/<label> - <d month yyyy>.pdf
TINY_CORPUS = (
    ("ilacs_standard", "Children's services inspection"),
    ("sif", "Children's services inspection"),
    ("monitoring_visit", "Monitoring visit"),
)


@dataclass(frozen=True)
class BenchReports:
    """One `make bench` run of every section on a tiny corpus, then the search section again from its cache."""

    shared: Path
    report: str
    cache: Path
    search_again: str
    history_rebuilt: bool


@pytest.fixture(scope="session")
def bench_reports(tmp_path_factory: pytest.TempPathFactory) -> BenchReports:
    """Built once a run (every section shares one Prefect server and one backfill of the corpus, as in
    `make bench`); tests/conftest.py sends the tests that read it to one worker."""
    root = tmp_path_factory.mktemp("bench")
    with pytest.MonkeyPatch.context() as patch:
        # The CLI resolves the fictional councils through the sample reference.
        patch.setenv(EXTRA_REFERENCE_ENV, str(Path(SAMPLE_REFERENCE_CSV).resolve()))
        # The bench's Prefect server and the commands' temporary servers: nothing here uses their schedulers.
        without_unused_services(patch)
        # Its commands leave the site alone: the website section builds its sites itself, and nothing here reads
        # the commands' own (`make bench` measures them with the default, the site rebuilt).
        patch.setenv("OFSTED_WATCH_REBUILD_SITE", "false")
        shared, cache = tiny_shared(root), root / "cache"
        report = run_bench(shared, root / "BENCHMARKS.md", cache)
        history = cache / f"search-history-{HISTORY_EVENTS}.duckdb"
        built = history.stat().st_mtime_ns
        search_again = run_bench(shared, root / "second.md", cache, "search")
    return BenchReports(shared, report, cache, search_again, history.stat().st_mtime_ns != built)


def tiny_shared(root: Path) -> Path:
    """A ../shared holding a three-document corpus of fictional councils."""
    for kind, label in TINY_CORPUS:
        document = build(kind)
        expected = document.expected
        la = council(expected["local_authority"]["name"])
        last_date = max(
            date.fromisoformat(expected[key]) for key in ("inspection_end", "letter_date", "published") if expected[key]
        )
        published = last_date + timedelta(days=14)
        folder = root / "shared" / "corpus" / f"{la.urn}_{la.name.lower()}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{label} - {published.day} {published:%B %Y}.pdf".lower()).write_bytes(document.to_pdf())
    return root / "shared"


def corpus_pages(shared: Path) -> int:
    return sum(len(pdfium.PdfDocument(path)) for path in (shared / "corpus").rglob("*.pdf"))


def section(report: str, title: str) -> str:
    """The text of the `## title…` section."""
    start = report.index(f"## {title}")
    end = report.find("\n## ", start + 1)
    return report[start : end if end != -1 else None]


def table(text: str) -> dict[str, list[str]]:
    """Table rows of a section, keyed by their first cell."""
    rows = [line.strip("|").split(" | ") for line in text.splitlines() if line.startswith("| ")]
    return {cells[0].strip(): [cell.strip() for cell in cells[1:]] for cells in rows}


def run_bench(shared: Path, out: Path, cache: Path, *sections: str) -> str:
    """`make bench`'s own entry point, one run per figure; every section unless some are named."""
    arguments = ["--shared", str(shared), "--out", str(out), "--runs", "1", "--history-events", str(HISTORY_EVENTS),
                 "--soak-polls", str(SOAK_POLLS), "--soak-every", "2"]  # fmt: skip
    main([*arguments, "--cache", str(cache), *(argument for name in sections for argument in ("--only", name))])
    return out.read_text(encoding="utf-8")


def test_the_synthetic_history_has_the_size_asked_for_and_is_the_same_every_time(tmp_path: Path) -> None:
    first = build_history(tmp_path / "first.duckdb", HISTORY_EVENTS)
    second = build_history(tmp_path / "second.duckdb", HISTORY_EVENTS)
    extra = HISTORY_EVENTS // NOT_OUTCOME_EVERY + HISTORY_EVENTS // QUARANTINED_EVERY
    assert (first.events, first.documents) == (HISTORY_EVENTS, HISTORY_EVENTS + extra)
    tables = ("events", "judgements", "documents", "quarantine", "improvements", "priority_actions")
    snapshots = []
    for db in (first.db, second.db):
        with duckdb.connect(str(db), read_only=True) as con:
            snapshots.append({t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables})
            assert con.execute("SELECT count(*) FROM judgements").fetchone() == (first.judgements,)
            # Every event's LA is in the reference, so the views name it.
            assert con.execute("SELECT count(*) FROM latest_judgements WHERE local_authority IS NULL").fetchone() == (
                0,
            )
            start, end = first.busiest_week
            published = con.execute(
                "SELECT count(*) FROM document_publication WHERE published BETWEEN ? AND ?", [start, end]
            ).fetchone()
    assert snapshots[0] == snapshots[1]
    assert published == (first.busiest_week_documents,)
    assert first.busiest_week[0].isoweekday() == 1


def test_extraction_and_digest_sections_report_every_figure_with_its_target(bench_reports: BenchReports) -> None:
    report, shared = bench_reports.report, bench_reports.shared

    assert "- Machine: " in report and "- Date: " in report and "median of 1 runs" in report
    extraction = table(section(report, "Extraction"))
    pages = corpus_pages(shared)
    for name in ("pypdfium2 raw text (1 core)", "ofsted-watch extraction (1 core)"):
        assert extraction[name][:2] == ["3", str(pages)]
    share = extraction["our extraction's page rate, share of the raw library's"]
    assert share[1] == "≥ 50%" and share[2] in ("met", "**not met**")

    digest = table(section(report, "Digest"))
    assert f"synthetic history of {HISTORY_EVENTS} events" in report
    queries = [name for name in digest if name.startswith(("`changes_between`", "`SELECT", "digest of"))]
    assert len(queries) == 8
    assert all(digest[name][2] == "< 1 s" for name in queries)
    assert digest["`SELECT * FROM latest_judgements`"][0].endswith(" rows")
    # A row per current LA (153 real, 7 fictional: the sample reference is set); ten neighbours each (five).
    for view, rows in (("inspection_outlook", "160 rows"), ("neighbour_grades", "1,565 rows")):
        assert digest[f"`SELECT * FROM {view}`"][0] == rows
    # The national picture at every month end of the history: England and 9 regions, 5 areas, each day.
    (one_query,) = [name for name in digest if name.endswith("`national_pictures`, one query")]
    (looped,) = [name for name in digest if "a query a month" in name]
    days = int(digest[one_query][0].split()[0])
    assert days >= 2 and digest[one_query][0] == f"{days} days, {days * 50} rows"
    assert digest[one_query][2] == "< 2 s"
    assert digest[looped][0] == digest[one_query][0] and "<" not in "".join(digest[looped][2:])  # no target

    targets = table(section(report, "Targets"))
    assert len([name for name in targets if name.startswith(("Extraction:", "Digest:"))]) == 10


@pytest.mark.prefect
@pytest.mark.integration
def test_backfill_poll_snapshot_and_alert_sections_count_documents_pages_requests_events_and_alerts(
    bench_reports: BenchReports,
) -> None:
    report, shared = bench_reports.report, bench_reports.shared
    pages = corpus_pages(shared)

    folder = table(section(report, "Backfill of the corpus from a folder"))
    assert folder["documents / pages read"][0] == f"3 / {pages}"
    assert folder["documents loaded as events / not outcomes / quarantined / failed"][0] == "3 / 0 / 0 / 0"
    assert folder["peak memory, the command's process tree (sum of resident sets: the CLI)"][1] == "< 500 MB"

    site = section(report, "Backfill of the corpus from a local site")
    for configuration in ("Prefect server", "temporary server"):
        backfill = table(subsection(site, f"### Backfill, {configuration}"))
        poll = table(subsection(site, f"### Poll with nothing new, {configuration}"))
        # Two search pages (the second adds no provider), one provider page per council, one request per file.
        assert backfill["requests made (search and provider pages + files)"][0] == "7 (4 + 3)"
        assert backfill["documents / pages read"][0] == f"3 / {pages}"
        assert backfill["documents loaded as events / not outcomes / quarantined / failed"][0] == "3 / 0 / 0 / 0"
        assert poll["requests made (search and provider pages)"][0] == "4"
        assert poll["file requests (PDFs asked for)"] == ["0", "0", "met"]
        assert poll["PDFs downloaded"] == ["0", "0", "met"]
    beside = table(subsection(site, "### Beside these"))
    assert beside["PDF library alone on the same files, one core: documents/s, pages/s"][0]
    server_memory = [name for name in beside if name.startswith("the Prefect server")]
    assert len(server_memory) == 1 and beside[server_memory[0]][0].endswith(" MB")

    published = table(section(report, "Publishing the snapshot"))
    corpus, history = published["the corpus"], published[f"synthetic history of {HISTORY_EVENTS} events"]
    assert (corpus[0], history[0]) == ("3", str(HISTORY_EVENTS))
    for row in (corpus, history):
        assert float(row[1]) > 0 and float(row[2]) > 0 and float(row[3]) > 0 and float(row[6]) > 0
        assert row[4] == "≤ 2 s" and row[5] in ("met", "**not met**")

    targets = table(section(report, "Targets"))
    assert len([name for name in targets if name.startswith("Snapshot: publish")]) == 2
    assert len([name for name in targets if name.startswith("Backfill from a folder:")]) == 2
    assert len([name for name in targets if name.startswith("Local site, Prefect server:")]) == 5
    assert len([name for name in targets if name.startswith("Local site, temporary server:")]) == 5

    alerts = table(section(report, "Same-day alerts"))
    assert alerts["alerts received"] == ["1", "1", "met"]
    assert alerts["from the poll flow's start to the alert's arrival"][1] == "< poll's own time + 2 s"
    for figure in ("the poll flow's own time, from `runs` (median of 1)", "wall time of `ofsted-watch poll`"):
        assert alerts[figure][0].endswith(" s")
    assert len([name for name in targets if name.startswith("Alerts:")]) == 2


@pytest.mark.prefect
@pytest.mark.integration
def test_the_soak_polls_with_one_service_that_leaves_no_process_descriptor_or_temporary_file(
    bench_reports: BenchReports,
) -> None:
    soak = table(section(bench_reports.report, "Soak: one process polling the sample site 3 times"))
    assert soak["polls that failed"][0] == "0"
    assert soak["open descriptors after poll 1 / 3"][1:] == ["flat", "met"]
    assert soak["child processes after poll 1 / 3"][1:] == ["flat, no Pagefind", "met"]
    assert soak["processes left running after the service exited"] == ["none", "none", "met"]
    assert soak["files left in its temporary folder"] == ["0", "0", "met"]
    memory = soak["resident memory after poll 1 / 3"]
    assert re.fullmatch(r"\d+ MB / \d+ MB \([+-]\d+%\)", memory[0]) and memory[1] == "< 10% growth"
    assert soak["data directory and Prefect home: growth from poll 1 to 3"][0].endswith(" KB of publications added")
    # A publication came at poll 2: the warehouse (or its snapshot, raw store, site) is among what grew.
    most = soak["of which, most"][0].split(", ")
    assert all(re.fullmatch(r"(home|prefect)/\S+ [+-](\d+\.\d MB|\d+ KB)", part) for part in most)
    assert any(part.startswith("home/") for part in most)


@pytest.mark.prefect
@pytest.mark.integration
def test_the_growth_section_builds_the_site_of_the_corpus_three_and_ten_times_over(bench_reports: BenchReports) -> None:
    rows = table(section(bench_reports.report, "The site as the history grows"))
    sizes = [rows[f"{copies}x the corpus"] for copies in (1, 3, 10)]
    # 3 documents, then each again as a document of its own: as many records each time; after one more document
    # the poll's rebuild renders its LA's page, region and week beside the site's own pages, and indexes one shard.
    assert [size[0] for size in sizes] == ["3", "9", "30"]
    records = int(sizes[0][2].replace(",", ""))
    assert [int(size[2].replace(",", "")) for size in sizes] == [records, 3 * records, 10 * records]
    pages = [int(size[1].replace(",", "")) for size in sizes]
    rendered = [int(size[8].replace(",", "")) for size in sizes]
    assert all(0 < count < total for count, total in zip(rendered, pages, strict=True))
    assert all(size[9] == "1" for size in sizes)
    assert all(size[11].endswith(" KB") and int(size[11].split()[0].replace(",", "")) > 0 for size in sizes)
    assert rows["largest process"][1] == "< 1000 MB" and rows["site step of a poll adding one document"][1] == "< 10 s"


def subsection(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n### ", start + 1)
    return text[start : end if end != -1 else None]


@pytest.mark.prefect
@pytest.mark.integration
def test_website_section_reports_build_time_sizes_and_the_largest_page(bench_reports: BenchReports) -> None:
    report = bench_reports.report

    text = section(report, "The website and its downloads")
    corpus = table(subsection(text, "### Built from the corpus"))
    assert "(3 documents)" in text
    assert corpus["build time (median of 1)"][1:] in (["< 5 s", "met"], ["< 5 s", "**not met**"])
    pages, files = corpus["pages / files"][0].split(" / ")
    assert int(pages) > 150 and int(files) > int(pages)  # a page per LA of the reference, and the downloads
    assert corpus["largest page (the search index's files excepted)"][1] == "< 300 KB"
    assert corpus["spreadsheet (`ofsted-watch-summary.xlsx`)"][0].endswith(" MB")
    assert corpus["search index shards (each indexed by a Pagefind process of its own)"][0] == "1"
    largest = corpus["largest process of the build"]
    assert largest[0].endswith(" MB") and largest[1:] in (["< 400 MB", "met"], ["< 400 MB", "**not met**"])
    unchanged = corpus["the build again, nothing changed"]
    assert unchanged[0].endswith(" s") and unchanged[1] == "< half the build"
    history = table(subsection(text, "### Built from the synthetic history"))
    extra = HISTORY_EVENTS // NOT_OUTCOME_EVERY + HISTORY_EVENTS // QUARANTINED_EVERY
    assert f"({HISTORY_EVENTS + extra} documents)" in text
    assert history["build time (median of 1)"][1] == ""  # measured, no target
    assert history["total size"][0].endswith(" MB")

    search = table(subsection(text, "### Search on the site built from the corpus"))
    assert int(search["search index: records (parts of a document's section)"][0]) > 0  # the PDFs' passages
    build_seconds = float(corpus["build time (median of 1)"][0].removesuffix(" s"))
    index_seconds = search["search index build (median of 1)"]
    assert index_seconds[1:] in (["< 30 s", "met"], ["< 30 s", "**not met**"])
    assert 0 < float(index_seconds[0].removesuffix(" s")) <= build_seconds
    first = search["first results in headless Chromium (the slowest query below, each the median of 1)"]
    assert first[1] == "< 1 s" and float(first[0].removesuffix(" s")) > 0
    downloads = search["one search downloads (the largest query below)"]
    # The page, its assets, Pagefind's script, worker and WebAssembly at least: far from nothing.
    assert downloads[1] == "< 300 KB" and 100 < int(downloads[0].removesuffix(" KB")) < 500
    queries = {query.strip("`"): cells for query, cells in search.items() if query.startswith("`")}
    assert list(queries) == list(QUERIES)
    for found, first_seconds, requests, kilobytes in queries.values():
        assert int(found.replace(",", "")) >= 0 and float(first_seconds) > 0
        assert int(requests) > 5 and int(kilobytes) > 100

    targets = table(section(report, "Targets"))
    assert len([name for name in targets if name.startswith("Website, the corpus:")]) == 7
    assert len([name for name in targets if name.startswith("Website, the synthetic history:")]) == 2


@pytest.mark.prefect
@pytest.mark.integration
def test_search_section_reports_its_figures_and_reuses_the_warehouses_it_keeps(bench_reports: BenchReports) -> None:
    cache = bench_reports.cache
    history = cache / f"search-history-{HISTORY_EVENTS}.duckdb"
    assert (cache / "search-corpus" / "home" / "ofsted-watch.duckdb").is_file()
    assert not bench_reports.history_rebuilt  # the second run reused it
    assert not list(cache.glob("*.partial"))

    with duckdb.connect(str(history), read_only=True) as con:
        (passages,) = con.execute("SELECT count(*) FROM passage_documents").fetchone() or (0,)
    assert passages > HISTORY_EVENTS
    for report in (bench_reports.report, bench_reports.search_again):
        assert f"the digest section's ({HISTORY_EVENTS:,} events)" in report
        figures = table(section(report, "Searching the passages"))
        assert f"index of the synthetic history: {passages:,} passages, built" in figures
        assert figures["query on the synthetic history, slowest"][1] == "< 1 s"
        assert figures["`ofsted-watch search` on the corpus, whole command"][1] == "< 2 s"
