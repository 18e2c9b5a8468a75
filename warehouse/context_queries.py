"""Context for judgements: statistical neighbours, the inspection outlook and how well its rule held, and the
national picture on any day.

Every figure comes from the views and macros of warehouse/views/40_context.sql; the digest, `ofsted-watch stats`
and the site read them here, so none is computed a second time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import duckdb

from warehouse.queries import rows, run_read_only

Table = tuple[list[str], list[tuple[Any, ...]]]


def national_picture(con: duckdb.DuckDBPyConnection, day: date) -> Table:
    """For England and each region, each area's grades on the day (columns of the `national_picture` macro)."""
    return run_read_only(con, "SELECT * FROM national_picture(?)", [day])


def national_pictures(con: duckdb.DuckDBPyConnection, days: Sequence[date]) -> Table:
    """The national picture on each of the days, in one query (columns of `national_picture`): many days cost
    hardly more than one, where a call of `national_picture` per day repeats the work each time."""
    return run_read_only(con, "SELECT * FROM national_pictures(?)", [list(days)])


def overall_pictures(con: duckdb.DuckDBPyConnection, days: Sequence[date]) -> list[dict[str, Any]]:
    """The national picture's overall-effectiveness rows, England first, for each of the days."""
    return rows(con, "SELECT * FROM national_pictures(?) WHERE area = 'overall'", [list(days)])


def good_or_outstanding_by_quarter(
    con: duckdb.DuckDBPyConnection, first_day: date, last_day: date
) -> list[dict[str, Any]]:
    """The share of LAs good or outstanding overall at their latest full inspection, at each quarter end in the
    range, for England and each region: `as_at`, `region`, `authorities`, `judged`, `not_yet_judged`,
    `percent_good_or_outstanding` (None while none was judged)."""
    return rows(
        con,
        "SELECT as_at, region, authorities, judged, not_yet_judged, percent_good_or_outstanding "
        "FROM national_picture_by_quarter(?, ?) WHERE area = 'overall'",
        [first_day, last_day],
    )


def inspection_cycle(con: duckdb.DuckDBPyConnection) -> Table:
    """How well the ILACS rule held on the history, per year (columns of the `inspection_cycle` view)."""
    return run_read_only(con, "SELECT * FROM inspection_cycle")


def neighbour_standing(con: duckdb.DuckDBPyConnection, day: date) -> dict[str, dict[str | None, int]]:
    """la_code -> how many of its statistical neighbours stood at each overall grade on the day (None: none
    inspected yet; 'no_longer_graded': last inspected under a framework that makes no overall judgement)."""
    standing: dict[str, dict[str | None, int]] = {}
    for la_code, grade, count in con.execute(
        "SELECT la_code, standing, count(*) FROM neighbour_grades_on(?) GROUP BY ALL", [day]
    ).fetchall():
        standing.setdefault(la_code, {})[grade] = int(count)
    return standing


def neighbour_grades(con: duckdb.DuckDBPyConnection, day: date) -> list[dict[str, Any]]:
    """Each LA's statistical neighbours, most similar first, with the overall grade each stood at on the day
    (its latest full inspection; None: none yet)."""
    return rows(
        con,
        "SELECT la_code, rank, neighbour_la_code, neighbour, standing AS grade, event_date, kind, framework "
        "FROM neighbour_grades_on(?)",
        [day],
    )


def inspection_outlook(con: duckdb.DuckDBPyConnection, day: date) -> list[dict[str, Any]]:
    """Every LA existing on the day: its last full inspection and the next one the ILACS rules lead one to expect
    (columns of `inspection_outlook_on`)."""
    return rows(con, "SELECT * FROM inspection_outlook_on(?)", [day])


def expected_soon(con: duckdb.DuckDBPyConnection, day: date, months: int) -> list[dict[str, Any]]:
    """Rows of `inspection_outlook_on(day)` whose window opens within `months` of the day, or has closed:
    overdue first (the longest overdue first), then by the day the window opens."""
    return rows(
        con,
        """
        SELECT *
        FROM inspection_outlook_on(?)
        WHERE status = 'overdue'
           OR (status = 'not_due' AND window_start <= CAST(CAST(as_at AS DATE) + to_months(?) AS DATE))
        ORDER BY status <> 'overdue', window_end, window_start, local_authority
        """,
        [day, months],
    )
