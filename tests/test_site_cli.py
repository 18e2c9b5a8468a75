"""`ofsted-watch site [--out DIR] [--base-url URL] [--serve] [--port N]` through the real CLI."""

from __future__ import annotations

import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from pipeline_helpers import CLI, REPO, cli_environment
from typer.testing import CliRunner

from ofsted_watch.cli import app

pytestmark = pytest.mark.integration


def test_a_missing_warehouse_is_exit_2_with_a_clear_message(home: Path) -> None:
    result = CliRunner().invoke(app, ["site", "--home", str(home)])
    assert result.exit_code == 2
    assert f"No warehouse at {home / 'ofsted-watch.duckdb'}" in result.stderr
    assert not (home / "site").exists()


def test_site_builds_into_out_with_the_base_url_and_says_where(
    site_db: Path, site_reference: Path, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    result = CliRunner().invoke(
        app, ["site", "--db", str(site_db), "--out", str(out), "--base-url", "https://example.org/watch/"]
    )
    assert result.exit_code == 0, result.output
    assert "Site built from 27 documents" in result.stdout
    assert f"Open {out / 'index.html'}" in result.stdout
    assert "https://example.org/watch/feed.xml" in (out / "feed.xml").read_text(encoding="utf-8")


def test_the_site_setting_names_the_default_folder(site_db: Path, site_reference: Path, tmp_path: Path) -> None:
    environment = cli_environment(
        tmp_path, OFSTED_WATCH_DB=str(site_db), OFSTED_WATCH_SITE_DIR=str(tmp_path / "intranet" / "ofsted")
    )
    done = subprocess.run([*CLI, "site"], env=environment, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "intranet" / "ofsted" / "index.html").is_file()


def test_the_command_needs_neither_prefect_nor_great_expectations(site_db: Path, tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from ofsted_watch.cli import app\n"
        f"try:\n    app(['site', '--db', {str(site_db)!r}, '--out', {str(tmp_path / 'site')!r}])\n"
        "except SystemExit as done:\n    assert done.code == 0, done.code\n"
        "print(sorted(m for m in ('prefect', 'great_expectations') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_serve_shows_the_built_site_on_127_0_0_1_until_interrupted(site_db: Path, tmp_path: Path) -> None:
    environment = cli_environment(tmp_path, OFSTED_WATCH_DB=str(site_db))
    process = subprocess.Popen(
        [*CLI, "site", "--serve", "--port", "0"],
        env=environment,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(3)]
        serving = next(line for line in lines if line.startswith("Serving "))
        url = serving.split()[1]
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url + "la/wessex.html", timeout=10) as answer:
            assert answer.status == 200 and b"<h1>Wessex</h1>" in answer.read()
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
