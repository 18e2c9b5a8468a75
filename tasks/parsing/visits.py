"""Monitoring and focused visit letters: visit number, progress verdict, prior judgement, priority actions."""

from __future__ import annotations

import re
from datetime import date

from common.record import PRIOR_JUDGEMENT_OVERALL
from tasks.parsing.dates import MONTH, month_number
from tasks.parsing.grades import GRADE_PHRASE, canonical_grade
from tasks.parsing.lists import section_items, section_paragraph
from tasks.parsing.text import flat

_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
}
_ORDINAL = rf"(?:{'|'.join(_ORDINALS)}|\d{{1,2}}(?:st|nd|rd|th))"
# 'the second monitoring visit since…' (2018 on), 'This monitoring visit was the third since…' (2021 on).
_NUMBER = re.compile(
    rf"\b(?P<before>{_ORDINAL})\s+monitoring\s+visit|\bmonitoring\s+visit\s+(?:was|is)\s+the\s+(?P<after>{_ORDINAL})\b",
    re.IGNORECASE,
)
_PROGRESS = (
    (
        "insufficient",
        re.compile(
            r"\b(?:making|made|make)\s+insufficient\s+progress|"
            r"\bnot\s+(?:yet\s+)?(?:making|made|make)\s+(?:sufficient|enough|adequate)\s+progress|"
            r"\bprogress\s+(?:has\s+been|is|remains)\s+(?:insufficient|too\s+slow|too\s+limited)",
            re.I,
        ),
    ),
    ("good", re.compile(r"\b(?:making|made|make)\s+(?:good|strong|significant|considerable)\s+progress", re.I)),
    ("sufficient", re.compile(r"\b(?:making|made|make|makes)\s+(?:some\s+|steady\s+|sufficient\s+)?progress", re.I)),
)
# Ofsted's verbs for a graded judgement; "found" is left out: letters use it for the visit's own findings.
_GRADED = r"(?:judged|rated|graded)"
_AS_GRADE = rf"(?:to\s+be\s+|as\s+(?:being\s+)?)?(?P<grade>{GRADE_PHRASE})"
# A month and year, with the day when a letter gives one ('the inspection of 14 May 2018').
_WHEN = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?P<month>{MONTH})\s+(?P<year>\d{{4}})"
# How letters state the judgement of the last full inspection; the earliest match in the letter is read, so a
# later sentence about another date cannot replace it. Each form is tested in tests/test_parsing.py.
_PRIOR = (
    # '… since the local authority was judged inadequate in May 2019'; '… judged to be inadequate overall at its
    # last inspection in May 2019'; '… was rated as requires improvement to be good overall in May 2019'
    re.compile(
        rf"\b{_GRADED}\s+{_AS_GRADE}(?:\s+overall)?,?\s+(?:(?:at|during|following|after)\s+(?:\w+\s+){{1,4}}?)?"
        rf"(?:in|on)\s+{_WHEN}",
        re.IGNORECASE,
    ),
    # 'At the last inspection, in March 2019, the local authority was judged to be requires improvement…';
    # 'When the local authority was last inspected, in May 2018, services were judged…'; 'In May 2018, …
    # children's services were judged inadequate': the date first, the grade after it, in one sentence.
    re.compile(
        rf"\b(?:(?:at|following|after|during|when)\s+[^.]{{0,60}}?(?:inspection|inspected),?\s+)?"
        rf"(?:in|on)\s+{_WHEN},?\s+(?:when\s+)?[^.]{{0,80}}?\b(?:was|were|had\s+been)\s+{_GRADED}\s+"
        rf"{_AS_GRADE}",
        re.IGNORECASE,
    ),
    # 'The inspection in May 2018 judged services to be inadequate'; '… an inspection in May 2018, which judged
    # the local authority's services as inadequate overall'
    re.compile(
        rf"\binspection\s+(?:in|of|on)\s+{_WHEN},?\s+(?:which\s+|that\s+)?{_GRADED}\s+[^.]{{0,60}}?"
        rf"\b{_AS_GRADE}",
        re.IGNORECASE,
    ),
    # 'the inadequate judgement of May 2018'; 'since the local authority's inadequate judgement in May 2018'
    re.compile(
        rf"\b(?P<grade>{GRADE_PHRASE})\s+(?:overall\s+)?(?:judgement|rating|grade)\s+(?:in|of|on|from)\s+{_WHEN}",
        re.IGNORECASE,
    ),
)
# The judged subject of a prior judgement, as letters name each area; 'overall' wins where a subject names it beside
# an area ('overall effectiveness and services for children in care were judged good'), and a subject that names
# no area ('Dudley's services to children were judged …') is the overall judgement.
_JUDGED_AREAS = (
    (PRIOR_JUDGEMENT_OVERALL, r"\boverall\b"),
    ("in_care", r"children\s+in\s+care|looked\s+after"),
    ("help_and_protection", r"help\s+and\s+protection"),
    ("care_leavers", r"care\s+leavers|care-experienced|leaving\s+care"),
    ("leaders", r"impact\s+of\s+leaders"),
)
_ADVERB = r"(?:(?!not\b|never\b)\w+\s+)?"
_DETERIORATION = re.compile(
    r"\b(?:there\s+has\s+been\s+(?:a|some)\s+(?:\w+\s+)?deterioration|"
    rf"(?:has|have)\s+{_ADVERB}(?:deteriorated|declined)|"
    r"(?:a|the)\s+(?:\w+\s+)?(?:decline|deterioration)\s+in\s+(?:the\s+)?(?:quality|practice|services|experiences))",
    re.IGNORECASE,
)
_NEGATED = re.compile(r"\b(?:not|no|without|prevent(?:ed)?|halt(?:ed)?|avoid(?:ed)?)\s+(?:\w+\s+){0,2}$", re.I)


