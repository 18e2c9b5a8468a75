"""Joint targeted area inspections: the theme as printed, and the partner agencies whose joint work was inspected.

Until 2019 every JTAI looked at the response to abuse and neglect with a 'deep dive' on one theme; that deep dive
is the theme. From 2022 the theme is the letter's own: 'the multi-agency response to <theme> in <area>'.
"""

from __future__ import annotations

import re

from common.record import Jtai
from tasks.parsing.authority import authority_mentions
from tasks.parsing.text import flat

_DEEP_DIVE = re.compile(
    r"deep[\s-]+dive['’]?\s+(?:focus|theme)?\s*(?:was\s+)?on\s+(?:the\s+)?(?:(?:multi-agency\s+)?response\s+to\s+)?",
    re.I,
)
_RESPONSE_TO = re.compile(r"multi-agency\s+response\s+to\s+(?:the\s+)?", re.I)
_THEME_MAX_CHARS = 200
# A theme ends with its sentence or clause, or where the place it was inspected in is named.
_THEME_END = re.compile(r"[.;:()]|\s+(?:in|across)\s+(?=[A-Z])")
_PLACE_BEFORE = re.compile(r"\s+(?:in|across)\s+(?:the\s+)?$", re.I)
# Sentences naming the agencies inspected: 'how well the police, health … work together', 'the agencies within
# the scope of this inspection are …'.
_PARTNER_LISTS = (
    re.compile(r"how\s+(?:well|effectively)\s+(?P<list>[^.]{10,300}?)\s+work(?:ed)?\s+together", re.I),
    re.compile(r"(?:agencies|partners)\s+(?:with)?in\s+(?:the\s+)?scope\s+of\s+(?:this|the)\s+inspection\s+"
               r"(?:are|were)\s+(?P<list>[^.]{10,300})", re.I),
)  # fmt: skip
_PARTNERS = (
    ("local_authority", r"\blocal\s+authorit(?:y|ies)\b|children['’]?s\s+social\s+care|\bcouncils?\b"),
    ("health", r"\bhealth\b|\bNHS\b|integrated\s+care\s+boards?|clinical\s+commissioning"),
    ("police", r"\bpolice\b|\bconstabulary\b"),
    ("youth_justice", r"\byouth\s+(?:offending|justice)"),
    ("probation", r"\bprobation\b"),
    ("education", r"\beducation\b|\bschools?\b"),
)


def read_jtai(text: str) -> tuple[Jtai, list[str]]:
    """The theme and partners, and warnings for what could not be read."""
    body = flat(text[:12000])
    jtai = Jtai(theme=_theme(body), partners=_partners(body))
    warnings = [] if jtai.theme else ["jtai: no theme found"]
    if not jtai.partners:
        warnings.append("jtai: no partner agencies named")
    return jtai, warnings


def _theme(body: str) -> str | None:
    for pattern in (_DEEP_DIVE, _RESPONSE_TO):
        match = pattern.search(body)
        if match:
            theme = _until_place(body[match.end() : match.end() + _THEME_MAX_CHARS])
            if theme:
                return theme
    return None


def _until_place(text: str) -> str | None:
    """The theme's words, before the area named after it ('… domestic abuse in Kingsmarsh')."""
    end = _THEME_END.search(text)
    theme = text[: end.start()] if end else text
    for start, _ in authority_mentions(theme):
        place = _PLACE_BEFORE.search(theme[:start])
        if place:
            theme = theme[: place.start()]
            break
    theme = theme.strip(" ,‘’'\"")
    return theme or None


def _partners(body: str) -> list[str]:
    for pattern in _PARTNER_LISTS:
        match = pattern.search(body)
        if match:
            listed = match.group("list")
            found = [(m.start(), code) for code, word in _PARTNERS if (m := re.search(word, listed, re.I))]
            return [code for _, code in sorted(found)]
    return []
