"""The GX suites: each rule sends a bad record to quarantine under its own name; good records pass."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import duckdb
import pytest
from test_warehouse_helpers import ilacs, meta, sif, url, visit

from common.record import AreaSend, Jtai, LocalAuthorityRef, Record, SendWeakness, Visit
from expectations.core import Rule
from expectations.tables import TableFailure, validate_tables
from tasks.load import load_document
from tasks.validate import validate_records

TODAY = date(2026, 11, 30)

pytest_plugins = ["test_warehouse_helpers"]  # the warehouse fixtures: con, history


def good_ilacs() -> Record:
    return ilacs("382", date(2019, 6, 3), date(2019, 6, 14), "good",
                 leaders="good", help_and_protection="good", in_care="good")  # fmt: skip


def rules_of(record: Record) -> list[tuple[str, str, str | None]]:
    (failures,) = validate_records([record], today=TODAY)
    return [(f.rule, f.field, f.value) for f in failures]


def broken(**changes: object) -> Record:
    record = good_ilacs()
    for name, value in changes.items():
        setattr(record, name, value)
    return record


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (broken(overall="brilliant"), [("grade_in_set", "overall", "brilliant")]),
        (broken(judgements={"leaders": "good", "help_and_protection": "fine", "in_care": "good"}),
         [("grade_in_set", "help_and_protection", "fine")]),
        (broken(local_authority=None), [("la_known", "la_code", None)]),
        (ilacs("999", date(2019, 6, 3), date(2019, 6, 14), "good",
               leaders="good", help_and_protection="good", in_care="good"), [("la_known", "la_code", "999")]),
        (broken(overall=None), [("overall_present", "overall", None)]),
        (broken(judgements={"leaders": "good", "in_care": "good"}),
         [("required_areas", "help_and_protection", None)]),
        (broken(judgements={"leaders": "good", "help_and_protection": "good", "in_care": "good", "vibes": "good"}),
         [("area_in_set", "unknown_areas", "vibes")]),
        (broken(kind="sif", framework="sif", judgements={"help_and_protection": "good"}),
         [("required_areas", "leadership_management_governance", None)]),
        # Since April 2026 ILACS grades four areas and no overall effectiveness.
        (ilacs("382", date(2026, 5, 4), date(2026, 5, 15), None, leaders="inadequate",
               help_and_protection="good", in_care="good"), [("required_areas", "care_leavers", None)]),
        (replace(ilacs("382", date(2026, 5, 4), date(2026, 5, 15), "good", leaders="good",
                       help_and_protection="good", in_care="good", care_leavers="good"), framework="ilacs_2026"),
         [("area_in_framework", "outside_framework", "overall")]),
        (broken(framework=None, warnings=["framework: its grid holds 'Strong standard'"]),
         [("unknown_framework", "unknown_framework", "its grid holds 'Strong standard'")]),
        (broken(inspection_start=date(2004, 12, 1)), [("date_in_range", "inspection_start", "2004-12-01")]),
        (broken(inspection_start=None, inspection_end=None), [
            ("event_date_present", "event_date", None),
            ("inspection_dates_present", "inspection_start", None),
            ("inspection_dates_present", "inspection_end", None),
        ]),
        (visit("382", "monitoring_visit", date(2020, 1, 15), date(2020, 2, 6), number=2), []),
        (visit("382", "monitoring_visit", date(2020, 1, 15), date(2020, 2, 6), progress="middling"),
         [("visit_verdict", "visit_progress", "middling")]),
        (Record(file="fv", kind="focused_visit", local_authority=good_ilacs().local_authority,
                letter_date=date(2026, 12, 1)), [
            ("date_in_range", "letter_date", "2026-12-01"),
            ("date_in_range", "event_date", "2026-12-01"),
            ("visit_present", "visit_progress_or_actions", None),
        ]),
    ],
)  # fmt: skip
def test_each_rule_names_the_failure(record: Record, expected: list[tuple[str, str, str | None]]) -> None:
    assert sorted(rules_of(record)) == sorted(expected)


def send(outcome: str | None = "inconsistent", **fields: object) -> Record:
    """An area SEND record of the 2023 framework unless `fields` say otherwise."""
    return Record(file="send", kind="area_send", local_authority=good_ilacs().local_authority,
                  inspection_start=date(2024, 2, 5), inspection_end=date(2024, 2, 9), letter_date=date(2024, 3, 1),
                  area_send=AreaSend(**{"framework": "2023", "outcome": outcome, **fields}))  # type: ignore[arg-type]  # fmt: skip


def jtai(theme: str | None = "serious youth violence", partners: tuple[str, ...] = ("police", "health")) -> Record:
    return Record(file="jtai", kind="jtai", local_authority=good_ilacs().local_authority,
                  inspection_start=date(2024, 1, 15), inspection_end=date(2024, 1, 19),
                  letter_date=date(2024, 2, 28), jtai=Jtai(theme, list(partners)))  # fmt: skip


REVISIT = {"framework": "2016", "revisit": True}


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (send(None), [("send_outcome_present", "send_outcome", None)]),
        (Record(file="s", kind="area_send", local_authority=good_ilacs().local_authority,
                letter_date=date(2024, 3, 1)), [("send_outcome_present", "send_outcome", None)]),
        (send("splendid"), [("send_outcome_in_set", "send_outcome", "splendid"),
                            ("send_outcome_consistent", "send_conflict",
                             "splendid is not an outcome of the 2023 framework")]),
        (send("wsoa_required"), [("send_outcome_consistent", "send_conflict",
                                  "wsoa_required is not an outcome of the 2023 framework")]),
        (send("no_wsoa", framework="2016", wsoa_required=True),
         [("send_outcome_consistent", "send_conflict", "no_wsoa, but wsoa_required is True")]),
        (send("sufficient_progress", **REVISIT, weaknesses=[SendWeakness("Plans", "insufficient")]),
         [("send_outcome_consistent", "send_conflict",
           "sufficient_progress, but weaknesses with insufficient progress: True")]),
        (send("insufficient_progress", **REVISIT, weaknesses=[SendWeakness("Plans", "insufficient"),
                                                              SendWeakness("Offer", None)]),
         [("weakness_progress_in_set", "weakness_progress_unread", "Offer")]),
        (jtai(partners=("police", "the vicar")), [("jtai_partners_in_set", "unknown_partners", "the vicar")]),
    ],
)  # fmt: skip
def test_each_send_and_jtai_rule_names_the_failure(record: Record, expected: list[tuple[str, str, str | None]]) -> None:
    assert sorted(rules_of(record)) == sorted(expected)


def test_good_send_and_jtai_records_of_every_framework_pass() -> None:
    records = [
        *(send(outcome) for outcome in ("positive", "inconsistent", "systemic_failings")),
        send("wsoa_required", framework="2016", wsoa_required=True, weaknesses=[SendWeakness("Plans")]),
        send("no_wsoa", framework="2016", wsoa_required=False),
        send("insufficient_progress", **REVISIT,
             weaknesses=[SendWeakness("Plans", "insufficient"), SendWeakness("Offer", "sufficient")]),
        send("sufficient_progress", **REVISIT, weaknesses=[SendWeakness("Plans", "sufficient")]),
        jtai(),
        jtai(partners=()),
    ]  # fmt: skip
    for record, day in zip(records, range(10, 30), strict=False):
        record.inspection_start = record.inspection_end = date(2024, 2, day)  # distinct events
    assert validate_records(records, today=TODAY) == [[] for _ in records]


def test_good_records_of_every_framework_pass() -> None:
    records = [
        good_ilacs(),
        sif("873", date(2014, 1, 13), date(2014, 2, 5), "inadequate",
            help_and_protection="inadequate", leadership_management_governance="inadequate"),
        Record(file="old", kind="pre_sif", local_authority=good_ilacs().local_authority,
               inspection_start=date(2012, 7, 9), inspection_end=date(2012, 7, 20), overall="adequate",
               judgements={"capacity_to_improve": "good"}, framework="pre_sif"),
        ilacs("382", date(2026, 5, 4), date(2026, 5, 15), None, leaders="inadequate", help_and_protection="good",
              in_care="good", care_leavers="requires_improvement"),
        visit("850", "focused_visit", date(2019, 10, 10), date(2019, 11, 4), priority_actions=["Act."]),
        Record(file="mv", kind="monitoring_visit", local_authority=good_ilacs().local_authority,
               letter_date=date(2021, 5, 4), visit=Visit(number=3, progress="sufficient")),
        Record(file="pr", kind="press_release"),
        Record(file="404", kind="unknown"),
    ]  # fmt: skip
    assert validate_records(records, today=TODAY) == [[] for _ in records]


def test_a_conditional_rule_checks_only_the_rows_its_condition_holds_for_in_a_mixed_batch() -> None:
    no_overall = broken(overall=None)
    monitoring = Record(file="mv", kind="monitoring_visit", local_authority=good_ilacs().local_authority,
                        letter_date=date(2021, 5, 4), visit=Visit(number=3, progress="sufficient"))  # fmt: skip
    sif_without_leadership = sif("873", date(2014, 1, 13), date(2014, 2, 5), "inadequate",
                                 help_and_protection="inadequate")  # fmt: skip
    results = validate_records([monitoring, no_overall, sif_without_leadership], today=TODAY)
    assert [[(f.rule, f.field) for f in failures] for failures in results] == [
        [],  # no overall grade, and none is asked of a visit
        [("overall_present", "overall")],
        [("required_areas", "leadership_management_governance")],  # ILACS's areas are not asked of SIF
    ]


def test_a_condition_is_refused_on_a_rule_that_is_not_a_presence_check() -> None:
    with pytest.raises(ValueError, match="a condition is only for ExpectColumnValuesToNotBeNull"):
        Rule("grade_in_set", ("overall",), "not a grade", "ExpectColumnValuesToBeInSet",
             {"column": "overall", "value_set": ["good"]}, when=("is_full_inspection", True))  # fmt: skip


def test_dates_out_of_order_and_a_jtai_without_theme_still_load() -> None:
    """Ofsted prints a wrong date now and then (a letter dated before its visit): such a record can be placed,
    so it loads, and `check` reports it (dates_in_order, tests/test_checks.py). A JTAI without a theme loads
    with the extractor's warning."""
    records = [
        broken(inspection_start=date(2019, 6, 20)),  # ends before it starts
        visit("382", "monitoring_visit", date(2020, 1, 15), date(2020, 1, 10), progress="good"),  # letter before
        jtai(None),
    ]
    assert validate_records(records, today=TODAY) == [[], [], []]
    # Published (on the reports site) before the inspection ended.
    assert validate_records([good_ilacs()], site_published=[date(2019, 6, 10)], today=TODAY) == [[]]


