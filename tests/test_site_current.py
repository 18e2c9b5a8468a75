"""Current means current: an area the framework in force (ILACS) no longer grades is not among an LA's current
grades, on its page, in the all-LAs table or in latest.csv; it is listed under "No longer graded" with its last
grade, when and under which framework. SQL users read the same rule from `latest_judgements.current`.

Elmet (a fictional council of the site tests) was judged on the SIF in 2015 (LSCB requires improvement), on
ILACS in 2023, and had an LSCB review in 2026 (LSCB good): its LSCB grade is its latest, and no longer current.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from test_site_build import page, text_of

from reports.site.build import BuiltSite
from warehouse.db import connect

ILACS_AREAS = ["care_leavers", "help_and_protection", "in_care", "leaders", "overall"]


@pytest.fixture(scope="module")
def built(built_site: BuiltSite) -> BuiltSite:
    return built_site


def current_table(html: str) -> str:
    return html.split("<h2>Current grades</h2>")[1].split("</table>")[0]


def latest_rows(built: BuiltSite) -> dict[str, dict[str, str]]:
    with (built.path / "downloads" / "latest.csv").open(encoding="utf-8-sig") as handle:
        return {row["Local authority"]: row for row in csv.DictReader(handle)}


def test_sql_says_which_areas_are_current(site_db: Path) -> None:
    con = connect(site_db, read_only=True)
    try:
        assert [area for (area,) in con.execute("SELECT area FROM current_areas ORDER BY area").fetchall()] == (
            ILACS_AREAS
        )
        elmet = con.execute(
            "SELECT area, grade, kind, current FROM latest_judgements WHERE la_code = '994' ORDER BY area"
        ).fetchall()
        not_current = con.execute(
            "SELECT DISTINCT area FROM latest_judgements WHERE NOT current ORDER BY area"
        ).fetchall()
    finally:
        con.close()
    assert ("lscb", "good", "lscb_review", False) in elmet  # kept, with its grade, and said not to be current
    assert all(current for area, _, _, current in elmet if area != "lscb")
    assert not_current == [("lscb",)]


def test_an_la_s_page_puts_an_area_no_longer_graded_under_its_own_heading(built: BuiltSite) -> None:
    html = page(built, "la/elmet.html")
    current = current_table(html)
    assert "Local Safeguarding Children Board" not in current
    assert re.findall(r'<th scope="row">([^<]+)</th>', current)[0] == "Overall effectiveness"
    former = html.split('<h3 id="no-longer-graded">No longer graded</h3>')[1].split("</table>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", former, flags=re.DOTALL)
    lscb = "Local Safeguarding Children Board Good 25 September 2026 LSCB review"
    assert [text_of(row) for row in rows[1:]] == [lscb]


def test_an_la_with_only_current_areas_has_no_such_heading(built: BuiltSite) -> None:
    assert "No longer graded" not in page(built, "la/wessex.html")


def test_latest_csv_and_the_table_show_current_grades_only(built: BuiltSite) -> None:
    elmet = latest_rows(built)["Elmet"]
    assert not any("Safeguarding" in column or "Adoption" in column for column in elmet)
    assert elmet["Overall effectiveness"] == "Requires improvement to be good"
    table = page(built, "authorities.html")
    row = table.split('<a href="la/elmet.html">Elmet</a>')[1].split("</tr>")[0]
    assert "Local Safeguarding" not in row and "g-good" not in row  # Elmet's one good grade is its LSCB's
