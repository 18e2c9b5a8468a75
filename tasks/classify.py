"""Decide what a document is from its content: never from its file name or the site's label."""

from __future__ import annotations

import re

from common.record import UNREAD_KIND
from tasks.parsing.authority import authorities_named
from tasks.parsing.dates import SINGLE_DATE, Period
from tasks.parsing.text import flat

# ILACS: 'short' inspections spend at most this many calendar days on site (split periods added up).
SHORT_INSPECTION_MAX_DAYS = 7
_HEAD_CHARS = 8000
# Publications Ofsted put on an LA's page that this project does not read: each is reported as `unknown` with
# its title, never mistaken for a kind it reads ('inspection of contact, referral … children's services').
NOT_READ = "not_read"

# Title patterns, each tied to a kind; the earliest title in the document's head decides.
_TITLES: tuple[tuple[str, str], ...] = (
    ("monitoring_visit", r"monitoring visit (?:of|to|at) .{0,160}?children'?s (?:social care )?services"),
    ("monitoring_visit", r"findings of (?:the|a) monitoring visit"),
    ("focused_visit", r"focused visit (?:of|to) "),
    ("focused_visit", r"findings of (?:the|a) focused visit"),
    # Autumn 2020: the pandemic's interim visits to local authorities, some titled 'assurance visit'.
    ("focused_visit", r"assurance visit (?:of|to) "),
    ("jtai", r"joint targeted area inspection"),
    ("jtai", r"joint inspection of the multi-agency response"),
    ("area_send", r"(?:joint )?(?:local )?area send (?:inspection|revisit)|area special educational needs"),
    ("area_send", r"inspection of (?:the )?local area'?s? (?:effectiveness|arrangements|special|send)"),
    ("area_send", r"joint local area send"),
    ("sif", r"(?:re-?\s?)?inspection of services for children in need of help and protection"),
    ("pre_sif", r"inspection of (?:safeguarding and )?looked after children'?s? services"),
    ("pre_sif", r"inspection of safeguarding (?:and looked after children )?services"),
    ("pre_sif", r"inspection of local authority arrangements for the protection of children"),
    ("lscb_review", r"review of the effectiveness of the local safeguarding children'?s? board"),
    (NOT_READ, r"(?:unannounced )?inspection of contact,? referral and assessment"),
    (NOT_READ, r"annual performance assessment of"),
    (NOT_READ, r"(?:annual )?children'?s services assessment"),
    (NOT_READ, r"joint area review of"),
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
# A magazine's round-up of several councils' visits: a link to each report, a dateline, several LAs named.
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?"
_ROUND_UP_MARKS = re.compile(
    r"full\s+(?:report|letter)\s+(?:can|may)\s+be\s+(?:read|found|viewed|downloaded)|read\s+the\s+full\s+"
    rf"(?:report|letter)|last\s+updated\s+on|^[ \t]*{_WEEKDAY}[ \t]+(?:\d{{1,2}}[ \t]+[a-z]+|[a-z]+[ \t]+\d{{1,2}}),?"
    r"[ \t]+\d{4}[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
# What only an Ofsted letter or report has: its letterhead, a salutation, a signature, labelled dates.
_LETTER_MARKS = re.compile(
    r"yours sincerely|\bdear [A-Z]|this letter summarises|inspection dates?:|lead inspector:|www\.gov\.uk/ofsted|"
    r"enquiries@ofsted",
    re.IGNORECASE,
)
_TITLE_MAX_CHARS = 160
_SALUTATION = re.compile(r"^\s*dear\s+\S", re.IGNORECASE | re.MULTILINE)


def classify(text: str, periods: list[Period] | None = None) -> tuple[str, str | None]:
    """The document's kind, and a warning when the kind had to be settled without full evidence."""
    head = flat(text[:_HEAD_CHARS]).lower()
    if _NOT_FOUND.search(head[:2000]) and not _OFSTED_MARKS.search(head):
        return "unknown", "the site served a 'Report not found' page instead of the document"
    if is_round_up(text[:_HEAD_CHARS]):
        return "press_release", None
    if _ARTICLE_MARKS.search(head) and not _OFSTED_MARKS.search(head):
        return "press_release", None
    found = _earliest_title(head)
    if found is None:
        return "unknown", f"no Ofsted report or letter title found; it begins {_quoted(document_title(text))}"
    kind, title_start = found
    if kind == NOT_READ:
        title = _line_at(_flat_lines(text[:_HEAD_CHARS]), head, title_start)
        return "unknown", UNREAD_KIND + _quoted(title)
    if kind == "ilacs":
        return _ilacs_kind(periods)
    return kind, None


def is_round_up(head: str) -> bool:
    """An article on several councils' visits ('the full report can be read here'): no letterhead, no signature."""
    return bool(_ROUND_UP_MARKS.search(head)) and not _LETTER_MARKS.search(head) and len(authorities_named(head)) > 1


def document_title(text: str) -> str | None:
    """The first line that reads like a title: after a letter's salutation, past dates and short lines."""
    head = text[:_HEAD_CHARS]
    salutation = _SALUTATION.search(head)
    lines = head[head.find("\n", salutation.start()) + 1 :].split("\n") if salutation else head.split("\n")
    for line in lines:
        candidate = " ".join(line.strip(" #*_\t").split())
        if len(candidate.split()) >= 3 and any(c.isalpha() for c in candidate) and not SINGLE_DATE.fullmatch(candidate):
            return candidate[:_TITLE_MAX_CHARS]
    return None


def _flat_lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.split("\n")]


def _line_at(lines: list[str], head: str, position: int) -> str | None:
    """The title at the flat head's character `position`: its line, and the short line it wraps onto."""
    words_before = len(head[:position].split())
    seen = 0
    for index, line in enumerate(lines):
        seen += len(line.split())
        if seen > words_before:
            following = lines[index + 1] if index + 1 < len(lines) else ""
            wrapped = following and len(following) < _TITLE_MAX_CHARS // 2 and not following.endswith(".")
            return f"{line} {following}"[:_TITLE_MAX_CHARS] if wrapped else line[:_TITLE_MAX_CHARS]
    return None


def _quoted(title: str | None) -> str:
    return f"'{title}'" if title else "with no readable title"


def _earliest_title(head: str) -> tuple[str, int] | None:
    best: tuple[int, str] | None = None
    for kind, pattern in _TITLES:
        match = re.search(pattern, head)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), kind)
    return (best[1], best[0]) if best else None


def _ilacs_kind(periods: list[Period] | None) -> tuple[str, str | None]:
    if not periods:
        return "ilacs_standard", "kind: no inspection dates, so standard or short could not be told; standard assumed"
    days = sum(period.days for period in periods)
    return ("ilacs_short" if days <= SHORT_INSPECTION_MAX_DAYS else "ilacs_standard"), None
