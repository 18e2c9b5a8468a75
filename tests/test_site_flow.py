"""The poll and backfill flows rebuild the site as their last step (after the snapshot, in after_load), through
Prefect's real engine: when anything changed; a failure is reported like any step after the load (summary, the
run's notes, exit code 1) and never undoes the load or the old site."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from pipeline_helpers import backfill, poll, statuses, warehouse

from common.config import load_settings
from samples.site import SampleSite
from samples.timeline import additional_publication, demo_publications

pytestmark = [pytest.mark.prefect, pytest.mark.integration]

TODAY = date(2026, 11, 23)


@pytest.fixture()
def site() -> Iterator[SampleSite]:
    with SampleSite(demo_publications(TODAY)) as running:
        yield running


@pytest.fixture(autouse=True)
def rebuilding(ingest_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The site step as it runs by default (ingest_env turns it off for the other flow tests)."""
    monkeypatch.delenv("OFSTED_WATCH_REBUILD_SITE")


def _summary(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().out


def test_backfill_builds_the_site_and_a_poll_with_nothing_new_leaves_it(
    ingest_env: Path, site: SampleSite, capsys: pytest.CaptureFixture[str]
) -> None:
    index = ingest_env / "site" / "index.html"
    assert backfill(site) == 0
    assert index.is_file()
    assert "rebuilt the site, " in _summary(capsys)
    wessex = (ingest_env / "site" / "la" / "wessex.html").read_text(encoding="utf-8")
    assert "Inadequate" in wessex  # the downgrade the timeline holds
    built = index.stat().st_mtime_ns

    assert poll(site) == 0
    assert "rebuilt the site" not in _summary(capsys)  # nothing changed, built today: left as it is
    assert index.stat().st_mtime_ns == built

    new = additional_publication(TODAY + timedelta(days=1))
    site.add(new)
    assert poll(site) == 0
    assert "rebuilt the site, " in _summary(capsys)
    assert index.stat().st_mtime_ns != built
    assert site.file_url(new.file_id) in (ingest_env / "site" / "feed.xml").read_text(encoding="utf-8")


def test_with_rebuild_site_false_runs_leave_the_site_to_the_site_command(
    ingest_env: Path, site: SampleSite, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OFSTED_WATCH_REBUILD_SITE", "false")
    assert backfill(site) == 0
    printed = _summary(capsys)
    assert "published the snapshot for other tools" in printed and "rebuilt the site" not in printed
    assert not (ingest_env / "site").exists()
    assert set(statuses(ingest_env).values()) == {"loaded", "not_outcome"}

    monkeypatch.setenv("OFSTED_WATCH_REBUILD_SITE", "on")
    assert poll(site) == 0  # nothing new, but the site is missing: built now
    assert "rebuilt the site, " in _summary(capsys)
    assert (ingest_env / "site" / "la" / "wessex.html").is_file()


def test_a_site_that_cannot_be_built_is_reported_and_the_load_stands(
    ingest_env: Path, site: SampleSite, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = ingest_env / "not-a-folder"
    blocked.write_text("a file where the site's parent folder should be")
    monkeypatch.setenv("OFSTED_WATCH_SITE_DIR", str(blocked / "site"))
    assert backfill(site) == 1  # the load is complete; only the site step failed
    printed = _summary(capsys)
    assert "FAILED after the load (which stands): rebuild site: " in printed
    assert "published the snapshot for other tools" in printed  # the step before it stands too
    with warehouse(ingest_env) as con:
        notes = con.execute("SELECT notes FROM runs ORDER BY started_at DESC LIMIT 1").fetchone()[0]  # type: ignore[index]
    assert notes.startswith("rebuild site failed: ")
    loaded = statuses(ingest_env)
    assert len(loaded) == len(demo_publications(TODAY)) and set(loaded.values()) == {"loaded", "not_outcome"}

    monkeypatch.setenv("OFSTED_WATCH_SITE_DIR", str(ingest_env / "site"))
    settings = load_settings()
    assert settings.site_path == ingest_env / "site"
    assert poll(site) == 0  # nothing new, but the site is missing: built now
    assert (ingest_env / "site" / "index.html").is_file()
    assert not any(name.startswith(".site.building") for name in os.listdir(ingest_env))
