"""Items listed under a heading ('What needs to improve?', 'Recommendations', 'Areas for priority action').

One item is one recommendation. Reports list them in one of two ways:

- bullets, one glyph per item: '◼' in ILACS reports since about 2020, the Wingdings square (U+F06E) in 2018–19
  and in a few 2014 SIF reports, '•' or '-' in text and HTML. Another glyph inside an item (the ILACS '−', a
  SIF sub-list) marks a sub-point of that item and stays in it. A list whose glyphs did not survive as text is
  split at line-ending sentences, unless a sentence ends inside a line: then it is prose and gives no item;
- numbered paragraphs (SIF). Paragraph numbers run on through the report, so a list may start at 6 or 11; an
  item starts only at the next number in sequence, and sub-headings between numbered items are skipped.

An item runs over its wrapped lines until the next item or the end of its section. Page furniture between
them (page numbers, running titles, 'dates page' lines) is dropped, and no item keeps its glyph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import takewhile

from tasks.parsing.dates import DATE_EXPRESSION

# Item glyphs. Symbol-font glyphs (Wingdings' square U+F06E, its dash U+F02D, ...) reach the text as private-use
# code points U+F000-U+F0FF; U+2212 (minus) is the ILACS sub-point; '-' and '*' start items in text and HTML.
_BULLET = re.compile(r"^(?P<glyph>[◼■▪□●•◦○➢►\uf000-\uf0ff−–*-])\s*(?=\S)")
# '- 20. Some children…', '–5 degrees': a dash before a number is no glyph.
_DASHED_NUMBER = re.compile(r"^[-–−]\s*\d")
# '12. Ensure…', and '10.Ensure…' where the space was lost.
_NUMBER = re.compile(r"^(?P<number>\d{1,3})[.)](?:\s+(?=\S)|(?=[A-Z]))")
_PAGE_NUMBER = re.compile(r"^(?:\d{1,3}|=+\s*page \d+\s*=+|page \d+(?: of \d+)?)$", re.IGNORECASE)
# 'Inspection of Barnsley local authority children's services' heads every page but the first; older reports
# print the council before it and the page number after it.
_RUNNING_TITLE = re.compile(
    r"^(?:.{1,60}\s)?inspection of .{1,120}?(?:children'?s (?:social care )?services|services for children\b.*|"
    r"children services)(?:\s+\d{1,3})?$",
    re.IGNORECASE,
)
# Ofsted's letterhead, printed on a letter's pages (and so inside a list that runs over a page): its name, address,
# telephone and addresses, one line each (a line may hold two, or lose the end of the textphone number).
_LETTERHEAD = re.compile(
    r"^(?:ofsted|piccadilly gate|store street|manchester|(?:manchester\s+)?m1 2wd|(?:[tew]:?\s+)?0300 123 1231|"
    r"textphone:?(?:\s+0161 618(?:\s+8524)?)?|8524|(?:[ew]:\s+)?enquiries@ofsted\.gov\.uk|"
    r"(?:w:\s+)?www\.gov\.uk/ofsted|© crown copyright \d{4})$",
    re.IGNORECASE,
)
_MARKUP = re.compile(r"</?\w+[^>]*>|^[#>\s]+|[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}")
_MAX_ITEMS = 60
# An entry of a report's contents list: a title ending in its page number ('Summary of findings 3'), no full stop.
_CONTENTS_ENTRY = re.compile(r"^[A-Z][^.]*[A-Za-z?)’'](?:\s*\.{2,})?\s+\d{1,3}$")
_CONTENTS = re.compile(r"^(?:table\s+of\s+)?contents$", re.IGNORECASE)
# A line ending with one of these runs on into the next: it is not a heading.
_JOINING_WORDS = frozenset(
    ("a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "that", "the", "their", "to")
)

# From 2025 a footnote marker follows the heading, glued ('What needs to improve?1') or on the next line alone.
_ILACS_HEADING = r"what needs to improve(?: in this local authority)?[?:]?\s*\d{0,2}"
_SIF_HEADING = r"what does the local authority need to improve\??|recommendations:?"
_PRIORITY = r"priority and immediate action\b.{0,30}"
_PRIORITY_HEADING = re.compile(rf"^{_PRIORITY}$", re.IGNORECASE)
_AREAS = r"areas for improvement\b.{0,30}"
_AREAS_HEADING = re.compile(rf"^{_AREAS}$", re.IGNORECASE)
# The next part of a report: a list of improvements ends there at the latest (matched on capitalised lines).
_SECTION_END = re.compile(
    r"^(?:the\s+)?experiences and progress of\b|^the impact of leaders\b|^summary for children|"
    r"^the local authority'?s strengths|^the local authority has the following strengths|"
    r"^information about this\b|^inspection judgements about\b|^summary of findings\b|"
    r"^progress since the last inspection|^the local safeguarding children board\b|"
    r"^what the local authority inspection judgements mean|^review of the effectiveness of\b|^the lscb\b|"
    r"^what (?:does the lscb|needs to improve|does the local authority need)|^areas? for priority action|"
    r"^outcomes for looked after children\b|^grade \d\b",
    re.IGNORECASE,
)
# A letter's next part after its lists (a last item whose reference '(enabler 2, national framework)' ends without
# a full stop runs on into it otherwise), and its closing and signature after a list that ends the letter.
_LETTER_SECTION_END = re.compile(
    r"^(?:(?:main|headline)\s+findings$|yours\s+(?:sincerely|faithfully)\b|ofsted\s+will\s+take\s+(?:the|these)\s+"
    r"findings\b)",
    re.IGNORECASE,
)
# '28. … the local authority should take the following action.' introduces the bullets that are the items.
_INTRODUCTION = re.compile(r"\bthe following (?:actions?|recommendations?)[.:]?$", re.IGNORECASE)
# 'The inspection did not find any areas for priority and immediate action': numbered like an item (and
# counted as one), but no priority.
_NOTHING_FOUND = re.compile(
    r"^(?:the inspection (?:did not find|found no)|there (?:are|were) no)\b[^.]{0,80}\b(?:priority|improvement)",
    re.IGNORECASE,
)

Marker = tuple[str, str]  # ("number", "12") or ("bullet", "◼")


@dataclass(frozen=True)
class ListItem:
    """One listed item; `priority` marks SIF 'Priority and immediate action' and visits' priority actions."""

    text: str
    priority: bool = False


