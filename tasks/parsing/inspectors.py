"""The lead inspector's name, without titles: 'Lead inspector: Steve Lowe, Her Majesty's Inspector' -> 'Steve Lowe'."""

from __future__ import annotations

import re

_TITLES = re.compile(
    r"\b(?:senior\s+)?(?:her|his)\s+majesty'?s\s+inspectors?\b|\b(?:senior\s+)?HMI\b|"
    r"\bsocial\s+care\s+regulatory\s+inspector\b|\bofsted\s+inspector\b|\(OI\)|\bSHMI\b",
    re.IGNORECASE,
)
# 'Lead inspector:' or 'Lead inspector on site:', never 'Deputy lead inspector:' nor running text without a colon.
_LEAD_LABEL = re.compile(r"(?<!deputy )(?<!deputy\n)\blead inspectors?(?: on site)?\s*:", re.IGNORECASE)
_REPORTING_LABEL = re.compile(r"\breporting inspector\s*:?", re.IGNORECASE)
_SIGN_OFF = re.compile(r"yours sincerely\s*\n", re.IGNORECASE)
_TITLE_WORDS = r"(?!(?i:(?:her|his)\s+majesty|(?:senior\s+)?hmi\b|senior\b|social\s+care\b|ofsted\b|judgement))"
_NAME_WORD = rf"{_TITLE_WORDS}[A-Z][\w'’.-]*"
_NAME_WITH_TITLE = re.compile(
    rf"[\s:]*(?P<name>{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|de|van|von|da|di|le|la|du|der|den|bin|al)){{0,4}})"
    rf"(?:\s*,?\s*(?i:{_TITLES.pattern}))?",
)
_LIST_SEPARATOR = re.compile(r"\s*(?:,\s*and|and|,|;|&)\s+", re.IGNORECASE)
_CONTINUES = re.compile(r"(?:,|\band)\s*$|^\s*(?:,|and\b|(?:her|his)\s+majesty)", re.IGNORECASE)


def lead_inspector(text: str) -> str | None:
    """Every lead named after the first lead-inspector label, joined by '; ' in the order printed."""
    for label in (_LEAD_LABEL, _REPORTING_LABEL):
        match = label.search(text)
        if match:
            names = _names(_label_value(text, match.end()))
            if names:
                return "; ".join(names)
    return None


def signatory(text: str) -> str | None:
    """The inspector who signs a letter ('Yours sincerely' then the name, then the title)."""
    sign_offs = list(_SIGN_OFF.finditer(text))
    if not sign_offs:
        return None
    tail = text[sign_offs[-1].end() : sign_offs[-1].end() + 200].strip().splitlines()
    for line in tail:
        names = _names(line)
        if names:
            return names[0]
    return None


def _label_value(text: str, start: int) -> str:
    """The label's line, and the next lines while the list of names continues onto them."""
    lines = text[start : start + 400].split("\n")
    value = lines[0]
    for line in lines[1:3]:
        if not (_CONTINUES.search(value) or _CONTINUES.match(line)):
            break
        value += " " + line
    return value


def _names(value: str) -> list[str]:
    """Names in a list like 'A, His Majesty's Inspector, and B HMI': a name, its title, then ',' or 'and'."""
    names: list[str] = []
    position = 0
    text = value.replace("*", " ")
    while True:
        match = _NAME_WITH_TITLE.match(text, position)
        if not match:
            return names
        names.append(" ".join(match.group("name").split()))
        separator = _LIST_SEPARATOR.match(text, match.end())
        if not separator:
            return names
        position = separator.end()
