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
