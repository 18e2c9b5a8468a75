"""A Prefect server (`prefect server start`, scheduler included) run as a child process on 127.0.0.1.

`serve` needs one: its schedules only produce runs where the server's scheduler runs, and the temporary server
Prefect starts when PREFECT_API_URL is unset runs no scheduler. The benchmarks and tests use the same class to
measure and exercise the production configuration, where Prefect's API is a service of its own.

Nothing here imports Prefect: the server is started before Prefect's settings are read in this process.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

HOST = "127.0.0.1"
# A first start creates Prefect's database: 10-30 s on a small machine.
STARTUP_TIMEOUT_SECONDS = 120.0
STOP_TIMEOUT_SECONDS = 20.0
# prctl(2): the signal the kernel sends a process when the one that started it dies.
PR_SET_PDEATHSIG = 1
# The server's settings that keep it offline and quiet; the caller's environment wins where it sets them.
SERVER_DEFAULTS = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false"}


class PrefectServerFailed(RuntimeError):
    """The server did not answer its health check; the message carries the end of its log."""


class PrefectServer:
    """`with PrefectServer(port, log) as server:` a running server at `server.api_url`, stopped on exit."""

    def __init__(self, port: int, log: Path, environment: Mapping[str, str] | None = None) -> None:
        self.port = port
        self.log = log
        self._environment = {**SERVER_DEFAULTS, **(os.environ if environment is None else environment)}
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def api_url(self) -> str:
        return f"http://{HOST}:{self.port}/api"

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def __enter__(self) -> PrefectServer:
        self.start()
        try:
            self._wait_until_healthy()
        except BaseException:
            self.stop()
            raise
        return self

    def start(self) -> None:
        """Start the server's process and return at once; `with` also waits until it answers. Call it from a
        thread that lives as long as the server: the kernel stops the server when that thread ends."""
        # Otherwise a server already there would answer the health check for one that failed to start.
        if not _port_free(self.port):
            raise PrefectServerFailed(
                f"port {self.port} on {HOST} is in use: point PREFECT_API_URL at the Prefect server there, "
                "or choose a free port"
            )
        self.log.parent.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "prefect", "server", "start", "--host", HOST, "--port", str(self.port)]
        with self.log.open("ab") as log:
            self._process = subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=self._environment,
                preexec_fn=_stop_when_parent_dies,
            )

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    def stop(self) -> None:
        """SIGTERM (the server shuts its services down), then SIGKILL if it has not gone in 20 s."""
        if self._process is None or self._process.poll() is not None:
            return
        self._process.terminate()
        try:
            self._process.wait(STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def _wait_until_healthy(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise PrefectServerFailed(f"the Prefect server exited with {self._process.returncode}: {self._tail()}")
            if healthy(self.api_url):
                return
            time.sleep(0.2)
        raise PrefectServerFailed(
            f"no answer from the Prefect server at {self.api_url} in {STARTUP_TIMEOUT_SECONDS:.0f} s: {self._tail()}"
        )

    def _tail(self) -> str:
        lines = self.log.read_text(errors="replace").splitlines()
        return "\n".join(lines[-15:]) or f"nothing in {self.log}"


def _stop_when_parent_dies() -> None:
    """In the server's process before it starts (Linux): if `serve` is killed outright (SIGKILL, the OOM killer),
    the kernel stops the server too, rather than leave it holding the port the next `serve` needs."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def healthy(api_url: str) -> bool:
    """Whether the Prefect API at `api_url` answers its health check."""
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will: TIME_WAIT is free
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def free_port() -> int:
    """A port nothing listens on now, for a server of the benchmarks or the tests."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])
