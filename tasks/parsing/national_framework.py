"""The National Framework reference that ends an improvement: '(Outcome 4, national framework)'.

Wordings met (ANSWERS.md): numbered or spelt out ('Outcome four'), either order ('National Framework, Outcome 1'),
a colon or a comma, an enabler named rather than numbered ('enabler: leaders drive conditions for effective
practice'), with or without the words 'national framework', in brackets or, rarely, as a closing sentence
('Enabler three: National Framework.'). The reference is cut from the item, so quotes and themes read clean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from common.national_framework import COUNTS, NAMES

_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_PART = r"(?:outcome|enabler|principle)"
_NATIONAL = r"national\s+framework"
# A bracketed reference ending the item, with its full stop (inside or out); or a closing sentence of its own.
_BRACKETED = re.compile(
    r"\s*\((?P<body>[^()]{0,200}?\b(?:" + _PART + "|" + _NATIONAL + r")\b[^()]{0,200})\)\s*\.?\s*$", re.I
)
_SENTENCE = re.compile(
    rf"(?<=[.;!?])\s+(?P<body>{_PART}\s+\w+\s*[:,]\s*{_NATIONAL}|{_NATIONAL}\s*[:,]\s*{_PART}\s+\w+)\s*\.?\s*$", re.I
)
_NUMBERED = re.compile(rf"\b(?P<part>{_PART})\s*(?P<number>\d|{'|'.join(_NUMBERS)})\b", re.I)
_NAMED = re.compile(rf"\b(?P<part>{_PART})\s*[:,-]\s*(?P<name>[^,;()]+)", re.I)


@dataclass(frozen=True)
class Reference:
    """An item's text without its reference, the reference's code (None: none, or one not understood) and, for a
    reference not understood, what it said."""

    text: str
    code: str | None = None
    unread: str | None = None


def split_reference(item: str) -> Reference:
    match = _BRACKETED.search(item) or _SENTENCE.search(item)
    if match is None:
        return Reference(item)
    before = item[: match.start()].rstrip()
    # '… homes (Outcome 4, National Framework).': the item keeps its own full stop.
    if match.group(0).rstrip().endswith(".") and not before.endswith((".", "?", "!")):
        before += "."
    body = " ".join(match.group("body").split())
    code = _code(body)
    if code is None and not re.search(_NATIONAL, body, re.IGNORECASE):
        return Reference(item)  # '(the outcome of assessments)' is part of the item, not a reference
    return Reference(before, code, None if code else body)


def _code(body: str) -> str | None:
    numbered = _NUMBERED.search(body)
    if numbered:
        part = numbered.group("part").lower()
        raw = numbered.group("number").lower()
        number = int(raw) if raw.isdigit() else _NUMBERS[raw]
        return f"{part}_{number}" if 1 <= number <= COUNTS[part] else None
    named = _NAMED.search(body)
    if named:
        wanted = _words(named.group("name"))
        part = named.group("part").lower()
        return next((code for code, name in NAMES.items() if code.startswith(part) and _words(name) == wanted), None)
    return None


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z]+", text.lower().replace("national framework", "")))
