"""How codes read in the digest and on the site: grades, area SEND outcomes, areas, kinds and verdicts in Ofsted's
words, their colours, dates as '4 November 2026'."""

from __future__ import annotations

from datetime import date

from common import national_framework
from common.frameworks import framework_by_code
from reports.model import LONG_GAP_YEARS, NO_LONGER_GRADED, AreaChange

GRADE_WORDS = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires_improvement": "Requires improvement to be good",
    "adequate": "Adequate",
    "inadequate": "Inadequate",
    # Where an LA's latest inspection was under a framework that makes no such judgement (reports.model).
    NO_LONGER_GRADED: "No longer graded",
}

# Grades inside a sentence: "5 good, 4 requires improvement".
GRADE_IN_TEXT = {"requires_improvement": "requires improvement"}

# Colours of the grade's marker in the email: the reader's eye finds the red ones first.
GRADE_COLOURS = {
    "outstanding": "#005a30",
    "good": "#00703c",
    "requires_improvement": "#b85c00",
    "adequate": "#b85c00",
    "inadequate": "#d4351c",
}

# The site fills a shape per grade (map hexagons, chart markers, tags) and writes the grade's short code on it.
# The badge colours above are two close greens, fine beside their words in an email but not told apart on a
# map: these four differ in hue and lightness, and each has the ink its code needs (contrast at least 4.5:1).
GRADE_FILLS = {
    "outstanding": ("#005a30", "#ffffff"),
    "good": ("#85c17e", "#0b0c0c"),
    "requires_improvement": ("#f5a623", "#0b0c0c"),
    "adequate": ("#f5a623", "#0b0c0c"),
    "inadequate": ("#d4351c", "#ffffff"),
}
NO_GRADE_FILL = ("#f3f2f1", "#505a5f")
GRADE_CODES = {
    "outstanding": "O",
    "good": "G",
    "requires_improvement": "RI",
    "adequate": "A",
    "inadequate": "I",
    NO_LONGER_GRADED: "NG",
}
# Area SEND outcomes (common.record.SEND_OUTCOMES) in short: badges show them where grades stand.
SEND_OUTCOME_WORDS = {
    "positive": "Positive experiences and outcomes",
    "inconsistent": "Inconsistent experiences and outcomes",
    "systemic_failings": "Widespread and/or systemic failings",
    "no_wsoa": "No written statement of action",
    "wsoa_required": "Written statement of action required",
    "sufficient_progress": "Sufficient progress on every weakness",
    "insufficient_progress": "Insufficient progress on some weaknesses",
}
# Each area SEND outcome is coloured as the grade it stands nearest (email badges, the site's tags).
SEND_OUTCOME_AS_GRADE = {
    "positive": "good",
    "inconsistent": "requires_improvement",
    "systemic_failings": "inadequate",
    "no_wsoa": "good",
    "wsoa_required": "inadequate",
    "sufficient_progress": "good",
    "insufficient_progress": "inadequate",
}
SEND_OUTCOME_COLOURS = {outcome: GRADE_COLOURS[grade] for outcome, grade in SEND_OUTCOME_AS_GRADE.items()}

AREA_WORDS = {
    "overall": "Overall effectiveness",
    "leaders": "Impact of leaders on social work practice",
    "help_and_protection": "Children who need help and protection",
    "in_care": "Children in care",
    "care_leavers": "Care leavers",
    "looked_after_permanence": "Children looked after and achieving permanence",
    "adoption": "Adoption performance",
    "leadership_management_governance": "Leadership, management and governance",
    "lscb": "Local Safeguarding Children Board",
    "capacity_to_improve": "Capacity to improve",
    "area_send": "Area SEND outcome",
}

# The current framework's areas as a table's column headings say them.
AREA_SHORT_WORDS = {
    "overall": "Overall effectiveness",
    "leaders": "Leaders",
    "help_and_protection": "Help and protection",
    "in_care": "In care",
    "care_leavers": "Care leavers",
}

# The agencies a joint targeted area inspection looked at (common.record.JTAI_PARTNERS).
JTAI_PARTNER_WORDS = {
    "local_authority": "children's social care",
    "health": "health",
    "police": "police",
    "youth_justice": "youth justice",
    "probation": "probation",
    "education": "education",
}

# What a focused visit looked at (common.record.VISIT_FOCUSES), as a reader names it: "focused visit: care leavers".
VISIT_FOCUS_WORDS = {
    "front_door": "the front door",
    "children_in_need_child_protection": "children in need and child protection",
    "extra_familial_risk": "extra-familial risk",
    "children_in_care": "children in care",
    "permanence": "permanence",
    "care_leavers": "care leavers",
    "older_children_placements": "placement decisions for older children",
    "covid": "practice during the pandemic",
}

