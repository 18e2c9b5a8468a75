"""Serve a built site on 127.0.0.1: `ofsted-watch site --serve`, the preview and the browser tests.

A plain static file server (the site needs nothing else); it listens on the loopback address only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from common.background_server import BackgroundServer

HOST = "127.0.0.1"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def site_server(folder: Path, port: int = 0, quiet: bool = True) -> ThreadingHTTPServer:
    """A server of the folder on 127.0.0.1 (port 0: any free port); the caller runs and closes it."""
    handler = partial(_QuietHandler if quiet else SimpleHTTPRequestHandler, directory=str(folder))
    return ThreadingHTTPServer((HOST, port), handler)


def url_of(server: ThreadingHTTPServer) -> str:
    return f"http://{HOST}:{server.server_address[1]}/"


@contextmanager
def serving(folder: Path, port: int = 0) -> Iterator[str]:
    """Serve the folder in a background thread for the block; yields its address."""
    with BackgroundServer(site_server(folder, port), "site") as running:
        yield running.address + "/"
