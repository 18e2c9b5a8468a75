"""Field parsers on the phrasing variants met across framework eras (synthetic text, fictional people)."""

from __future__ import annotations

from datetime import date

import pytest

from common.authorities import EXTRA_REFERENCE_ENV
from samples.councils import SAMPLE_REFERENCE_CSV
from tasks.classify import classify
from tasks.parsing.dates import find_expression, parse_date, parse_periods
from tasks.parsing.focus import visit_focus
from tasks.parsing.grades import canonical_grade, read_graded_rows
from tasks.parsing.inspectors import lead_inspector, signatory
from tasks.parsing.jtai import read_jtai
from tasks.parsing.judgements import read_judgements
from tasks.parsing.lists import section_items
from tasks.parsing.send import previous_inspections, read_area_send
from tasks.parsing.visits import (
    prior_judgement,
    prior_judgement_area,
    priority_actions,
    progress,
    reports_deterioration,
    visit_number,
)


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
        # Unusual separators: whatever joins the two dates, the second is the end.
        ("2 ─ 13 December 2024", date(2024, 12, 2), date(2024, 12, 13), 12),
        ("2 − 13 December 2024", date(2024, 12, 2), date(2024, 12, 13), 12),
        ("20 February ‒ 3 March 2023", date(2023, 2, 20), date(2023, 3, 3), 12),
        ("20 February — 3 March 2023", date(2023, 2, 20), date(2023, 3, 3), 12),
        ("4 March 2019 until 8 March 2019", date(2019, 3, 4), date(2019, 3, 8), 5),
        ("4 until 8 March 2019", date(2019, 3, 4), date(2019, 3, 8), 5),
        ("2─13 December 2024", date(2024, 12, 2), date(2024, 12, 13), 12),
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


@pytest.mark.parametrize(
    ("letter", "number", "verdict"),
    [  # the wordings of each era (docs/ofsted-letters.md)
        ("It was the fourth monitoring visit since the authority was judged inadequate.", 4, None),
        ("This monitoring visit was the seventh since the local authority was judged inadequate.", 7, None),
        ("This was the 13th monitoring visit. Leaders are making steady progress.", 13, "sufficient"),
        ("Leaders have not made sufficient progress in improving help for care leavers.", None, "insufficient"),
        ("Leaders are not yet making enough progress for children in care.", None, "insufficient"),
        ("Progress has been too slow for children in need.", None, "insufficient"),
        ("Leaders have continued to make progress despite the pandemic.", None, "sufficient"),
        ("Leaders have made considerable progress.", None, "good"),
    ],
)
def test_visit_wordings_of_every_era(letter: str, number: int | None, verdict: str | None) -> None:
    assert visit_number(letter) == number
    assert progress(letter) == verdict


def test_prior_judgement_stated_before_or_after_its_date() -> None:
    after = "since the local authority was judged to be inadequate in January 2022."
    before = (
        "At the last inspection, in March 2019, the local authority was judged to be requires improvement to be good."
    )
    assert prior_judgement(after) == ("inadequate", date(2022, 1, 1))
    assert prior_judgement(before) == ("requires_improvement", date(2019, 3, 1))
    assert prior_judgement("Following its last inspection in 2019, leaders changed.") == (None, None)


@pytest.mark.parametrize(
    ("letter", "grade", "month"),
    [  # every form a letter states the last full inspection's judgement in (docs/ofsted-letters.md)
        ("The visit was the second since the local authority was judged inadequate in May 2018.", "inadequate",
         date(2018, 5, 1)),
        ("At the last inspection in June 2021, services were judged to be inadequate.", "inadequate",
         date(2021, 6, 1)),
        ("At the last inspection, in March 2019, the local authority was judged to be requires improvement to be "
         "good.", "requires_improvement", date(2019, 3, 1)),
        ("In October 2017, the local authority's children's services were judged inadequate overall.",
         "inadequate", date(2017, 10, 1)),
        ("When the local authority was last inspected, in 12 February 2020, services were rated good.", "good",
         date(2020, 2, 1)),
        ("The authority was judged as requires improvement to be good overall in July 2022.",
         "requires_improvement", date(2022, 7, 1)),
        ("Services were judged to be inadequate at its last inspection in April 2019.", "inadequate",
         date(2019, 4, 1)),
        ("The inspection in September 2018 judged the local authority's services to be inadequate.", "inadequate",
         date(2018, 9, 1)),
        ("Leaders have worked hard since the inadequate judgement of January 2023.", "inadequate",
         date(2023, 1, 1)),
        ("Following the ILACS inspection in November 2019, when services were judged outstanding, leaders left.",
         "outstanding", date(2019, 11, 1)),
    ],
)  # fmt: skip
def test_prior_judgement_in_every_wording(letter: str, grade: str, month: date) -> None:
    assert prior_judgement(letter) == (grade, month)