# The inspectorates that carry out a JTAI (common.record.JTAI_INSPECTORATES).
JTAI_INSPECTORATE_WORDS = {"ofsted": "Ofsted", "cqc": "CQC", "hmicfrs": "HMICFRS", "hmip": "HMI Probation"}

# What the ILACS rules lead one to expect of an LA's next full inspection (inspection_outlook's `status`).
OUTLOOK_WORDS = {
    "not_due": "not yet due",
    "in_window": "due now",
    "overdue": "overdue",
    "monitoring": "after an inadequate judgement: monitoring visits, then a re-inspection with no fixed window",
    "never_inspected": "no full inspection on record to count from",
    "not_stated": "not stated: the rules after an inspection under the April 2026 framework are not encoded here",
}

# Said of a report under such a framework, beside its judgements.
NO_OVERALL_WORDS = (
    "No overall effectiveness judgement: Ofsted no longer makes one (inspections from April 2026). "
    "Each judgement is shown against the previous one."
)

KIND_WORDS = {
    "ilacs_standard": "Standard inspection (ILACS)",
    "ilacs_short": "Short inspection (ILACS)",
    "sif": "Single inspection (SIF)",
    "pre_sif": "Inspection (pre-2013 framework)",
    "lscb_review": "LSCB review",
    "monitoring_visit": "Monitoring visit",
    "focused_visit": "Focused visit",
    "jtai": "Joint targeted area inspection",
    "area_send": "Area SEND inspection",
    "press_release": "Press release",
    "not_outcome": "Not an inspection outcome",
    "unread": "Publication that could not be read",
    "unknown": "Unclassified document",
}

# How an area moved against its previous judgement (reports.model.AreaChange.direction).
DIRECTION_WORDS = {
    "worse": "down",
    "better": "up",
    "same": "unchanged",
    "first": "first judgement",
}

# A grade that covered two areas at once (ILACS until 2023), said beside that grade under each of them.
COMBINED_WORDS = {
    "in_care": "judged with care leavers",
    "care_leavers": "judged with children in care",
}

VERDICT_WORDS = {
    "insufficient": "Insufficient progress",
    "sufficient": "Sufficient progress",
    "good": "Good progress",
    "deterioration": "Practice has deteriorated",
    "priority_actions": "Priority actions set",
    # A monitoring letter whose findings are prose with no verdict we can read (docs/checks.md).
    "not_stated": "Not stated",
}

# Areas inside a sentence ("overall effectiveness Inadequate (was Good)"); others are their words in lower case.
AREA_IN_TEXT = {
    "overall": "overall effectiveness",
    "lscb": "Local Safeguarding Children Board",
    "area_send": "area SEND outcome",
}

# The same moves in a table's "Change" column (the site, the spreadsheet), where a grade "down" reads ambiguously.
CHANGE_WORDS = {"better": "Improved", "worse": "Declined", "same": "No change", "first": "First judgement"}


def _words(table: dict[str, str], code: str | None) -> str:
    if not code:
        return ""
    return table.get(code, code.replace("_", " ").capitalize())


def grade_words(code: str | None) -> str:
    """A grade, or an area SEND outcome, in words."""
    return _words(GRADE_WORDS if code in GRADE_WORDS else SEND_OUTCOME_WORDS, code)


def grade_in_text(code: str | None) -> str:
    """A grade inside a sentence: 'good', 'requires improvement', 'inadequate'."""
    return GRADE_IN_TEXT.get(code or "", grade_words(code).lower())


def area_words(code: str | None) -> str:
    return _words(AREA_WORDS, code)


def kind_words(code: str | None) -> str:
    return _words(KIND_WORDS, code)


def focus_words(code: str | None) -> str:
    """A focused visit's focus: 'care leavers'; nothing for none."""
    return VISIT_FOCUS_WORDS.get(code or "", (code or "").replace("_", " "))


def kind_focus_words(kind: str | None, focus: str | None) -> str:
    """A kind, with a focused visit's focus after it: 'Focused visit: care leavers'."""
    return f"{kind_words(kind)}: {focus_words(focus)}" if focus else kind_words(kind)


def verdict_words(code: str | None) -> str:
    return _words(VERDICT_WORDS, code)


def verdict_alone(code: str | None) -> str:
    """A verdict without its 'Verdict:' label (titles, the feed): 'Insufficient progress', 'Verdict not stated'."""
    return "Verdict not stated" if code == "not_stated" else verdict_words(code)


def direction_words(code: str | None) -> str:
    return _words(DIRECTION_WORDS, code)


def change_words(code: str | None) -> str:
    return _words(CHANGE_WORDS, code)


def combined_words(area: str | None) -> str:
    """'judged with children in care' beside care leavers' combined grade (and the like for children in care)."""
    return COMBINED_WORDS.get(area or "", "judged together with another area")


