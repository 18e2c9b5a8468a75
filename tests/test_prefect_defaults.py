"""The Prefect settings a command starts Prefect with: each case in a fresh interpreter, since Prefect reads its
settings once, at import."""

import os
import subprocess
import sys

import pytest

RESOLVED_SERVER_LOGGING_LEVEL = """
import sys
from ofsted_watch.commands.ingest import prepare_prefect
prepare_prefect(temporary_server=sys.argv[1] == "temporary")
from prefect.settings import get_current_settings
print(get_current_settings().server.logging_level)
"""


def server_logging_level(mode: str, **environment: str) -> str:
    clean = {name: value for name, value in os.environ.items() if not name.startswith("PREFECT_SERVER_LOGGING")}
    result = subprocess.run(
        [sys.executable, "-c", RESOLVED_SERVER_LOGGING_LEVEL, mode],
        env={**clean, **environment},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_a_commands_temporary_server_shows_only_critical_errors() -> None:
    assert server_logging_level("temporary") == "CRITICAL"


def test_serves_long_lived_server_keeps_prefects_level_for_its_log() -> None:
    assert server_logging_level("serve") == "WARNING"


@pytest.mark.parametrize("mode", ["temporary", "serve"])
def test_the_users_own_level_wins(mode: str) -> None:
    assert server_logging_level(mode, PREFECT_SERVER_LOGGING_LEVEL="DEBUG") == "DEBUG"
