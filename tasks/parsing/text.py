"""Helpers on normalised document text."""

from __future__ import annotations

import re


def flat(text: str) -> str:
    """All whitespace as single spaces: labels and grades that wrap over lines then match one pattern."""
    return re.sub(r"\s+", " ", text).strip()


def words(phrase: str) -> str:
    """A regex for a phrase whose words may be split by any whitespace, a hyphenation or a stray page break."""
    return r"\s+".join(re.escape(word) for word in phrase.split())