@pytest.mark.parametrize(
    "letter",
    [  # a visit's own findings, or a date with no judgement: no prior judgement is read
        "On 4 March 2020, inspectors found practice to be inadequate in the front door.",
        "In May 2018, the local authority appointed a new director.",
        "Practice was found to be inadequate in May 2022 for some children.",
    ],
)
def test_no_prior_judgement_where_none_is_stated(letter: str) -> None:
    assert prior_judgement(letter) == (None, None)


@pytest.mark.parametrize(
    ("text", "outcome", "printed"),
    [
        (
            "Inspection outcome\nThe local area partnership's SEND arrangements typically lead to positive\n"
            "experiences and outcomes for children and young people with SEND. It is taking action.",
            "positive",
            "The local area partnership's SEND arrangements typically lead to positive experiences and outcomes for "
            "children and young people with SEND.",
        ),
        (
            "Inspection outcome\nThe local area partnership's arrangements lead to inconsistent experiences and "
            "outcomes for children and young people with SEND.",
            "inconsistent",
            "The local area partnership's arrangements lead to inconsistent experiences and outcomes for children and "
            "young people with SEND.",
        ),
        (
            "Inspection outcome\nThere are widespread and/or systemic failings leading to significant concerns about "
            "the experiences and outcomes of children and young people with SEND, which the local area partnership "
            "must address urgently.",
            "systemic_failings",
            "There are widespread and/or systemic failings leading to significant concerns about the experiences and "
            "outcomes of children and young people with SEND, which the local area partnership must address urgently.",
        ),
    ],
)
def test_area_send_outcomes_from_2023(text: str, outcome: str, printed: str) -> None:
    send, warnings = read_area_send("Area SEND inspection of Northwick Local Area Partnership\n" + text)
    assert (send.framework, send.outcome, send.outcome_text, warnings) == ("2023", outcome, printed, [])


def test_an_area_send_report_without_one_clear_outcome_has_none() -> None:
    none, why = read_area_send("Area SEND inspection of Northwick Local Area Partnership\nInspection outcome\nTBC")
    assert (none.framework, none.outcome, why) == ("2023", None, ["area_send: no area SEND outcome found"])
    both, why = read_area_send(
        "Area SEND inspection of Northwick Local Area Partnership\nThe arrangements lead to inconsistent experiences "
        "and outcomes for children. There are widespread and/or systemic failings leading to significant concerns."
    )
    assert both.outcome is None and why == [
        "area_send: the report states several outcomes (inconsistent, systemic_failings)"
    ]
    unknown, why = read_area_send("Interim visit to Northwick local area\nWe talked to leaders.")
    assert (unknown.framework, unknown.outcome, why) == (None, None, ["area_send: no area SEND outcome found"])


def test_a_2016_letter_states_a_wsoa_or_none() -> None:
    opening = (
        "Joint local area SEND inspection in Northwick\nBetween 5 and 9 March 2018, Ofsted and CQC inspected the area "
        "to judge the effectiveness of the area in implementing the reforms. "
    )
    required = opening + (
        "HMCI has determined that a Written Statement of Action (WSOA) is required because of significant areas "
        "of weakness. The area must tackle the following areas of significant weakness:\n"
        "• the quality of plans\n  and their timeliness\n• joint commissioning\n\nMain findings"
    )
    send, _ = read_area_send(required)
    assert (send.outcome, send.wsoa_required) == ("wsoa_required", True)
    assert send.outcome_text == (
        "HMCI has determined that a Written Statement of Action (WSOA) is required because of significant areas of "
        "weakness."
    )
    assert [w.weakness for w in send.weaknesses] == ["the quality of plans and their timeliness", "joint commissioning"]
    none, _ = read_area_send(opening + "Main findings\nLeaders know the area well.")
    assert (none.outcome, none.wsoa_required, none.outcome_text, none.weaknesses) == ("no_wsoa", False, None, [])
    declined, _ = read_area_send(opening + "A written statement of action is not required.")
    assert (declined.outcome, declined.outcome_text) == ("no_wsoa", "A written statement of action is not required.")


