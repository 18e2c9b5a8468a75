"""The digest's queries and its rendering on a synthetic history (see benchmarks/history.py).

Each target runs in a fresh process (harness.measure): it opens the warehouse read-only, runs one query and
fetches every row, as `ofsted-watch sql` and the weekly digest do. The imports at the top of this module
happen before the clock starts.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from benchmarks.harness import Measurement, measure
from benchmarks.history import History
from reports.digest import load_digest
from reports.model import Period
from reports.render import render_html
from warehouse import queries
from warehouse.db import connect

VIEWS = ("deteriorations", "judgement_changes", "latest_judgements")


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