def test_a_duplicate_in_the_batch_quarantines_only_the_later_copy() -> None:
    copy = good_ilacs()
    copy.file = "copy.pdf"
    bad_first = broken(overall="brilliant")
    results = validate_records([bad_first, good_ilacs(), copy], today=TODAY)
    assert [[f.rule for f in failures] for failures in results] == [
        ["grade_in_set", "unique_event"],  # fails anyway, so it does not count as the event
        [],
        ["unique_event"],
    ]


def test_a_failing_record_is_quarantined_under_its_rule_never_in_events(
    con: duckdb.DuckDBPyConnection,
) -> None:
    unknown_la = good_ilacs()
    unknown_la.local_authority = LocalAuthorityRef("Nowhere", "999")
    records = [
        broken(overall="brilliant"),
        broken(inspection_start=date(2004, 12, 1)),
        unknown_la,
        broken(overall=None, inspection_start=None),
    ]
    for i, (record, failures) in enumerate(zip(records, validate_records(records, today=TODAY), strict=True)):
        load_document(con, meta(url(str(i))), record, failures)
    rows = con.execute("SELECT document_id, rule FROM quarantine ORDER BY document_id, rule").fetchall()
    assert rows == [(url("0"), "grade_in_set"), (url("1"), "date_in_range"), (url("2"), "la_known"),
                    (url("3"), "inspection_dates_present"), (url("3"), "overall_present")]  # fmt: skip
    assert con.execute("SELECT count(*) FROM events").fetchall() == [(0,)]


