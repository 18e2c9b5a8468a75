"""Shared fixtures: the real documents in ../shared, and an isolated data home per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _shared_dir() -> Path:
    return Path(os.environ.get("OFSTED_WATCH_SHARED", REPO.parent / "shared")).resolve()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared (or OFSTED_WATCH_SHARED). Missing: fail in CI, skip elsewhere (a developer without it)."""
    path = _shared_dir()
    if not (path / "corpus").is_dir():
        message = f"shared data not found at {path}; set OFSTED_WATCH_SHARED"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh OFSTED_WATCH_HOME with nothing from the developer's environment leaking in."""
    for name in list(os.environ):
        if name.startswith("OFSTED_WATCH_") and name != "OFSTED_WATCH_SHARED":
            monkeypatch.delenv(name)
    data = tmp_path / "home"
    data.mkdir()
    monkeypatch.setenv("OFSTED_WATCH_HOME", str(data))
    return data


# One Prefect test harness per session, for the tests that run flows (see conftest_prefect.py); the fixtures
# of the whole-pipeline tests (pipeline_helpers.py).
pytest_plugins = ["conftest_prefect", "pipeline_helpers", "site_helpers"]
