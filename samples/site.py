"""A sample reports site on 127.0.0.1 with the real site's layout, for tests and the offline demo.

It serves the LA children's services search (paged by `start`/`rows`), provider pages (publication links with
their `span.nonvisual` label, paged by `ul.pagination li.next a`) and the files under `/v1/file/<id>` (the real
site serves them from files.ofsted.gov.uk). It counts requests per path and takes faults to inject:

    with SampleSite(publications) as site:
        site.inject("/v1/file/1001", Fault(status=503, times=2))
        ...  # point OFSTED_WATCH_SOURCE at site.url
        assert site.downloads["/v1/file/1001"] == 1
"""

from __future__ import annotations

import hashlib
import html
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Protocol
from urllib.parse import parse_qs, urlencode, urlsplit

from common.background_server import BackgroundServer
from tasks.discover import SEARCH_PATH, SEARCH_QUERY

PROVIDER_PATH = "/provider/44/"
FILE_PATH = "/v1/file/"


class Listed(Protocol):
    """What the site needs of a publication: `SitePublication` here, or the demo timeline's `SamplePublication`."""

    @property
    def file_id(self) -> str: ...
    @property
    def provider_urn(self) -> str: ...
    @property
    def provider_name(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def published(self) -> date: ...
    @property
    def content(self) -> bytes: ...


@dataclass(frozen=True)
class SitePublication:
    """One publication as the site lists it, with its file's bytes."""

    file_id: str
    provider_urn: str
    provider_name: str
    label: str
    published: date
    content: bytes


def one_page_publication(
    file_id: str, provider_urn: str, published: date, text: str = "", provider_name: str | None = None
) -> SitePublication:
    """A publication whose file is a one-page PDF: enough for tests of discovery and fetching."""
    from samples.pdf import write_pdf

    return SitePublication(
        file_id=file_id,
        provider_urn=provider_urn,
        provider_name=provider_name or f"Council {provider_urn}",
        label="Children's services inspection",
        published=published,
        content=write_pdf([[text or f"Publication {file_id}"]]),
    )


@dataclass(frozen=True)
class FilePublication:
    """A publication whose file is read from disk when requested: a folder served as a site, memory-light."""

    file_id: str
    provider_urn: str
    provider_name: str
    label: str
    published: date
    path: Path

    @property
    def content(self) -> bytes:
        return self.path.read_bytes()


def folder_publications(root: Path) -> list[FilePublication]:
    """A folder in the corpus layout (`<URN>_<name>/<label> - <dd month yyyy>.pdf`) as publications to serve.

    Files without a URN folder or a dated name are left out: the site lists neither.
    """
    from common.authorities import authority_index
    from tasks.discover import discover_folder

    found = []
    for number, publication in enumerate(discover_folder(root).publications, start=1):
        if publication.provider_urn is None or publication.published is None:
            continue
        la = authority_index().by_urn.get(publication.provider_urn)
        found.append(
            FilePublication(
                file_id=str(number),
                provider_urn=publication.provider_urn,
                provider_name=la.name if la else publication.provider_name or publication.provider_urn,
                label=publication.label[:1].upper() + publication.label[1:],
                published=publication.published,
                path=Path(publication.location),
            )
        )
    return found


@dataclass
class Fault:
    """A misbehaviour for the next `times` requests to a path (None: every request).

    One of: `status` (with `retry_after` seconds for 429/503), `delay` seconds before answering, `reset` (close
    the connection halfway through the body), `truncate` (serve the first half of the file as if whole),
    `no_list` (a search page without providers, a provider page without its publication list), `duplicate`
    (every listing twice), `redirect` (answer 302 to that URL).
    """

    status: int | None = None
    redirect: str | None = None
    retry_after: int | None = None
    delay: float = 0.0
    reset: bool = False
    truncate: bool = False
    no_list: bool = False
    duplicate: bool = False
    times: int | None = 1


@dataclass
class _State:
    publications: dict[str, Listed] = field(default_factory=dict)
    # Bytes served instead of a publication's own content: a report replaced at the same URL.
    replaced: dict[str, bytes] = field(default_factory=dict)
    hidden: set[str] = field(default_factory=set)
    faults: dict[str, list[Fault]] = field(default_factory=dict)
    modified: dict[str, datetime] = field(default_factory=dict)


class SampleSite:
    def __init__(
        self,
        publications: Iterable[Listed] = (),
        search_rows: int = 100,
        provider_rows: int = 10,
    ) -> None:
        self.search_rows = search_rows
        self.provider_rows = provider_rows
        self.requests: Counter[str] = Counter()
        # File bodies served in full (200), per path: what a client really downloaded.
        self.downloads: Counter[str] = Counter()
        self.user_agents: set[str] = set()
        self._state = _State()
        self._lock = threading.Lock()
        self._server: BackgroundServer | None = None
        self.add(*publications)

    # --- content ---

    def add(self, *publications: Listed) -> None:
        with self._lock:
            for publication in publications:
                self._state.publications[publication.file_id] = publication
                self._state.replaced.pop(publication.file_id, None)
                self._state.modified[publication.file_id] = _now()
                self._state.hidden.discard(publication.file_id)

    def hide(self, file_id: str) -> None:
        """The publication disappears from its provider page (and its file answers 404) until `show`."""
        with self._lock:
            self._state.hidden.add(file_id)

    def show(self, file_id: str) -> None:
        with self._lock:
            self._state.hidden.discard(file_id)

    def replace_content(self, file_id: str, content: bytes) -> None:
        """New bytes at the same URL, as when Ofsted republishes a corrected report under the same id."""
        with self._lock:
            self._state.replaced[file_id] = content
            self._state.modified[file_id] = _now()

    def inject(self, path: str, fault: Fault) -> None:
        with self._lock:
            self._state.faults.setdefault(path, []).append(fault)

    def file_url(self, file_id: str) -> str:
        return f"{self.url}{FILE_PATH}{file_id}"

    def file_requests(self) -> int:
        return sum(count for path, count in self.requests.items() if path.startswith(FILE_PATH))

    def reset_counts(self) -> None:
        self.requests.clear()
        self.downloads.clear()

    # --- serving ---

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the sample site is not running; use it as a context manager or call start()")
        return self._server.address

    def start(self) -> SampleSite:
        self._server = BackgroundServer(_QuietServer(("127.0.0.1", 0), _handler_for(self)), "sample-site").start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def __enter__(self) -> SampleSite:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    # --- what the handler asks for ---

    def _take_fault(self, path: str, user_agent: str) -> Fault | None:
        with self._lock:
            self.requests[path] += 1
            self.user_agents.add(user_agent)
            faults = self._state.faults.get(path, [])
            if not faults:
                return None
            fault = faults[0]
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    faults.pop(0)
            return fault

    def _visible(self) -> list[Listed]:
        with self._lock:
            return [p for p in self._state.publications.values() if p.file_id not in self._state.hidden]

    def _file(self, file_id: str) -> tuple[bytes, datetime] | None:
        with self._lock:
            if file_id in self._state.hidden or file_id not in self._state.publications:
                return None
            content = self._state.replaced.get(file_id) or self._state.publications[file_id].content
            return content, self._state.modified[file_id]


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hung up (a timeout, a refused download) is no server error: say nothing."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


# --- Pages, in the real site's markup ---


def _page(title: str, body: str) -> bytes:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">'
        f"<title>{html.escape(title)} - Ofsted</title></head>\n"
        f'<body>\n<main id="main-content" class="main-content">\n{body}\n</main>\n</body>\n</html>\n'
    ).encode()