def section_items(text: str, heading: str) -> list[str]:
    """The items after the first line that starts with `heading` (a regular expression), until the section ends.

    A letter's list: the heading of another list ('Areas for improvement' after 'Areas for priority action')
    ends it.
    """
    lines = _lines(text)
    start = _letter_heading_index(lines, heading)
    return [] if start is None else [item.text for item in _items(lines[start + 1 :], letter=True)]


def section_paragraph(text: str, heading: str) -> str | None:
    """The paragraph after the first line that starts with `heading`, up to the next heading: a letter's one
    item set out as prose ('Area for priority action' and a paragraph). None when the section lists items."""
    lines = _lines(text)
    start = _letter_heading_index(lines, heading)
    if start is None:
        return None
    section = _section(lines[start + 1 :], letter=True)
    if any(line.marker for line in section):
        return None
    paragraph = list(takewhile(lambda line: not line.heading, section))
    return _join([line.text for line in paragraph]) or None


def _letter_heading_index(lines: Sequence[str], heading: str) -> int | None:
    # The heading may run on ('What needs to improve in this area of social work practice'), but a contents
    # line ends with its page number.
    return _heading_index(lines, rf"(?:{heading})\b[^.]{{0,80}}(?<!\d)")


def report_improvements(text: str) -> list[ListItem]:
    """A full inspection report's improvements: ILACS bullets, or SIF numbered recommendations."""
    lines = _lines(text)
    start = _heading_index(lines, _ILACS_HEADING)
    if start is not None:
        # ILACS lists are bullets: the first numbered paragraph belongs to the judgement after them.
        return _items(lines[start + 1 :], numbered=False)
    start = _heading_index(lines, _SIF_HEADING)
    if start is None:
        # Some reports go straight to 'Priority and immediate action' or 'Areas for improvement': part of the list.
        start = _heading_index(lines, f"{_PRIORITY}|{_AREAS}")
        start = None if start is None else start - 1
    return [] if start is None else _items(lines[start + 1 :])


