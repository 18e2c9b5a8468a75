"""Ofsted's inspection frameworks for LA children's services, kept as data: `data/frameworks.csv`, one row each.

A framework says which document kinds it inspects under, when it was in force, the areas it grades, whether it
grades overall effectiveness, and its grade scale. The extractor decides a report's framework from its grid (the
areas graded, with or without an overall row); the warehouse keeps the rows in `frameworks`, and every view that
asks "does this inspection grade overall effectiveness?" reads them. A new framework (one is due in 2027) is a
new row here and the wordings of its grid in tasks/parsing/judgements.py, not a change of views.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

FRAMEWORKS_CSV = Path(__file__).with_name("data") / "frameworks.csv"
# The quarantine rule of a full inspection whose grid no known framework has: Ofsted's format may have changed.
UNKNOWN_FRAMEWORK = "unknown_framework"
FORMAT_CHANGED_WORDS = "Ofsted's format may have changed"


@dataclass(frozen=True)
class Framework:
    code: str
    label: str
    kinds: tuple[str, ...]
    in_force_from: date
    in_force_until: date | None  # the first day of the framework that replaced it; None while in force
    graded_areas: tuple[str, ...]
    grades_overall: bool
    grade_scale: tuple[str, ...]  # best first
    # An area whose one grade covers others: ILACS graded children in care and care leavers together until 2023.
    combined_areas: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Areas a report may leave ungraded: the SIF's looked-after areas where an LA has no such children.
    optional_areas: tuple[str, ...] = ()

    @property
    def required_areas(self) -> tuple[str, ...]:
        """The areas every report under this framework grades."""
        return tuple(area for area in self.graded_areas if area not in self.optional_areas)

    @property
    def judged(self) -> frozenset[str]:
        """What a report under this framework grades: its areas, and `overall` where it grades one."""
        return frozenset((*self.graded_areas, *(("overall",) if self.grades_overall else ())))

    def in_force_on(self, day: date) -> bool:
        return self.in_force_from <= day and (self.in_force_until is None or day < self.in_force_until)

    def as_row(self) -> tuple[object, ...]:
        """The warehouse's `frameworks` row (migration 011)."""
        combined = [f"{area}:{' '.join(others)}" for area, others in self.combined_areas]
        return (
            self.code,
            self.label,
            list(self.kinds),
            self.in_force_from,
            self.in_force_until,
            list(self.graded_areas),
            self.grades_overall,
            list(self.grade_scale),
            combined,
            list(self.optional_areas),
        )


@cache
def frameworks() -> tuple[Framework, ...]:
    with FRAMEWORKS_CSV.open(encoding="utf-8", newline="") as handle:
        return tuple(_framework(row) for row in csv.DictReader(handle))


@cache
def framework_by_code() -> dict[str, Framework]:
    return {framework.code: framework for framework in frameworks()}


def frameworks_for_kind(kind: str) -> tuple[Framework, ...]:
    return tuple(f for f in frameworks() if kind in f.kinds)


def _framework(row: dict[str, str]) -> Framework:
    combined = tuple(
        (area, tuple(others.split())) for area, others in (pair.split(":") for pair in row["combined_areas"].split())
    )
    return Framework(
        code=row["framework"],
        label=row["label"],
        kinds=tuple(row["kinds"].split()),
        in_force_from=date.fromisoformat(row["in_force_from"]),
        in_force_until=date.fromisoformat(row["in_force_until"]) if row["in_force_until"] else None,
        graded_areas=tuple(row["graded_areas"].split()),
        grades_overall=row["grades_overall"] == "true",
        grade_scale=tuple(row["grade_scale"].split()),
        combined_areas=combined,
        optional_areas=tuple(row["optional_areas"].split()),
    )
