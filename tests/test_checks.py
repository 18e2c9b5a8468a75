"""The cross-checks (docs/checks.md) on a hand-built warehouse: each rule of the `findings` view, the prior
judgements filled from the warehouse, and `ofsted-watch check`'s output. The corpus test
(test_checks_corpus.py) loads real letters' likes through a backfill; these pin each rule on its own."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest
from test_warehouse_helpers import ilacs, load, url, visit

from common.config import load_settings
from ofsted_watch.commands.check import run_check
from tasks.load import settle_checks
from warehouse.checks import Finding, findings

pytest_plugins = ["test_warehouse_helpers"]  # the warehouse fixtures: con, history

D = date.fromisoformat


def _prior(con: duckdb.DuckDBPyConnection, document_id: str) -> tuple[object, ...]:
    row = con.execute(
        "SELECT prior_judgement, prior_judgement_date, prior_judgement_source FROM events WHERE document_id = ?",
        [document_id],
    ).fetchone()
    assert row is not None
    return row


def test_the_hand_built_history_holds_and_its_silent_focused_visit_is_filled(
    history: duckdb.DuckDBPyConnection,
) -> None:
    settle_checks(history)
    assert findings(history) == []
    # The focused visit states none: Cambridgeshire's SIF of 2014 (inadequate, ended 5 February 2014).
    assert _prior(history, url("cambs-fv-2019")) == ("inadequate", D("2014-02-05"), "warehouse")
    assert _prior(history, url("kirklees-mv-2020")) == ("inadequate", D("2019-06-01"), "letter")


def test_a_letter_loaded_before_its_report_is_filled_once_the_report_loads(con: duckdb.DuckDBPyConnection) -> None:
    letter = visit("382", "focused_visit", D("2021-03-10"), D("2021-04-01"))
    load(con, url("fv"), letter, D("2021-04-20"))
    settle_checks(con)
    assert _prior(con, url("fv")) == (None, None, None)  # never guessed
    (unchecked,) = findings(con)
    assert (unchecked.rule, unchecked.detail) == (
        "prior_judgement_unchecked",
        "the letter states no prior judgement and the warehouse holds no full inspection of this LA before "
        "2021-03-10: left empty",
    )
    report = ilacs("382", D("2019-06-03"), D("2019-06-14"), "inadequate", leaders="inadequate",
                   help_and_protection="inadequate", in_care="inadequate")  # fmt: skip
    load(con, url("ilacs"), report, D("2019-08-01"))
    settle_checks(con)
    assert _prior(con, url("fv")) == ("inadequate", D("2019-06-14"), "warehouse")
    assert findings(con) == []


@pytest.mark.parametrize(
    ("stated", "month"),
    [("requires_improvement", D("2019-06-01")), ("inadequate", D("2018-06-01")), ("inadequate", D("2019-10-01"))],
)
def test_a_stated_judgement_of_another_grade_or_month_is_a_finding_and_both_values_stay(
    history: duckdb.DuckDBPyConnection, stated: str, month: date
) -> None:
    letter = visit("382", "monitoring_visit", D("2020-05-12"), D("2020-06-02"), number=2, progress="sufficient",
                   prior_judgement=stated, prior_judgement_date=month)  # fmt: skip
    load(history, url("mv2"), letter, D("2020-06-20"))
    settle_checks(history)
    assert _prior(history, url("mv2")) == (stated, month, "letter")
    (finding,) = findings(history)
    assert finding.rule == "prior_judgement_disagrees"
    assert finding.detail == (
        f"the letter says {stated.replace('_', ' ')} ({month:%B %Y}); the warehouse holds inadequate (inspection "
        "2019-06-03 to 2019-06-14, kirklees-ilacs-2019)"
    )


def test_a_prior_judgement_of_one_area_is_checked_against_that_area(con: duckdb.DuckDBPyConnection) -> None:
    """'… when the experiences and progress of children in care and care leavers were judged good': the letter
    states the in-care grade, not the overall one, and only that grade is compared."""
    report = ilacs("873", D("2022-06-06"), D("2022-06-17"), "outstanding", leaders="outstanding",
                   help_and_protection="outstanding", in_care="good")  # fmt: skip
    load(con, url("ilacs-2022"), report, D("2022-08-01"))
    for name, grade, day in (("fv-agrees", "good", 12), ("fv-disagrees", "requires_improvement", 19)):
        letter = visit("873", "focused_visit", date(2024, 3, day), D("2024-04-09"), prior_judgement=grade,
                       prior_judgement_date=D("2022-06-01"), prior_judgement_area="in_care")  # fmt: skip
        letter.file = name
        load(con, url(name), letter, D("2024-04-20"))
    settle_checks(con)
    assert [(f.file, f.rule, f.detail) for f in findings(con)] == [
        ("fv-disagrees", "prior_judgement_disagrees",
         "the letter says requires improvement for in care (June 2022); the warehouse holds good (inspection "
         "2022-06-06 to 2022-06-17, ilacs-2022)"),
    ]  # fmt: skip


def test_a_letter_dated_before_its_visit_loads_and_is_a_finding(con: duckdb.DuckDBPyConnection) -> None:
    """Ofsted printed '21 January 2019' on a letter about a visit in December 2019: the letter loads (no record
    rule holds it back: tests/test_expectations.py) and `check` reports the dates."""
    report = ilacs("873", D("2018-06-04"), D("2018-06-15"), "good", leaders="good", help_and_protection="good",
                   in_care="good")  # fmt: skip
    load(con, url("ilacs-2018"), report, D("2018-08-01"))
    letter = visit("873", "focused_visit", D("2019-12-11"), D("2019-01-21"))
    load(con, url("fv"), letter, D("2020-01-21"))
    settle_checks(con)
    assert [(f.file, f.rule, f.detail) for f in findings(con)] == [
        ("fv", "dates_in_order", "start 2019-12-11, end 2019-12-11, letter 2019-01-21, published 2020-01-21"),
    ]


def test_visits_numbered_twice_or_out_of_date_order(history: duckdb.DuckDBPyConnection) -> None:
    again = visit("382", "monitoring_visit", D("2020-05-12"), D("2020-06-02"), number=1, progress="sufficient",
                  prior_judgement="inadequate", prior_judgement_date=D("2019-06-01"))  # fmt: skip
    load(history, url("mv-again"), again, D("2020-06-20"))
    settle_checks(history)
    assert [(f.document_id, f.rule, f.detail) for f in findings(history)] == [
        (url("kirklees-mv-2020"), "visit_number_order",
         "numbered 1, but it is monitoring visit 1 since the inadequate judgement ending 2019-06-14 by date, and 2 "
         "visits carry that number"),
        (url("mv-again"), "visit_number_order",
         "numbered 1, but it is monitoring visit 2 since the inadequate judgement ending 2019-06-14 by date, and 2 "
         "visits carry that number"),
    ]  # fmt: skip


def test_overlapping_full_inspections_and_dates_out_of_order(history: duckdb.DuckDBPyConnection) -> None:
    overlapping = ilacs("382", D("2019-06-10"), D("2019-06-21"), "inadequate", leaders="inadequate",
                        help_and_protection="inadequate", in_care="inadequate")  # fmt: skip
    load(history, url("overlap"), overlapping, D("2019-08-01"))
    early = visit("873", "focused_visit", D("2020-10-10"), D("2020-11-04"))
    load(history, url("published-early"), early, D("2020-11-01"))  # published before the letter's date
    settle_checks(history)
    assert [(f.file, f.la_code, f.rule, f.detail) for f in findings(history)] == [
        ("overlap", "382", "full_inspection_overlap",
         "2019-06-10 to 2019-06-21 overlaps 2019-06-03 to 2019-06-14 (kirklees-ilacs-2019)"),
        ("published-early", "873", "dates_in_order",
         "start 2020-10-10, end 2020-10-10, letter 2020-11-04, published 2020-11-01"),
    ]  # fmt: skip


def _warehouse_with_a_finding(tmp_path: Path) -> Path:
    from warehouse.db import connect

    db = tmp_path / "ofsted-watch.duckdb"
    con = connect(db)
    try:
        load(con, url("fv"), visit("382", "focused_visit", D("2021-03-10"), D("2021-04-01")), D("2021-04-20"))
        settle_checks(con)
    finally:
        con.close()
    return db


def test_check_prints_findings_as_json_or_nothing_when_all_holds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = load_settings(home=tmp_path, db=_warehouse_with_a_finding(tmp_path))
    assert run_check(settings, output_format="json") == 1
    (row,) = json.loads(capsys.readouterr().out)
    assert Finding(**row) == Finding(
        url("fv"),
        "fv",
        "382",
        "prior_judgement_unchecked",
        "the letter states no prior judgement and the warehouse holds no full inspection of this LA before "
        "2021-03-10: left empty",
    )
    assert run_check(settings, ["873"], "table") == 0
    assert capsys.readouterr() == ("", "")
    assert run_check(settings, output_format="yaml") == 2
    assert "--format must be one of table, csv, json" in capsys.readouterr().err


def test_the_findings_run_as_a_gx_suite_one_expectation_per_rule(history: duckdb.DuckDBPyConnection) -> None:
    from expectations.tables import TableFailure, validate_findings

    assert validate_findings(history) == []
    early = visit("873", "focused_visit", D("2020-10-10"), D("2020-11-04"))
    load(history, url("published-early"), early, D("2020-11-01"))
    assert validate_findings(history) == [
        TableFailure("findings", "dates_in_order", "dates_in_order", 1,
                     "start 2020-10-10, end 2020-10-10, letter 2020-11-04, published 2020-11-01"),
    ]  # fmt: skip
