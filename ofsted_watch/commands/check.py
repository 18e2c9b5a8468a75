"""`ofsted-watch check`: the findings of the checks of documents against each other (docs/checks.md), printed as
`sql` prints; nothing at all when every check holds. No Prefect, no GX: it reads the `findings` view."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

from common.config import Settings
from ofsted_watch.commands.query import OK, run_report
from warehouse.checks import FINDING_COLUMNS, findings

FOUND = 1  # findings were printed: a script (or CI) can tell "all holds" from "look at these"


def run_check(settings: Settings, la_codes: Sequence[str] = (), output_format: str = "table") -> int:
    """Print every finding (of `la_codes` only, when given); exit 0 and print nothing when there is none."""
    found: list[Any] = []

    def report(con: duckdb.DuckDBPyConnection) -> tuple[Sequence[str], Sequence[tuple[Any, ...]]]:
        found.extend(findings(con, la_codes))
        return FINDING_COLUMNS, [tuple(getattr(f, name) for name in FINDING_COLUMNS) for f in found]

    code = run_report(settings, output_format, report, quiet_when_empty=True)
    return FOUND if code == OK and found else code
