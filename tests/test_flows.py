"""The poll and backfill flows through Prefect's real engine, against the sample site on 127.0.0.1.

Each test reads the warehouse the flow wrote and counts the requests the site received.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from pipeline_helpers import backfill, file_path, poll, statuses, warehouse

from common.config import load_settings
from samples.site import FILE_PATH, Fault, SampleSite
from samples.timeline import SamplePublication, additional_publication, demo_publications

pytestmark = [pytest.mark.prefect, pytest.mark.integration]

TODAY = date(2026, 11, 23)


@pytest.fixture()
def publications() -> list[SamplePublication]:
    return demo_publications(TODAY)


@pytest.fixture()
def site(publications: list[SamplePublication]) -> Iterator[SampleSite]:
    with SampleSite(publications, provider_rows=3) as running:
        yield running


def test_backfill_loads_every_publication_then_poll_fetches_only_the_new_one(
    ingest_env: Path, site: SampleSite, publications: list[SamplePublication]
) -> None:
    assert backfill(site) == 0
    documents = statuses(ingest_env)
    assert set(documents) == {site.file_url(p.file_id) for p in publications}
    # The timeline holds one "Report not found" page served under a file link, as the real site does.
    not_found = {site.file_url(p.file_id) for p in publications if not p.content.startswith(b"%PDF")}
    assert len(not_found) == 1
    assert {d for d, status in documents.items() if status == "not_outcome"} == not_found
    assert {d for d, status in documents.items() if status != "not_outcome"} == set(documents) - not_found
    assert set(documents.values()) == {"loaded", "not_outcome"}
    assert all(site.downloads[file_path(p)] == 1 for p in publications)

    site.reset_counts()
    new = additional_publication(TODAY + timedelta(days=1))
    site.add(new)
    assert poll(site) == 0
    assert site.file_requests() == 1 and site.downloads[file_path(new)] == 1
    assert statuses(ingest_env)[site.file_url(new.file_id)] == "loaded"

    site.reset_counts()
    assert poll(site) == 0
    assert site.file_requests() == 0
    with warehouse(ingest_env) as con:
        runs = con.execute("SELECT flow, status, seen, new, unchanged, loaded FROM runs ORDER BY started_at").fetchall()
    assert runs == [
        ("backfill", "completed", len(publications), len(publications), 0, len(publications) - 1),
        ("poll", "completed", len(publications) + 1, 1, len(publications), 1),
        ("poll", "completed", len(publications) + 1, 0, len(publications) + 1, 0),
    ]


def test_a_second_backfill_adds_nothing_and_asks_only_whether_files_changed(ingest_env: Path, site: SampleSite) -> None:
    assert backfill(site) == 0
    with warehouse(ingest_env) as con:
        before = con.execute("SELECT count(*) FROM events").fetchone()
    site.reset_counts()
    assert backfill(site) == 0
    with warehouse(ingest_env) as con:
        assert con.execute("SELECT count(*) FROM events").fetchone() == before
        assert con.execute("SELECT new, unchanged FROM runs ORDER BY started_at DESC LIMIT 1").fetchone() == (
            0,
            len(statuses(ingest_env)),
        )
    assert sum(site.downloads.values()) == 0  # every file answered 304 Not Modified


def test_content_replaced_at_the_same_url_becomes_a_new_version_on_backfill(
    ingest_env: Path, site: SampleSite, publications: list[SamplePublication]
) -> None:
    assert backfill(site) == 0
    target = publications[-1]
    site.replace_content(target.file_id, additional_publication(TODAY, 2).content)
    assert backfill(site) == 0
    with warehouse(ingest_env) as con:
        versions = con.execute(
            "SELECT version, superseded_at IS NOT NULL FROM document_versions WHERE document_id = ? ORDER BY 1",
            [site.file_url(target.file_id)],
        ).fetchall()
    assert versions == [(1, True), (2, False)]


def test_a_truncated_file_is_fetched_whole_by_the_next_backfill_though_its_etag_is_unchanged(
    ingest_env: Path, site: SampleSite, publications: list[SamplePublication]
) -> None:
    target = next(p for p in publications if p.content.startswith(b"%PDF"))
    site.inject(file_path(target), Fault(truncate=True))
    assert backfill(site) == 1
    assert statuses(ingest_env)[site.file_url(target.file_id)] == "unreadable"
    assert backfill(site) == 0
    assert statuses(ingest_env)[site.file_url(target.file_id)] == "loaded"
    assert site.downloads[file_path(target)] == 2


def test_faults_are_retried_or_recorded_and_the_next_poll_recovers(
    ingest_env: Path, site: SampleSite, publications: list[SamplePublication]
) -> None:
    listless = publications[-1]
    others = [p for p in publications if p.provider_urn != listless.provider_urn and p.content.startswith(b"%PDF")]
    burst, limited, reset, slow, broken, truncated = others[:6]
    site.inject(file_path(burst), Fault(status=503, times=2))
    site.inject(file_path(limited), Fault(status=429, retry_after=1, times=1))
    site.inject(file_path(reset), Fault(reset=True, times=1))
    site.inject(file_path(slow), Fault(delay=1.5, times=1))
    site.inject(file_path(broken), Fault(status=500, times=None))
    site.inject(file_path(truncated), Fault(truncate=True, times=1))
    site.inject(f"/provider/44/{listless.provider_urn}", Fault(no_list=True, times=1))

    assert backfill(site) == 1
    first = statuses(ingest_env)
    assert first[site.file_url(broken.file_id)] == "fetch_failed"
    assert first[site.file_url(truncated.file_id)] == "unreadable"
    assert site.file_url(listless.file_id) not in first
    for recovered in (burst, limited, reset, slow):
        assert first[site.file_url(recovered.file_id)] == "loaded"
    with warehouse(ingest_env) as con:
        reasons = dict(con.execute("SELECT document_id, reason FROM documents WHERE status <> 'loaded'").fetchall())
        notes = con.execute("SELECT notes FROM runs").fetchone()
        # No partial rows: an event only for a loaded document, none for a failed one.
        orphans = con.execute(
            "SELECT count(*) FROM events e JOIN documents d USING (document_id) WHERE d.status <> 'loaded'"
        ).fetchone()
    assert "HTTP 500 after 4 attempts" in reasons[site.file_url(broken.file_id)]
    assert "no publication list" in str(notes)
    assert orphans == (0,)

    site.reset_counts()
    site._state.faults.clear()
    assert poll(site) == 0
    assert set(statuses(ingest_env).values()) == {"loaded", "not_outcome"}
    assert len(statuses(ingest_env)) == len(publications)
    # Only what failed was fetched again, plus what the listless page had hidden.
    listless_files = {file_path(p) for p in publications if p.provider_urn == listless.provider_urn}
    refetched = {path for path in site.downloads if path.startswith(FILE_PATH)}
    assert refetched <= {file_path(broken), file_path(truncated)} | listless_files
    assert {file_path(broken), file_path(truncated)} <= refetched


def test_duplicate_listings_and_a_publication_that_disappears_and_reappears(
    ingest_env: Path, site: SampleSite, publications: list[SamplePublication]
) -> None:
    target = publications[-2]
    site.inject(f"/provider/44/{target.provider_urn}", Fault(duplicate=True, times=None))
    assert backfill(site) == 0
    assert site.downloads[file_path(target)] == 1
    before = statuses(ingest_env)
    assert len(before) == len(publications)

    site.hide(target.file_id)
    assert poll(site) == 0
    assert statuses(ingest_env) == before  # gone from the listing is not gone from history
    site.show(target.file_id)
    site.reset_counts()
    assert poll(site) == 0
    assert site.file_requests() == 0 and statuses(ingest_env) == before


def test_a_search_page_that_changed_layout_is_exit_2_not_nothing_new(ingest_env: Path, site: SampleSite) -> None:
    site.inject("/search", Fault(no_list=True, times=None))
    assert poll(site) == 2
    assert site.requests["/search"] == 1  # a layout change is not retried: it would not pass next time
    with warehouse(ingest_env) as con:
        assert con.execute("SELECT flow, status FROM runs").fetchall() == [("poll", "failed")]


def test_serve_registers_poll_daily_and_digest_on_mondays_in_london(home: Path) -> None:
    from prefect.client.schemas.schedules import CronSchedule as Cron

    from flows.deployments import build_deployments

    settings = load_settings(source="https://reports.ofsted.gov.uk")
    deployments = {d.name: d for d in build_deployments(settings)}
    schedules = {
        name: [(s.schedule.cron, s.schedule.timezone) for s in d.schedules or [] if isinstance(s.schedule, Cron)]
        for name, d in deployments.items()
    }
    assert schedules["daily-poll"] == [("0 7 * * *", "Europe/London")]
    assert schedules["weekly-digest"] == [("0 8 * * 1", "Europe/London")]
    assert schedules["weekly-recheck"] == [("0 6 * * 0", "Europe/London")]  # Sundays 06:00
    assert deployments["weekly-recheck"].parameters == {**deployments["daily-poll"].parameters, "alerts": True}
    assert deployments["daily-poll"].parameters == {
        "source": "https://reports.ofsted.gov.uk",
        "home": str(home),
        "db": str(home / "ofsted-watch.duckdb"),
    }
    assert deployments["weekly-digest"].parameters == {"home": str(home), "db": str(home / "ofsted-watch.duckdb")}


def test_prefect_yaml_deploys_the_served_flows_on_the_same_schedules() -> None:
    import importlib

    import yaml

    from flows.deployments import DIGEST_CRON, POLL_CRON, RECHECK_CRON, TIMEZONE

    config = yaml.safe_load((Path(__file__).parents[1] / "prefect.yaml").read_text(encoding="utf-8"))
    deployments = {d["name"]: d for d in config["deployments"]}
    assert {name: d["schedules"] for name, d in deployments.items()} == {
        "daily-poll": [{"cron": POLL_CRON, "timezone": TIMEZONE}],
        "weekly-digest": [{"cron": DIGEST_CRON, "timezone": TIMEZONE}],
        "weekly-recheck": [{"cron": RECHECK_CRON, "timezone": TIMEZONE}],
    }
    assert deployments["weekly-recheck"]["parameters"] == {"alerts": True}  # as `serve` runs it
    for deployment in deployments.values():
        path, name = deployment["entrypoint"].split(":")
        module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
        assert callable(getattr(module, name))
        assert deployment["work_pool"]["name"] == "ofsted-watch"