def test_the_table_suites_pass_on_a_good_warehouse_and_name_what_broke(
    history: duckdb.DuckDBPyConnection,
) -> None:
    assert validate_tables(history, today=TODAY) == []
    history.execute("UPDATE judgements SET grade = 'great' WHERE area = 'leaders' AND grade = 'good'")
    history.execute("UPDATE events SET inspection_start = DATE '2030-01-01' WHERE la_code = '873' AND kind = 'sif'")
    history.execute("UPDATE documents SET status = 'lost' WHERE document_id = ?", [url("cambs-sif")])
    assert validate_tables(history, today=TODAY) == [
        TableFailure("events", "date_in_range", "inspection_start", 1, "2030-01-01"),
        TableFailure("judgements", "grade_in_set", "grade", 1, "great"),
        TableFailure("documents", "status_in_set", "status", 1, "lost"),
        TableFailure("findings", "dates_in_order", "dates_in_order", 1,
                     "start 2030-01-01, end 2014-02-05, letter -, published 2014-03-01"),
    ]  # fmt: skip


def test_validation_writes_no_files_into_the_project(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    validate_records([good_ilacs()], today=TODAY)
    assert list(tmp_path.iterdir()) == []
    import os

    assert os.environ["GX_ANALYTICS_ENABLED"] == "False"
