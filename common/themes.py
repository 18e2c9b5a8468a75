"""The theme taxonomy of improvements, kept as data: `data/improvement_themes.csv`, one rule per row.

A rule is a theme code, its label, a regular expression (case-insensitive; written in the syntax Python's `re`
and DuckDB's RE2 share, so an analyst can run a rule in SQL and get what we got) and optionally a second one,
`unless`: an improvement has a theme when one of the theme's patterns is found in its text and that rule's
`unless` is not (RE2 has no look-around, so 'assessment, unless a health assessment' needs two expressions). An
item no rule matches has no theme. The warehouse keeps the rules in `theme_rules` and each item's themes in
`improvement_tags`, tagged here when the item is loaded (and all again when the rules change): matching in
DuckDB would compile a pattern once per row, about 3.5 s for the corpus.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

THEMES_CSV = Path(__file__).with_name("data") / "improvement_themes.csv"


@dataclass(frozen=True)
class ThemeRule:
    theme: str
    label: str
    pattern: str
    unless: str | None = None

    def matches(self, text: str) -> bool:
        found = _compiled(self.pattern).search(text) is not None
        return found and not (self.unless and _compiled(self.unless).search(text))


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def themes_of(text: str) -> list[str]:
    """The themes of one improvement, each once, in the taxonomy's order; none when no rule matches."""
    return list(dict.fromkeys(rule.theme for rule in theme_rules() if rule.matches(text)))


@cache
def theme_rules() -> tuple[ThemeRule, ...]:
    with THEMES_CSV.open(encoding="utf-8", newline="") as handle:
        return tuple(
            ThemeRule(row["theme"], row["label"], row["pattern"], row["unless"] or None)
            for row in csv.DictReader(handle)
        )
