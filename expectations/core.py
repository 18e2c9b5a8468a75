"""Running Great Expectations suites on pandas frames, and turning their results into per-row failures.

GX takes seconds to import, so it is imported here, lazily, the first time a suite runs. The context is
ephemeral (nothing is written into the project) and analytics are switched off before GX is imported.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    from great_expectations.data_context import AbstractDataContext
    from great_expectations.expectations import Expectation

ROW = "row"  # every frame carries its row number here, so failures name the record
# A conditional rule checks that a value is present where its condition holds; elsewhere it reads this.
CONDITIONAL_EXPECTATION = "ExpectColumnValuesToNotBeNull"
NOT_CHECKED = "not checked"


@dataclass(frozen=True)
class Failure:
    """One failed expectation for one record: the rule, the field it checks, the offending value, why."""

    rule: str
    field: str
    value: str | None
    reason: str


@dataclass(frozen=True)
class Rule:
    """A named GX expectation (class name and arguments). `fields` are the columns a failure reports."""

    name: str
    fields: tuple[str, ...]
    reason: str
    expectation: str
    arguments: dict[str, Any] = field(default_factory=dict)
    # Only rows whose column holds this value are checked, e.g. ("is_full_inspection", True). Only for a value
    # that must be present: the rule reads a column of its own (`checked_column`), filled in by run_rules.
    when: tuple[str, Any] | None = None

    def __post_init__(self) -> None:
        if self.when and self.expectation != CONDITIONAL_EXPECTATION:
            raise ValueError(f"rule {self.name!r}: a condition is only for {CONDITIONAL_EXPECTATION}")

    @property
    def checked_column(self) -> str:
        """The frame column the expectation reads: for a conditional rule, the column of `_with_checked_columns`."""
        column = str(self.arguments["column"])
        return f"{column} if {self.when[0]} is {self.when[1]}" if self.when else column

    def build(self, position: int) -> Expectation:
        import great_expectations.expectations as gxe

        arguments = {**self.arguments, "column": self.checked_column} if self.when else self.arguments
        return getattr(gxe, self.expectation)(**arguments, meta={"position": position})


def _with_checked_columns(frame: pd.DataFrame, rules: Sequence[Rule]) -> pd.DataFrame:
    """The frame plus a column per conditional rule: its column where the condition holds, NOT_CHECKED elsewhere.

    GX's own row conditions would do the same, but run a pandas query for every metric of every such rule: about
    half the time of a validation.
    """
    conditional = [(rule, rule.when) for rule in rules if rule.when]
    if not conditional:
        return frame
    frame = frame.copy()
    for rule, (condition, value) in conditional:
        frame[rule.checked_column] = frame[rule.arguments["column"]].where(frame[condition] == value, NOT_CHECKED)
    return frame


@cache
def _context() -> AbstractDataContext:
    os.environ["GX_ANALYTICS_ENABLED"] = "False"
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    # GX announces its temporary docs folder at INFO on every run (that module sets its own logger to INFO
    # when imported); our own output says what matters.
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    logging.getLogger(ProgressBarsConfig.__module__).setLevel(logging.NOTSET)

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    return context


@cache
def _batch_definition(asset_name: str) -> Any:
    context = _context()
    source = context.data_sources.add_or_update_pandas(f"{asset_name}_source")
    asset = source.add_dataframe_asset(asset_name)
    return asset.add_batch_definition_whole_dataframe("whole frame")


def run_rules(asset_name: str, rules: Sequence[Rule], frame: pd.DataFrame) -> dict[int, list[Failure]]:
    """Validate the frame against the rules; failures keyed by the frame's `row` column."""
    failures: dict[int, list[Failure]] = {}
    if frame.empty:
        return failures
    batch_definition = _batch_definition(asset_name)  # creates the context, which suites need first
    batch = batch_definition.get_batch(batch_parameters={"dataframe": _with_checked_columns(frame, rules)})
    # First only whether each rule holds: GX's BOOLEAN_ONLY results cost half its COMPLETE ones, which name the
    # rows. Only the rules that did not hold (none, in most runs) are run again for them.
    held = batch.validate(_suite(asset_name, rules, range(len(rules))), result_format={"result_format": "BOOLEAN_ONLY"})
    failed = [outcome.expectation_config.meta["position"] for outcome in held.results if not outcome.success]
    if not failed:
        return failures
    result = batch.validate(
        _suite(asset_name, rules, sorted(failed)),
        result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [ROW]},
    )
    by_row = frame.set_index(ROW, drop=False)
    for outcome in sorted(result.results, key=lambda o: o.expectation_config.meta["position"]):
        rule = rules[outcome.expectation_config.meta["position"]]
        _raise_if_broken(rule, outcome.exception_info)
        for index in outcome.result.get("unexpected_index_list") or []:
            row = int(index[ROW])
            values = [_text(by_row.at[row, name]) for name in rule.fields]
            value = ", ".join(v or "missing" for v in values) if any(values) else None
            failures.setdefault(row, []).append(Failure(rule.name, ", ".join(rule.fields), value, rule.reason))
    return failures


def _suite(asset_name: str, rules: Sequence[Rule], positions: Iterable[int]) -> Any:
    """The suite of the rules at `positions`, each expectation carrying its position to name its rule."""
    import great_expectations as gx

    return gx.ExpectationSuite(
        name=asset_name, expectations=[rules[position].build(position) for position in positions]
    )


def _raise_if_broken(rule: Rule, info: dict[str, Any] | None) -> None:
    """An expectation that could not run must not pass silently."""
    if not info:
        return
    nested = [info] if "raised_exception" in info else [v for v in info.values() if isinstance(v, dict)]
    for item in nested:
        if item.get("raised_exception"):
            raise RuntimeError(f"expectation for rule {rule.name!r} failed to run: {item.get('exception_message')}")


def _text(value: Any) -> str | None:
    import pandas as pd

    if value is None or pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)
