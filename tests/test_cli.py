"""The command line's own checks, before any command runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ofsted_watch.cli import app


def test_a_missing_extra_la_reference_is_a_clear_error(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OFSTED_WATCH_LA_REFERENCE", str(home / "missing.csv"))
    result = CliRunner().invoke(app, ["sql", "SELECT 1"])
    assert result.exit_code == 2
    assert "OFSTED_WATCH_LA_REFERENCE names" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(
    ("variable", "value", "said"),
    [
        ("OFSTED_WATCH_REBUILD_SITE", "sometimes", "OFSTED_WATCH_REBUILD_SITE is 'sometimes': say true or false"),
        ("OFSTED_WATCH_MAX_RPS", "fast", "OFSTED_WATCH_MAX_RPS is 'fast', not a number"),
    ],
)
def test_a_setting_that_cannot_be_read_is_a_clear_error(
    home: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, said: str
) -> None:
    monkeypatch.setenv(variable, value)
    result = CliRunner().invoke(app, ["poll", "--source", str(home)])
    assert result.exit_code == 2
    assert result.output == f"ofsted-watch: {said}\n"


def test_every_command_documents_itself() -> None:
    for command in (
        "extract",
        "eval",
        "sql",
        "export",
        "stats",
        "backfill",
        "poll",
        "reprocess",
        "digest",
        "alerts",
        "serve",
        "demo",
        "site",
    ):
        result = CliRunner().invoke(app, [command, "--help"])
        assert result.exit_code == 0, command
        assert "Usage" in result.output


def test_reprocess_refuses_a_kind_it_does_not_know(home: Path) -> None:
    result = CliRunner().invoke(app, ["reprocess", "--kind", "area_send", "--kind", "ofsted_report"])
    assert result.exit_code == 2
    assert "ofsted_report: not a kind (known: ilacs_standard" in result.output
    assert not (home / "ofsted-watch.duckdb").exists()  # refused before any run
