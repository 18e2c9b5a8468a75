"""A chat webhook on 127.0.0.1 that keeps what Apprise's `json://` posts to it, for the alert tests and benchmark.

Apprise's json:// service POSTs `{"version", "title", "message", "attachments", "type"}` to the URL's path.
`Webhook` answers 200, or the status set in `fail_with` (once per failure in `failures`), as a broken receiver
would; it records each post with its arrival time (`time.time()`, to compare with other processes' clocks) and
headers.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from common.background_server import BackgroundServer


@dataclass(frozen=True)
class Post:
    path: str
    body: dict[str, Any]
    headers: dict[str, str]
    arrived: float  # time.time(), seconds since the epoch
    answered: int  # the status the webhook answered


@dataclass
class _State:
    posts: list[Post] = field(default_factory=list)
    failures: int = 0
    fail_with: int = 500


class Webhook(BackgroundServer):
    """A real HTTP server on an ephemeral port; `url(path)` is the json:// URL Apprise posts to."""

    def __init__(self) -> None:
        self._state = _State()
        self._lock = threading.Lock()
        self._arrival = threading.Condition(self._lock)
        super().__init__(ThreadingHTTPServer(("127.0.0.1", 0), self._handler()), "webhook")

    def url(self, path: str = "hook", credentials: str = "") -> str:
        return f"json://{credentials}127.0.0.1:{self.port}/{path}"

    def fail(self, times: int, status: int = 500) -> None:
        """Answer the next `times` posts with `status`."""
        with self._lock:
            self._state.failures, self._state.fail_with = times, status

    @property
    def posts(self) -> list[Post]:
        """Every post, failed ones included."""
        with self._lock:
            return list(self._state.posts)

    @property
    def delivered(self) -> list[Post]:
        """The posts answered 200: the messages delivered."""
        return [post for post in self.posts if post.answered == 200]

    def wait_for(self, count: int, timeout: float) -> list[Post]:
        """Block until `count` posts have arrived (or the timeout passes); the posts so far."""
        deadline = time.monotonic() + timeout
        with self._arrival:
            while len(self._state.posts) < count and time.monotonic() < deadline:
                self._arrival.wait(deadline - time.monotonic())
            return list(self._state.posts)

    def _receive(self, path: str, body: bytes, headers: dict[str, str]) -> int:
        with self._arrival:
            status = 200
            if self._state.failures:
                self._state.failures -= 1
                status = self._state.fail_with
            self._state.posts.append(Post(path, json.loads(body or b"{}"), headers, time.time(), status))
            self._arrival.notify_all()
            return status

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        webhook = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status = webhook._receive(self.path, body, dict(self.headers.items()))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                """Quiet."""

        return Handler
