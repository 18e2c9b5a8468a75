"""What the site shows beside each LA's grades, read from a real warehouse file and checked against the warehouse's
own views and the digest's functions (one query per figure): statistical neighbours, the national picture and
the share good or outstanding over time, the inspection outlook, area SEND outcomes and JTAI themes, what needs
to improve with its priorities, combined care judgements, and reading the snapshot while the warehouse is busy.
"""

from __future__ import annotations

import csv
import re
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import openpyxl
import pytest
from pipeline_helpers import Holder
from site_helpers import HOSTILE_IMPROVEMENTS, NO_SNAPSHOT, SEND_WEAKNESS, TODAY
from test_site_build import ATOM, page, text_of
from typer.testing import CliRunner

from ofsted_watch.cli import app
from reports.context import ENGLAND
from reports.digest import national_picture
from reports.site.build import BuiltSite, build_site
from reports.site.chart import MIN_JUDGED
from warehouse import context_queries
from warehouse.db import connect
from warehouse.reading import SnapshotMissing
from warehouse.snapshot import publish


@pytest.fixture(scope="module")
def built(built_site: BuiltSite) -> BuiltSite:
    return built_site


def rows_of(built: BuiltSite, name: str) -> list[dict[str, str]]:
    with (built.path / "downloads" / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def section(html: str, heading: str) -> str:
    """The markup from a heading to the next h2."""
    return html.split(heading, 1)[1].split("<h2", 1)[0]


# --- statistical neighbours ---


def test_an_la_page_lists_its_statistical_neighbours_with_the_warehouse_s_grades(
    built: BuiltSite, site_db: Path
) -> None:
    con = connect(site_db, read_only=True)
    try:
        expected = context_queries.neighbour_grades(con, TODAY)
    finally:
        con.close()
    wessex = [row for row in expected if row["la_code"] == "990"]
    html = page(built, "la/wessex.html")
    assert html.index("<h2>Current grades</h2>") < html.index('<h2 id="neighbours">') < html.index("Grade history")
    block = section(html, '<h2 id="neighbours">')
    listed = re.findall(r'<th scope="row"><a href="../la/([\w-]+)\.html">([^<]+)</a></th><td[^>]*>(.*?)</td>', block)
    assert [name for _, name, _ in listed] == [row["neighbour"] for row in wessex]  # most similar first
    for (_, _, cell), row in zip(listed, wessex, strict=True):
        assert f'class="tag g-{row["grade"] or "none"}"' in cell
    assert "2 good, 2 requires improvement, 1 inadequate" in text_of(block)
    latest = {row["Local authority"]: row for row in rows_of(built, "latest")}["Wessex"]
    assert latest["Statistical neighbours"] == "; ".join(row["neighbour"] for row in wessex)
    assert latest["Neighbours' overall effectiveness"] == "2 good, 2 requires improvement, 1 inadequate"


def test_an_la_without_neighbours_in_the_reference_has_no_block(built: BuiltSite) -> None:
    assert "Statistical neighbours</h2>" not in page(built, "la/script-alert-x-script-co.html")


# --- the national picture ---


def test_the_home_page_s_national_picture_is_the_digest_s(built: BuiltSite, site_db: Path) -> None:
    con = connect(site_db, read_only=True)
    try:
        picture = national_picture(con, TODAY)
    finally:
        con.close()
    home = text_of(page(built, "index.html"))
    assert picture.england is not None
    assert (
        f"Good or outstanding: {picture.england.percent_now:.1f}% of the {picture.england.judged} local "
        f"authorities judged (a year earlier: {picture.england.percent_year_earlier:.1f}%)"
    ) in home
    by_region = section(page(built, "index.html"), "Good or outstanding, by region")
    assert picture.regions
    for share in picture.regions:
        now = "none judged" if share.percent_now is None else f"{share.percent_now:.1f}%"
        assert f'>{share.region}</a></th><td class="numeric">{now}</td>' in by_region


def test_the_share_over_time_is_drawn_per_region_with_every_quarter_in_a_table(built: BuiltSite, site_db: Path) -> None:
    con = connect(site_db, read_only=True)
    try:
        first = con.execute("SELECT min(published) FROM document_publication").fetchone()[0]  # type: ignore[index]
        quarters = context_queries.good_or_outstanding_by_quarter(con, first, TODAY)
    finally:
        con.close()
    html = page(built, "index.html")
    charts = section(html, '<h2 id="shares-heading">')
    regions = {row["region"] for row in quarters}
    drawn = {
        row["region"]
        for row in quarters
        if row["judged"] >= MIN_JUDGED and row["percent_good_or_outstanding"] is not None
    }
    assert ENGLAND in drawn and len(drawn) < len(regions)  # the sample councils leave most regions thin
    captions = re.findall(r'<figcaption id="share-\d+"><strong>([^<]+)</strong>', charts)
    assert captions == [ENGLAND, *sorted(drawn - {ENGLAND})]
    assert len(re.findall(r'<svg [^>]*role="img" aria-labelledby="share-\d+"', charts)) == len(captions)
    # England's line is in every region's chart; a region with too few judged is named instead of drawn.
    assert charts.count('class="england"') == charts.count('class="region"') - 1 == len(captions) - 1
    undrawn = text_of(charts.split("Too few local authorities judged to draw:", 1)[1].split("</p>", 1)[0])
    assert undrawn == ", ".join(sorted(regions - drawn)) + "."
    # The table holds every quarter from the first with any judgement, newest first, as the query gives it.
    table = html.split('id="shares-table"', 1)[1].split("</table>", 1)[0]
    assert table.count('<th scope="col" class="numeric">') == len(regions)
    england = [row for row in quarters if row["region"] == ENGLAND and row["judged"]]
    assert len(re.findall(r"<tr><th scope=\"row\">", table)) == len(england)
    newest = england[-1]
    assert f"{newest['percent_good_or_outstanding']:.1f}% ({newest['judged']})</td>" in table


# --- the inspection outlook ---


def test_an_la_page_says_what_the_ilacs_rules_expect_next_and_that_it_is_no_announced_date(
    built: BuiltSite, site_db: Path
) -> None:
    con = connect(site_db, read_only=True)
    try:
        outlook = {row["la_code"]: row for row in context_queries.inspection_outlook(con, TODAY)}
    finally:
        con.close()
    kingsmarsh = outlook["995"]
    assert kingsmarsh["status"] == "not_due"
    text = text_of(page(built, "la/kingsmarsh.html"))
    assert "Next full inspection expected: Short inspection (ILACS) between 16 April 2029 and 16 April 2030." in text
    assert kingsmarsh["window_start"].isoformat() == "2029-04-16"
    assert "not a date Ofsted has announced" in text
    hostile = text_of(page(built, "la/script-alert-x-script-co.html"))
    assert "between 2 December 2018 and 2 December 2019 ( overdue : the window has closed)" in hostile
    wessex = text_of(page(built, "la/wessex.html"))
    assert "Next full inspection expected: after an inadequate judgement: monitoring visits" in wessex
    table = page(built, "authorities.html")
    row = table.split('<a href="la/kingsmarsh.html">', 1)[1].split("</tr>", 1)[0]
    assert 'class="outlook" data-sort-value="2029-04-16">Short inspection<span class="when">Apr 2029 to Apr 2030' in (
        row
    )
    assert "not a date Ofsted has announced" in text_of(table)


# --- area SEND outcomes and JTAI themes ---


def test_an_la_page_shows_its_area_send_outcomes_against_the_previous_one(built: BuiltSite) -> None:
    html = page(built, "la/wessex.html")
    current = section(html, "<h2>Current grades</h2>")
    send_row = text_of(current.split("Area SEND outcome", 1)[1].split("</tr>", 1)[0])
    assert send_row.startswith("of the local area partnership Widespread and/or systemic failings 2 October 2026")
    assert "No written statement of action 24 February 2017 Declined" in send_row
    documents = text_of(html.split("Every document, newest first", 1)[1])
    assert (
        "Outcome: Widespread and/or systemic failings · before: No written statement of action (24 February 2017), "
        "declined" in documents
    )
    assert "“There are widespread and/or systemic failings" in documents
    kingsmarsh = text_of(page(built, "la/kingsmarsh.html"))
    assert f"{SEND_WEAKNESS} (insufficient progress)" in kingsmarsh


def test_a_jtai_shows_its_theme_and_the_agencies_inspected(built: BuiltSite) -> None:
    text = text_of(page(built, "la/mercia-vale.html"))
    assert "Theme: serious youth violence · agencies inspected: police, children's social care and youth justice" in (
        text.replace("&#39;", "'")
    )
    events = [row for row in rows_of(built, "events") if row["Kind"] == "Joint targeted area inspection"]
    assert [(row["Local authority"], row["JTAI theme"], row["JTAI partners"]) for row in events] == [
        ("Mercia Vale", "serious youth violence", "police, children's social care and youth justice")
    ]


def test_a_send_deterioration_is_one_in_the_changes_the_feed_and_the_events_sheet(built: BuiltSite) -> None:
    week = page(built, "changes/2026-W46.html")
    deteriorations = text_of(week.split("<h2>Deteriorations</h2>", 1)[1].split("<h2>", 1)[0])
    assert "Wessex Area SEND inspection ending 2 October 2026" in deteriorations
    assert "Area SEND outcome Declined No written statement of action" in deteriorations
    assert "Kingsmarsh Area SEND inspection" in deteriorations
    feed = ElementTree.fromstring((built.path / "feed.xml").read_bytes())
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]
    assert (
        "Deterioration: Wessex: Area SEND inspection, area SEND outcome Widespread and/or systemic failings "
        "(was No written statement of action)" in titles
    )
    assert "Deterioration: Kingsmarsh: Area SEND inspection, Insufficient progress on some weaknesses" in titles
    assert "Mercia Vale: Joint targeted area inspection: serious youth violence" in titles
    send = {
        row["End"]: row
        for row in rows_of(built, "events")
        if row["Local authority"] == "Wessex" and row["Area SEND outcome"]
    }
    assert send["2026-10-02"]["Area SEND outcome"] == "Widespread and/or systemic failings"
    assert send["2017-02-24"]["Written statement of action required"] == "No"
    latest = {row["Local authority"]: row for row in rows_of(built, "latest")}["Wessex"]
    assert (latest["Area SEND outcome"], latest["Area SEND date"]) == (
        "Widespread and/or systemic failings",
        "2026-10-02",
    )


