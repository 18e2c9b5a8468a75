"""`ofsted-watch stats --themes`: how often each theme of improvement was asked of councils, by year."""

from __future__ import annotations

from datetime import date

from ofsted_watch.commands.query import run_reading
from ofsted_watch.config import Settings
from warehouse.queries import theme_counts


def run_theme_stats(settings: Settings, *, region: str | None, since: date | None, output_format: str) -> int:
    """Rows of year, area (England, then each region), theme, label, items, reports, councils and share."""
    return run_reading(settings, output_format, lambda con: theme_counts(con, since, region))
