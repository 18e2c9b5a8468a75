"""The site built from a real warehouse file: every page type, what each says for thin or bad data, escaping,
the feed, and the downloads read back with openpyxl. The browser's view is tests/test_site_browser.py."""

from __future__ import annotations

import csv
import re
import shutil
import xml.etree.ElementTree as ElementTree
from contextlib import closing
from datetime import date, datetime
from functools import partial
from pathlib import Path

import duckdb
import openpyxl
import pytest
from site_helpers import BUILT_AT, HOSTILE_NAME, NO_SNAPSHOT, TODAY, report_url
from test_digest_warehouse import KINGSMARSH, _load, _visit

from common.record import Visit
from reports.site import render, search
from reports.site.build import BuiltSite, build_site
from reports.site.feed import TAG_PREFIX
from warehouse.db import connect
from warehouse.store import replace_passages

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def built(built_site: BuiltSite) -> BuiltSite:
    return built_site


def page(built: BuiltSite, path: str) -> str:
    return (built.path / path).read_text(encoding="utf-8")


def text_of(html: str) -> str:
    """The page's words, tags dropped and spaces collapsed, entities left as written."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_every_page_type_is_written(built: BuiltSite) -> None:
    for path in (
        "index.html",
        "authorities.html",
        "data.html",
        "feed.xml",
        "changes/index.html",
        "changes/2026-W47.html",
        "visits.html",
        "la/wessex.html",
        "la/mercia-vale-county.html",
        "region/south-west.html",
        "la/north-northamptonshire.html",
        "downloads/ofsted-watch-summary.xlsx",
        "downloads/latest.csv",
        "downloads/events.csv",
        "downloads/judgements.csv",
        "assets/site.css",
        "assets/grades.css",
        "assets/site.js",
        "assets/favicon.svg",
    ):
        assert (built.path / path).is_file(), path
    assert built.documents == 27
    assert built.largest_page_bytes < 300_000
    # site_helpers.PASSAGES: Wessex's two passages share a section (one record), and two documents have one each.
    assert built.search_records == 3
    assert 0 < built.search_index_seconds < built.seconds
    assert (built.path / "search.html").is_file() and (built.path / "pagefind" / "2016-2026" / "pagefind.js").is_file()


def test_no_page_names_another_host_except_as_a_link(built: BuiltSite) -> None:
    """Self-contained: scripts, styles and images come from the site itself, by relative address."""
    for html_file in built.path.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        sources = re.findall(r'<(?:script|img|link|iframe)[^>]*(?:src|href)="([^"]+)"', html)
        assert sources and all(not re.match(r"^[a-z]+:|^//|^/", source) for source in sources), html_file


def test_a_name_holding_markup_stays_text_everywhere(built: BuiltSite) -> None:
    slug = "script-alert-x-script-co"
    for path in ("index.html", "authorities.html", f"la/{slug}.html", "region/south-west.html", "feed.xml"):
        html = page(built, path)
        assert "<script>alert" not in html and "<b>Bold" not in html, path
        assert "&lt;script&gt;alert(" in html, path
    assert "Lead inspector &lt;b&gt;Bold&lt;/b&gt; Inspector" in text_of(page(built, f"la/{slug}.html")).replace(
        "lead inspector", "Lead inspector"
    )
    with (built.path / "downloads" / "latest.csv").open(encoding="utf-8-sig") as handle:
        assert HOSTILE_NAME in {row["Local authority"] for row in csv.DictReader(handle)}


def test_an_la_never_inspected_says_so_and_shows_no_grade(built: BuiltSite) -> None:
    html = page(built, "la/barnsley.html")
    barnsley = text_of(html)
    assert "Not yet inspected No judgement of Barnsley is on record." in barnsley
    assert "No document about Barnsley is on record." in barnsley
    assert "Next full inspection expected" not in barnsley  # nothing to count from
    assert "10 not inspected yet" in barnsley  # its statistical neighbours: none holds a full inspection here
    assert set(re.findall(r'class="tag g-(\w+)"', html)) == {"none"}


def test_grades_on_an_la_page_are_the_warehouse_s_latest(built: BuiltSite, site_db: Path) -> None:
    con = connect(site_db, read_only=True)
    try:
        latest = con.execute("SELECT area, grade FROM latest_judgements WHERE la_code = '990' AND current").fetchall()
    finally:
        con.close()
    html = page(built, "la/wessex.html")
    current = html.split("<h2>Current grades</h2>")[1].split("</table>")[0]
    shown = re.findall(r'<tr>\s*<th scope="row">([^<]+)</th>\s*<td[^>]*><strong class="tag g-(\w+)">', current)
    assert sorted(grade for _, grade in shown) == sorted(grade for _, grade in latest)
    assert ("Overall effectiveness", "inadequate") in shown
    assert "Declined" in current and "Good" in current  # overall: good in 2023, then inadequate


def test_latest_document_quarantined_or_unreadable_is_shown_with_its_reason(built: BuiltSite) -> None:
    elmet = text_of(page(built, "la/elmet.html"))
    assert (
        "The latest document for Elmet, published 22 November 2026, could not be loaded (quarantined): "
        "a full inspection needs an overall grade (rule full_inspection_has_overall)." in elmet
    )
    northmoor = text_of(page(built, "la/northmoor.html"))
    assert "could not be loaded (could not be read): no text could be read." in northmoor
    wessex = text_of(page(built, "la/wessex.html"))
    assert "could not be loaded" not in wessex  # its press release is no inspection outcome, not a failure


def test_data_page_lists_problems_and_the_document_with_no_la(built: BuiltSite) -> None:
    data = page(built, "data.html")
    no_authority = data.split('id="no-authority"')[1].split("<h2")[0]
    assert report_url(403) in no_authority
    assert "no local authority named in the document (rule la_known)" in no_authority
    problems = text_of(data.split('id="problems"')[1].split('id="no-authority"')[0])
    assert "3 documents held back" in problems
    assert "Elmet" in problems and "Northmoor" in problems
    assert "Built 30 November 2026 at 09:15" in text_of(data)
    assert "Documents on record 27: 23 loaded, 1 not an inspection outcome, 2 quarantined, 1 could not be read" in (
        text_of(data)
    )


def test_reorganisations_link_both_ways(built: BuiltSite) -> None:
    county = page(built, "la/mercia-vale-county.html")
    assert "no longer exists: it was abolished on 31 March 2021" in text_of(county)
    assert 'href="../la/mercia-vale.html"' in county
    vale = page(built, "la/mercia-vale.html")
    assert 'href="../la/mercia-vale-county.html"' in vale
    assert "(last overall effectiveness Inadequate, 18 January 2019)" in text_of(vale)
    northants = page(built, "la/northamptonshire.html")
    assert 'href="../la/north-northamptonshire.html"' in northants and 'href="../la/west-northamptonshire.html"' in (
        northants
    )


def test_the_changes_pages_hold_the_digest_of_every_week(built: BuiltSite) -> None:
    index = page(built, "changes/index.html")
    weeks = re.findall(r'<a href="(\d{4}-W\d\d)\.html">', index)
    assert weeks[:3] == ["2026-W47", "2026-W46", "2024-W18"]  # only weeks with publications
    assert "2016-W29" in weeks  # the hostile council's SIF, published 20 July 2016
    week = text_of(page(built, "changes/2026-W47.html"))
    for heading in ("Deteriorations", "Improvements", "Other new publications", "Monitoring and focused visits"):
        assert heading in week
    assert "Documents that could not be loaded" in week
    assert week.index("Wessex") < week.index("Mercia Vale") < week.index("Anglia Fens")


def test_the_visit_tables_count_focused_visits_jtais_and_area_send_outcomes(built: BuiltSite) -> None:
    html = page(built, "visits.html")
    visits = text_of(html)
    # Elmet's focused visit of October 2026 looked at the front door; Elmet was requires improvement then.
    by_focus = text_of(html[html.index('id="by-focus"') : html.index("</table>", html.index('id="by-focus"'))])
    assert "Focus 2026 All The front door 1 1" in by_focus
    by_grade = text_of(html[html.index('id="by-grade"') : html.index("</table>", html.index('id="by-grade"'))])
    assert "Focus Requires improvement to be good All The front door 1 1" in by_grade
    assert "Joint targeted area inspection 2026 1" in visits  # Mercia Vale's JTAI, in the days to publication
    assert "Serious youth violence" not in visits and "serious youth violence 2026 1" in visits
    assert "Widespread and/or systemic failings 2026 1" in visits
    assert 'href="visits.html" aria-current="page">Visit tables' in html
    assert 'href="visits.html">Visit tables' in page(built, "index.html")
    # The focus wherever the visit is named: its LA's page, the week's page and the feed.
    for path in ("la/elmet.html", "changes/2026-W47.html", "feed.xml"):
        assert "Focused visit: the front door" in page(built, path), path


def test_home_page_lists_six_weeks_deteriorations_first_and_the_downloads(built: BuiltSite) -> None:
    home = text_of(page(built, "index.html"))
    assert "Published from 12 October to 22 November 2026, deteriorations first." in home
    latest = home.split("Latest publications")[1]
    assert latest.index("Deteriorations") < latest.index("Improvements") < latest.index("Other new publications")
    assert "Summary spreadsheet" in home and "(Excel," in home
    assert "grade on 30 November 2026, against a year earlier (30 November 2025)" in home


def test_the_map_has_a_link_with_name_and_grade_for_each_placed_la(built: BuiltSite) -> None:
    home = page(built, "index.html")
    hexes = re.findall(
        r'<a href="la/([\w-]+)\.html" class="hex g-(\w+)" data-label="([^"]+)"><title>([^<]+)</title>', home
    )
    by_slug = {slug: (grade, label, title) for slug, grade, label, title in hexes}
    assert len(hexes) == 153 + 7  # England's current LAs and the sample councils
    assert by_slug["wessex"] == ("inadequate", "Wessex: Inadequate (9 October 2026)", "Wessex: Inadequate")
    assert by_slug["barnsley"][0] == "none"
    assert by_slug["barnsley"][2] == "Barnsley: not yet inspected"
    not_on_map = text_of(home.split("Not on the map")[1].split("</p>")[0])
    assert "&lt;script&gt;" in not_on_map


def test_feed_is_atom_with_stable_ids_and_rebuilds_byte_identical(
    built: BuiltSite, site_db: Path, tmp_path: Path
) -> None:
    feed = ElementTree.fromstring((built.path / "feed.xml").read_bytes())
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == f"{TAG_PREFIX}feed"
    assert feed.findtext(f"{ATOM}updated") == "2026-11-21T00:00:00Z"  # the newest entry (22 November's failed)
    entries = feed.findall(f"{ATOM}entry")
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert all(entry.findtext(f"{ATOM}id", "").startswith(TAG_PREFIX + "document:") for entry in entries)
    assert len({entry.findtext(f"{ATOM}id") for entry in entries}) == len(entries)
    assert "Deterioration: Wessex: Standard inspection (ILACS), overall effectiveness Inadequate (was Good)" in titles
    assert "Deterioration: Northmoor: Monitoring visit 4, Insufficient progress" in titles
    assert (
        "Mercia Vale: Standard inspection (ILACS), overall effectiveness Good (was Requires improvement to be good)"
        in (titles)
    )
    wessex = next(entry for entry in entries if entry.findtext(f"{ATOM}title", "").startswith("Deterioration: Wessex"))
    assert wessex.find(f"{ATOM}link[@rel='alternate']").get("href") == report_url(301)  # type: ignore[union-attr]
    assert wessex.findtext(f"{ATOM}updated") == "2026-11-17T00:00:00Z"

    again = build_site(site_db, NO_SNAPSHOT, tmp_path / "again", today=date(2027, 1, 5), now=datetime(2027, 1, 5, 7, 0))
    assert (again.path / "feed.xml").read_bytes() == (built.path / "feed.xml").read_bytes()


def test_feed_links_are_absolute_under_a_base_url(site_db: Path, tmp_path: Path) -> None:
    built = build_site(site_db, NO_SNAPSHOT, tmp_path / "site", base_url="https://example.org/ofsted/", today=TODAY)
    feed = ElementTree.fromstring((built.path / "feed.xml").read_bytes())
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "https://example.org/ofsted/feed.xml"  # type: ignore[union-attr]
    related = [link.get("href") for link in feed.iter(f"{ATOM}link") if link.get("rel") == "related"]
    assert related and all(href.startswith("https://example.org/ofsted/la/") for href in related)  # type: ignore[union-attr]


def test_spreadsheet_has_three_tables_with_real_dates_links_frozen_headers_and_filters(built: BuiltSite) -> None:
    workbook = openpyxl.load_workbook(built.path / "downloads" / "ofsted-watch-summary.xlsx")
    assert workbook.sheetnames == ["latest", "events", "judgements"]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
        assert list(sheet.tables) == [sheet.title]  # an Excel table: filters and banded rows
    latest = workbook["latest"]
    header = [cell.value for cell in latest[1]]
    assert header[:6] == ["URN", "LA code", "ONS code", "Region", "Local authority", "Report"]
    rows = {row[4]: dict(zip(header, row, strict=True)) for row in latest.iter_rows(min_row=2, values_only=True)}
    assert len(rows) == 153 + 7 + 1  # England's current LAs, the current sample councils and the hostile one
    wessex = rows["Wessex"]
    assert wessex["Overall effectiveness"] == "Inadequate"
    assert wessex["Inspection end"] == datetime(2026, 10, 9)
    assert wessex["Previous overall effectiveness"] == "Good" and wessex["Change"] == "Declined"
    assert wessex["Framework"] == "Standard inspection (ILACS)"
    wessex_row = next(row for row in latest.iter_rows(min_row=2) if row[4].value == "Wessex")
    report = wessex_row[header.index("Report")]
    assert report.hyperlink is not None and report.hyperlink.target == report_url(301)
    assert wessex_row[header.index("Inspection end")].number_format == "d mmm yyyy"
    assert rows["Barnsley"]["Overall effectiveness"] is None
    events = workbook["events"]
    assert events.max_row - 1 == 23  # every loaded event, current and former LAs
    judgements = workbook["judgements"]
    assert judgements.max_row - 1 == 38  # every graded area of those events, a combined grade under each area
    assert latest.column_dimensions["E"].width > 20  # the names are readable


def test_csv_files_hold_the_sheets_rows(built: BuiltSite) -> None:
    workbook = openpyxl.load_workbook(built.path / "downloads" / "ofsted-watch-summary.xlsx", read_only=True)
    for name in ("latest", "events", "judgements"):
        with (built.path / "downloads" / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        sheet_rows = list(workbook[name].iter_rows(values_only=True))
        assert rows[0] == list(sheet_rows[0])
        assert len(rows) == len(sheet_rows)
    with (built.path / "downloads" / "events.csv").open(encoding="utf-8-sig") as handle:
        wessex = [row for row in csv.DictReader(handle) if row["Local authority"] == "Wessex"]
    assert {row["End"] for row in wessex} == {"2017-02-24", "2023-03-10", "2026-10-02", "2026-10-09"}


def test_an_empty_warehouse_gives_a_site_that_says_so(tmp_path: Path, home: Path) -> None:
    db = tmp_path / "empty.duckdb"
    connect(db).close()
    built = build_site(db, NO_SNAPSHOT, tmp_path / "site", today=TODAY)
    home_page = text_of((built.path / "index.html").read_text(encoding="utf-8"))
    assert "No documents yet" in home_page
    assert "153 of the 153 current local authorities have no current overall grade" in home_page
    assert "Nothing has been published yet." in text_of((built.path / "changes" / "index.html").read_text())
    feed = ElementTree.fromstring((built.path / "feed.xml").read_bytes())
    assert feed.findall(f"{ATOM}entry") == []
    workbook = openpyxl.load_workbook(built.path / "downloads" / "ofsted-watch-summary.xlsx")
    assert workbook["events"].max_row == 1 and workbook["events"].auto_filter.ref == "A1:AA1"  # 27 columns


def test_a_missing_warehouse_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    from warehouse.db import WarehouseMissing

    with pytest.raises(WarehouseMissing):
        build_site(tmp_path / "none.duckdb", NO_SNAPSHOT, tmp_path / "site")
    assert not (tmp_path / "site").exists()
    assert list(tmp_path.iterdir()) == []


def test_building_needs_only_read_access_to_the_warehouse(site_db: Path, tmp_path: Path) -> None:
    before = site_db.stat().st_mtime_ns
    with duckdb.connect(str(site_db), read_only=True):  # another reader at the same time is fine
        build_site(site_db, NO_SNAPSHOT, tmp_path / "site", today=TODAY)
    assert site_db.stat().st_mtime_ns == before


@pytest.fixture(scope="module")
def paged_site(site_db: Path, tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The same warehouse with two documents a page, so Wessex's history runs over several pages."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("reports.site.render.DOCUMENTS_PER_PAGE", 2)
        return build_site(site_db, NO_SNAPSHOT, tmp_path_factory.mktemp("paged") / "site", today=TODAY)


def test_a_long_history_goes_on_to_pages_of_older_documents(paged_site: BuiltSite, site_db: Path) -> None:
    con = connect(site_db, read_only=True)
    try:
        documents = con.execute("SELECT count(*) FROM events WHERE la_code = '990'").fetchone()[0]  # type: ignore[index]
    finally:
        con.close()
    total = documents + 1  # and its press release, no event
    pages = sorted(path.name for path in (paged_site.path / "la").glob("wessex*.html"))
    assert pages == ["wessex-documents-2.html", "wessex-documents-3.html", "wessex.html"] and total == 5
    first = page(paged_site, "la/wessex.html")
    assert "Documents 1 to 2 of 5." in text_of(first)
    assert first.count('<li class="item') == 2 and 'href="wessex-documents-2.html" rel="next"' in first
    assert "Current grades" in first and "Statistical neighbours" in first
    last = page(paged_site, "la/wessex-documents-3.html")
    assert "<h1>Document 5 of 5</h1>" in last
    assert 'href="wessex-documents-2.html" rel="prev"' in last and 'rel="next"' not in last
    assert "Current grades" not in last and '<a href="../la/wessex.html">Wessex</a>' in last
    listed = re.findall(r'href="(https://files\.ofsted\.gov\.uk/v1/file/\d+)"', "".join(
        page(paged_site, f"la/{name}") for name in pages
    ))  # fmt: skip
    assert len(set(listed)) == total  # every document once, across the pages
    assert "Pages of documents" not in page(paged_site, "la/isles-of-lyonesse.html")  # two documents: one page


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_a_build_reindexes_only_the_shards_that_changed_and_matches_a_full_build_byte_for_byte(
    site_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "SHARD_CHARACTERS", 1)  # a shard a year: 2016, 2022 and 2026 hold a document each
    db, out = tmp_path / "warehouse.duckdb", tmp_path / "site"
    shutil.copy(site_db, db)
    build = partial(build_site, db, NO_SNAPSHOT, today=TODAY, now=BUILT_AT)
    first = build(out)
    assert (first.search_shards, first.search_shards_indexed) == (3, 3)
    assert build(out).search_shards_indexed == 0  # nothing changed
    with closing(connect(db)) as con:  # Kingsmarsh's 2022 report read again, one of its passages changed
        replace_passages(con, report_url(105), [(1, 7, "Findings", None, "Staying put is well used.")], BUILT_AT)
    changed = build(out)
    assert changed.search_shards_indexed == 1
    full = build(tmp_path / "full" / "site", full=True)
    assert full.search_shards_indexed == 3
    # Every page and download the same bytes; the index the same records (Pagefind's own files differ from run to
    # run: it writes its filters in no fixed order).
    pages, indexed = _files(out), _files(full.path)
    assert {path: data for path, data in pages.items() if not path.startswith("pagefind/")} == {
        path: data for path, data in indexed.items() if not path.startswith("pagefind/")
    }
    assert pages["pagefind/shards.json"] == indexed["pagefind/shards.json"]
    assert {path.split("/")[1] for path in pages if path.count("/") > 1} == {"2016", "2022", "2026"}


def _inodes(folder: Path) -> dict[str, int]:
    return {path.relative_to(folder).as_posix(): path.stat().st_ino for path in folder.rglob("*.html")}


def _scoped(paths: set[str]) -> set[str]:
    """An LA's, a region's or a week's pages (the others are rendered on every build)."""
    return {path for path in paths if path.startswith(("la/", "region/", "changes/20"))}