# --- what needs to improve ---


def test_each_document_lists_what_needs_to_improve_priorities_first_and_marked(built: BuiltSite) -> None:
    html = page(built, "la/script-alert-x-script-co.html")
    improvements = html.split('<details class="details improvements" open>', 1)[1].split("</details>", 1)[0]
    assert "What needs to improve: 2 items, 1 of them a priority" in text_of(improvements)
    items = re.findall(r"<li>(.*?)</li>", improvements)
    priority, other = HOSTILE_IMPROVEMENTS[1], HOSTILE_IMPROVEMENTS[0]
    # Each item with its themes' labels: "assessments" is the assessment and planning theme; a plan with no
    # qualifier matches no rule and is left untagged.
    assert items == [
        '<strong class="priority">Priority</strong> ' + priority.replace("&", "&amp;"),
        other.replace("<", "&lt;").replace(">", "&gt;")
        + ' <span class="themes">Themes: Assessment and planning</span>',
    ]


def test_only_the_newest_list_of_improvements_is_open(built: BuiltSite) -> None:
    html = page(built, "la/elmet.html")
    lists = re.findall(r'<details class="details improvements"( open)?>', html)
    assert lists and lists[0] == " open" and set(lists[1:]) <= {""}
    # Elmet's focused visit: its priority actions are the list (the record gave no improvements beside them).
    assert "Priority</strong> Leaders should ensure that every child at risk of exploitation" in html


