"""Field parsers on the phrasing variants met across framework eras (synthetic text, fictional people)."""

from __future__ import annotations

from datetime import date

import pytest

from tasks.classify import classify
from tasks.parsing.dates import find_expression, parse_date, parse_periods
from tasks.parsing.grades import canonical_grade, read_graded_rows
from tasks.parsing.inspectors import lead_inspector, signatory
from tasks.parsing.judgements import read_judgements
from tasks.parsing.lists import section_items
from tasks.parsing.visits import prior_judgement, priority_actions, progress, reports_deterioration, visit_number


@pytest.mark.parametrize(
    ("text", "start", "end", "days"),
    [
        ("7 March to 18 March 2022", date(2022, 3, 7), date(2022, 3, 18), 12),
        ("2 to 13 December 2024", date(2024, 12, 2), date(2024, 12, 13), 12),
        ("19 November 2018 to 30 November 2018", date(2018, 11, 19), date(2018, 11, 30), 12),
        ("14 January 2014- 5 February 2014", date(2014, 1, 14), date(2014, 2, 5), 23),
        ("14 November 2016 – 8 December 2016", date(2016, 11, 14), date(2016, 12, 8), 25),
        ("14 November 2016–8 December 2016", date(2016, 11, 14), date(2016, 12, 8), 25),
        ("9–24 November 2017", date(2017, 11, 9), date(2017, 11, 24), 16),
        ("8 – 12 July 2013", date(2013, 7, 8), date(2013, 7, 12), 5),
        ("18 Feb 2014 – 12 Mar 2014", date(2014, 2, 18), date(2014, 3, 12), 23),
        ("12/09/2016 to 06/10/2016", date(2016, 9, 12), date(2016, 10, 6), 25),
        ("1/06/2015 to 19/06/2015", date(2015, 6, 1), date(2015, 6, 19), 19),
        ("8 to 12 July and 7 to 8 August 2019", date(2019, 7, 8), date(2019, 8, 8), 7),
        ("5 to 9 December 2022 and 14 to 15 February 2023", date(2022, 12, 5), date(2023, 2, 15), 7),
        ("29 December 2015 to 8 January 2016", date(2015, 12, 29), date(2016, 1, 8), 11),
    ],
)
def test_date_ranges(text: str, start: date, end: date, days: int) -> None:
    expression = find_expression(text + " Lead inspector: Ann Other")
    assert expression is not None
    periods = parse_periods(expression)
    assert (periods[0].start, periods[-1].end) == (start, end)
    assert sum(period.days for period in periods) == days


def test_unreadable_dates_give_nothing() -> None:
    assert parse_periods("31 February 2019 to 3 March 2019") == []
    assert parse_date("March 2019") is None
    assert find_expression("to be confirmed") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lead inspector: Ann Brightwater, Her Majesty's Inspector\nJudgement Grade", "Ann Brightwater"),
        ("Lead inspector: Ann Brightwater HMI", "Ann Brightwater"),
        ("Lead inspector: Ann Brightwater Her Majesty's Inspector", "Ann Brightwater"),
        ("Lead inspector: Ann Brightwater, His Majesty's Inspector", "Ann Brightwater"),
        ("Lead inspector: Ann Brightwater\nHer Majesty's Inspector", "Ann Brightwater"),
        ("Lead inspector: Ann Brightwater", "Ann Brightwater"),
        ("Deputy lead inspector: Bo Decoy\nLead inspector on site: Cy Realname, Senior HMI", "Cy Realname"),
        (
            "met the lead inspector weekly.\nThe inspection team\nLead inspector: Di O'Neill-Smith HMI",
            "Di O'Neill-Smith",
        ),
        (
            "Lead inspectors: Ed Firstlead, His Majesty's Inspector, and Flo Secondlead,\nHis Majesty's Inspector",
            "Ed Firstlead; Flo Secondlead",
        ),
        ("Reporting inspector Gil McTavish HMI\nAge group: All", "Gil McTavish"),
    ],
)
def test_lead_inspector_variants(text: str, expected: str) -> None:
    assert lead_inspector(text) == expected


def test_running_text_lead_inspector_is_not_a_name() -> None:
    assert lead_inspector("Leaders met the lead inspector during the week.") is None


def test_letter_signatory() -> None:
    assert signatory("Yours sincerely\n\nHana Quill\n\nHis Majesty's Inspector") == "Hana Quill"


@pytest.mark.parametrize(
    ("phrase", "grade"),
    [
        ("Requires improvement to be good", "requires_improvement"),
        ("Requires Improvement", "requires_improvement"),
        ("require improvement", "requires_improvement"),
        ("Good.", "good"),
        ("Adequate", "adequate"),
        ("Not judged", "not_judged"),
        ("good help and care", None),
    ],
)
def test_grade_vocabulary(phrase: str, grade: str | None) -> None:
    assert canonical_grade(phrase) == grade


ILACS_GRID = """Judgement Grade
The impact of leaders on social work practice with children
and families
Requires improvement
to be good
The experiences and progress of children who need help and
protection Good
The experiences and progress of
children in care
Outstanding
The experiences and progress of care
leavers
Inadequate
Overall effectiveness Requires improvement to be good
Children in Northwick receive good help, care and protection in most teams."""


