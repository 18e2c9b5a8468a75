"""A focused visit's focus: what the letter's opening says inspectors looked at, as one code of VISIT_FOCUSES.

Only the opening counts (up to the first heading): a later sentence that mentions other areas in passing does not
change the focus. The 2020-21 visits about practice in the pandemic that name no area are `covid`.
"""

from __future__ import annotations

import re

from tasks.parsing.text import flat

# The opening ends at the letter's first heading.
_FIRST_HEADING = re.compile(
    r"^\s*(?:overview|headline\s+findings|main\s+findings|findings|what\s+needs\s+to\s+improve\b.*|"
    r"areas?\s+for\s+(?:priority\s+action|improvement)\b.*)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
# Sentences that say what the visit looked at: 'Inspectors looked at the local authority's arrangements for …',
# 'The focus of this visit was on …', 'This visit looked at …', 'inspectors evaluated …'.
_FOCUS_SENTENCE = re.compile(
    r"(?:\binspectors\s+(?:looked\s+at|evaluated|considered|reviewed|examined|focused\s+on)|\bthe\s+focus\s+of\s+(?:this|the)\s+visit\b|"
    r"\b(?:this|the)\s+visit\s+(?:looked\s+at|considered|evaluated|focused\s+on))"
    r"(?!\s+(?:a\s+range\s+of|evidence|case\s+records|children's\s+(?:case\s+)?records))"
    r"(?P<object>[^.]*)",
    re.IGNORECASE,
)
# Each code and its words, in the order they win when a sentence names several areas: the narrower group of
# children first (care leavers at risk of exploitation; care leavers among children in care; the 'front door'
# within help and protection; children in care before the children in need a sentence lists beside them).
_FOCUS_WORDS = (
    ("older_children_placements", r"placement\s+decision[\s-]*making\s+for\s+older\s+children"),
    (
        "extra_familial_risk",
        r"exploitation|extra[\s-]*familial|\bmissing\b|vulnerable\s+adolescents|outside\s+the\s+home",
    ),
    ("care_leavers", r"care[\s-]+leavers?|care[\s-]+experienced|leaving\s+care|care\s+leaving"),
    ("permanence", r"\bpermanence\b"),
    (
        "front_door",
        r"front\s+door|contacts?\s+and\s+referrals|multi-agency\s+safeguarding\s+hub|\bMASH\b|"
        r"\bcontacts?,\s+referrals",
    ),
    (
        "children_in_care",
        r"children\s+(?:who\s+are\s+)?in\s+care|looked[\s-]+after|cared[\s-]+for\s+children|come\s+into\s+care|"
        r"care\s+planning",
    ),
    (
        "children_in_need_child_protection",
        r"children\s+in\s+need|child\s+in\s+need|child\s+protection|help\s+and\s+protection|pre-proceedings",
    ),
)
_PANDEMIC = re.compile(r"\bCOVID-19\b|\bcoronavirus\b|\bpandemic\b", re.IGNORECASE)


def visit_focus(text: str) -> tuple[str | None, list[str]]:
    """The focus code, and a warning when the opening names none (a pandemic visit's is `covid`)."""
    opening = _opening(text)
    for sentence in _FOCUS_SENTENCE.finditer(opening):
        code = focus_code(sentence.group("object"))
        if code:
            return code, []
    if _PANDEMIC.search(opening):
        return "covid", []
    return None, ["visit_focus: the letter's opening names no focus we can read"]


def focus_code(words: str) -> str | None:
    """The code of the area these words name; the first in _FOCUS_WORDS wins."""
    for code, pattern in _FOCUS_WORDS:
        if re.search(pattern, words, re.IGNORECASE):
            return code
    return None


def _opening(text: str) -> str:
    head = text[:10000]
    heading = _FIRST_HEADING.search(head)
    return flat(head[: heading.start()] if heading else head)