# --- combined care judgements ---


def test_a_care_leavers_grade_from_a_combined_judgement_says_so(built: BuiltSite) -> None:
    html = page(built, "la/mercia-vale.html")
    current = text_of(section(html, "<h2>Current grades</h2>"))
    care_leavers = current.split("Care leavers", 1)[1]
    assert care_leavers.startswith(
        " Inadequate 2 October 2026 Standard inspection (ILACS) Requires improvement to be good 17 June 2022, judged "
        "with children in care Declined"
    )
    documents = text_of(html.split("Every document, newest first", 1)[1])
    assert "Children in care and care leavers Requires improvement to be good" in documents
    assert "One grade for children in care and care leavers (ILACS until 2023)" in documents
    judged = [
        row
        for row in rows_of(built, "judgements")
        if row["Local authority"] == "Mercia Vale" and row["Inspection end"] == "2022-06-17"
    ]
    together = {row["Area"]: row["Judged together"] for row in judged}
    assert together == {
        "Overall effectiveness": "",
        "Children who need help and protection": "",
        "Children in care": "Judged with care leavers",
        "Care leavers": "Judged with children in care",
    }


def test_the_spreadsheet_has_the_new_columns_at_the_end(built: BuiltSite) -> None:
    workbook = openpyxl.load_workbook(built.path / "downloads" / "ofsted-watch-summary.xlsx", read_only=True)
    header = [cell.value for cell in next(workbook["latest"].iter_rows(max_row=1))]
    assert header[:6] == ["URN", "LA code", "ONS code", "Region", "Local authority", "Report"]
    assert header[-2:] == ["Statistical neighbours", "Neighbours' overall effectiveness"]


# --- reading the warehouse, else its snapshot ---


def test_while_another_process_writes_the_warehouse_the_site_reads_the_snapshot_and_says_so(
    site_db: Path, site_reference: Path, tmp_path: Path
) -> None:
    db = tmp_path / "ofsted-watch.duckdb"
    shutil.copyfile(site_db, db)
    snapshot = tmp_path / "published" / "ofsted-watch.duckdb"
    with Holder(db, 60):
        with pytest.raises(SnapshotMissing):
            build_site(db, snapshot, tmp_path / "site", today=TODAY)
        assert not (tmp_path / "site").exists()
    publish(db, snapshot)
    with Holder(db, 60):
        built = build_site(db, snapshot, tmp_path / "site", today=TODAY)
        result = CliRunner().invoke(app, ["site", "--home", str(tmp_path), "--out", str(tmp_path / "again")])
    assert built.note is not None and "is in use by" in built.note and str(snapshot) in built.note
    assert built.documents == 27
    assert "Inadequate" in text_of(page(built, "la/wessex.html"))
    assert result.exit_code == 0, result.output
    assert "is in use by" in result.stderr and "reading the snapshot published" in result.stderr
    assert (tmp_path / "again" / "index.html").is_file()


def test_the_warehouse_is_read_when_it_is_free(built: BuiltSite) -> None:
    assert built.note is None
    assert not NO_SNAPSHOT.exists()
