"""Documents checked against each other (docs/checks.md): the prior judgements the warehouse fills, and the
findings of the `findings` view (warehouse/views/50_checks.sql), which `ofsted-watch check`, the site and the
digest read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

FINDING_COLUMNS = ("document_id", "file", "la_code", "rule", "detail")
# The rules of the `findings` view, in docs/checks.md's order.
FINDING_RULES = (
    "prior_judgement_disagrees",
    "prior_judgement_unchecked",
    "visit_number_order",
    "dates_in_order",
    "full_inspection_overlap",
)

# Letters that state no prior judgement take the warehouse's: the LA's latest full inspection that ended before
# the visit began. Recomputed after every load (a later load may bring the earlier report, or an even later
# one); a judgement read from the letter is never overwritten.
_FILL = """
UPDATE events
SET prior_judgement = p.prior_overall,
    prior_judgement_date = p.prior_end,
    prior_judgement_source = CASE WHEN p.prior_overall IS NOT NULL THEN 'warehouse' END,
    prior_judgement_area = CASE WHEN p.prior_overall IS NOT NULL THEN 'overall' END
FROM letter_prior_inspections AS p
WHERE events.document_id = p.document_id
    AND (events.prior_judgement_source = 'warehouse' OR events.prior_judgement IS NULL)
    AND (events.prior_judgement IS DISTINCT FROM p.prior_overall
        OR events.prior_judgement_date IS DISTINCT FROM p.prior_end)
"""


@dataclass(frozen=True)
class Finding:
    """One disagreement: the document, its file name, its LA, the rule (docs/checks.md) and what disagrees."""

    document_id: str
    file: str
    la_code: str
    rule: str
    detail: str


def fill_prior_judgements(con: duckdb.DuckDBPyConnection) -> int:
    """Fill (or refresh) the prior judgements letters leave unstated; how many events changed."""
    changed = con.execute(_FILL).fetchone()
    return int(changed[0]) if changed else 0


def findings_frame(con: duckdb.DuckDBPyConnection, row_column: str) -> Any:
    """One row per event and a column per rule holding its finding's detail (NULL: the rule holds), numbered in
    `row_column`: the frame the cross-checks' GX suite runs on (expectations/tables.py)."""
    per_rule = ", ".join(f"max(f.detail) FILTER (WHERE f.rule = '{rule}') AS {rule}" for rule in FINDING_RULES)
    return con.execute(
        f"""
        SELECT row_number() OVER (ORDER BY e.document_id) - 1 AS "{row_column}", e.document_id, {per_rule}
        FROM events AS e
        LEFT JOIN findings AS f USING (document_id)
        GROUP BY e.document_id
        """
    ).df()


def findings(con: duckdb.DuckDBPyConnection, la_codes: Sequence[str] = ()) -> list[Finding]:
    """Every finding, by LA and document; only those of `la_codes` when given."""
    where = "WHERE la_code IN (SELECT unnest(?))" if la_codes else ""
    rows = con.execute(
        f"SELECT {', '.join(FINDING_COLUMNS)} FROM findings {where} ORDER BY la_code, document_id, rule",
        [list(la_codes)] if la_codes else [],
    ).fetchall()
    return [Finding(*row) for row in rows]
