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
    for command in ("extract", "eval", "sql", "export", "backfill", "poll", "digest", "serve", "demo", "site"):
        result = CliRunner().invoke(app, [command, "--help"])
        assert result.exit_code == 0, command
        assert "Usage" in result.output
