"""Polite HTTP fetching from the reports site: one session, timeouts, retries, a rate limit, an allow-list.

Every body goes into the raw store; conditional requests (ETag / Last-Modified) let an unchanged page or file
answer 304 and be read back from the store. Bytes are checked, not links: an HTML page under a PDF link is
reported as HTML.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

from common import USER_AGENT
from common.config import Settings
from common.record import Record
from tasks.read_text import sniff_format
from tasks.store import RawStore, UrlNote

FILES_HOST = "files.ofsted.gov.uk"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_ATTEMPTS = 4
BACKOFF_SECONDS = 0.5
# A server asking us to wait longer than this is treated as a failure for this run; the next run retries.
MAX_RETRY_AFTER_SECONDS = 120.0
MAX_REDIRECTS = 5
CHUNK_BYTES = 64 * 1024


class FetchError(Exception):
    """A URL could not be fetched; the message is the reason recorded against it."""


class FetchRefused(FetchError):
    """A URL refused by policy (a host off the allow-list, a file over the size cap): retrying cannot help."""


@dataclass(frozen=True)
class Fetched:
    url: str
    sha256: str
    size: int
    format: str
    fetched_at: datetime
    # True when the server answered 304 and the body came from the raw store.
    not_modified: bool


class RateLimiter:
    """At most `per_second` request starts per second across threads."""

    def __init__(self, per_second: float) -> None:
        self._interval = 1.0 / per_second if per_second > 0 else 0.0
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self._interval
        time.sleep(max(0.0, start - now))


class HttpClient:
    """The only way ofsted-watch talks to the network."""

    def __init__(
        self, settings: Settings, store: RawStore | None = None, backoff_seconds: float = BACKOFF_SECONDS
    ) -> None:
        self.settings = settings
        self.backoff_seconds = backoff_seconds
        self.store = store or RawStore(settings.raw_dir)
        self.allowed_hosts = frozenset({_host(settings.source), FILES_HOST})
        self._limiter = RateLimiter(settings.max_rps)
        self._session = requests.Session()
        self._session.headers["User-Agent"] = USER_AGENT
        self._session_lock = threading.Lock()
        self.waited_seconds = 0.0

    def fetch(self, url: str, conditional: bool = True) -> Fetched:
        """GET a URL into the raw store (retried, capped, conditional); raise FetchError with the reason."""
        note = self.store.note(url) if conditional else None
        response, data = self._get_with_retries(url, note)
        if response.status_code == 304:
            if note is None:
                raise FetchError(f"{url}: HTTP 304 to a request that was not conditional")
            data = self.store.get(note.sha256)
            return Fetched(url, note.sha256, len(data), sniff_format(data), datetime.now(UTC), not_modified=True)
        sha256 = self.store.put(data)
        self.store.remember(UrlNote(url, sha256, response.headers.get("ETag"), response.headers.get("Last-Modified")))
        return Fetched(url, sha256, len(data), sniff_format(data), datetime.now(UTC), not_modified=False)

    def read_text(self, url: str) -> str:
        """A page's HTML (conditionally requested, so an unchanged page costs a 304)."""
        fetched = self.fetch(url)
        return self.store.get(fetched.sha256).decode("utf-8", errors="replace")

    def close(self) -> None:
        self._session.close()

    def _get_with_retries(self, url: str, note: UrlNote | None) -> tuple[requests.Response, bytes]:
        failure = ""
        for attempt in range(MAX_ATTEMPTS):
            try:
                response, data = self._get_following_redirects(url, note)
            except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as error:
                failure = f"{type(error).__name__}: {_short(error)}"
                delay = self.backoff_seconds * 2**attempt
            else:
                if response.status_code not in RETRY_STATUSES:
                    return response, data
                failure = f"HTTP {response.status_code}"
                delay = _retry_after(response) or self.backoff_seconds * 2**attempt
                if delay > MAX_RETRY_AFTER_SECONDS:
                    raise FetchError(f"{url}: HTTP {response.status_code}, server asks to wait {delay:.0f} s")
            if attempt + 1 < MAX_ATTEMPTS:
                self.waited_seconds += delay
                time.sleep(delay)
        raise FetchError(f"{url}: {failure} after {MAX_ATTEMPTS} attempts")

    def _get_following_redirects(self, url: str, note: UrlNote | None) -> tuple[requests.Response, bytes]:
        for _ in range(MAX_REDIRECTS + 1):
            self._check_allowed(url)
            response, data = self._get_once(url, note)
            if not response.is_redirect:
                if response.status_code not in (200, 304, *RETRY_STATUSES):
                    raise FetchError(f"{url}: HTTP {response.status_code}")
                return response, data
            url = urljoin(url, response.headers["Location"])
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")

    def _get_once(self, url: str, note: UrlNote | None) -> tuple[requests.Response, bytes]:
        headers = _conditional_headers(note)
        self._limiter.wait()
        timeout = (min(10.0, self.settings.timeout_seconds), self.settings.timeout_seconds)
        # requests' Session is not documented as thread-safe: one request at a time through it.
        with (
            self._session_lock,
            self._session.get(url, headers=headers, timeout=timeout, stream=True, allow_redirects=False) as response,
        ):
            return response, self._read_capped(url, response)

    def _read_capped(self, url: str, response: requests.Response) -> bytes:
        cap = self.settings.max_download_bytes
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > cap:
            raise FetchRefused(f"{url}: {declared} bytes, over the download cap of {cap}")
        body = bytearray()
        for chunk in response.iter_content(CHUNK_BYTES):
            body += chunk
            if len(body) > cap:
                raise FetchRefused(f"{url}: over the download cap of {cap} bytes")
        return bytes(body)

    def _check_allowed(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.hostname not in self.allowed_hosts:
            raise FetchRefused(f"{url}: host not allowed (allowed: {', '.join(sorted(self.allowed_hosts))})")


@cache
def client_for(settings: Settings) -> HttpClient:
    """One client (one session, one rate limiter) per process and settings, shared by every task."""
    return HttpClient(settings)


def read_local(path: Path, store: RawStore, max_bytes: int) -> Fetched:
    """A file from a folder source, into the raw store like a download."""
    size = path.stat().st_size
    if size > max_bytes:
        raise FetchRefused(f"{path}: {size} bytes, over the size cap of {max_bytes}")
    data = path.read_bytes()
    return Fetched(str(path), store.put(data), len(data), sniff_format(data), datetime.now(UTC), False)


def _conditional_headers(note: UrlNote | None) -> dict[str, str]:
    if note is None:
        return {}
    headers = {}
    if note.etag:
        headers["If-None-Match"] = note.etag
    if note.last_modified:
        headers["If-Modified-Since"] = note.last_modified
    return headers


def _retry_after(response: requests.Response) -> float | None:
    """Retry-After as seconds: either a number or an HTTP date."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


def _host(url: str) -> str:
    return urlsplit(url).hostname or ""


def _short(error: Exception) -> str:
    return str(error).splitlines()[0][:200] if str(error) else "no detail"


def page_count(data: bytes) -> int | None:
    """Pages of a PDF (opening it reads no text, so this is cheap); None for other formats or a broken PDF.

    Not thread-safe (pdfium): call it where extraction runs.
    """
    if sniff_format(data) != "pdf":
        return None
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return None
    try:
        return len(pdf)
    finally:
        pdf.close()


def unreadable_reason(record: Record) -> str | None:
    """Why no text could be read from the document, if so: extraction reports it as a `document:` warning.

    Such a document is recorded as unreadable (a failure, tried again by the next run: a truncated download
    is usually whole the second time), not as a document that is no Ofsted outcome.
    """
    if record.kind != "unknown":
        return None
    return next((w.removeprefix("document: ") for w in record.warnings if w.startswith("document: ")), None)
