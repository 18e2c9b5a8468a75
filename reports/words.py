"""How codes read in the digest and on the site: grades, areas, kinds and verdicts in Ofsted's words, their
colours, dates as '4 November 2026'."""

from __future__ import annotations

from datetime import date

GRADE_WORDS = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires_improvement": "Requires improvement to be good",
    "adequate": "Adequate",
    "inadequate": "Inadequate",
}

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
GRADE_CODES = {"outstanding": "O", "good": "G", "requires_improvement": "RI", "adequate": "A", "inadequate": "I"}

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
}

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
    "unknown": "Unclassified document",
}

VERDICT_WORDS = {
    "insufficient": "Insufficient progress",
    "sufficient": "Sufficient progress",
    "good": "Good progress",
    "deterioration": "Practice has deteriorated",
    "priority_actions": "Priority actions set",
}


DIRECTION_WORDS = {"better": "Improved", "worse": "Declined", "same": "No change"}


def _words(table: dict[str, str], code: str | None) -> str:
    if not code:
        return ""
    return table.get(code, code.replace("_", " ").capitalize())


def grade_words(code: str | None) -> str:
    return _words(GRADE_WORDS, code)


def area_words(code: str | None) -> str:
    return _words(AREA_WORDS, code)


def kind_words(code: str | None) -> str:
    return _words(KIND_WORDS, code)


def verdict_words(code: str | None) -> str:
    return _words(VERDICT_WORDS, code)


def direction_words(code: str | None) -> str:
    return _words(DIRECTION_WORDS, code)


def grade_colour(code: str | None) -> str:
    return GRADE_COLOURS.get(code or "", "#505a5f")


def grade_fill(code: str | None) -> tuple[str, str]:
    """(fill, ink) of a grade's shape on the site; a shape with no grade is pale grey."""
    return GRADE_FILLS.get(code or "", NO_GRADE_FILL)


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
