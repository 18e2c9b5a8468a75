"""The views and macros on a small hand-built history (tests/test_warehouse_helpers.HISTORY); expected rows by hand."""

from __future__ import annotations

from datetime import date

import duckdb
from test_warehouse_helpers import url

from warehouse import queries

KIRKLEES_SIF, KIRKLEES_2019, KIRKLEES_2022 = date(2016, 9, 29), date(2019, 6, 14), date(2022, 7, 15)
CAMBS_SIF = date(2014, 2, 5)

pytest_plugins = ["test_warehouse_helpers"]  # the warehouse fixtures: con, history


def _all(con: duckdb.DuckDBPyConnection, query: str) -> list[tuple[object, ...]]:
    return con.execute(query).fetchall()


def test_judgement_changes_compare_each_area_with_the_previous_judgement_across_frameworks(
    history: duckdb.DuckDBPyConnection,
) -> None:
    rows = _all(
        history,
        "SELECT la_code, local_authority, area, previous_grade, previous_date, grade, event_date, direction, "
        "judged_area, combined, previous_combined FROM judgement_changes ORDER BY event_date, area",
    )
    ri = "requires_improvement"
    assert rows == [
        # SIF 2016 -> ILACS 2019: leadership_management_governance compares as leaders,
        # looked_after_permanence as in_care; adoption and lscb have no ILACS successor. ILACS 2019 graded
        # children in care and care leavers as one area (`in_care`): that grade is care leavers' too.
        ("382", "Kirklees", "care_leavers", "good", KIRKLEES_SIF, ri, KIRKLEES_2019, "worse", "in_care", True, False),
        ("382", "Kirklees", "help_and_protection", "good", KIRKLEES_SIF, ri, KIRKLEES_2019, "worse",
         "help_and_protection", False, False),
        ("382", "Kirklees", "in_care", ri, KIRKLEES_SIF, ri, KIRKLEES_2019, "same", "in_care", True, False),
        ("382", "Kirklees", "leaders", ri, KIRKLEES_SIF, "inadequate", KIRKLEES_2019, "worse", "leaders", False,
         False),
        ("382", "Kirklees", "overall", ri, KIRKLEES_SIF, "inadequate", KIRKLEES_2019, "worse", "overall", False,
         False),
        # 2022 compares care leavers with the combined grade of 2019, not with the SIF's.
        ("382", "Kirklees", "care_leavers", ri, KIRKLEES_2019, "good", KIRKLEES_2022, "better", "care_leavers",
         False, True),
        ("382", "Kirklees", "help_and_protection", ri, KIRKLEES_2019, "good", KIRKLEES_2022, "better",
         "help_and_protection", False, False),
        ("382", "Kirklees", "in_care", ri, KIRKLEES_2019, ri, KIRKLEES_2022, "same", "in_care", False, True),
        ("382", "Kirklees", "leaders", "inadequate", KIRKLEES_2019, "good", KIRKLEES_2022, "better", "leaders",
         False, False),
        ("382", "Kirklees", "overall", "inadequate", KIRKLEES_2019, "good", KIRKLEES_2022, "better", "overall",
         False, False),
    ]  # fmt: skip


def test_adequate_ranks_with_requires_improvement(con: duckdb.DuckDBPyConnection) -> None:
    from test_warehouse_helpers import ilacs, load, sif

    load(con, url("a"), sif("850", date(2014, 1, 6), date(2014, 1, 30), "adequate",
                                  help_and_protection="adequate", leadership_management_governance="adequate"),
         date(2014, 3, 1))  # fmt: skip
    load(con, url("b"), ilacs("850", date(2018, 1, 8), date(2018, 1, 19), "requires_improvement",
                                    leaders="good", help_and_protection="requires_improvement", in_care="good"),
         date(2018, 3, 1))  # fmt: skip
    rows = _all(con, "SELECT area, direction FROM judgement_changes ORDER BY area")
    assert rows == [("help_and_protection", "same"), ("leaders", "better"), ("overall", "same")]


def test_deteriorations_list_downgrades_first_inadequates_and_worrying_visits(
    history: duckdb.DuckDBPyConnection,
) -> None:
    rows = _all(
        history,
        "SELECT la_code, local_authority, event_date, kind, area, previous_grade, grade, reason "
        "FROM deteriorations ORDER BY la_code, event_date, area",
    )
    ri = "requires_improvement"
    assert rows == [
        ("382", "Kirklees", KIRKLEES_2019, "ilacs_standard", "care_leavers", "good", ri, "downgrade"),
        ("382", "Kirklees", KIRKLEES_2019, "ilacs_standard", "help_and_protection", "good", ri, "downgrade"),
        ("382", "Kirklees", KIRKLEES_2019, "ilacs_standard", "leaders", ri, "inadequate", "downgrade"),
        ("382", "Kirklees", KIRKLEES_2019, "ilacs_standard", "overall", ri, "inadequate", "downgrade"),
        # A monitoring visit: the prior judgement it follows, and no grade of its own.
        ("382", "Kirklees", date(2020, 1, 15), "monitoring_visit", None, "inadequate", None, "insufficient_progress"),
        ("873", "Cambridgeshire", CAMBS_SIF, "sif", "help_and_protection", None, "inadequate", "first_inadequate"),
        ("873", "Cambridgeshire", CAMBS_SIF, "sif", "leaders", None, "inadequate", "first_inadequate"),
        ("873", "Cambridgeshire", CAMBS_SIF, "sif", "overall", None, "inadequate", "first_inadequate"),
        ("873", "Cambridgeshire", date(2019, 10, 10), "focused_visit", None, None, None, "priority_actions"),
    ]