def _lines(text: str) -> list[str]:
    """Lines without markup decoration (Markdown emphasis and headings, HTML tags) or surrounding space."""
    return [_MARKUP.sub("", line).strip() for line in text.split("\n")]


def _heading_index(lines: Sequence[str], heading: str) -> int | None:
    """The first capitalised line that is `heading` from start to end, and no entry of a contents list."""
    pattern = re.compile(rf"^(?:{heading})$", re.IGNORECASE)
    return next(
        (
            index
            for index, line in enumerate(lines)
            if line[:1].isupper() and pattern.match(line) and not _in_contents(lines, index)
        ),
        None,
    )


def _in_contents(lines: Sequence[str], index: int) -> bool:
    """A line of a contents list, even one with no page number beside it ('Recommendations' between 'Summary of
    findings 3' and 'Information about this area 6'): the lines either side are contents entries (or the
    'Contents' title before it). Read as the section itself, it would end the list before it starts."""
    before = next((line for line in reversed(lines[:index]) if line), "")
    after = next((line for line in lines[index + 1 :] if line), "")
    return bool(_CONTENTS_ENTRY.match(after)) and bool(_CONTENTS_ENTRY.match(before) or _CONTENTS.match(before))


@dataclass(frozen=True)
class _Line:
    text: str
    marker: Marker | None
    priority: bool
    heading: bool = False


@dataclass
class _Open:
    """An item being read: its lines so far."""

    parts: list[str] = field(default_factory=list)
    priority: bool = False


def _items(lines: Sequence[str], *, numbered: bool = True, letter: bool = False) -> list[ListItem]:
    """The items at the start of `lines`, until their section ends (at a numbered line unless `numbered`; at the
    heading of another list in a `letter`)."""
    section = _section(lines, numbered=numbered, letter=letter)
    marked = [index for index, line in enumerate(section) if line.marker]
    if not marked:
        return _unmarked_items(section)
    style = section[marked[0]].marker[0]  # type: ignore[index]
    introduced = _introduces_bullets(section, marked)
    if introduced:
        section, style = section[marked[1] :], "bullet"
    items: list[_Open] = []
    expected: int | None = None
    glyph: str | None = None
    for index, line in enumerate(section):
        if line.heading:
            # Numbered items run on across sub-headings, and any items across labels ('Within three months:');
            # a list of bullets ends at a heading.
            runs_on = style == "number" and _next_number(section[index + 1 :]) == expected
            if items and not (runs_on or line.text.endswith(":")):
                break
            continue
        if style == "bullet" and line.marker and line.marker[0] == "number":
            break  # the numbered paragraphs of the next section
        opens = False
        if line.marker and line.marker[0] == style == "number":
            if expected is not None and int(line.marker[1]) != expected:
                break  # numbers out of sequence: another part of the report
            opens, expected = True, int(line.marker[1]) + 1
        elif line.marker and line.marker[0] == style == "bullet":
            glyph = glyph or line.marker[1]
            opens = line.marker[1] == glyph
        if opens:
            items.append(_Open(priority=line.priority))
            if len(items) > _MAX_ITEMS:
                break
        if items:
            items[-1].parts.append(
                _without_glyph(line) if opens or (line.marker and line.marker[0] == "bullet") else line.text
            )
    texts = [(_join(item.parts), item.priority) for item in items]
    return [ListItem(text, priority and not _NOTHING_FOUND.match(text)) for text, priority in texts if text]


def _section(lines: Sequence[str], *, numbered: bool = True, letter: bool = False) -> list[_Line]:
    """The lines up to the next part of the report, without furniture and with their priority. A report's
    'Priority and immediate action' and 'Areas for improvement' are parts of its list; a letter's are lists of
    their own."""
    content = [line for line in lines if line and not _is_furniture(line)]
    section: list[_Line] = []
    priority = False
    previous = ""  # the line before, as far as headings go: none after a heading of the list's own
    for index, text in enumerate(content):
        if text[:1].isupper() and (_SECTION_END.match(text) or (letter and _LETTER_SECTION_END.match(text))):
            break
        if _PRIORITY_HEADING.match(text) or _AREAS_HEADING.match(text):
            if letter:
                break
            priority, previous = bool(_PRIORITY_HEADING.match(text)), ""
            continue
        marker = _marker(text)
        if marker and marker[0] == "number" and not numbered:
            break
        following = content[index + 1] if index + 1 < len(content) else ""
        heading = marker is None and _is_heading(text, previous, following)
        section.append(_Line(text, marker, priority, heading))
        previous = text
    return section


