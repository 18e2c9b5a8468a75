"""Which LA a document is about: from its title lines first, then the first LA named in its opening text."""

from __future__ import annotations

import re
from functools import cache

from common.authorities import AuthorityIndex, LocalAuthority, authority_index
from tasks.parsing.text import flat

_TITLE_PATTERNS = (
    r"(?:monitoring visit|focused visit|inspection) (?:of|to|at) (?:the )?(?P<name>.{3,80}?)(?: local authority)? "
    r"children'?s (?:social care )?services",
    r"children'?s services? in (?:the )?(?P<name>.{3,80}?) (?:are|is|require|requires|area)\b",
    r"(?:area|inspection) (?:of|in) (?P<name>.{3,60}?)(?: local area)?\b",
)
# Ofsted's own addresses head its letters: 'Piccadilly Gate, Store Street, Manchester', 'Agora, Nottingham'.
_LETTERHEAD = re.compile(
    r"piccadilly gate|store street|cumberland place|agora|www\.gov\.uk/ofsted|enquiries@ofsted|textphone|"
    r"ofsted\.gov\.uk|royal exchange|bishopsgate|aviation house|kingsway",
    re.IGNORECASE,
)


def authority_from_text(text: str) -> LocalAuthority | None:
    index = authority_index()
    head = _without_letterhead(text[:6000])
    for pattern in _TITLE_PATTERNS:
        for match in re.finditer(pattern, flat(head), re.IGNORECASE):
            found = index.by_name(match.group("name")) or _first_mention(match.group("name"), index)
            if found:
                return found
    return _first_mention(head[:3000], index)


def authorities_named(text: str) -> list[LocalAuthority]:
    """Every distinct LA the text names, in order of first mention (a round-up article names several)."""
    first: dict[str, LocalAuthority] = {}
    for _, la in authority_mentions(flat(text)):
        first.setdefault(la.la_code, la)
    return list(first.values())


def authority_mentions(text: str) -> list[tuple[int, LocalAuthority]]:
    """Where each LA name (or variant) starts in one line of text, and the LA it names."""
    pattern, names = _mention_pattern(authority_index())
    return [(match.start(), names[_key(match.group(0))]) for match in pattern.finditer(text)]


def _without_letterhead(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if not _LETTERHEAD.search(line))


def _first_mention(text: str, index: AuthorityIndex) -> LocalAuthority | None:
    pattern, names = _mention_pattern(index)
    match = pattern.search(flat(text))
    return names[_key(match.group(0))] if match else None


@cache
def _mention_pattern(index: AuthorityIndex) -> tuple[re.Pattern[str], dict[str, LocalAuthority]]:
    names: dict[str, LocalAuthority] = {}
    alternatives: list[str] = []
    for name, la in index.names():
        key = _key(name)
        if len(key) < 4 or key in names:
            continue
        names[key] = la
        tokens = name.replace("&", " and ").split()
        alternatives.append(r"\s+".join("(?:and|&)" if w == "and" else re.escape(w) for w in tokens))
    alternatives.sort(key=len, reverse=True)
    regex = re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)
    return regex, names


def _key(name: str) -> str:
    return flat(name.replace("&", " and ")).lower()
