"""Monitoring and focused visit letters: visit number, progress verdict, prior judgement, priority actions."""

from __future__ import annotations

import re
from datetime import date

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
_PRIOR = (
    # '… since the local authority was judged inadequate in May 2019'
    re.compile(
        rf"judged\s+(?:to\s+be\s+|as\s+)?(?P<grade>{GRADE_PHRASE})(?:\s+overall)?\s+(?:at\s+\w+\s+\w+\s+)?in\s+"
        rf"(?P<month>{MONTH})\s+(?P<year>\d{{4}})",
        re.IGNORECASE,
    ),
    # 'At the last inspection, in March 2019, the local authority was judged to be requires improvement…'
    re.compile(
        rf"\b(?:at|following)\s+(?:the|its)\s+(?:last|previous|most\s+recent)\s+(?:\w+\s+)?inspection,?\s+in\s+"
        rf"(?P<month>{MONTH})\s+(?P<year>\d{{4}}),?\s+(?:when\s+)?[^.]{{0,80}}?\b(?:was|were)\s+judged\s+"
        rf"(?:to\s+be\s+|as\s+)?(?P<grade>{GRADE_PHRASE})",
        re.IGNORECASE,
    ),
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
    body = flat(text)
    matches = [match for pattern in _PRIOR if (match := pattern.search(body))]
    if not matches:
        return None, None
    match = min(matches, key=lambda found: found.start())
    month = month_number(match.group("month"))
    return canonical_grade(match.group("grade")), date(int(match.group("year")), month or 1, 1)


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
