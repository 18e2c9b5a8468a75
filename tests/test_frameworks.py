"""Frameworks as data: each full inspection's framework read from its grid, the April 2026 grid of four
judgements and no overall one, a grid no framework has quarantined loudly, and the National Framework references
that end each improvement since 2025 (docs/frameworks.md)."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from common.frameworks import FORMAT_CHANGED_WORDS, UNKNOWN_FRAMEWORK, frameworks, frameworks_for_kind
from common.national_framework import CODES, title
from samples import documents
from samples.councils import council
from tasks.extract import extract_document
from tasks.parsing.national_framework import Reference, split_reference
from tasks.validate import validate_records

REPORT_CARD_GRADES = {
    "leaders": "Strong standard",
    "help_and_protection": "Expected standard",
    "in_care": "Needs attention",
    "care_leavers": "Exceptional",
}


@pytest.mark.parametrize(
    ("name", "framework", "overall"),
    [
        ("ilacs_2026_no_overall", "ilacs_2026", None),
        ("ilacs_2025_children_care_leavers", "ilacs_2023", "good"),
    ],
)
def test_the_framework_is_read_from_the_grid(name: str, framework: str, overall: str | None) -> None:
    record = extract_document(documents.variant(name).to_bytes(), f"{name}.pdf")
    assert (record.framework, record.overall) == (framework, overall)
    assert set(record.judgements) == {"leaders", "help_and_protection", "in_care", "care_leavers"}
    # No overall grade is no fault of a framework that makes none: not one warning on the record.
    assert [w for w in record.warnings if not w.startswith("local_authority")] == []


@pytest.mark.parametrize(
    ("start", "framework"),
    [(date(2016, 5, 9), "sif"), (date(2019, 6, 3), "ilacs_2018"), (date(2024, 1, 8), "ilacs_2023")],
)
def test_each_earlier_framework_is_read_too(start: date, framework: str) -> None:
    kind = "sif" if framework == "sif" else "ilacs_standard"
    sample = documents.build(kind, periods=[(start, start.replace(day=start.day + 11))])
    record = extract_document(sample.to_bytes(), "report.pdf")
    assert record.framework == sample.expected["framework"] == framework


def test_history_in_the_prose_of_a_2026_report_is_no_grade_of_it() -> None:
    """A report under the April 2026 framework may recall the overall judgement of the inspection before."""
    text = "\n".join(
        [
            "Inspection of Wessex local authority children's services",
            "Inspection dates: 4 to 15 May 2026",
            "Lead inspector: Rowan Ashdown, His Majesty's Inspector",
            "Judgement Grade",
            "The impact of leaders on practice with children and families Inadequate",
            "The experiences and progress of children who need help and protection Inadequate",
            "The experiences and progress of children in care Requires improvement to be good",
            "The experiences and progress of young people leaving care Good",
            "Since the last inspection in 2023, when overall effectiveness was judged to be good, services for "
            "children have declined. Overall effectiveness was judged to be good then; leaders have since lost grip.",
        ]
    )
    record = extract_document(text.encode(), "wessex.txt")
    assert (record.framework, record.overall) == ("ilacs_2026", None)
    assert record.judgements == {
        "leaders": "inadequate",
        "help_and_protection": "inadequate",
        "in_care": "requires_improvement",
        "care_leavers": "good",
    }


def test_a_grid_no_framework_has_is_quarantined_as_unknown_framework_naming_what_it_found() -> None:
    sample = documents.report_card_report(council("Kingsmarsh"), [(date(2027, 9, 6), date(2027, 9, 17))],
                                          REPORT_CARD_GRADES)  # fmt: skip
    record = extract_document(sample.to_bytes(), "kingsmarsh.pdf")
    assert record.kind == "ilacs_standard"
    assert (record.framework, record.overall, record.judgements) == (None, None, {})
    (failures,) = validate_records([record], today=date(2027, 12, 1))
    (unknown,) = [failure for failure in failures if failure.rule == UNKNOWN_FRAMEWORK]
    assert "Strong standard" in str(unknown.value) and FORMAT_CHANGED_WORDS in str(unknown.value)
    assert FORMAT_CHANGED_WORDS in unknown.reason


def test_frameworks_are_rows_with_consecutive_dates_and_one_in_force() -> None:
    rows = frameworks()
    ilacs = frameworks_for_kind("ilacs_short")
    assert [f.code for f in ilacs] == ["ilacs_2018", "ilacs_2023", "ilacs_2026"]
    assert all(earlier.in_force_until == later.in_force_from for earlier, later in pairwise(rows))
    assert [f.code for f in rows if f.in_force_until is None] == ["ilacs_2026"]
    assert [f.code for f in rows if not f.grades_overall] == ["ilacs_2026"]
    assert ilacs[0].judged == {"overall", "leaders", "help_and_protection", "in_care"}


@pytest.mark.parametrize(
    ("item", "text", "code"),
    [
        ("Keeping in touch with care leavers. (Outcome 4, national framework)", "Keeping in touch with care leavers.",
         "outcome_4"),
        ("Keeping in touch with care leavers. (Outcome four, National Framework)",
         "Keeping in touch with care leavers.", "outcome_4"),
        ("The quality of plans (National Framework, Outcome 1).", "The quality of plans.", "outcome_1"),
        ("Return interviews. (outcome 2: national framework)", "Return interviews.", "outcome_2"),
        ("Supervision. (Enabler 2: Leaders drive conditions for effective practice)", "Supervision.", "enabler_2"),
        ("Supervision. (enabler: the workforce is equipped and effective, national framework)", "Supervision.",
         "enabler_3"),
        ("Partnership working. (Enabler: multi-agency working is prioritised and effective)",
         "Partnership working.", "enabler_1"),
        ("Private fostering. (Principle 1)", "Private fostering.", "principle_1"),
        ("Plans for disabled children. Enabler three: National Framework.", "Plans for disabled children.",
         "enabler_3"),
        # A reference the PDF wrapped over two lines reaches the item as one line with the break's space.
        ("Personal education plans (PEPs). (Outcome two: \nNational Framework)", "Personal education plans (PEPs).",
         "outcome_2"),
    ],
)  # fmt: skip
def test_a_national_framework_reference_is_read_in_every_wording_and_cut_from_the_item(
    item: str, text: str, code: str
) -> None:
    reference = split_reference(" ".join(item.split()))
    assert (reference.text, reference.code, reference.unread) == (text, code, None)


@pytest.mark.parametrize(
    "item",
    [
        "The effectiveness of the multi-agency safeguarding hub (MASH).",
        "Timeliness of assessments (the outcome of which shapes plans).",
        "Management oversight of children's plans.",
    ],
)
def test_an_item_without_a_reference_is_left_whole(item: str) -> None:
    assert split_reference(item) == Reference(item)


def test_a_reference_that_names_nothing_known_is_cut_and_said() -> None:
    reference = split_reference("Care planning. (Outcome 7, national framework)")
    assert (reference.text, reference.code, reference.unread) == (
        "Care planning.",
        None,
        "Outcome 7, national framework",
    )


def test_every_code_has_a_title_and_the_named_ones_their_words() -> None:
    assert len(CODES) == 13
    assert title("outcome_4") == "Outcome 4: children in care and care leavers have stable, loving homes"
    assert title("principle_3") == "Principle 3"