def test_a_revisit_whose_summary_disagrees_with_its_sections_reads_no_weaknesses() -> None:
    letter = (
        "Joint local area SEND revisit in Northwick\nThe area has made sufficient progress in addressing one of the "
        "two significant weaknesses.\nMain findings\n• Weak plans.\nThe area has made sufficient progress in "
        "addressing this area of significant weakness.\n• Weak commissioning.\nThe area has made sufficient "
        "progress in addressing this area of significant weakness."
    )
    send, warnings = read_area_send(letter)
    assert (send.revisit, send.outcome, send.weaknesses) == (True, None, [])
    assert warnings == ["area_send: the letter sums up one of two weaknesses addressed, but its sections give 2 of 2"]


@pytest.mark.parametrize(
    ("text", "theme", "partners"),
    [
        (
            "Joint targeted area inspection of the multi-agency response to abuse and neglect in Northwick. The "
            "inspection included a 'deep dive' focus on the response to children living with domestic abuse. "
            "Inspectors looked at how well the local authority, the police, health and probation work together.",
            "children living with domestic abuse",
            ["local_authority", "police", "health", "probation"],
        ),
        (
            "This letter sets out the findings of the JTAI of the multi-agency response to children and families "
            "who need help in Northwick. The agencies within the scope of this inspection were children's social "
            "care, education, the NHS integrated care board and the police.",
            "children and families who need help",
            ["local_authority", "education", "health", "police"],
        ),
        (
            "JTAI of the multi-agency response to serious youth violence across Northwick. Inspectors evaluated how "
            "effectively the youth justice service, schools and the constabulary worked together.",
            "serious youth violence",
            ["youth_justice", "education", "police"],
        ),
    ],
)
def test_jtai_theme_and_partners(text: str, theme: str, partners: list[str]) -> None:
    jtai, warnings = read_jtai(text)
    # These sentences name no inspectorate: the inspectorates stay empty, and the record says so.
    assert (jtai.theme, jtai.partners, warnings) == (theme, partners, ["jtai: no inspectorates named"])


def test_a_jtai_without_theme_or_partners_says_so() -> None:
    jtai, warnings = read_jtai("Joint targeted area inspection of Northwick\nHeadline findings")
    assert (jtai.theme, jtai.partners) == (None, [])
    assert warnings == ["jtai: no theme found", "jtai: no inspectorates named", "jtai: no partner agencies named"]


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


def test_a_single_priority_action_may_be_a_paragraph_and_the_areas_for_improvement_are_not_priorities() -> None:
    text = (
        "Area for priority action\nChildren referred with concerns must be seen\n"
        "without delay. Managers must check it.\n"
        "Areas for improvement\n• Return interviews.\n• Audits.\nFindings\n• Plans are reviewed."
    )
    assert priority_actions(text) == [
        "Children referred with concerns must be seen without delay. Managers must check it."
    ]
    listed = "Areas for priority action\n• See children quickly.\nAreas for improvement\n• Return interviews.\n"
    assert priority_actions(listed) == ["See children quickly."]
    assert section_items(listed, "areas for improvement") == ["Return interviews."]


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
        ("Assurance visit to Northwick children's services\nThis letter sets out the findings", "focused_visit"),
        ("Joint local area SEND revisit in Northwick", "area_send"),
        ("Inspection of contact, referral and assessment arrangements within Northwick children's services", "unknown"),
        ("Annual performance assessment of services for children and young people in Northwick", "unknown"),
    ],
)
def test_classification_by_content(text: str, kind: str) -> None:
    assert classify(text)[0] == kind


def test_an_unread_kind_or_an_untitled_document_is_reported_with_its_title() -> None:
    letter = "6 May 2011\nDear Jo\n\nAnnual children's services assessment\nNorthwick Council scores 3."
    assert classify(letter) == (
        "unknown",
        "an Ofsted publication of a kind not read here: 'Annual children's services assessment'",
    )
    assert classify("1 May 2011\nOK\nMinutes of the parish council meeting\nItem 1") == (
        "unknown",
        "no Ofsted report or letter title found; it begins 'Minutes of the parish council meeting'",
    )


def test_a_magazine_round_up_of_several_councils_is_a_press_release(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(EXTRA_REFERENCE_ENV, str(SAMPLE_REFERENCE_CSV))
    round_up = (
        "Wednesday 10 April 2024\nOfsted has published its latest letters.\nWessex Council\nInspectors made a "
        "monitoring visit to Wessex children's services in March. The full report can be read here.\nElmet "
        "Council\nInspectors visited Elmet in February. The full report can be read\nhere."
    )
    assert classify(round_up) == ("press_release", None)
    # One council only, or an Ofsted letter quoting a link, is not a round-up.
    assert classify(round_up.replace("Elmet", "Wessex"))[0] == "monitoring_visit"
    assert classify("Dear Jo\n" + round_up)[0] == "monitoring_visit"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("29 and 30 September, and 1 October 2020", date(2020, 9, 29), date(2020, 10, 1)),
        ("8, 9 and 10 July 2019", date(2019, 7, 8), date(2019, 7, 10)),
        ("30 November, and 1 and 2 December 2020", date(2020, 11, 30), date(2020, 12, 2)),
    ],
)
def test_dates_listed_with_commas_are_read_whole(text: str, start: date, end: date) -> None:
    periods = parse_periods(find_expression(f"{text}. The inspectors were") or "")
    assert (periods[0].start, periods[-1].end) == (start, end)