def test_a_visit_reporting_deterioration_is_a_deterioration(con: duckdb.DuckDBPyConnection) -> None:
    from test_warehouse_helpers import load, visit

    record = visit("919", "focused_visit", date(2021, 3, 3), date(2021, 3, 30), deterioration=True)
    load(con, url("herts-fv"), record, date(2021, 4, 20))
    assert _all(con, "SELECT la_code, kind, reason FROM deteriorations") == [
        ("919", "focused_visit", "deterioration_reported")
    ]


def test_latest_judgements_hold_the_current_grade_per_area(history: duckdb.DuckDBPyConnection) -> None:
    rows = _all(
        history,
        "SELECT area, grade, event_date, kind FROM latest_judgements WHERE la_code = '382' ORDER BY area",
    )
    assert rows == [
        ("adoption", "good", KIRKLEES_SIF, "sif"),
        ("care_leavers", "good", KIRKLEES_2022, "ilacs_standard"),
        ("help_and_protection", "good", KIRKLEES_2022, "ilacs_standard"),
        ("in_care", "requires_improvement", KIRKLEES_2022, "ilacs_standard"),
        ("leaders", "good", KIRKLEES_2022, "ilacs_standard"),
        ("lscb", "good", KIRKLEES_SIF, "sif"),
        ("overall", "good", KIRKLEES_2022, "ilacs_standard"),
    ]


def test_changes_between_takes_documents_published_in_the_range(history: duckdb.DuckDBPyConnection) -> None:
    rows = [
        (r["row_type"], r["local_authority"], r["region"], r["kind"], r["area"], r["previous_grade"], r["grade"],
         r["direction"], r["reason"], r["document_url"], r["published"])
        for r in queries.changes_between(history, date(2019, 7, 29), date(2019, 8, 4))
    ]  # fmt: skip
    doc, ri, region, kind = (
        url("kirklees-ilacs-2019"),
        "requires_improvement",
        "Yorkshire and the Humber",
        "ilacs_standard",
    )
    published = date(2019, 8, 1)
    assert rows == [
        ("change", "Kirklees", region, kind, "care_leavers", "good", ri, "worse", None, doc, published),
        ("change", "Kirklees", region, kind, "help_and_protection", "good", ri, "worse", None, doc, published),
        ("change", "Kirklees", region, kind, "in_care", ri, ri, "same", None, doc, published),
        ("change", "Kirklees", region, kind, "leaders", ri, "inadequate", "worse", None, doc, published),
        ("change", "Kirklees", region, kind, "overall", ri, "inadequate", "worse", None, doc, published),
        ("deterioration", "Kirklees", region, kind, "care_leavers", "good", ri, None, "downgrade", doc, published),
        (
            "deterioration",
            "Kirklees",
            region,
            kind,
            "help_and_protection",
            "good",
            ri,
            None,
            "downgrade",
            doc,
            published,
        ),
        ("deterioration", "Kirklees", region, kind, "leaders", ri, "inadequate", None, "downgrade", doc, published),
        ("deterioration", "Kirklees", region, kind, "overall", ri, "inadequate", None, "downgrade", doc, published),
        ("event", "Kirklees", region, kind, "overall", ri, "inadequate", "worse", None, doc, published),
    ]


def test_changes_between_is_inclusive_and_carries_the_visit_findings(history: duckdb.DuckDBPyConnection) -> None:
    rows = queries.changes_between(history, date(2019, 12, 2), date(2020, 2, 20))
    summary = sorted((r["local_authority"], r["row_type"], r["reason"], r["progress"], r["quote"]) for r in rows)
    assert summary == [
        ("Cambridgeshire", "deterioration", "priority_actions", None,
         "Strengthen the oversight of children at risk of harm."),
        ("Cambridgeshire", "event", None, None, "Strengthen the oversight of children at risk of harm."),
        ("Kirklees", "deterioration", "insufficient_progress", "insufficient", None),
        ("Kirklees", "event", None, "insufficient", None),
    ]  # fmt: skip


def test_publication_date_falls_back_to_the_document_then_to_first_seen(
    con: duckdb.DuckDBPyConnection,
) -> None:
    from test_warehouse_helpers import ilacs, meta

    from tasks.load import load_document

    record = ilacs("850", date(2023, 1, 9), date(2023, 1, 20), "good",
                   leaders="good", help_and_protection="good", in_care="good")  # fmt: skip
    record.published = date(2023, 3, 3)
    load_document(con, meta(url("printed")), record, [])
    assert [r["published"] for r in queries.changes_between(con, date(2023, 3, 3), date(2023, 3, 3))] == [
        date(2023, 3, 3)
    ]
    record.published = None
    load_document(con, meta(url("printed"), content="v2"), record, [])
    first_seen = con.execute("SELECT CAST(first_seen_at AS DATE) FROM documents").fetchall()[0][0]
    assert [r["published"] for r in queries.changes_between(con, first_seen, first_seen)] == [first_seen]


def test_overall_grade_counts_as_of_a_day(history: duckdb.DuckDBPyConnection) -> None:
    assert queries.overall_grade_counts(history, date(2020, 1, 1)) == {"inadequate": 2}
    assert queries.overall_grade_counts(history, date(2023, 1, 1)) == {"inadequate": 1, "good": 1}
    assert queries.overall_grade_counts(history, date(2010, 1, 1)) == {}
