"""A document's text as passages: one per numbered paragraph or bullet, or per paragraph of unnumbered prose.

Every line of the text but the page furniture (page numbers, running titles, 'dates page' lines: the same
reading as the lists of improvements, `lists._is_furniture`) ends up in exactly one passage or one heading, so a
search of the passages misses only what the text lacks. A paragraph that runs over a page break is one passage,
on the page it starts on. A short unmarked block that does not end a sentence is a heading: the `section` of
the passages after it, and, when it names a judgement area ('The experiences and progress of children in care:
Good'), their `area` until a heading of another part of the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from tasks.parsing.lists import _BULLET, _DASHED_NUMBER, _JOINING_WORDS, _NUMBER, _is_furniture, _join, _lines, _marker

# A heading is at most this long (two wrapped lines of an ILACS area heading with its grade).
_HEADING_CHARS = 160
# A passage of prose is closed at the first sentence end past this length: a page of unnumbered prose (a
# letter) would otherwise be one passage.
_LONGEST_PROSE = 1500
# A line is not wrapped when the next word would have fitted: fonts are proportional, so a line "fits" within
# this share of the page's longest line, in characters.
_FULL_LINE = 0.92
_SENTENCE_END = (".", "?", "!", ":", ";")

# Judgement areas named by headings, most specific first (record.AREAS codes).
_AREA_HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (area, re.compile(pattern, re.IGNORECASE))
    for area, pattern in (
        ("looked_after_permanence", r"children looked after and achieving permanence"),
        ("adoption", r"\badoption performance\b"),
        ("help_and_protection", r"\bneed help and protection\b"),
        ("in_care", r"\bchildren in care\b"),
        ("care_leavers", r"\bcare leavers\b"),
        ("leaders", r"\bimpact of leaders\b"),
        ("leadership_management_governance", r"\bleadership,? management and governance\b"),
        ("lscb", r"\blocal safeguarding children board\b|\blscb\b"),
        ("capacity_to_improve", r"\bcapacity (?:for|to) improve"),
    )
)
# Headings of parts about no one area: the area of the part before ends there.
_OTHER_PARTS = re.compile(
    r"^(?:what needs to improve|what does the local authority need|recommendations|areas? for|priority and|"
    r"summary|information about|what the inspection judgements mean|contents|inspection judgements about|"
    r"section \d|overall effectiveness|next steps|from the|key findings|this letter|about this)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Passage:
    """One passage: its order in the document (from 1), the page it starts on (from 1), the heading above it
    and the judgement area that heading's part is about (record.AREAS), and its text on one line."""

    position: int
    page: int
    section: str | None
    area: str | None
    text: str


@dataclass
class _Block:
    page: int
    marked: bool
    lines: list[str]

    @property
    def text(self) -> str:
        return _join(self.lines)


def split_passages(pages: Sequence[str]) -> list[Passage]:
    """The passages of a document read page by page (tasks.read_text.DocumentText.pages)."""
    passages: list[Passage] = []
    section: str | None = None
    area: str | None = None
    for block in _blocks(pages):
        text = block.text
        if not text:
            continue
        if _is_heading(block, text):
            section, area = text, _area(text, area)
            continue
        passages.append(Passage(len(passages) + 1, block.page, section, area, text))
    return passages


def _is_heading(block: _Block, text: str) -> bool:
    # A heading may ask a question ('What needs to improve?'), never end a statement.
    ends_statement = text.endswith((".", "!", ",", ";"))
    return not block.marked and len(text) <= _HEADING_CHARS and not ends_statement and text[:1].isupper()


def _area(heading: str, current: str | None) -> str | None:
    """The area of the part a heading opens: the area it names, none for another part, else the same part's."""
    named = next((area for area, pattern in _AREA_HEADINGS if pattern.search(heading)), None)
    if named:
        return named
    return None if _OTHER_PARTS.match(heading) else current


def _blocks(pages: Sequence[str]) -> Iterator[_Block]:
    """Runs of lines that belong together, in order: a marked item and its wrapped lines, or unmarked prose, up
    to a paragraph end or the next item."""
    block: _Block | None = None
    for number, page in enumerate(pages, start=1):
        lines = [line for line in _lines(page) if line and not _is_furniture(line)]
        longest = _full_width(lines)
        for line in lines:
            marker = _marker(line)
            if block is not None and (marker is not None or _ends_paragraph(block, line, longest)):
                yield block
                block = None
            if block is None:
                block = _Block(number, marker is not None, [])
            block.lines.append(_without_marker(line) if marker is not None else line)
    if block is not None:
        yield block


def _full_width(lines: Sequence[str]) -> int:
    """The length of a full line of the page's prose: most lines are full, a few (tables, footnotes) longer."""
    lengths = sorted(len(line) for line in lines)
    return lengths[int(len(lengths) * 0.8)] if lengths else 0


def _ends_paragraph(block: _Block, following: str, longest: int) -> bool:
    """Does the block end before the `following` line? Only if that line starts afresh (a capital, a number),
    and then after a line that ends a sentence when the next word would have fitted on it (so the line was not
    wrapped), or when long prose reaches a sentence end; or after a line standing alone that ends no sentence
    and no phrase: a heading."""
    if not following[:1].isupper() and not following[:1].isdigit():
        return False
    last = block.lines[-1]
    next_word = following.split(" ", 1)[0]
    unwrapped = len(last) + 1 + len(next_word) <= _FULL_LINE * longest
    if last.endswith(_SENTENCE_END):
        return unwrapped or sum(map(len, block.lines)) > _LONGEST_PROSE
    standing_alone = last[:1].isupper() and last.rsplit(" ", 1)[-1].lower() not in _JOINING_WORDS
    return not block.marked and len(block.lines) == 1 and unwrapped and standing_alone


def _without_marker(line: str) -> str:
    """The item's text without its number or glyph: the glyph is no word, and the number is kept by position."""
    if _DASHED_NUMBER.match(line):
        return line
    found = _NUMBER.match(line) or _BULLET.match(line)
    return line[found.end() :] if found else line
