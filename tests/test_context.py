"""Context for judgements on a warehouse of fictional councils with answers worked out by hand: statistical
neighbours, the inspection outlook and its measurement, and the national picture on any day.

The real LAs of the shipped reference are removed from this warehouse, so every count below is of the fictional
councils of samples/councils.py (codes 990-997) alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest
from test_warehouse_helpers import ilacs, load, own_copy, sif, url, visit, with_sample_councils

from common.record import Record
from reports.digest import load_digest
from reports.model import Authority, ExpectedInspection, Period
from reports.render import render_html, render_text
from samples.councils import SAMPLE_REFERENCE_CSV
from warehouse import context_queries
from warehouse.db import connect, sync_stat_neighbours

WESSEX, MERCIA_VALE, NORTHMOOR, LYONESSE, ELMET, KINGSMARSH, ANGLIA_FENS, MERCIA_VALE_COUNTY = (
    "990", "991", "992", "993", "994", "995", "996", "997",
)  # fmt: skip
RI = "requires_improvement"
AS_AT = date(2024, 6, 30)


def _pre_sif(code: str, end: date, overall: str) -> Record:
    record = sif(code, end, end, overall, capacity_to_improve=overall)
    record.kind = "pre_sif"
    return record


def _short(code: str, end: date, overall: str, **areas: str) -> Record:
    record = ilacs(code, end, end, overall, **areas)
    record.kind = "ilacs_short"
    return record


# (name, record): each full inspection's last day is its event date; published a month later.
HISTORY = [
    # Wessex: a pre-2013 inspection (not counted), a SIF, then a short ILACS inside its window.
    ("wessex-pre-sif", _pre_sif(WESSEX, date(2012, 3, 9), "adequate")),
    ("wessex-sif", sif(WESSEX, date(2016, 5, 2), date(2016, 5, 20), "good", help_and_protection="good",
                       looked_after_permanence=RI, care_leavers="good", leadership_management_governance="good")),
    ("wessex-2019", _short(WESSEX, date(2019, 6, 14), "outstanding", leaders="outstanding",
                           help_and_protection="good", in_care="outstanding")),
    # Mercia Vale County (abolished 31 March 2021), then Mercia Vale, its successor, with a history of its own.
    ("mercia-county-2018", ilacs(MERCIA_VALE_COUNTY, date(2018, 10, 1), date(2018, 10, 12), RI,
                                 leaders=RI, help_and_protection=RI, in_care=RI)),
    ("mercia-2022", ilacs(MERCIA_VALE, date(2022, 1, 31), date(2022, 2, 11), "good",
                          leaders="good", help_and_protection="good", in_care="good")),
    # Northmoor: inadequate twice, then monitoring visits.
    ("northmoor-sif", sif(NORTHMOOR, date(2015, 11, 16), date(2015, 12, 11), "inadequate",
                          help_and_protection="inadequate", leadership_management_governance="inadequate")),
    ("northmoor-2022", ilacs(NORTHMOOR, date(2022, 11, 7), date(2022, 11, 18), "inadequate",
                             leaders="inadequate", help_and_protection="inadequate", in_care=RI)),
    ("northmoor-mv1", visit(NORTHMOOR, "monitoring_visit", date(2023, 5, 10), date(2023, 6, 1), number=1,
                            progress="insufficient", prior_judgement="inadequate")),
    ("northmoor-mv2", visit(NORTHMOOR, "monitoring_visit", date(2023, 9, 20), date(2023, 10, 12), number=2,
                            progress="sufficient", prior_judgement="inadequate")),
    # Isles of Lyonesse: never inspected.
    # Elmet: good under the SIF, then a standard ILACS after the pause, requires improvement.
    ("elmet-sif", sif(ELMET, date(2017, 10, 16), date(2017, 11, 10), "good", help_and_protection="good",
                      leadership_management_governance="good")),
    ("elmet-2021", ilacs(ELMET, date(2021, 9, 13), date(2021, 9, 24), RI,
                         leaders=RI, help_and_protection=RI, in_care="good")),
    # Kingsmarsh: a short ILACS well before its window opened, just before the pause.
    ("kingsmarsh-sif", sif(KINGSMARSH, date(2018, 2, 19), date(2018, 3, 16), "good",
                           help_and_protection="good", leadership_management_governance="good")),
    ("kingsmarsh-2020", _short(KINGSMARSH, date(2020, 2, 7), "good", leaders="good",
                               help_and_protection="good", in_care="good")),
    # Anglia Fens: requires improvement under the SIF; re-inspected late by the rule, inside it with the pause.
    ("anglia-sif", sif(ANGLIA_FENS, date(2017, 2, 13), date(2017, 3, 10), RI, help_and_protection=RI,
                       leadership_management_governance=RI)),
    ("anglia-2021", ilacs(ANGLIA_FENS, date(2021, 10, 4), date(2021, 10, 15), "good",
                          leaders="good", help_and_protection="good", in_care="good")),
]  # fmt: skip


def build_context_db(path: Path) -> duckdb.DuckDBPyConnection:
    """A warehouse holding HISTORY whose reference data is the fictional councils' alone (set
    OFSTED_WATCH_LA_REFERENCE to the sample reference first)."""
    con = connect(path)
    con.execute("DELETE FROM local_authorities WHERE la_code NOT LIKE '99_'")
    con.execute("DELETE FROM stat_neighbours WHERE la_code NOT LIKE '99_'")
    for name, record in HISTORY:
        end = record.inspection_end or date(2000, 1, 1)
        load(con, url(name), record, date(end.year + (end.month == 12), end.month % 12 + 1, 1))
    return con


def context_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A module's fixture: the warehouse file of HISTORY (see with_sample_councils)."""
    yield from with_sample_councils(
        lambda path: build_context_db(path).close(), tmp_path_factory.mktemp("context") / "context.duckdb"
    )


