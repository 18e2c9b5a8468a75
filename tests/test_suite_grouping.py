"""The suite's own plumbing: every test that reads the corpus warehouse runs on one worker, so it is built once.

pytest-xdist's `loadgroup` groups tests by rewriting their ids, which pytest 9.2 silently ignores (pytest-xdist
issue 1386): this runs tests/conftest.py's grouping hook in a nested `pytest -n auto --dist loadgroup` over a few
tests that use a fixture of that name, and checks where each ran, and that `-n auto` starts a worker more than
the cores.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CONFTEST = f"""
import importlib.util
import pytest

# The suite's own hook, from its conftest.py (loaded under another name: this file is a conftest too).
_spec = importlib.util.spec_from_file_location("suite_conftest", {str(REPO / "tests" / "conftest.py")!r})
_suite = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_suite)
pytest_collection_modifyitems = _suite.pytest_collection_modifyitems
pytest_xdist_auto_num_workers = _suite.pytest_xdist_auto_num_workers


@pytest.fixture(scope="session")
def corpus_warehouse():
    return "built"
"""

GROUPED = """
import json, os
import pytest


@pytest.mark.parametrize("number", range(4))
def test_reads_the_warehouse(corpus_warehouse, number):
    with open(os.environ["WHERE_TESTS_RAN"], "a") as handle:
        handle.write(json.dumps([os.environ["PYTEST_XDIST_WORKER"], "grouped"]) + "\\n")


@pytest.mark.parametrize("number", range(4))
def test_on_its_own(number):
    pass
"""


def test_auto_starts_a_worker_more_than_the_cores_and_corpus_tests_share_one(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (tmp_path / "test_a.py").write_text(GROUPED, encoding="utf-8")
    (tmp_path / "test_b.py").write_text(GROUPED, encoding="utf-8")
    where = tmp_path / "where.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "auto", "--dist", "loadgroup", "-v", "-p", "no:randomly",
         "-p", "no:cacheprovider", f"--basetemp={tmp_path / 'base'}", str(tmp_path)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={**os.environ, "WHERE_TESTS_RAN": str(where)},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    # `make test`'s `-n auto`: a worker more than the cores this process may run on.
    workers = len(os.sched_getaffinity(0)) + 1
    assert f"created: {workers}/{workers} workers" in result.stdout
    passed = [line for line in result.stdout.splitlines() if " PASSED " in line]
    assert len(passed) == 16
    grouped = [line for line in passed if "test_reads_the_warehouse" in line]
    assert all(line.rstrip().endswith("@corpus") for line in grouped), grouped
    assert len({line.split()[0] for line in grouped}) == 1, grouped  # one worker, e.g. "[gw0]"
    ran_on = [json.loads(line)[0] for line in where.read_text().splitlines()]
    assert len(ran_on) == 8 and len(set(ran_on)) == 1