def _pagination(next_href: str | None) -> str:
    if next_href is None:
        return ""
    return f'<ul class="pagination"><li class="next"><a href="{html.escape(next_href)}">Next page</a></li></ul>'


def search_page(site: SampleSite, start: int, rows: int, fault: Fault | None) -> bytes:
    providers = sorted({(p.provider_name, p.provider_urn) for p in site._visible()})
    shown = [] if fault and fault.no_list else providers[start : start + rows]
    items = "\n".join(
        '<li class="search-result"><h3 class="search-result__title heading--sub">'
        f'<a href="{PROVIDER_PATH}{urn}">{html.escape(name)}</a></h3>'
        '<ul class="search-result__provider-info"><li>Local authority children\'s services</li>'
        f"<li>URN: {urn}</li></ul></li>"
        for name, urn in shown
    )
    more = start + rows < len(providers)
    next_href = f"{SEARCH_PATH}?{urlencode({**SEARCH_QUERY, 'start': start + rows, 'rows': rows})}"
    body = (
        "<h1>Find an inspection report</h1>"
        f'<p class="search-result__count">{len(providers)} results</p>\n'
        f'<ul class="results-list list-unstyled">\n{items}\n</ul>\n{_pagination(next_href if more else None)}'
    )
    return _page("Search results", body)