@pytest.fixture(scope="module")
def context_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield from context_file(tmp_path_factory)


@pytest.fixture()
def context(context_template: Path, tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The test's own copy, opened as DuckDB opens any file: a writable open through the warehouse would add the
    shipped reference's LAs back."""
    con = duckdb.connect(str(own_copy(context_template, tmp_path)))
    yield con
    con.close()


def _all(con: duckdb.DuckDBPyConnection, query: str, *parameters: object) -> list[tuple[object, ...]]:
    return con.execute(query, list(parameters)).fetchall()


# --- statistical neighbours ---------------------------------------------------------------------------------------


def test_the_shipped_reference_carries_the_dfe_neighbours_in_rank_order(tmp_path: Path) -> None:
    con = connect(tmp_path / "real.duckdb")
    kirklees = _all(con, "SELECT neighbour_la_code FROM stat_neighbours WHERE la_code = '382' ORDER BY rank")
    # Sheffield first, Gateshead tenth (la_lookup.csv's stat_neighbours for Kirklees).
    assert [code for (code,) in kirklees] == ["373", "357", "851", "831", "879", "354", "351", "384", "908", "390"]
    # Every current LA has ten; the abolished ones (Cumbria, Northamptonshire, Poole...) none, and none lists them.
    counts = dict(_all(con, "SELECT la_code, count(*) FROM stat_neighbours GROUP BY la_code"))
    current = [code for (code,) in _all(con, "SELECT la_code FROM local_authorities WHERE valid_to IS NULL")]
    assert set(counts) == set(current) and set(counts.values()) == {10}
    assert _all(
        con,
        "SELECT count(*) FROM stat_neighbours AS n JOIN local_authorities AS la ON la.la_code = n.neighbour_la_code "
        "WHERE la.valid_to IS NOT NULL",
    ) == [(0,)]
    con.close()


def test_neighbour_grades_give_each_neighbours_overall_grade_on_the_day(context: duckdb.DuckDBPyConnection) -> None:
    rows = _all(
        context,
        "SELECT rank, neighbour, grade, event_date, kind FROM neighbour_grades_on(?) WHERE la_code = ? ORDER BY rank",
        AS_AT,
        WESSEX,
    )
    assert rows == [
        (1, "Anglia Fens", "good", date(2021, 10, 15), "ilacs_standard"),
        (2, "Isles of Lyonesse", None, None, None),
        (3, "Mercia Vale", "good", date(2022, 2, 11), "ilacs_standard"),
        (4, "Elmet", RI, date(2021, 9, 24), "ilacs_standard"),
        (5, "Northmoor", "inadequate", date(2022, 11, 18), "ilacs_standard"),
    ]
    # Before Elmet's ILACS, its SIF stood.
    assert _all(
        context,
        "SELECT grade FROM neighbour_grades_on(DATE '2021-09-23') WHERE la_code = ? AND neighbour_la_code = ?",
        WESSEX,
        ELMET,
    ) == [("good",)]
    # The view is the macro on today's date.
    assert _all(context, "SELECT count(*) FROM neighbour_grades WHERE la_code = ?", WESSEX) == [(5,)]
    assert context_queries.neighbour_standing(context, AS_AT)[WESSEX] == {
        "good": 2,
        None: 1,
        RI: 1,
        "inadequate": 1,
    }


def test_neighbours_follow_the_reference_on_every_writable_open(
    context: duckdb.DuckDBPyConnection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    changed = tmp_path / "reference.csv"
    text = SAMPLE_REFERENCE_CSV.read_text(encoding="utf-8")
    changed.write_text(text.replace(",996;993;991;994;992\n", ",993;996\n"), encoding="utf-8")
    monkeypatch.setenv("OFSTED_WATCH_LA_REFERENCE", str(changed))
    sync_stat_neighbours(context)
    assert _all(
        context, "SELECT neighbour_la_code, rank FROM stat_neighbours WHERE la_code = ? ORDER BY rank", WESSEX
    ) == [
        ("993", 1),
        ("996", 2),
    ]
    assert _all(context, "SELECT count(*) FROM stat_neighbours WHERE la_code = ?", MERCIA_VALE_COUNTY) == [(0,)]
    assert _all(context, "SELECT count(*) FROM stat_neighbours WHERE la_code = ?", ELMET) == [(5,)]


# --- the inspection outlook ---------------------------------------------------------------------------------------

OUTLOOK_COLUMNS = (
    "la_code, last_kind, last_date, last_overall, visits_since, last_visit_kind, last_visit_number, "
    "last_visit_date, expected_kind, window_start, window_end, status"
)


def test_outlook_gives_each_existing_la_its_expected_inspection_and_status(
    context: duckdb.DuckDBPyConnection,
) -> None:
    rows = _all(context, f"SELECT {OUTLOOK_COLUMNS} FROM inspection_outlook_on(?)", AS_AT)
    short, standard = "ilacs_short", "ilacs_standard"
    assert rows == [
        # Before the pause: the clock stopped for its 468 days, so the window closed on 26 March 2024.
        (WESSEX, short, date(2019, 6, 14), "outstanding", 0, None, None, None,
         short, date(2023, 3, 27), date(2024, 3, 26), "overdue"),
        # The successor council's own inspection, never its predecessor's.
        (MERCIA_VALE, standard, date(2022, 2, 11), "good", 0, None, None, None,
         short, date(2024, 8, 11), date(2025, 8, 11), "not_due"),
        (NORTHMOOR, standard, date(2022, 11, 18), "inadequate", 2, "monitoring_visit", 2, date(2023, 9, 20),
         standard, None, None, "monitoring"),
        (LYONESSE, None, None, None, 0, None, None, None, None, None, None, "never_inspected"),
        (ELMET, standard, date(2021, 9, 24), RI, 0, None, None, None,
         standard, date(2024, 3, 24), date(2025, 3, 24), "in_window"),
        (KINGSMARSH, short, date(2020, 2, 7), "good", 0, None, None, None,
         short, date(2023, 11, 18), date(2024, 11, 17), "in_window"),
        (ANGLIA_FENS, standard, date(2021, 10, 15), "good", 0, None, None, None,
         short, date(2024, 4, 15), date(2025, 4, 15), "in_window"),
    ]  # fmt: skip
    notes = _all(context, "SELECT DISTINCT note, as_at FROM inspection_outlook_on(?)", AS_AT)
    assert notes == [("An expectation from the ILACS rules, not a date Ofsted has announced", AS_AT)]


def test_outlook_of_a_reorganised_la_starts_with_the_new_council(context: duckdb.DuckDBPyConnection) -> None:
    day_before, day_after = date(2021, 3, 31), date(2021, 4, 1)
    columns = "la_code, last_date, last_overall, status"
    before = _all(context, f"SELECT {columns} FROM inspection_outlook_on(?) WHERE la_code IN (?, ?)",
                  day_before, MERCIA_VALE, MERCIA_VALE_COUNTY)  # fmt: skip
    after = _all(context, f"SELECT {columns} FROM inspection_outlook_on(?) WHERE la_code IN (?, ?)",
                 day_after, MERCIA_VALE, MERCIA_VALE_COUNTY)  # fmt: skip
    # The county's window (12 October 2018 + 30 months, then the pause) had not opened by its last day.
    assert before == [(MERCIA_VALE_COUNTY, date(2018, 10, 12), RI, "not_due")]
    assert after == [(MERCIA_VALE, None, None, "never_inspected")]


def test_the_outlook_view_is_todays(context: duckdb.DuckDBPyConnection) -> None:
    today = _all(context, "SELECT current_date")[0][0]
    assert _all(context, "SELECT * FROM inspection_outlook") == _all(
        context, "SELECT * FROM inspection_outlook_on(?)", today
    )


def test_expected_soon_lists_the_overdue_then_windows_opening_within_the_months(
    context: duckdb.DuckDBPyConnection,
) -> None:
    soon = context_queries.expected_soon(context, AS_AT, 3)
    assert [(row["la_code"], row["status"], row["window_start"]) for row in soon] == [
        (WESSEX, "overdue", date(2023, 3, 27)),
        (MERCIA_VALE, "not_due", date(2024, 8, 11)),
    ]
    assert [row["la_code"] for row in context_queries.expected_soon(context, AS_AT, 1)] == [WESSEX]


# --- how well the rule held ---------------------------------------------------------------------------------------


def test_reinspections_are_measured_against_their_window_as_stated_and_with_the_pause(
    context: duckdb.DuckDBPyConnection,
) -> None:
    rows = _all(
        context,
        "SELECT la_code, event_date, previous_kind, expected_kind, stated_window_start, stated_window_end, "
        "window_end, stated_timing, timing, months_since_previous FROM reinspections ORDER BY event_date",
    )
    short, standard = "ilacs_short", "ilacs_standard"
    assert rows == [
        (WESSEX, date(2019, 6, 14), "sif", short, date(2018, 11, 20), date(2019, 11, 20), date(2019, 11, 20),
         "inside", "inside", 37),
        (KINGSMARSH, date(2020, 2, 7), "sif", short, date(2020, 9, 16), date(2021, 9, 16), date(2022, 12, 28),
         "early", "early", 23),
        (ELMET, date(2021, 9, 24), "sif", short, date(2020, 5, 10), date(2021, 5, 10), date(2022, 8, 21),
         "late", "inside", 46),
        (ANGLIA_FENS, date(2021, 10, 15), "sif", standard, date(2019, 9, 10), date(2020, 9, 10), date(2021, 12, 22),
         "late", "inside", 55),
        (NORTHMOOR, date(2022, 11, 18), "sif", standard, None, None, None, "after_inadequate", "after_inadequate", 83),
    ]  # fmt: skip


def test_the_cycle_measurement_per_year(context: duckdb.DuckDBPyConnection) -> None:
    names, values = context_queries.inspection_cycle(context)
    assert names == [
        "year", "reinspections", "early", "inside", "late", "percent_inside", "inside_pause_stopped",
        "percent_inside_pause_stopped", "percent_expected_kind", "median_months", "after_inadequate",
        "median_months_after_inadequate",
    ]  # fmt: skip
    assert values == [
        ("2019", 1, 0, 1, 0, 100.0, 1, 100.0, 100.0, 37.0, 0, None),
        ("2020", 1, 1, 0, 0, 0.0, 0, 0.0, 100.0, 23.0, 0, None),
        # Elmet was expected to have a short inspection (good under the SIF) and had a standard one.
        ("2021", 2, 0, 0, 2, 0.0, 2, 100.0, 50.0, 50.5, 0, None),
        ("2022", 0, 0, 0, 0, None, 0, None, None, None, 1, 83.0),
        ("all", 4, 1, 1, 2, 25.0, 3, 75.0, 75.0, 41.5, 1, 83.0),
    ]


# --- the national picture -----------------------------------------------------------------------------------------

PICTURE_COLUMNS = (
    "region, area, authorities, judged, outstanding, good, requires_improvement, inadequate, not_yet_judged, "
    "percent_good_or_outstanding"
)


def _picture(con: duckdb.DuckDBPyConnection, day: date, region: str, area: str = "overall") -> tuple[object, ...]:
    (row,) = _all(con, f"SELECT {PICTURE_COLUMNS} FROM national_picture(?) WHERE region = ? AND area = ?",
                  day, region, area)  # fmt: skip
    return row[2:]


def test_national_picture_before_and_after_a_judgement(context: duckdb.DuckDBPyConnection) -> None:
    region = "Yorkshire and the Humber"  # Elmet alone
    assert _picture(context, date(2021, 9, 23), region) == (1, 1, 0, 1, 0, 0, 0, 100.0)
    assert _picture(context, date(2021, 9, 24), region) == (1, 1, 0, 0, 1, 0, 0, 0.0)
    # England on 23 September 2021: Wessex outstanding; Elmet and Kingsmarsh good; Anglia Fens requires
    # improvement (SIF); Northmoor inadequate (SIF); Mercia Vale and Lyonesse none yet.
    assert _picture(context, date(2021, 9, 23), "England") == (7, 5, 1, 2, 1, 1, 2, 60.0)
    assert _picture(context, date(2021, 9, 24), "England") == (7, 5, 1, 1, 2, 1, 2, 40.0)


def test_an_la_that_stopped_existing_counts_until_its_last_day(context: duckdb.DuckDBPyConnection) -> None:
    region = "West Midlands"  # Mercia Vale County until 31 March 2021, then Mercia Vale
    assert _picture(context, date(2021, 3, 31), region) == (1, 1, 0, 0, 1, 0, 0, 0.0)
    assert _picture(context, date(2021, 4, 1), region) == (1, 0, 0, 0, 0, 0, 1, None)
    assert _picture(context, date(2022, 2, 11), region) == (1, 1, 0, 1, 0, 0, 0, 100.0)


def test_areas_compare_across_frameworks_and_only_sif_and_ilacs_count(context: duckdb.DuckDBPyConnection) -> None:
    region = "South West"  # Wessex and the Isles of Lyonesse (never inspected)
    # 2015: Wessex had only a pre-2013 inspection, which does not count.
    assert _picture(context, date(2015, 1, 1), region) == (2, 0, 0, 0, 0, 0, 2, None)
    # Under the SIF: leadership, management and governance is `leaders`; looked after children `in_care`.
    assert _picture(context, date(2018, 1, 1), region, "leaders") == (2, 1, 0, 1, 0, 0, 1, 100.0)
    assert _picture(context, date(2018, 1, 1), region, "in_care") == (2, 1, 0, 0, 1, 0, 1, 0.0)
    assert _picture(context, date(2020, 1, 1), region, "leaders") == (2, 1, 1, 0, 0, 0, 1, 100.0)
    # The 2019 ILACS judged children in care and care leavers as one area (outstanding): that grade is care
    # leavers' too, and replaces the SIF's good.
    assert _picture(context, date(2020, 1, 1), region, "care_leavers") == (2, 1, 1, 0, 0, 0, 1, 100.0)
    # Every ILACS here began before 2023, so judged the two as one: on AS_AT both areas stand alike (Wessex
    # outstanding; Mercia Vale, Elmet, Kingsmarsh and Anglia Fens good; Northmoor requires improvement). Counted
    # for children in care alone, care leavers would have had Wessex's SIF grade only.
    england = (7, 6, 1, 4, 1, 0, 1, 83.3)
    assert (
        _picture(context, AS_AT, "England", "in_care") == _picture(context, AS_AT, "England", "care_leavers") == england
    )
    rows = _all(context, "SELECT region, area FROM national_picture(DATE '2020-01-01')")
    assert rows[:5] == [("England", area) for area in
                        ("overall", "help_and_protection", "in_care", "care_leavers", "leaders")]  # fmt: skip
    assert len(rows) == 5 * 7  # England and six regions


def test_the_share_good_or_outstanding_by_quarter(context: duckdb.DuckDBPyConnection) -> None:
    rows = context_queries.good_or_outstanding_by_quarter(context, date(2021, 1, 1), date(2021, 12, 31))
    england = [(r["as_at"], r["authorities"], r["judged"], r["percent_good_or_outstanding"])
               for r in rows if r["region"] == "England"]  # fmt: skip
    assert england == [
        (date(2021, 3, 31), 7, 6, 50.0),  # Mercia Vale County still counts; Mercia Vale not yet
        (date(2021, 6, 30), 7, 5, 60.0),
        (date(2021, 9, 30), 7, 5, 40.0),  # Elmet requires improvement
        (date(2021, 12, 31), 7, 5, 60.0),  # Anglia Fens good
    ]
    # The same figures as the macro gives for each day.
    for day, _, judged, percent in england:
        assert _picture(context, day, "England")[1] == judged
        assert _picture(context, day, "England")[-1] == percent


# --- the digest ---------------------------------------------------------------------------------------------------


def test_the_digest_shows_neighbours_expected_soon_and_the_national_picture(
    context: duckdb.DuckDBPyConnection,
) -> None:
    record = visit(ELMET, "focused_visit", date(2024, 5, 22), date(2024, 6, 12))
    load(context, url("elmet-fv"), record, date(2024, 6, 26))
    data = load_digest(context, Period(date(2024, 6, 24), AS_AT))

    (elmet,) = data.visits
    assert elmet.authority == Authority(
        ELMET, "Elmet", "Yorkshire and the Humber", (("outstanding", 1), ("good", 3), ("inadequate", 1))
    )
    assert data.expected_soon == (
        ExpectedInspection(Authority(WESSEX, "Wessex", "South West"), "overdue", "ilacs_short", date(2023, 3, 27),
                           date(2024, 3, 26), "ilacs_short", date(2019, 6, 14), "outstanding"),
        ExpectedInspection(Authority(MERCIA_VALE, "Mercia Vale", "West Midlands"), "not_due", "ilacs_short",
                           date(2024, 8, 11), date(2025, 8, 11), "ilacs_standard", date(2022, 2, 11), "good"),
    )  # fmt: skip
    national = data.national
    # Outstanding, good three times, requires improvement, inadequate; the Isles of Lyonesse never inspected.
    assert national.england and (national.england.judged, national.england.percent_now) == (6, 66.7)
    # A year earlier (30 June 2023): the same grades.
    assert national.england.percent_year_earlier == 66.7
    assert [(share.region, share.percent_now) for share in national.regions] == [
        ("East of England", 100.0),
        ("London", 100.0),
        ("North East", 0.0),
        ("South West", 100.0),
        ("West Midlands", 100.0),
        ("Yorkshire and the Humber", 0.0),
    ]

    text = render_text(data)
    assert "  Statistical neighbours: 1 outstanding, 3 good, 1 inadequate\n" in text
    assert (
        "* Wessex (South West): Short inspection (ILACS) expected, window 27 March 2023 to 26 March 2024: overdue\n"
        "  Last full inspection: Short inspection (ILACS) ending 14 June 2019, Outstanding\n"
    ) in text
    assert "not a date Ofsted has announced" in text
    assert (
        "Good or outstanding: 66.7% of the 6 local authorities judged (a year earlier: 66.7%). "
        "1 of 7 had no full inspection yet."
    ) in text
    assert "  Yorkshire and the Humber: 0.0% now, 0.0% a year earlier\n" in text
    html = render_html(data)
    assert "Statistical neighbours: 1 outstanding, 3 good, 1 inadequate</p>" in html
    # Grouped by status, overdue first, each row without the status words.
    overdue, opening = html.index("Overdue: the window has closed</td>"), html.index("The window opens within three")
    wessex = html.index(
        "<td><strong>Wessex</strong>, South West</td><td>Outstanding: Short inspection (ILACS), 14 June 2019</td>"
        "<td>Short inspection (ILACS)</td><td>Closed 26 March 2024</td>"
    )
    mercia = html.index("<td>Short inspection (ILACS)</td><td>11 August 2024 to 11 August 2025</td>")
    assert overdue < wessex < opening < mercia
