"""`ofsted-watch stats` through the real CLI, on a real DuckDB file of fictional councils (tests/test_context.py)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from test_context import context_file
from test_warehouse_helpers import own_copy
from typer.testing import CliRunner

from ofsted_watch.cli import app
from warehouse.snapshot import publish


@pytest.fixture(scope="module")
def context_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield from context_file(tmp_path_factory)


@pytest.fixture()
def db(context_template: Path, tmp_path: Path) -> Path:
    return own_copy(context_template, tmp_path)


def stats(db: Path, *options: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["stats", "--db", str(db), *options])
    return result.exit_code, result.stdout, result.stderr


def test_as_at_prints_the_national_picture_of_the_day(db: Path) -> None:
    code, out, _ = stats(db, "--as-at", "2021-09-24", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 5 * 7  # England and six regions, five areas each
    assert rows[0] == {
        "as_at": "2021-09-24",
        "region": "England",
        "area": "overall",
        "authorities": 7,
        "judged": 5,
        "outstanding": 1,
        "good": 1,
        "requires_improvement": 2,
        "inadequate": 1,
        "not_yet_judged": 2,
        "percent_good_or_outstanding": 40.0,
        "no_longer_graded": 0,
    }


def test_cycle_prints_the_measurement_per_year(db: Path) -> None:
    code, out, _ = stats(db, "--cycle", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["year"] for row in rows] == ["2019", "2020", "2021", "2022", "all"]
    assert (rows[-1]["reinspections"], rows[-1]["percent_inside"], rows[-1]["percent_inside_pause_stopped"]) == (
        "4",
        "25.0",
        "75.0",
    )
    code, out, _ = stats(db, "--cycle")
    assert code == 0 and out.splitlines()[0].split()[:3] == ["year", "reinspections", "early"]
    assert out.rstrip().endswith("(5 rows)")


@pytest.mark.parametrize(
    "options",
    [
        [],
        ["--cycle", "--as-at", "2024-01-01"],
        ["--cycle", "--themes"],
        ["--as-at", "2024-01-01", "--themes"],
        ["--as-at", "31/03/2024"],
        ["--cycle", "--format", "xml"],
        ["--cycle", "--region", "North West"],
        ["--as-at", "2024-01-01", "--since", "2020-01-01"],
    ],
)
def test_a_wrong_choice_of_options_is_refused_with_exit_2(db: Path, options: list[str]) -> None:
    result = CliRunner().invoke(app, ["stats", "--db", str(db), *options])
    assert result.exit_code == 2
    assert result.stdout == ""


def test_stats_imports_neither_prefect_nor_great_expectations(db: Path) -> None:
    script = (
        "import sys\n"
        "from ofsted_watch.cli import app\n"
        f"app(['stats', '--db', {str(db)!r}, '--as-at', '2024-03-31'], standalone_mode=False)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'prefect', 'great_expectations'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[]"
    assert "England" in done.stdout


def test_snapshot_reads_the_published_snapshot_not_the_warehouse(db: Path, home: Path) -> None:
    """As `sql --snapshot`: the figures of the copy the last run published, and stderr says which copy."""
    snapshot = publish(db, home / "published" / "ofsted-watch.duckdb")
    with duckdb.connect(str(db)) as con:  # the warehouse moves on after the snapshot: every judgement gone
        con.execute("DELETE FROM judgements")
    _, live, _ = stats(db, "--as-at", "2021-09-24", "--format", "json")
    code, published, err = stats(db, "--as-at", "2021-09-24", "--format", "json", "--snapshot")
    assert code == 0
    assert json.loads(live)[0]["judged"] == 0 and json.loads(published)[0]["judged"] == 5
    assert err == (
        f"ofsted-watch: reading the snapshot published {snapshot.published_at:%Y-%m-%d %H:%M:%S} ({snapshot.path})\n"
    )