def test_ilacs_grid_with_wrapped_labels_and_separate_care_leavers() -> None:
    result = read_judgements("ilacs_standard", ILACS_GRID)
    assert result.overall == "requires_improvement"
    assert result.grades == {
        "leaders": "requires_improvement",
        "help_and_protection": "good",
        "in_care": "outstanding",
        "care_leavers": "inadequate",
    }
    assert result.problems == []


def test_ilacs_grid_before_2023_grades_care_leavers_with_children_in_care() -> None:
    grid = ILACS_GRID.replace(
        "children in care\nOutstanding\nThe experiences and progress of care\nleavers\nInadequate",
        "children in care and care\nleavers Good",
    )
    result = read_judgements("ilacs_short", grid)
    assert result.grades["in_care"] == "good"
    assert "care_leavers" not in result.grades
    assert result.problems == []


def test_grade_not_tied_to_its_label_is_left_empty_with_a_reason() -> None:
    rows = read_graded_rows(
        "Adoption performance is improving, and some work is good Overall effectiveness Good",
        {"adoption": r"adoption\s+performance", "overall": r"overall\s+effectiveness"},
    )
    assert rows.grades == {"overall": "good"}
    assert "adoption" in rows.problems


SIF_SUMMARY = """Inspection date: 3 March 2015 – 25 March 2015
Report published: 13 May 2015
Children's services in Northwick require improvement to be
good
Leadership, management and governance require improvement when weaknesses are known.
1. Children who need help and protection Requires
improvement
2. Children looked after and achieving
permanence
Good
2.1 Adoption performance Not judged
2.2 Experiences and progress of care leavers Inadequate
1. Leadership, management and governance Requires Improvement
The Local Safeguarding Children Board (LSCB)
An LSCB requires improvement if it does not yet demonstrate the characteristics of good.
The Local Safeguarding Children Board is good"""


def test_sif_summary_areas_overall_and_lscb() -> None:
    result = read_judgements("sif", SIF_SUMMARY)
    assert result.overall == "requires_improvement"
    assert result.grades == {
        "help_and_protection": "requires_improvement",
        "looked_after_permanence": "good",
        "care_leavers": "inadequate",
        "leadership_management_governance": "requires_improvement",
        "lscb": "good",
    }


@pytest.mark.parametrize(
    ("sentence", "grade"),
    [
        ("The overall judgement is good", "good"),
        ("The overall judgement is that children's services require improvement", "requires_improvement"),
        ("The overall judgement is that children's service requires improvement.", "requires_improvement"),
        ("The overall judgement is inadequate", "inadequate"),
        ("Children's services in the Borough of Northwick are outstanding", "outstanding"),
    ],
)
def test_sif_overall_sentences(sentence: str, grade: str) -> None:
    assert read_judgements("sif", sentence).overall == grade


def test_pre_sif_record_of_main_findings() -> None:
    text = (
        "Contents\nOverall effectiveness of services for looked after children 4\nRecord of main findings 19\n"
        "Record of main findings\nServices for looked after children\nOverall effectiveness Inadequate\n"
        "Capacity to improve Adequate\nOutcomes for looked after children and\nyoung people\nGood\n"
        "Quality of provision Adequate"
    )
    result = read_judgements("pre_sif", text)
    assert result.overall == "inadequate"
    assert result.grades == {"capacity_to_improve": "adequate"}


def test_visit_letter_facts() -> None:
    letter = (
        "This letter summarises the findings of the monitoring visit of Northwick children's services on "
        "4 and 5 March 2020. The visit was the third monitoring visit since the local authority was judged "
        "inadequate in November 2018. The local authority is making progress in improving services for "
        "children in care. Practice has not deteriorated since the last visit."
    )
    assert visit_number(letter) == 3
    assert progress(letter) == "sufficient"
    assert prior_judgement(letter) == ("inadequate", date(2018, 11, 1))
    assert reports_deterioration(letter) is False
    assert reports_deterioration("There has been a deterioration in the quality of practice.") is True
    assert progress("The council is making insufficient progress.") == "insufficient"


def test_listed_items_stop_at_the_next_section() -> None:
    text = (
        "Areas for priority action\n• Ensure that every child at risk is seen\nwithin a day.\n"
        "• Strengthen management oversight.\nWhat needs to improve\n• Supervision quality."
    )
    assert priority_actions(text) == [
        "Ensure that every child at risk is seen within a day.",
        "Strengthen management oversight.",
    ]
    assert section_items(text, "what needs to improve") == ["Supervision quality."]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Monitoring visit of Northwick children's services\nThis letter summarises", "monitoring_visit"),
        ("Focused visit to Northwick local authority children's services", "focused_visit"),
        ("Joint targeted area inspection of the multi-agency response to abuse in Northwick", "jtai"),
        ("Area SEND inspection of Northwick Local Area Partnership", "area_send"),
        ("Inspection of services for children in need of help and protection, children looked after", "sif"),
        ("Review of the effectiveness of the Local Safeguarding Children Board\nLead inspector: A B", "lscb_review"),
        ("Inspection of looked after children services\nNorthwick Council", "pre_sif"),
        ("Councillor Jo Bloggs said: we welcome Ofsted's monitoring visit to our children's services", "press_release"),
        ("<title>Report not found</title>", "unknown"),
        ("Minutes of the parish council meeting", "unknown"),
    ],
)
def test_classification_by_content(text: str, kind: str) -> None:
    assert classify(text)[0] == kind
