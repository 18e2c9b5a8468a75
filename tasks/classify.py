"""Decide what a document is from its content: never from its file name or the site's label."""

from __future__ import annotations

import re

from tasks.parsing.dates import Period
from tasks.parsing.text import flat

# ILACS: 'short' inspections spend at most this many calendar days on site (split periods added up).
SHORT_INSPECTION_MAX_DAYS = 7
_HEAD_CHARS = 8000

# Title patterns, each tied to a kind; the earliest title in the document's head decides.
_TITLES: tuple[tuple[str, str], ...] = (
    ("monitoring_visit", r"monitoring visit (?:of|to|at) .{0,160}?children'?s (?:social care )?services"),
    ("monitoring_visit", r"findings of (?:the|a) monitoring visit"),
    ("focused_visit", r"focused visit (?:of|to) "),
    ("focused_visit", r"findings of (?:the|a) focused visit"),
    ("jtai", r"joint targeted area inspection"),
    ("area_send", r"(?:joint )?(?:local )?area send inspection|area special educational needs"),
    ("area_send", r"inspection of (?:the )?local area'?s? (?:effectiveness|arrangements|special|send)"),
    ("area_send", r"joint local area send"),
    ("sif", r"(?:re-?\s?)?inspection of services for children in need of help and protection"),
    ("pre_sif", r"inspection of (?:safeguarding and )?looked after children'?s? services"),
    ("pre_sif", r"inspection of safeguarding (?:and looked after children )?services"),
    ("pre_sif", r"inspection of local authority arrangements for the protection of children"),
    ("lscb_review", r"review of the effectiveness of the local safeguarding children'?s? board"),
    ("ilacs", r"inspection of (?:local authority )?children'?s social care services"),
    ("ilacs", r"inspection of .{0,120}? (?:local authority )?children'?s services"),
)
_NOT_FOUND = re.compile(r"report not found|page not found|404 not found", re.IGNORECASE)
# A council's or newspaper's article: quotes people, has no inspector's signature or inspection details.
_ARTICLE_MARKS = re.compile(
    r"\bcouncill?or\b|\bsaid:|\bpress release\b|\bnews\b|\bportfolio holder\b|\bcabinet member\b", re.IGNORECASE
)
_OFSTED_MARKS = re.compile(
    r"majesty'?s inspector|\bHMI\b|lead inspector|inspection dates?:|this letter summarises|yours sincerely",
    re.IGNORECASE,
)


def classify(text: str, periods: list[Period] | None = None) -> tuple[str, str | None]:
    """The document's kind, and a warning when the kind had to be settled without full evidence."""
    head = flat(text[:_HEAD_CHARS]).lower()
    if _NOT_FOUND.search(head[:2000]) and not _OFSTED_MARKS.search(head):
        return "unknown", "the site served a 'Report not found' page instead of the document"
    if _ARTICLE_MARKS.search(head) and not _OFSTED_MARKS.search(head):
        return "press_release", None
    kind = _earliest_title(head)
    if kind is None:
        return "unknown", "no Ofsted report or letter title found"
    if kind == "ilacs":
        return _ilacs_kind(periods)
    return kind, None


def _earliest_title(head: str) -> str | None:
    best: tuple[int, str] | None = None
    for kind, pattern in _TITLES:
        match = re.search(pattern, head)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), kind)
    return best[1] if best else None


def _ilacs_kind(periods: list[Period] | None) -> tuple[str, str | None]:
    if not periods:
        return "ilacs_standard", "kind: no inspection dates, so standard or short could not be told; standard assumed"
    days = sum(period.days for period in periods)
    return ("ilacs_short" if days <= SHORT_INSPECTION_MAX_DAYS else "ilacs_standard"), None