@pytest.mark.parametrize(
    ("line", "previous"),
    [
        (
            "Inspection dates: 18 to 22 November 2024\nDates of previous inspection: The previous full inspection "
            "was on 19 March 2018. There\nwas a subsequent revisit on 24 March 2020.\nInspection outcome",
            (date(2018, 3, 19), date(2020, 3, 24)),
        ),
        ("Dates of previous inspection: 23 to 27 January 2017\nInspection outcome", (date(2017, 1, 23), None)),
        ("Date of previous inspection: Not previously inspected\nInspection outcome", (None, None)),
        ("Inspection dates: 18 to 22 November 2024\nInspection outcome", (None, None)),
    ],
)
def test_an_area_send_report_names_its_previous_inspection_and_revisit(
    line: str, previous: tuple[date | None, date | None]
) -> None:
    assert previous_inspections(line) == previous


_FV_OPENING = (
    "Dear Ms Fenn\nFocused visit to Northwick children's services\nThis letter summarises the findings of the "
)
_FV_OPENING += "focused visit to Northwick children's services on 4 and 5 March 2024.\n"


@pytest.mark.parametrize(
    ("opening", "focus"),
    [
        ("Inspectors looked at the local authority's arrangements for care leavers aged 18 to 25.", "care_leavers"),
        ("The focus of this visit was on planning and achieving permanence for children.", "permanence"),
        ("Inspectors considered the local authority's arrangements at the 'front door'.", "front_door"),
        ("Inspectors looked at placement decision-making for older children.", "older_children_placements"),
        (
            "Inspectors evaluated the arrangements for children in need and those subject to a child protection plan.",
            "children_in_need_child_protection",
        ),
        ("Inspectors looked at the response to vulnerable adolescents at risk of exploitation.", "extra_familial_risk"),
        # A 2021 letter opens on COVID-19 and still names its focus: the focus wins.
        (
            "The methodology was adapted to reflect the COVID-19 context. Inspectors looked at the local authority's "
            "arrangements for children in care.",
            "children_in_care",
        ),
        # A pandemic visit that names no area.
        ("The delivery model was adapted to reflect the COVID-19 context. Inspectors used video calls.", "covid"),
    ],
)
def test_a_focused_visit_focus_is_what_its_opening_says_inspectors_looked_at(opening: str, focus: str) -> None:
    assert visit_focus(f"{_FV_OPENING}{opening}\nHeadline findings\nThe care leavers service is good.") == (focus, [])


def test_a_focus_mentioned_in_passing_later_does_not_count() -> None:
    letter = (
        f"{_FV_OPENING}Inspectors looked at a range of evidence.\nHeadline findings\nInspectors looked at care leavers."
    )
    assert visit_focus(letter) == (None, ["visit_focus: the letter's opening names no focus we can read"])


@pytest.mark.parametrize(
    ("sentence", "inspectorates"),
    [
        (
            "It was carried out by inspectors from Ofsted, the Care Quality Commission (CQC), His Majesty's "
            "Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS) and His Majesty's Inspectorate of "
            "Probation (HMIP).",
            ["ofsted", "cqc", "hmicfrs", "hmip"],
        ),
        (
            "Between 5 and 9 December 2016, Ofsted, the Care Quality Commission (CQC), HMI Constabulary (HMIC) and "
            "HMI Probation (HMI Prob) undertook a joint inspection of the multi-agency response to abuse.",
            ["ofsted", "cqc", "hmicfrs", "hmip"],
        ),
        (
            "It was carried out by inspectors from Ofsted, the Care Quality Commission (CQC) and Her Majesty's "
            "Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS).",
            ["ofsted", "cqc", "hmicfrs"],
        ),
    ],
)
def test_a_jtai_names_its_inspectorates_and_partners_from_who_inspected_and_who_is_addressed(
    sentence: str, inspectorates: list[str]
) -> None:
    letter = (
        "1 March 2023\nA Leader, Director of Children's Services, Northwick Council\nB Leader, Chief Constable, "
        "Northwick Police\nC Leader, Northwick Youth Offending Service\nDear Northwick Safeguarding Partnership\n"
        f"This letter summarises the JTAI of the multi-agency response to domestic abuse in Northwick. {sentence}"
    )
    jtai, warnings = read_jtai(letter)
    # Partners: each inspectorate's agency (HMIP's the probation service), and each agency addressed.
    partners = ["local_authority", "health", "police", "youth_justice"] + (
        ["probation"] if "hmip" in inspectorates else []
    )
    assert (jtai.inspectorates, jtai.partners, warnings) == (inspectorates, partners, [])


