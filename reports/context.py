"""The digest's context, from warehouse.context_queries: how each LA's statistical neighbours stand, which LAs
the ILACS rules expect to be inspected soon, and the national picture.

Kept apart from reports/digest.py, which sorts the period's documents into sections: this only adds to what
that produced, as of the period's last day.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Any

import duckdb

from common.record import GRADE_RANK
from reports.model import (
    NO_LONGER_GRADED,
    Authority,
    DigestData,
    Entry,
    ExpectedInspection,
    GradeCount,
    NationalPicture,
    RegionShare,
)
from warehouse import context_queries

# "Expected soon": LAs whose window opens within this many months of the period's end, or has closed.
EXPECTED_SOON_MONTHS = 3
GRADES = ("outstanding", "good", "requires_improvement", "inadequate")
ENGLAND = "England"


def with_context(con: duckdb.DuckDBPyConnection, data: DigestData) -> DigestData:
    """The digest with each entry's LA carrying its neighbours' standing, and the LAs expected soon."""
    day = data.period.end
    standing = context_queries.neighbour_standing(con, day)
    return replace(
        data.map_entries(lambda entries: described(entries, standing)),
        expected_soon=tuple(_expected(row) for row in context_queries.expected_soon(con, day, EXPECTED_SOON_MONTHS)),
    )


def described(entries: Iterable[Entry], standing: dict[str, dict[str | None, int]]) -> tuple[Entry, ...]:
    """The entries, each LA with its neighbours' standing (`context_queries.neighbour_standing` of a day)."""
    return tuple(
        replace(entry, authority=with_neighbours(entry.authority, standing))
        if entry.authority and entry.kind != "not_outcome"
        else entry
        for entry in entries
    )


def with_neighbours(authority: Authority, standing: dict[str, dict[str | None, int]]) -> Authority:
    """The LA with its neighbours' overall grades, best first, those not inspected yet last."""
    return replace(authority, neighbours=ordered_counts(standing.get(authority.la_code, {})))


def ordered_counts(counts: dict[str | None, int]) -> tuple[tuple[str | None, int], ...]:
    """(grade, how many) best first, then 'no_longer_graded', None (not inspected yet) last: how neighbours' grades
    are said."""
    return tuple(sorted(counts.items(), key=lambda item: GRADE_RANK.get(item[0] or "", 8 if item[0] else 9)))


def neighbour_counts(grades: Iterable[str | None]) -> tuple[tuple[str | None, int], ...]:
    """The same counts from a list of neighbours' grades (the site lists each neighbour)."""
    return ordered_counts(dict(Counter(grades)))


def national_picture(con: duckdb.DuckDBPyConnection, as_of: date, year_earlier: date) -> NationalPicture:
    """Overall grades at each LA's latest full inspection on both days, from the `national_picture` macro."""
    rows = context_queries.overall_pictures(con, [as_of, year_earlier])
    now = {row["region"]: row for row in rows if row["as_at"] == as_of}
    before = {row["region"]: row for row in rows if row["as_at"] == year_earlier}
    england_now, england_before = now.get(ENGLAND, {}), before.get(ENGLAND, {})
    counts = tuple(
        GradeCount(grade, england_now.get(grade, 0), england_before.get(grade, 0))
        for grade in GRADES
        if england_now.get(grade) or england_before.get(grade)
    )
    shares = [_share(region, row, before.get(region, {})) for region, row in now.items()]
    apart = GradeCount(NO_LONGER_GRADED, england_now.get(NO_LONGER_GRADED, 0), england_before.get(NO_LONGER_GRADED, 0))
    return NationalPicture(
        as_of=as_of,
        year_earlier=year_earlier,
        counts=counts,
        no_longer_graded=apart if apart.now or apart.year_earlier else None,
        england=next((share for share in shares if share.region == ENGLAND), None),
        regions=tuple(share for share in shares if share.region != ENGLAND),
    )


def _share(region: str, now: dict[str, Any], before: dict[str, Any]) -> RegionShare:
    return RegionShare(
        region=region,
        judged=int(now["judged"]),
        authorities=int(now["authorities"]),
        percent_now=now["percent_good_or_outstanding"],
        percent_year_earlier=before.get("percent_good_or_outstanding"),
    )


def _expected(row: dict[str, Any]) -> ExpectedInspection:
    return ExpectedInspection(
        authority=Authority(row["la_code"], row["local_authority"], row["region"] or ""),
        status=row["status"],
        expected_kind=row["expected_kind"],
        window_start=row["window_start"],
        window_end=row["window_end"],
        last_kind=row["last_kind"],
        last_date=row["last_date"],
        last_overall=row["last_overall"],
    )
