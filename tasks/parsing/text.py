"""Helpers on normalised document text."""

from __future__ import annotations

import re


def flat(text: str) -> str:
    """All whitespace as single spaces: labels and grades that wrap over lines then match one pattern."""
    return re.sub(r"\s+", " ", text).strip()
