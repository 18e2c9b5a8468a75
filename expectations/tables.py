"""Suites for the warehouse tables: the loaded data must still satisfy the rules its records passed, and its
documents agree with each other (the cross-checks of docs/checks.md, one expectation per rule of `findings`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

import duckdb

from common.frameworks import framework_by_code
from common.record import AREAS, FULL_INSPECTION_KINDS, GRADES, WEAKNESS_PROGRESS
from expectations.core import ROW, Rule, run_rules
from expectations.records import event_rules
from warehouse import queries
from warehouse.checks import FINDING_RULES, findings_frame
from warehouse.store import DOCUMENT_STATUSES

# The cross-checks' suite (docs/checks.md): its frame is the findings per event, not a table.
FINDINGS = "findings"


@dataclass(frozen=True)
class TableFailure:
    table: str
    rule: str
    field: str
    rows: int
    example: str | None


def _unique(name: str, columns: tuple[str, ...]) -> Rule:
    if len(columns) == 1:
        return Rule(name, columns, "duplicate key", "ExpectColumnValuesToBeUnique", {"column": columns[0]})
    return Rule(name, columns, "duplicate key", "ExpectCompoundColumnsToBeUnique", {"column_list": list(columns)})


def _table_rules(la_codes: list[str], today: date) -> dict[str, list[Rule]]:
    event_dates = ("inspection_start", "inspection_end", "letter_date", "event_date", "published")
    return {
        "events": event_rules(la_codes, today, event_dates),
        "judgements": [
                Rule("grade_in_set", ("grade",), "not a grade", "ExpectColumnValuesToBeInSet",
                     {"column": "grade", "value_set": list(GRADES)}),
                Rule("area_in_set", ("area",), "not an area", "ExpectColumnValuesToBeInSet",
                     {"column": "area", "value_set": ["overall", *AREAS]}),
                Rule("grade_rank_in_range", ("grade_rank",), "rank outside 1..4", "ExpectColumnValuesToBeBetween",
                     {"column": "grade_rank", "min_value": 1, "max_value": 4}),
                _unique("unique_judgement", ("document_id", "area")),
            ],
        "send_weaknesses": [
                Rule("weakness_progress_in_set", ("progress",), "not a revisit verdict", "ExpectColumnValuesToBeInSet",
                     {"column": "progress", "value_set": list(WEAKNESS_PROGRESS)}),
                _unique("unique_weakness", ("document_id", "position")),
            ],
        "documents": [
                Rule("status_in_set", ("status",), "not a document status", "ExpectColumnValuesToBeInSet",
                     {"column": "status", "value_set": list(DOCUMENT_STATUSES)}),
                _unique("unique_document", ("document_id",)),
            ],
        "passages": [
                Rule("passage_not_empty", ("text",), "an empty passage", "ExpectColumnValuesToBeBetween",
                     {"column": "text_length", "min_value": 1}),
                Rule("page_in_document", ("page", "pages"), "a page beyond the document's",
                     "ExpectColumnValuesToBeInSet",
                     {"column": "page_in_document", "value_set": [True]}),
                _unique("unique_passage", ("document_id", "position")),
            ],
        "document_passages": [
                Rule("document_has_passages", ("document_id",), "a loaded document without passages (reprocess it)",
                     "ExpectColumnValuesToBeBetween", {"column": "passages", "min_value": 1}),
            ],
        "local_authorities": [
                _unique("unique_la_code", ("la_code",)),
                Rule("la_named", ("name",), "an LA without a name", "ExpectColumnValuesToNotBeNull",
                     {"column": "name"}),
            ],
        # A document that disagrees with another, or with the warehouse's record: reported, never blocking.
        FINDINGS: [
                Rule(rule, (rule,), "documents disagree (docs/checks.md)", "ExpectColumnValuesToBeNull",
                     {"column": rule})
                for rule in FINDING_RULES
            ],
    }  # fmt: skip


# Suites over a query rather than a table.
_FRAMES: dict[str, Callable[..., Any]] = {
    "passages": queries.passage_frame,
    "document_passages": queries.document_passage_frame,
    FINDINGS: findings_frame,
}


def validate_tables(con: duckdb.DuckDBPyConnection, today: date | None = None) -> list[TableFailure]:
    """Check every suite against the tables; one TableFailure per table and failed rule."""
    found: list[TableFailure] = []
    for table, rules in _table_rules(queries.la_codes(con), today or date.today()).items():
        found += _validate(con, table, rules)
    return found


def validate_findings(con: duckdb.DuckDBPyConnection) -> list[TableFailure]:
    """The cross-checks' suite alone: run after every load (flows/steps.py), reported, never blocking it."""
    return _validate(con, FINDINGS, _table_rules([], date.today())[FINDINGS])


def _validate(con: duckdb.DuckDBPyConnection, table: str, rules: list[Rule]) -> list[TableFailure]:
    frame = _FRAMES.get(table, partial(queries.table_frame, table=table))(con, row_column=ROW)
    if table == "events":
        # The flags the event rules are conditioned on, as in the records' frame.
        frame["is_full_inspection"] = frame["kind"].isin(FULL_INSPECTION_KINDS)
        overall_graded = {code: known.grades_overall for code, known in framework_by_code().items()}
        frame["grades_overall"] = frame["framework"].map(overall_graded)
        frame["is_monitoring_visit"] = frame["kind"] == "monitoring_visit"
        frame["is_area_send"] = frame["kind"] == "area_send"
    by_rule: dict[tuple[str, str], list[str | None]] = {}
    for failures in run_rules(f"table_{table}", rules, frame).values():
        for failure in failures:
            by_rule.setdefault((failure.rule, failure.field), []).append(failure.value)
    return [TableFailure(table, rule, field, len(v), v[0]) for (rule, field), v in sorted(by_rule.items())]
