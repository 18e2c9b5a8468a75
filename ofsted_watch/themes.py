"""The theme taxonomy of improvements, kept as data: `data/improvement_themes.csv`, one rule per row.

A rule is a theme code, its label, a regular expression (RE2 syntax, as DuckDB matches it, case-insensitive) and
optionally a second one, `unless`: an improvement has a theme when one of the theme's patterns is found in its
text and that rule's `unless` is not (RE2 has no look-around, so 'assessment, unless a health assessment' needs
two expressions). An item no rule matches has no theme. The warehouse loads the rules into `theme_rules` and
tags items in the `improvement_themes` view.
"""

from __future__ import annotations

import csv
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


@cache
def theme_rules() -> tuple[ThemeRule, ...]:
    with THEMES_CSV.open(encoding="utf-8", newline="") as handle:
        return tuple(
            ThemeRule(row["theme"], row["label"], row["pattern"], row["unless"] or None)
            for row in csv.DictReader(handle)
        )
