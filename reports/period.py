"""Which publication dates a digest covers: an ISO week ('2026-W47'), a date range, or last week by default."""

from __future__ import annotations

import re
from datetime import date, timedelta

from reports.model import Period

_ISO_WEEK = re.compile(r"^(?P<year>\d{4})-?W(?P<week>\d{1,2})$", re.IGNORECASE)


class PeriodError(ValueError):
    """The options do not name a period."""


def iso_week(label: str) -> Period:
    """'2026-W47' -> Monday 16 to Sunday 22 November 2026."""
    match = _ISO_WEEK.match(label.strip())
    if not match:
        raise PeriodError(f"{label!r} is not an ISO week such as 2026-W47")
    try:
        monday = date.fromisocalendar(int(match["year"]), int(match["week"]), 1)
    except ValueError:
        raise PeriodError(f"{label!r}: {match['year']} has no week {int(match['week'])}") from None
    return Period(monday, monday + timedelta(days=6))


def week_of(day: date) -> Period:
    monday = day - timedelta(days=day.weekday())
    return Period(monday, monday + timedelta(days=6))


def last_full_week(today: date) -> Period:
    """The last Monday-Sunday week that has ended before today (on a Monday: the week just finished)."""
    return week_of(today - timedelta(days=today.weekday() + 1))


def choose_period(week: str | None, since: date | None, until: date | None, today: date) -> Period:
    """--week, or --since/--until (a missing end is today, a missing start a week before the end), or last week."""
    if week and (since or until):
        raise PeriodError("give --week or --since/--until, not both")
    if week:
        return iso_week(week)
    if since or until:
        end = until or today
        start = since or end - timedelta(days=6)
        if start > end:
            raise PeriodError(f"--since {start} is after --until {end}")
        return Period(start, end)
    return last_full_week(today)
