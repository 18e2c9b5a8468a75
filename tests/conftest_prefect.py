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

import pytest

_PREFECT_HOME = tempfile.mkdtemp(prefix="ofsted-watch-prefect-")
# Removed at exit, whether or not a test used the harness.
atexit.register(shutil.rmtree, _PREFECT_HOME, ignore_errors=True)
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "120"
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


# The harness's API address while it runs. CLI subprocesses started by a test that uses the harness are pointed
# at it (pipeline_helpers.cli_environment), so none starts Prefect's temporary server of its own: ~10 s each.
harness_api_url: str | None = None


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """A temporary Prefect API server and database, started once for the whole session."""
    global harness_api_url
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        harness_api_url = PREFECT_API_URL.value()
        yield
    harness_api_url = None
