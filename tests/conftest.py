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


@pytest.fixture(scope="session")
def empty_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed warehouse file with the schema, the views and the reference and nothing else, made once a worker
    by a writable open: making one costs a quarter of a second of DuckDB's time, a copy a few milliseconds."""
    from warehouse.db import connect

    path = tmp_path_factory.mktemp("empty") / "warehouse.duckdb"
    connect(path).close()
    return path


# One Prefect test harness per session, for the tests that run flows (see conftest_prefect.py); the fixtures
# of the whole-pipeline tests (pipeline_helpers.py).
pytest_plugins = ["conftest_prefect", "pipeline_helpers", "site_helpers"]


# Fixtures built once a run, which tests only read: `-n auto --dist loadgroup` (make test) sends every test
# that uses one to the same worker, so it is built once, not once a worker.
# The letters' warehouse starts from the corpus's, so it shares its group.
SHARED_FIXTURE_GROUPS = {"corpus_warehouse": "corpus", "letters_warehouse": "corpus", "bench_reports": "benchmarks"}
# Modules with long tests start first: run last, one of them would leave the other worker idle at the end.
SLOW_MARKS = ("corpus", "prefect")


# `-n auto` (make test): a worker more than the cores. Part of the suite waits with the CPU idle (hold windows,
# servers starting, retry pauses, a worker waiting on a command it started): on 2 cores a third worker fills
# those waits (measured back to back: 439 s with two workers, 380-384 s with three; docs/architecture.md).
EXTRA_WORKERS = 1


def pytest_xdist_auto_num_workers() -> int:
    return len(os.sched_getaffinity(0)) + EXTRA_WORKERS


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for fixture, group in SHARED_FIXTURE_GROUPS.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(pytest.mark.xdist_group(group))
    # Whole modules move, so a module's fixtures are still set up once.
    slow = {item.path for item in items if any(item.get_closest_marker(mark) for mark in SLOW_MARKS)}
    items.sort(key=lambda item: item.path not in slow)
