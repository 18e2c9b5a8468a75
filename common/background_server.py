"""An HTTP server on 127.0.0.1 answering from a daemon thread while a `with` block runs: the site's preview, the
sample chat webhook and the tests' proxies are each one of these."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer
from types import TracebackType
from typing import Self

# How often serve_forever looks for a request to stop: leaving the block waits up to this long (the standard
# library's 0.5 s, paid by every command and test that stops a server).
STOP_POLL_SECONDS = 0.05


class BackgroundServer:
    """`with BackgroundServer(server, name) as running:` the server answers until the block ends (or from `start`
    to `stop`); then it stops, its socket is closed and its thread has finished, so the port is free again."""

    def __init__(self, server: ThreadingHTTPServer, name: str) -> None:
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": STOP_POLL_SECONDS}, name=name, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def address(self) -> str:
        """`http://host:port`, no trailing slash."""
        return f"http://{self._server.server_address[0]!s}:{self.port}"

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()