def test_a_build_renders_only_the_pages_a_new_document_changes_and_matches_a_full_build(
    site_db: Path, tmp_path: Path
) -> None:
    db, out = tmp_path / "warehouse.duckdb", tmp_path / "site"
    shutil.copy(site_db, db)
    build = partial(build_site, db, NO_SNAPSHOT, today=TODAY, now=BUILT_AT)
    workbook = out / "downloads" / "ofsted-watch-summary.xlsx"
    first = build(out)
    assert first.pages_rendered == first.pages
    written = workbook.stat().st_ino
    unchanged = build(out)
    assert unchanged.pages == first.pages
    assert unchanged.pages_rendered == first.pages - len(_scoped(set(_inodes(out))))  # only the whole site's pages
    assert workbook.stat().st_ino == written  # the same rows: the live site's workbook, linked
    before = _inodes(out)
    # Kingsmarsh (London) is visited in week 48: its grades, and so its neighbours' pages, stay as they were.
    with closing(connect(db)) as con:
        _load(
            con,
            501,
            date(2026, 11, 25),
            _visit(KINGSMARSH, "focused_visit", date(2026, 11, 4), Visit(focus="front_door")),
        )
    changed = build(out)
    after = _inodes(out)
    rendered = {path for path, inode in after.items() if before.get(path) != inode}
    # W47's page now links to a newer week.
    assert _scoped(rendered) == {"la/kingsmarsh.html", "region/london.html", "changes/2026-W48.html",
                                 "changes/2026-W47.html"}  # fmt: skip
    assert changed.pages_rendered == len(rendered)
    assert workbook.stat().st_ino != written  # a new row in its events sheet
    assert "Focused visit: the front door" in page(changed, "la/kingsmarsh.html")
    full = build(tmp_path / "full" / "site", full=True)
    assert full.pages_rendered == full.pages == changed.pages
    pages, whole = _files(out), _files(full.path)
    assert {path: data for path, data in pages.items() if not path.startswith("pagefind/")} == {
        path: data for path, data in whole.items() if not path.startswith("pagefind/")
    }


def test_a_change_to_the_code_or_an_unreadable_record_of_digests_renders_every_page(
    site_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    build = partial(build_site, site_db, NO_SNAPSHOT, out, today=TODAY, now=BUILT_AT)
    first = build()
    (out / render.PAGE_MANIFEST).write_text("{not json", encoding="utf-8")
    assert build().pages_rendered == first.pages
    monkeypatch.setattr(render, "_page_makers_digest", lambda: "another version of the templates")
    assert build().pages_rendered == first.pages
