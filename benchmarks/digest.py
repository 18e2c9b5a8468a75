"""The digest's queries and its rendering on a synthetic history (see benchmarks/history.py).

Each target runs in a fresh process (harness.measure): it opens the warehouse read-only, runs one query and
fetches every row, as `ofsted-watch sql` and the weekly digest do. The imports at the top of this module
happen before the clock starts.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from benchmarks.harness import Measurement, measure
from benchmarks.history import HISTORY_START, History
from reports.digest import load_digest
from reports.model import Period
from reports.render import render_html
from warehouse import context_queries, queries
from warehouse.db import connect

VIEWS = ("deteriorations", "judgement_changes", "latest_judgements")
CONTEXT_VIEWS = ("inspection_outlook", "neighbour_grades", "inspection_cycle")


def changes_in_week(db: Path, start: date, end: date) -> dict[str, float]:
    con = connect(db, read_only=True)
    try:
        return {"rows": len(queries.changes_between(con, start, end))}
    finally:
        con.close()


def whole_view(db: Path, view: str) -> dict[str, float]:
    con = connect(db, read_only=True)
    try:
        return {"rows": len(con.execute(f"SELECT * FROM {view}").fetchall())}
    finally:
        con.close()


def digest_of_week(db: Path, start: date, end: date) -> dict[str, float]:
    """What the weekly digest does: every query of `load_digest`, then the HTML."""
    con = connect(db, read_only=True)
    try:
        data = load_digest(con, Period(start, end))
    finally:
        con.close()
    html = render_html(data)
    return {"documents": data.publication_count, "html_bytes": len(html.encode())}


def month_ends(history: History) -> list[date]:
    """The last day of every month the history spans."""
    ends, month = [], HISTORY_START.replace(day=1)
    while month <= history.last_day:
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        ends.append(following - timedelta(days=1))
        month = following
    return ends


def national_picture_of_days(db: Path, days: list[date], one_query: bool) -> dict[str, float]:
    """The national picture on every day: in one query (`national_pictures`), or one `national_picture` a day."""
    con = connect(db, read_only=True)
    try:
        if one_query:
            return {"days": len(days), "rows": len(context_queries.national_pictures(con, days)[1])}
        return {"days": len(days), "rows": sum(len(context_queries.national_picture(con, day)[1]) for day in days)}
    finally:
        con.close()


def run_context(history: History, runs: int) -> tuple[Measurement, Measurement, list[Measurement]]:
    """Issue 13's figures: the national picture of every month (in one query, and a query a month), and the
    context views whole."""
    days = month_ends(history)
    every_month = f"national picture at every month end ({days[0]:%b %Y} to {days[-1]:%b %Y})"
    return (
        measure(f"{every_month}: `national_pictures`, one query", national_picture_of_days, history.db, days, True,
                runs=runs),
        measure(f"{every_month}: `national_picture(day)`, a query a month", national_picture_of_days, history.db,
                days, False, runs=runs),
        [measure(f"`SELECT * FROM {view}`", whole_view, history.db, view, runs=runs) for view in CONTEXT_VIEWS],
    )  # fmt: skip


def run(history: History, runs: int) -> list[Measurement]:
    start, end = history.busiest_week
    week = f"{start:%d %b} to {end:%d %b %Y}"
    return [
        measure(f"`changes_between` for a week ({week})", changes_in_week, history.db, start, end, runs=runs),
        *(measure(f"`SELECT * FROM {view}`", whole_view, history.db, view, runs=runs) for view in VIEWS),
        measure(
            "digest of that week: `load_digest` + `render_html`", digest_of_week, history.db, start, end, runs=runs
        ),
    ]
