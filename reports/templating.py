"""The one Jinja environment factory: the digest (reports/templates) and the site (reports/site/templates) read
codes, dates and counts through the same filters, so a grade or a date reads alike in an email and on a page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from common.frameworks import FORMAT_CHANGED_WORDS
from reports import words

# Filters every template may use: each turns a code or a value into words.py's words.
WORD_FILTERS: dict[str, Callable[..., Any]] = {
    "grade": words.grade_words,
    "grade_in_text": words.grade_in_text,
    "area": words.area_words,
    "kind": words.kind_words,
    "kind_focus": words.kind_focus_words,
    "focus": words.focus_words,
    "verdict": words.verdict_words,
    "direction": words.direction_words,
    "change": words.change_words,
    "combined": words.combined_words,
    "grade_colour": words.grade_colour,
    "grade_code": words.grade_code,
    "long_date": words.long_date,
    "short_date": words.short_date,
    "date_range": words.date_range,
    "neighbours": words.neighbour_words,
    "grade_counts": words.grade_counts_words,
    "standing": words.standing_words,
    "percent": words.percent_words,
    "framework": words.framework_words,
    "national_framework": words.national_framework_words,
}
WORD_GLOBALS: dict[str, Any] = {
    "plural": words.plural,
    "long_gap_words": words.long_gap_words,
    "disagreeing_words": words.disagreeing_words,
    "no_overall_words": words.NO_OVERALL_WORDS,
    "format_changed_words": FORMAT_CHANGED_WORDS,
}


def template_environment(
    package: str,
    escape: Callable[[str | None], bool],
    filters: dict[str, Callable[..., Any]] | None = None,
    globals_: dict[str, Any] | None = None,
) -> Environment:
    """The templates of `package`'s `templates/` folder, escaped where `escape(template name)` says, with the
    word filters and the caller's own; an undefined name is an error, not an empty string."""
    environment = Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=escape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(WORD_FILTERS, **(filters or {}))
    environment.globals.update(WORD_GLOBALS, **(globals_ or {}))
    return environment
