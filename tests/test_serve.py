"""`ofsted-watch serve` for real: its own Prefect server (scheduler included), the three schedules turned into
scheduled runs by that scheduler, a run of the poll deployment executed by the served process against the
sample site, and the server gone when `serve` stops.

One test: the Prefect server's first start (creating its database) dominates, so the checks share it.
"""

from __future__ import annotations

import json
import signal
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date, datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pipeline_helpers import start_cli, statuses, wait_for

from flows.prefect_server import free_port
from samples.councils import SAMPLE_REFERENCE_CSV
from samples.site import SampleSite
from samples.timeline import SamplePublication, demo_publications

pytestmark = [pytest.mark.integration]

LONDON = ZoneInfo("Europe/London")


# Prefect's server answers 503 when its database is busy (SQLite locked by the scheduler's writes, on a loaded
# machine); the request's transaction was rolled back, and Prefect's own client tries again, as this one does.
BUSY_ATTEMPTS = 5
BUSY_PAUSE_SECONDS = 0.5


class PrefectApi:
    """Prefect's REST API over plain HTTP: what an operator's script or the UI would see."""

    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}/api"

    def call(self, path: str, body: dict[str, Any] | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.base}{path}", data=data, headers={"Content-Type": "application/json"})
        for attempt in range(1, BUSY_ATTEMPTS):
            try:
                return _answer(request)
            except urllib.error.HTTPError as error:
                if error.code != HTTPStatus.SERVICE_UNAVAILABLE:
                    raise
            time.sleep(BUSY_PAUSE_SECONDS * attempt)
        return _answer(request)

    def deployments(self) -> dict[str, dict[str, Any]]:
        return {d["name"]: d for d in self.call("/deployments/filter", {})}

    def runs_of(self, deployment_id: str) -> list[dict[str, Any]]:
        return list(self.call("/flow_runs/filter", {"flow_runs": {"deployment_id": {"any_": [deployment_id]}}}))


@pytest.fixture()
def publications() -> list[SamplePublication]:
    return demo_publications(date(2026, 11, 23))


@pytest.fixture()
def site(publications: list[SamplePublication]) -> Iterator[SampleSite]:
    with SampleSite(publications) as running:
        yield running


def test_serve_starts_a_prefect_server_whose_scheduler_plans_runs_and_runs_a_poll(
    home: Path, tmp_path: Path, site: SampleSite, publications: list[SamplePublication]
) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    process = start_cli(
        "serve",
        home=home,
        log=log,
        PREFECT_HOME=str(tmp_path / "prefect"),
        OFSTED_WATCH_PREFECT_PORT=str(port),
        OFSTED_WATCH_SOURCE=site.url,
        OFSTED_WATCH_LA_REFERENCE=str(SAMPLE_REFERENCE_CSV),
        OFSTED_WATCH_MAX_RPS="100",
        # The served process asks for runs to execute every second (Prefect's default: 10 s), so the "run now"
        # below starts at once.
        PREFECT_RUNNER_POLL_FREQUENCY="1",
    )
    api = PrefectApi(port)
    try:
        deployments = wait_for("the deployments", lambda: _when(api.deployments(), size=3), process, log)
        assert set(deployments) == {"daily-poll", "weekly-digest", "weekly-recheck"}
        poll_id, digest_id = deployments["daily-poll"]["id"], deployments["weekly-digest"]["id"]
        recheck_id = deployments["weekly-recheck"]["id"]
        assert deployments["weekly-recheck"]["parameters"]["alerts"] is True

        # The scheduler (absent from Prefect's temporary server) turns each schedule into scheduled runs.
        poll_runs = wait_for("scheduled polls", lambda: api.runs_of(poll_id), process, log)
        digest_runs = wait_for("scheduled digests", lambda: api.runs_of(digest_id), process, log)
        recheck_runs = wait_for("scheduled re-checks", lambda: api.runs_of(recheck_id), process, log)
        poll_starts = [_london(run["expected_start_time"]) for run in poll_runs]
        digest_starts = [_london(run["expected_start_time"]) for run in digest_runs]
        recheck_starts = [_london(run["expected_start_time"]) for run in recheck_runs]
        assert {(s.hour, s.minute) for s in poll_starts} == {(7, 0)}
        assert len({s.date() for s in poll_starts}) == len(poll_starts)  # one a day
        assert {(s.weekday(), s.hour, s.minute) for s in digest_starts} == {(0, 8, 0)}  # Mondays 08:00
        assert {(s.weekday(), s.hour, s.minute) for s in recheck_starts} == {(6, 6, 0)}  # Sundays 06:00
        assert {run["state"]["type"] for run in poll_runs + digest_runs + recheck_runs} == {"SCHEDULED"}

        # An operator's "run now" (`prefect deployment run poll/daily-poll`): the served process executes it.
        run = api.call(f"/deployments/{poll_id}/create_flow_run", {})
        finished = wait_for("the poll run to end", lambda: _ended(api.call(f"/flow_runs/{run['id']}")), process, log)
        assert finished["state"]["type"] == "COMPLETED", log.read_text()[-3000:]
        assert set(statuses(home)) == {site.file_url(p.file_id) for p in publications}
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(60)
    assert process.returncode == 0, log.read_text()[-3000:]
    assert not _listening(port)  # the server went down with serve


def _answer(request: urllib.request.Request) -> Any:
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def _when(found: dict[str, Any], size: int) -> dict[str, Any] | None:
    return found if len(found) == size else None


def _ended(flow_run: dict[str, Any]) -> dict[str, Any] | None:
    return flow_run if flow_run["state"]["type"] in ("COMPLETED", "FAILED", "CRASHED") else None


def _london(timestamp: str) -> datetime:
    return datetime.fromisoformat(timestamp.replace("Z", "+00:00")).astimezone(LONDON)


def test_serve_refuses_a_port_already_in_use_rather_than_share_another_server(home: Path, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = start_cli("serve", home=home, log=tmp_path / "serve.log", OFSTED_WATCH_PREFECT_PORT=str(port))
        assert process.wait(120) == 2
    output = (tmp_path / "serve.log").read_text()
    assert f"serve: port {port} on 127.0.0.1 is in use: point PREFECT_API_URL at the Prefect server there" in output
    assert not (home / "logs" / "prefect-server.log").exists()  # no server was started


def test_the_server_stops_when_serve_is_killed_outright(home: Path, tmp_path: Path) -> None:
    """SIGKILL gives `serve` no chance to stop its server: the kernel does (the OOM killer must not leave the
    port taken for the `serve` a supervisor restarts)."""
    port, log = free_port(), tmp_path / "serve.log"
    process = start_cli(
        "serve", home=home, log=log, PREFECT_HOME=str(tmp_path / "prefect"), OFSTED_WATCH_PREFECT_PORT=str(port)
    )
    api = PrefectApi(port)
    wait_for("the deployments", lambda: _when(api.deployments(), size=3), process, log)
    process.kill()  # serve alone, not its process group
    process.wait()
    deadline = time.monotonic() + 30
    while _listening(port) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _listening(port), "the Prefect server outlived serve"


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0