def standing_words(change: AreaChange) -> str:
    """How a grade that did not move stands against the last one: 'unchanged since 9 July 2021', 'as before
    (Requires improvement to be good, 9 July 2021)' (an adequate then), or 'first judgement'."""
    if change.previous_grade is None:
        return "first judgement"
    if change.previous_grade == change.grade:
        return f"unchanged since {long_date(change.previous_date)}"
    return f"as before ({grade_words(change.previous_grade)}, {long_date(change.previous_date)})"


def long_gap_words(year: int, areas: tuple[str, ...]) -> str:
    """'Last judged in 2016, more than 5 years before: care leavers', of previous judgements old enough to be
    taken for recent ones; without areas when it is all of them."""
    said = f"Last judged in {year}, more than {LONG_GAP_YEARS} years before"
    return f"{said}: {', '.join(area_words(area).lower() for area in areas)}" if areas else said


def grade_colour(code: str | None) -> str:
    return GRADE_COLOURS.get(code or "") or SEND_OUTCOME_COLOURS.get(code or "", "#505a5f")


def grade_fill(code: str | None) -> tuple[str, str]:
    """(fill, ink) of a grade's (or an area SEND outcome's) shape on the site; a shape with no grade is pale grey."""
    grade = SEND_OUTCOME_AS_GRADE.get(code or "", code or "")
    return GRADE_FILLS.get(grade, NO_GRADE_FILL)


def area_in_text(code: str) -> str:
    return AREA_IN_TEXT.get(code) or area_words(code).lower()


def area_short_words(code: str | None) -> str:
    return AREA_SHORT_WORDS.get(code or "") or area_words(code)


def partner_words(codes: list[str] | tuple[str, ...] | None) -> str:
    """'children's social care, health and police'."""
    return _listed([_words(JTAI_PARTNER_WORDS, code) for code in codes or ()])


def _listed(names: list[str]) -> str:
    """'a, b and c'."""
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)


def framework_words(code: str | None) -> str:
    """A framework as the frameworks table labels it: 'ILACS 2026 (no overall judgement)'."""
    known = framework_by_code().get(code or "")
    return known.label if known else (code or "")


def national_framework_words(code: str | None) -> str:
    """'Outcome 4: children in care and care leavers have stable, loving homes'."""
    return national_framework.title(code) if code else "no reference"


def inspectorate_words(codes: list[str] | tuple[str, ...] | None) -> str:
    """'Ofsted, CQC and HMICFRS'."""
    return _listed([_words(JTAI_INSPECTORATE_WORDS, code) for code in codes or ()])


def outlook_words(status: str | None) -> str:
    return _words(OUTLOOK_WORDS, status)


def grade_code(code: str | None) -> str:
    """'RI' for requires improvement; an en dash for no grade."""
    return GRADE_CODES.get(code or "", "–")


def short_date(day: date | None) -> str:
    """'4 Nov 2026': for table cells and charts."""
    return f"{day.day} {day:%b %Y}" if day else ""


def long_date(day: date | None) -> str:
    """'4 November 2026' (no leading zero), or 'date not stated'."""
    if day is None:
        return "date not stated"
    return f"{day.day} {day:%B %Y}"


def date_range(start: date, end: date) -> str:
    """'16 to 22 November 2026', '28 October to 3 November 2026', '29 December 2025 to 4 January 2026'."""
    if start.year != end.year:
        return f"{long_date(start)} to {long_date(end)}"
    if start.month != end.month:
        return f"{start.day} {start:%B} to {long_date(end)}"
    if start != end:
        return f"{start.day} to {long_date(end)}"
    return long_date(end)


def plural(count: int, singular: str, many: str | None = None) -> str:
    """'1 deterioration', '2 deteriorations', 'no deteriorations'."""
    word = singular if count == 1 else (many or singular + "s")
    return f"{count if count else 'no'} {word}"


def disagreeing_words(documents: int) -> str:
    """The data-quality note's line on the cross-checks' findings: '2 documents disagree with our records'."""
    return plural(documents, "document") + (" disagrees" if documents == 1 else " disagree") + " with our records"


def neighbour_words(neighbours: tuple[tuple[str | None, int], ...]) -> str:
    """'Statistical neighbours: 5 good, 4 requires improvement, 1 not inspected yet' (grades best first)."""
    return "Statistical neighbours: " + grade_counts_words(neighbours)


def grade_counts_words(counts: tuple[tuple[str | None, int], ...]) -> str:
    """'5 good, 4 requires improvement, 1 not inspected yet'."""
    return ", ".join(f"{count} {grade_in_text(grade) if grade else 'not inspected yet'}" for grade, count in counts)


def percent_words(value: float | None) -> str:
    """'61.1%', or 'none judged' when no LA was."""
    return "none judged" if value is None else f"{value:.1f}%"