def _is_heading(line: str, previous: str, following: str) -> bool:
    """A short line standing alone: the line before ended a sentence, and the next starts afresh.

    A short label ending with a colon ('Within three months:') heads the items after it.
    """
    if not line[:1].isupper() or line.count(")") > line.count("("):
        return False  # 'National Framework)' closes a bracket opened on the line before
    if line.endswith(":") and len(line) < 40:
        return _marker(following) is not None
    return (
        (not previous or previous.endswith((".", ";", ":", "?")))
        and (following[:1].isupper() or _marker(following) is not None)
        and len(line) < 70
        and not line.endswith((".", ",", ";"))
        and line.rsplit(" ", 1)[-1] not in _JOINING_WORDS
    )


def _introduces_bullets(section: Sequence[_Line], marked: Sequence[int]) -> bool:
    """A numbered paragraph ending '… the following action.' with bullets after it (pre-2013 reports)."""
    if len(marked) < 2 or section[marked[0]].marker[0] != "number" or section[marked[1]].marker[0] != "bullet":  # type: ignore[index]
        return False
    intro = _join([_without_glyph(line) for line in section[marked[0] : marked[1]] if not line.heading])
    return bool(_INTRODUCTION.search(intro))


def _next_number(lines: Sequence[_Line]) -> int | None:
    following = next((line for line in lines if not line.heading), None)
    if following is None or following.marker is None or following.marker[0] != "number":
        return None
    return int(following.marker[1])


def _is_furniture(line: str) -> bool:
    """A page number, a running title, Ofsted's letterhead, or a running 'dates page' line such as '16 to 20
    September 2024 2'."""
    if _PAGE_NUMBER.match(line) or _RUNNING_TITLE.match(line) or _LETTERHEAD.match(line):
        return True
    dates = DATE_EXPRESSION.match(line)
    return bool(dates and re.search(r"\d{4}", dates.group(0)) and re.fullmatch(r"\s*\d{0,3}\s*", line[dates.end() :]))


def _marker(line: str) -> Marker | None:
    number = _NUMBER.match(line)
    if number:
        return "number", number.group("number")
    bullet = _BULLET.match(line)
    return ("bullet", bullet.group("glyph")) if bullet and not _DASHED_NUMBER.match(line) else None


def _without_glyph(line: _Line) -> str:
    if line.marker is None:
        return line.text
    marker = _NUMBER.match(line.text) if line.marker[0] == "number" else _BULLET.match(line.text)
    return line.text[marker.end() :] if marker else line.text


def _unmarked_items(section: Sequence[_Line]) -> list[ListItem]:
    """Items whose glyphs were lost: one per line-ending sentence, each starting with a capital, two or more.

    Anything else gives none: prose (a sentence ends inside a line, or one sentence alone), a statement that
    nothing needs improving, or lines that do not end as sentences.
    """
    lines = [line for line in section if not line.heading]
    if not lines or any(re.search(r"[.;]\s+[A-Z]", line.text) for line in lines):
        return []
    items: list[ListItem] = []
    parts: list[str] = []
    for line in lines:
        parts.append(line.text)
        if line.text.endswith((".", ";")):
            items.append(ListItem(_join(parts), line.priority))
            parts = []
    if parts or len(items) < 2 or any(not item.text[:1].isupper() or _NOTHING_FOUND.match(item.text) for item in items):
        return []
    return items


def _join(parts: Sequence[str]) -> str:
    text = " ".join(parts)
    # A word hyphenated at the end of a line ('multi- agency') is one word again.
    text = re.sub(r"(\w)- (\w)", r"\1-\2", text)
    return re.sub(r"\s+", " ", text).strip(" *#_")
