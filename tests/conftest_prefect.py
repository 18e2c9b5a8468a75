"""A pytest plugin: one Prefect API server for the test run, for the tests that run flows through Prefect's engine.

Run on xdist workers (`make test`), the controller starts one Prefect server that every worker reports to;
run in one process, the session starts Prefect's test harness. Prefect reads its settings when first imported,
so PREFECT_HOME (results, storage) points at a temporary directory from the moment this plugin loads, before
any test module imports a flow.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from flows.prefect_server import STARTUP_TIMEOUT_SECONDS, PrefectServer, free_port, healthy

_PREFECT_HOME = tempfile.mkdtemp(prefix="ofsted-watch-prefect-")
# Removed at exit, whether or not a test used the harness.
atexit.register(shutil.rmtree, _PREFECT_HOME, ignore_errors=True)
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "120"
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

# The harness server's background services that no test's flow uses. Left on, the task run recorder and the
# event persister turn every task run's events into rows: a third of the flow tests' CPU, on a 2-core machine
# whose tests are CPU-bound. Only the harness's server and the benchmark test's servers go without them: a `serve`
# test's server (whose scheduler plans runs) and the other commands' temporary servers keep Prefect's defaults.
UNUSED_SERVER_SERVICES = (
    "cancellation_cleanup",
    "event_logger",
    "event_persister",
    "foreman",
    "late_runs",
    "pause_expirations",
    "scheduler",
    "task_run_recorder",
    "triggers",
)


SERVICES_OFF = {f"PREFECT_SERVER_SERVICES_{name.upper()}_ENABLED": "false" for name in UNUSED_SERVER_SERVICES}
# The controller's server, for its workers: its API address and its log.
SHARED_API_ENV, SHARED_LOG_ENV = "OFSTED_WATCH_TEST_PREFECT_API", "OFSTED_WATCH_TEST_PREFECT_LOG"
_SHARED_SERVER = pytest.StashKey[PrefectServer]()


def without_unused_services(patch: pytest.MonkeyPatch) -> None:
    """Prefect servers started while `patch` is in force run without UNUSED_SERVER_SERVICES."""
    for name, value in SERVICES_OFF.items():
        patch.setenv(name, value)


def pytest_configure(config: pytest.Config) -> None:
    """In the controller of xdist workers: one Prefect server for every worker (each harness server of its own
    cost 17-23 CPU-s and 10 s of its worker's time). Started here, not waited for: the workers start meanwhile,
    and wait for it where a test first needs it. The workers inherit its address from the environment."""
    if not getattr(config.option, "numprocesses", None) or hasattr(config, "workerinput"):
        return
    server = PrefectServer(free_port(), Path(_PREFECT_HOME) / "server.log", {**os.environ, **SERVICES_OFF})
    server.start()
    config.stash[_SHARED_SERVER] = server
    os.environ[SHARED_API_ENV], os.environ[SHARED_LOG_ENV] = server.api_url, str(server.log)


def pytest_unconfigure(config: pytest.Config) -> None:
    if _SHARED_SERVER in config.stash:
        config.stash[_SHARED_SERVER].stop()


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """A Prefect API server for the whole session: the controller's, else a temporary one with its database."""
    shared = os.environ.get(SHARED_API_ENV)
    if shared:
        yield from _reporting_to(shared)
        return
    from prefect.testing.utilities import prefect_test_harness

    with ExitStack() as harness:
        # The server reads them as it starts; the tests' own processes keep the defaults.
        with pytest.MonkeyPatch.context() as patch:
            without_unused_services(patch)
            harness.enter_context(prefect_test_harness(server_startup_timeout=120))
        yield


def _reporting_to(api_url: str) -> Iterator[None]:
    """Flows run in this process report to the server at `api_url`, once it answers."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while not healthy(api_url):
        if time.monotonic() > deadline:
            log = Path(os.environ.get(SHARED_LOG_ENV, ""))
            tail = log.read_text(errors="replace")[-3000:] if log.is_file() else "no log"
            pytest.fail(f"the test run's Prefect server at {api_url} did not answer: {tail}")
        time.sleep(0.2)
    with temporary_settings({PREFECT_API_URL: api_url}):
        yield


@pytest.fixture(scope="session")
def prefect_api(prefect_harness: None) -> str:
    """The harness's API address, for CLI subprocesses to report to (`start_cli(..., prefect_api=...)`), as a
    deployment's commands report to one server: none starts Prefect's temporary server of its own (~10 s each)."""
    from prefect.settings import PREFECT_API_URL

    return str(PREFECT_API_URL.value())
