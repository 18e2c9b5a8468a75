"""Items listed under a heading ('What needs to improve', 'Areas for priority action'), one string each."""

from __future__ import annotations

import re

_BULLET = re.compile(r"^\s*(?:[•▪◦●\-*–]|\d{1,3}[.)](?!\d)|\(?[a-z]\)|[ivx]+\.)\s+")
_PAGE_FURNITURE = re.compile(r"^\s*(?:\d{1,3}|=+PAGE \d+=+|page \d+ of \d+)\s*$", re.IGNORECASE)
_MAX_ITEMS = 40


def section_items(text: str, heading: str) -> list[str]:
    """Bulleted or numbered items after the first line that is `heading`, until the next heading."""
    lines = text.split("\n")
    start = _heading_line(lines, heading)
    if start is None:
        return []
    items: list[list[str]] = []
    current: list[str] | None = None
    style: str | None = None
    for line in lines[start + 1 :]:
        stripped = line.strip().strip("*#_ ")
        if not stripped or _PAGE_FURNITURE.match(stripped):
            continue
        if line.lstrip().startswith("#"):
            break
        bullet = _BULLET.match(line.strip())
        if bullet:
            # A change of list style ('•' items, then numbered paragraphs) is the next section.
            if style is not None and _style(bullet.group(0)) != style:
                break
            style = _style(bullet.group(0))
            current = [line.strip()[bullet.end() :]]
            items.append(current)
        elif current is not None and not _looks_like_heading(stripped, current):
            current.append(stripped)
        elif current is None and not _looks_like_heading(stripped, None):
            current = [stripped]
            items.append(current)
        else:
            break
        if len(items) > _MAX_ITEMS:
            break
    return [joined for joined in map(_join, items) if joined]


def _style(bullet: str) -> str:
    return "numbered" if any(ch.isdigit() for ch in bullet) else "bullet"


def _heading_line(lines: list[str], heading: str) -> int | None:
    pattern = re.compile(rf"^\W*(?:{heading})\b[^.]{{0,80}}$", re.IGNORECASE)
    for index, line in enumerate(lines):
        if pattern.match(line.strip()):
            return index
    return None


def _looks_like_heading(line: str, current: list[str] | None) -> bool:
    """A short line with no closing punctuation, after an item that ended its sentence."""
    ended = current is None or current[-1].rstrip().endswith((".", ";", ":"))
    return ended and len(line) < 90 and not line.endswith((".", ",", ";")) and line[:1].isupper()


def _join(parts: list[str]) -> str:
    text = " ".join(parts)
    text = re.sub(r"(\w)- (\w)", r"\1-\2", text)
    return re.sub(r"\s+", " ", text).strip(" *#_")
