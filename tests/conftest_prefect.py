"""A pytest plugin: one Prefect test harness per session, for the tests that run flows through Prefect's engine.

Prefect reads its settings when first imported, so PREFECT_HOME (results, storage) points at a temporary
directory from the moment this plugin loads, before any test module imports a flow.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack

import pytest

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


def without_unused_services(patch: pytest.MonkeyPatch) -> None:
    """Prefect servers started while `patch` is in force run without UNUSED_SERVER_SERVICES."""
    for name in UNUSED_SERVER_SERVICES:
        patch.setenv(f"PREFECT_SERVER_SERVICES_{name.upper()}_ENABLED", "false")


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """A temporary Prefect API server and database, started once for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    with ExitStack() as harness:
        # The server reads them as it starts; the tests' own processes keep the defaults.
        with pytest.MonkeyPatch.context() as patch:
            without_unused_services(patch)
            harness.enter_context(prefect_test_harness(server_startup_timeout=120))
        yield


@pytest.fixture(scope="session")
def prefect_api(prefect_harness: None) -> str:
    """The harness's API address, for CLI subprocesses to report to (`start_cli(..., prefect_api=...)`), as a
    deployment's commands report to one server: none starts Prefect's temporary server of its own (~10 s each)."""
    from prefect.settings import PREFECT_API_URL

    return str(PREFECT_API_URL.value())