def provider_page(site: SampleSite, urn: str, page: int, fault: Fault | None) -> bytes | None:
    listed = sorted(
        (p for p in site._visible() if p.provider_urn == urn),
        key=lambda p: (p.published, p.file_id),
        reverse=True,
    )
    if not listed:
        return None
    shown = listed[page * site.provider_rows : (page + 1) * site.provider_rows]
    if fault and fault.duplicate:
        shown = [p for p in shown for _ in (1, 2)]
    items = "" if fault and fault.no_list else "\n".join(_publication_item(site, p) for p in shown)
    more = (page + 1) * site.provider_rows < len(listed)
    name = html.escape(listed[0].provider_name)
    body = (
        f'<h1 class="heading--title">{name}</h1><p class="provider-urn">URN: {urn}</p>\n'
        "<p>Local authority children's services</p>\n"
        f'<div class="publications"><h2>Reports</h2>\n<ul class="list-unstyled">\n{items}\n</ul>\n'
        f"{_pagination(f'{PROVIDER_PATH}{urn}?page={page + 1}' if more else None)}</div>"
    )
    return _page(listed[0].provider_name, body)


def _publication_item(site: SampleSite, publication: Listed) -> str:
    day = f"{publication.published.day} {publication.published:%B %Y}"
    label = html.escape(publication.label)
    return (
        f'<li class="publication-item"><a class="publication-link" href="{site.file_url(publication.file_id)}">'
        f'<span class="nonvisual">{label} - {day}, pdf</span><span aria-hidden="true">{label}</span></a> '
        f'<time datetime="{publication.published.isoformat()}">{day}</time></li>'
    )


def _handler_for(site: SampleSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in separate writes: with Nagle's algorithm on, each answer waits ~40 ms for
        # the client's delayed ACK, and the site would measure that instead of the client.
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            fault = site._take_fault(parts.path, self.headers.get("User-Agent", ""))
            if fault and fault.delay:
                time.sleep(fault.delay)
            if fault and fault.redirect:
                self.send_response(302)
                self.send_header("Location", fault.redirect)
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif fault and fault.status:
                self._status(fault.status, fault.retry_after)
            elif parts.path == SEARCH_PATH:
                query = parse_qs(parts.query)
                start = int(query.get("start", ["0"])[0])
                rows = min(int(query.get("rows", [str(site.search_rows)])[0]), site.search_rows)
                self._html(search_page(site, start, rows, fault))
            elif parts.path.startswith(PROVIDER_PATH):
                page = int(parse_qs(parts.query).get("page", ["0"])[0])
                self._html(provider_page(site, parts.path.removeprefix(PROVIDER_PATH), page, fault))
            elif parts.path.startswith(FILE_PATH):
                self._file(parts.path, fault)
            else:
                self._status(404)

        def _file(self, path: str, fault: Fault | None) -> None:
            found = site._file(path.removeprefix(FILE_PATH))
            if found is None:
                self._status(404)
                return
            content, modified = found
            etag = f'"{hashlib.sha256(content).hexdigest()[:32]}"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = content
            if fault and fault.truncate:
                body = body[: len(body) // 2]
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", format_datetime(modified, usegmt=True))
            self.send_header("Content-Length", str(len(content) if fault and fault.reset else len(body)))
            self.end_headers()
            if fault and fault.reset:
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
                return
            # Counted before writing: the client may have read the body before this thread runs again.
            with site._lock:
                site.downloads[path] += 1
            self.wfile.write(body)

        def _html(self, body: bytes | None) -> None:
            if body is None:
                self._status(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _status(self, status: int, retry_after: int | None = None) -> None:
            body = _page("Error", f"<h1>{status}</h1><p>Report not found</p>" if status == 404 else "")
            self.send_response(status)
            if retry_after is not None:
                self.send_header("Retry-After", str(retry_after))
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: tests read the counters, not a log on stderr."""

    return Handler
