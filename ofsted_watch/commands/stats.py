"""`ofsted-watch stats`: figures from the warehouse's context views, printed as `sql` prints (no Prefect, no GX).

- `--cycle`: how well the ILACS inspection cycle held on the history (the `inspection_cycle` view);
- `--as-at DATE`: the national picture on that day (the `national_picture` macro).
"""

from __future__ import annotations

from datetime import date
from functools import partial

from ofsted_watch.commands.query import Report, run_report
from ofsted_watch.config import Settings
from warehouse import context_queries


def run_stats(settings: Settings, *, cycle: bool, as_at: date | None, output_format: str) -> int:
    """Print the inspection-cycle measurement (`cycle`) or the national picture on a day (`as_at`)."""
    report: Report
    if cycle:
        report = context_queries.inspection_cycle
    elif as_at is not None:
        report = partial(context_queries.national_picture, day=as_at)
    else:
        raise ValueError("stats needs --cycle or --as-at")
    return run_report(settings, output_format, report)