def visit_number(text: str) -> int | None:
    match = _NUMBER.search(flat(text))
    if not match:
        return None
    word = (match.group("before") or match.group("after")).lower()
    return _ORDINALS.get(word) or int(re.sub(r"\D", "", word))


def progress(text: str) -> str | None:
    """The letter's verdict on progress; the first verdict sentence decides."""
    body = flat(text)
    best: tuple[int, str] | None = None
    for verdict, pattern in _PROGRESS:
        match = pattern.search(body)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), verdict)
    return best[1] if best else None


def prior_judgement(text: str) -> tuple[str | None, date | None]:
    match = _prior_match(flat(text))
    if match is None:
        return None, None
    month = month_number(match.group("month"))
    return canonical_grade(match.group("grade")), date(int(match.group("year")), month or 1, 1)


def prior_judgement_area(text: str) -> str | None:
    """Which judgement the prior judgement is: 'overall', or the area the letter names as judged ('when the
    experiences and progress of children in care were judged good': `in_care`). None when none is stated."""
    body = flat(text)
    match = _prior_match(body)
    if match is None:
        return None
    before = body[: match.start("grade")]
    verb = list(re.finditer(rf"\b{_GRADED}\b", before))
    if not verb:  # 'the inadequate judgement of May 2018'
        return PRIOR_JUDGEMENT_OVERALL
    clause_start = max(before.rfind(mark, 0, verb[-1].start()) for mark in (". ", ", ", " when "))
    subject = before[max(clause_start, 0) : verb[-1].start()]
    return next((area for area, words in _JUDGED_AREAS if re.search(words, subject, re.I)), PRIOR_JUDGEMENT_OVERALL)


def _prior_match(body: str) -> re.Match[str] | None:
    """The earliest statement of the last full inspection's judgement in the letter."""
    matches = [match for pattern in _PRIOR if (match := pattern.search(body))]
    return min(matches, key=lambda found: found.start()) if matches else None


def reports_deterioration(text: str) -> bool:
    body = flat(text)
    return any(not _NEGATED.search(body[max(0, m.start() - 40) : m.start()]) for m in _DETERIORATION.finditer(body))


def priority_actions(text: str) -> list[str]:
    """The items under 'Areas for priority action'; under a single 'Area for priority action', which may be
    a paragraph rather than a list, that paragraph."""
    listed = section_items(text, r"areas?\s+for\s+priority\s+action|priority\s+actions?")
    if listed:
        return listed
    single = section_paragraph(text, r"area\s+for\s+priority\s+action")
    return [single] if single else []
