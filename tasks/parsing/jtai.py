"""Joint targeted area inspections: the theme as printed, and the partner agencies whose joint work was inspected.

Until 2019 every JTAI looked at the response to abuse and neglect with a 'deep dive' on one theme; that deep dive
is the theme. From 2022 the theme is the letter's own: 'the multi-agency response to <theme> in <area>'.
"""

from __future__ import annotations

import re

from common.record import JTAI_INSPECTORATES, JTAI_PARTNERS, Jtai
from tasks.parsing.authority import authority_mentions
from tasks.parsing.text import flat

_DEEP_DIVE = re.compile(
    r"deep[\s-]+dive['’]?\s+(?:focus|theme)?\s*(?:was\s+)?on\s+(?:the\s+)?(?:(?:multi-agency\s+)?response\s+to\s+)?",
    re.I,
)
_RESPONSE_TO = re.compile(r"multi-agency\s+response\s+to\s+(?:the\s+)?", re.I)
# '… the JTAI of the multi-agency identification and response to initial need and risk in …': the rest is the theme.
_OF_MULTI_AGENCY = re.compile(r"\(JTAI\)\s+of\s+the\s+multi-agency\s+", re.I)
_THEME_MAX_CHARS = 200
# A deep dive that points back to what the letter named before ('… focus on this vulnerable group of children',
# '… on a number of cases in which these issues were known') is no theme: the title's response is.
_POINTS_BACK = re.compile(r"(?:this|these|that|those|such|a\s+number\s+of)\b", re.I)
# A theme ends with its sentence or clause, where the place it was inspected in is named, or (a title that names
# no place) where the next sentence gives the dates.
_THEME_END = re.compile(r"[.;:()]|\s+(?:in|across)\s+(?=[A-Z])|\s+(?=(?:[Bb]etween|[Ff]rom)\s+\d)")
_PLACE_BEFORE = re.compile(
    r"\s+(?:in|across)\s+(?:the\s+)?(?:(?:London\s+|Royal\s+|Metropolitan\s+)?Borough\s+of\s+|City\s+of\s+)?$", re.I
)
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


# The sentence saying who inspected: '… It was carried out by inspectors from Ofsted, the CQC …' (from 2022);
# 'Between 5 and 9 December 2016, Ofsted, the CQC, HMIC and HMI Probation undertook a joint inspection …';
# '… requested that HMCI, together with the CQC, HMICFRS and HMIP, carry out a JTAI'.
_INSPECTED_BY = re.compile(
    r"[^.]*\b(?:carried\s+out|carry\s+out|undertook|jointly\s+inspected|carried\s+it\s+out)\b[^.]*", re.I
)
_INSPECTORATES = (
    ("ofsted", r"\bOfsted\b|\bHMCI\b|Chief\s+Inspector\s+of\s+Education"),
    ("cqc", r"Care\s+Quality\s+Commission|\bCQC\b"),
    ("hmicfrs", r"Constabulary|\bHMIC(?:FRS)?\b"),
    ("hmip", r"Probation|\bHMIP\b"),
)
# What each inspectorate inspects in a JTAI (docs/reading-documents.md): its agency is a partner.
_INSPECTS = {"ofsted": "local_authority", "cqc": "health", "hmicfrs": "police", "hmip": "probation"}


def read_jtai(text: str) -> tuple[Jtai, list[str]]:
    """The theme, partners and inspectorates, and warnings for what could not be read."""
    body = flat(text[:12000])
    inspectorates = _inspectorates(body)
    jtai = Jtai(
        theme=_theme(body),
        partners=_with_addressed(_partners(body), inspectorates, _addressees(text)),
        inspectorates=inspectorates,
    )
    warnings = [] if jtai.theme else ["jtai: no theme found"]
    if not jtai.inspectorates:
        warnings.append("jtai: no inspectorates named")
    if not jtai.partners:
        warnings.append("jtai: no partner agencies named")
    return jtai, warnings


def _theme(body: str) -> str | None:
    for pattern in (_DEEP_DIVE, _RESPONSE_TO, _OF_MULTI_AGENCY):
        match = pattern.search(body)
        if match:
            theme = _until_place(body[match.end() : match.end() + _THEME_MAX_CHARS])
            if theme and not _POINTS_BACK.match(theme):
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


def _inspectorates(body: str) -> list[str]:
    """The inspectorates of the first sentence that says who inspected and names any, in JTAI_INSPECTORATES order."""
    for sentence in _INSPECTED_BY.finditer(body):
        named = {code for code, pattern in _INSPECTORATES if re.search(pattern, sentence.group(0))}
        if named:
            return [code for code in JTAI_INSPECTORATES if code in named]
    return []


def _addressees(text: str) -> str:
    """The letter's head: the leaders of each agency it is addressed to, before 'Dear'."""
    head = text[:4000]
    salutation = head.find("Dear ")
    return flat(head[:salutation]) if salutation > 0 else ""


def _with_addressed(listed: list[str], inspectorates: list[str], addressees: str) -> list[str]:
    """The agencies a sentence lists, in its order, then those the inspectorates inspect and the letter addresses
    (JTAI_PARTNERS order)."""
    more = {_INSPECTS[code] for code in inspectorates}
    more |= {code for code, word in _PARTNERS if re.search(word, addressees, re.I)}
    return listed + [code for code in JTAI_PARTNERS if code in more and code not in listed]
