"""`ofsted-watch stats`: figures from the warehouse's views, printed as `sql` prints (no Prefect, no GX).

One topic a run:
- `--cycle`: how well the ILACS inspection cycle held on the history (the `inspection_cycle` view);
- `--as-at DATE`: the national picture on that day (the `national_picture` macro);
- `--themes`: how often each theme of improvement was asked, by year, in England and each region (the
  `theme_counts` macro), from `since` on and for England and `region` only when given.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from common.config import Settings
from ofsted_watch.commands.query import Report, run_report
from warehouse import context_queries, queries


def run_stats(
    settings: Settings,
    *,
    cycle: bool = False,
    as_at: date | None = None,
    themes: bool = False,
    region: str | None = None,
    since: date | None = None,
    output_format: str = "table",
    snapshot: bool = False,
) -> int:
    """Print the inspection-cycle measurement (`cycle`), the national picture on a day (`as_at`) or the theme
    counts (`themes`, narrowed by `region` and `since`); from the published snapshot with `snapshot`, as `sql`."""
    report: Report
    if cycle:
        report = context_queries.inspection_cycle
    elif as_at is not None:
        report = partial(context_queries.national_picture, day=as_at)
    elif themes:
        report = partial(queries.theme_counts, since=since, region=region)
    else:
        raise ValueError("stats needs --cycle, --as-at or --themes")
    return run_report(settings, output_format, report, snapshot)