@pytest.mark.parametrize(
    ("sentence", "grade", "area"),
    [
        (
            "Since the previous inspection in June 2022, when the experiences and progress of children in care and "
            "care leavers were judged good, leaders have acted.",
            "good",
            "in_care",
        ),
        (
            "Since the last inspection in October 2023, when the experiences and progress of children who need "
            "help and protection were judged to be good, leaders have acted.",
            "good",
            "help_and_protection",
        ),
        (
            "At the last inspection in July 2018, overall effectiveness was judged to be good, but the experiences "
            "and progress of children in need of help and protection required improvement to be good.",
            "good",
            "overall",
        ),
        ("Northwick's services were judged to be inadequate in May 2019.", "inadequate", "overall"),
        ("This is the first visit since the inadequate judgement of May 2019.", "inadequate", "overall"),
    ],
)
def test_a_prior_judgement_records_which_judgement_it_is(sentence: str, grade: str, area: str) -> None:
    assert (prior_judgement(sentence)[0], prior_judgement_area(sentence)) == (grade, area)


def test_a_letter_item_never_runs_on_into_ofsted_s_letterhead_or_its_closing() -> None:
    letter = (
        "Areas for priority action\n◼ Keeping in touch with care leavers over the age of 18 so that their welfare\n"
        "is safeguarded.\nOfsted\nPiccadilly Gate\nStore Street\nManchester\nM1 2WD\nT 0300 123 1231\n"
        "Textphone 0161 618\n8524\nenquiries@ofsted.gov.uk\nwww.gov.uk/ofsted\n2\n"
        "What needs to improve in this area of social work practice?\n◼ Management oversight.\n"
        "◼ The consistency of planning\nfor care leavers.\nMain findings\nInspectors saw some strong practice.\n"
        "Areas for improvement\n◼ Where new risks emerge, not enough priority is given to assessing need\n"
        "Ofsted will take the findings from this focused visit into account when planning your\nnext inspection.\n"
        "Yours sincerely,\nBethan Quayle\nHis Majesty's Inspector\n"
    )
    assert priority_actions(letter) == [
        "Keeping in touch with care leavers over the age of 18 so that their welfare is safeguarded."
    ]
    # The list ends at the findings, though its last item's line ends with no full stop.
    assert section_items(letter, r"what\s+needs\s+to\s+improve") == [
        "Management oversight.",
        "The consistency of planning for care leavers.",
    ]
    # A list that ends the letter stops at its closing and signature.
    assert section_items(letter, r"areas\s+for\s+improvement") == [
        "Where new risks emerge, not enough priority is given to assessing need"
    ]


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        # A deep dive that points back is no theme: the title's response is.
        (
            "Joint targeted area inspection of the multi-agency response to child exploitation in Northwick\n"
            "Between 8 and 12 July 2019, Ofsted, the CQC, HMICFRS and HMIP carried out a joint inspection. Also "
            "included was a 'deep dive' focus on this vulnerable group of children.",
            "child exploitation",
        ),
        # A title naming no place ends where the dates begin.
        (
            "Joint targeted area inspection of the multi-agency response to children missing from home, care or "
            "education\nBetween 12 and 16 February 2018, Ofsted, the CQC, HMICFRS and HMIP undertook a joint "
            "inspection.",
            "children missing from home, care or education",
        ),
    ],
)
def test_a_jtai_theme_is_never_a_pointer_back_or_a_run_on(text: str, theme: str) -> None:
    assert read_jtai(text)[0].theme == theme


@pytest.mark.parametrize(
    "opening",
    [
        "Inspectors looked at the local authority's arrangements for children who are in care.",
        "Inspectors looked at the experiences of cared for children, as children in care are known here.",
        "The focus of this visit was on children looked after.",
    ],
)
def test_children_in_care_in_other_words(opening: str) -> None:
    assert visit_focus(f"{_FV_OPENING}{opening}\nHeadline findings\n") == ("children_in_care", [])
