"""Helpers shared by the tests that run the whole pipeline: flows against the sample site, the real CLI in a
subprocess, a proxy that changes the site's markup, and hostile documents.

A pytest plugin (see conftest.py), so its fixtures need no import.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Protocol, TypeVar

import duckdb
import pytest

from common.background_server import BackgroundServer
from common.config import load_settings
from samples.councils import SAMPLE_REFERENCE_CSV
from samples.pdf import serialise_objects, write_pdf
from samples.site import FILE_PATH
from samples.timeline import SamplePublication
from warehouse.db import connect

T = TypeVar("T")

REPO = Path(__file__).resolve().parents[1]


class Served(Protocol):
    """A site the flows can read: the sample site, or a proxy in front of it."""

    @property
    def url(self) -> str: ...


# --- Flows in this process, through Prefect's real engine ---


# Runs in tests leave the site alone unless the test reads it: the site step is tests/test_site_flow.py's, and
# rebuilding the site after every run that loads was a fifth of the suite's CPU (docs/architecture.md).
NO_SITE = {"OFSTED_WATCH_REBUILD_SITE": "false"}


@pytest.fixture()
def ingest_env(home: Path, monkeypatch: pytest.MonkeyPatch, prefect_harness: None) -> Path:
    """A fresh home, the fictional councils, no politeness delay, a short timeout for fault tests, no site."""
    monkeypatch.setenv("OFSTED_WATCH_LA_REFERENCE", str(SAMPLE_REFERENCE_CSV))
    monkeypatch.setenv("OFSTED_WATCH_MAX_RPS", "100")
    monkeypatch.setenv("OFSTED_WATCH_TIMEOUT_SECONDS", "1")
    for name, value in NO_SITE.items():
        monkeypatch.setenv(name, value)
    return home


def backfill(site: Served, alerts: bool = False) -> int:
    from ofsted_watch.commands.ingest import run_backfill

    return run_backfill(load_settings(source=site.url), None, None, [], alerts)


def poll(site: Served) -> int:
    from ofsted_watch.commands.ingest import run_poll

    return run_poll(load_settings(source=site.url))


def warehouse(home: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(home / "ofsted-watch.duckdb"), read_only=True)


def statuses(home: Path) -> dict[str, str]:
    with warehouse(home) as con:
        return dict(con.execute("SELECT document_id, status FROM documents").fetchall())


def file_path(publication: SamplePublication) -> str:
    return f"{FILE_PATH}{publication.file_id}"


# --- The real corpus in a warehouse, built once a session ---


@dataclass(frozen=True)
class CorpusWarehouse:
    """The corpus folder backfilled twice into one warehouse: its file, both backfills' exit codes, the largest
    its write-ahead log grew while the first loaded (from an empty warehouse), and the site that backfill built.
    Tests that load more into it copy the file first (`copy_to`)."""

    db: Path
    codes: tuple[int, ...]
    wal_bytes: int
    site: Path

    def copy_to(self, home: Path) -> Path:
        """The warehouse as a home's own `ofsted-watch.duckdb`."""
        target = home / "ofsted-watch.duckdb"
        shutil.copyfile(self.db, target)
        return target


@pytest.fixture(scope="session")
def corpus_warehouse(
    shared_dir: Path, tmp_path_factory: pytest.TempPathFactory, prefect_harness: None
) -> CorpusWarehouse:
    """Backfilling the 311 real documents takes a minute or two: done once, for every test that needs them."""
    from ofsted_watch.commands.ingest import run_backfill

    home = tmp_path_factory.mktemp("corpus-home")
    settings = load_settings(home=home, source=str(shared_dir / "corpus"))
    connect(settings.db_path).close()  # the schema is not part of the loading whose log is measured
    with LogWatch(settings.db_path) as log:
        first = run_backfill(settings, None, None, [])
    second = run_backfill(settings, None, None, [])
    return CorpusWarehouse(settings.db_path, (first, second), log.largest, settings.site_path)


@dataclass(frozen=True)
class LettersWarehouse:
    """../shared/letters backfilled into a copy of the corpus's warehouse (the letters beside the reports they
    follow): its file, the backfill's exit code, and the letters' folder."""

    db: Path
    code: int
    folder: Path


@pytest.fixture(scope="session")
def letters_warehouse(
    shared_dir: Path, corpus_warehouse: CorpusWarehouse, tmp_path_factory: pytest.TempPathFactory
) -> LettersWarehouse:
    """Backfilling the 314 real letters takes a minute: done once, in the corpus's group (tests/conftest.py)."""
    from ofsted_watch.commands.ingest import run_backfill

    folder = shared_dir / "letters"
    if not (folder / "letters.csv").is_file():
        pytest.skip(f"no letters at {folder}")
    home = tmp_path_factory.mktemp("letters-home")
    settings = load_settings(home=home, source=str(folder))
    corpus_warehouse.copy_to(home)
    with pytest.MonkeyPatch.context() as patch:  # the flow reads its settings again: no site (its tests' own)
        for name, value in NO_SITE.items():
            patch.setenv(name, value)
        code = run_backfill(settings, None, None, [])
    return LettersWarehouse(settings.db_path, code, folder)


def file_size(path: Path) -> int:
    """Its size; 0 when there is none (DuckDB removes its write-ahead log at a checkpoint, at any moment)."""
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


class LogWatch:
    """`with LogWatch(db) as log:` the largest DuckDB's write-ahead log beside `db` grew while the block ran,
    read from the file's size every 5 ms by a thread (the warehouse cannot be opened while it is written)."""

    def __init__(self, db: Path) -> None:
        self.wal = db.with_name(db.name + ".wal")
        self.largest = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._stop.wait(0.005):
            self.largest = max(self.largest, file_size(self.wal))

    def __enter__(self) -> LogWatch:
        self._thread.start()
        return self

    def __exit__(self, *exception: object) -> None:
        self._stop.set()
        self._thread.join()


# --- The real CLI in a subprocess ---


CLI = [sys.executable, "-m", "ofsted_watch.cli"]


def cli_environment(home: Path, prefect_api: str | None = None, **settings: str) -> dict[str, str]:
    """The environment of a CLI process: its own home, no site (NO_SITE), and nothing else of the developer's
    OFSTED_WATCH_*; the session's PREFECT_HOME, so extraction results cached by one process serve the next; the
    Prefect server at `prefect_api` (the `prefect_api` fixture's), else Prefect's temporary server. `settings`:
    more variables, such as OFSTED_WATCH_LA_REFERENCE (or OFSTED_WATCH_REBUILD_SITE="true")."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PREFECT_API_", "OFSTED_WATCH_")) or name == "OFSTED_WATCH_SHARED"
    }
    environment |= NO_SITE
    environment["OFSTED_WATCH_HOME"] = str(home)
    if prefect_api:
        environment["PREFECT_API_URL"] = prefect_api
    return environment | settings


def start_cli(
    *arguments: str, home: Path, log: Path, prefect_api: str | None = None, **settings: str
) -> subprocess.Popen[bytes]:
    """`ofsted-watch ARGUMENTS` on the warehouse in `home`, as its own process group: Prefect's temporary
    server, a child of the CLI where there is one, goes down with it when the group is killed."""
    with log.open("wb") as output:
        return subprocess.Popen(
            [*CLI, *arguments],
            env=cli_environment(home, prefect_api, **settings),
            cwd=REPO,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


# Long enough for a command's Python, Prefect and a server to start on a busy 2-core machine.
WAIT_SECONDS = 180.0


def wait_for(what: str, check: Callable[[], T | None], process: subprocess.Popen[bytes], log: Path) -> T:
    """`check()`'s first truthy answer, asked every half second while the command runs; an OSError counts as no
    answer yet (a server not listening). Fails, with the end of the command's log, if it exits or time runs out."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, f"exited with {process.returncode}:\n{log.read_text()[-3000:]}"
        try:
            found = check()
        except OSError:
            found = None
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"waited {WAIT_SECONDS:.0f} s for {what}:\n{log.read_text()[-3000:]}")


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the CLI and its children (Prefect's temporary server, if it started one), and reap the CLI."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


# --- Another tool holding the warehouse, as DBeaver or a notebook would ---


class Holder:
    """A separate Python process holding a DuckDB connection on a file (read-write unless told) for `seconds`, or
    until `let_go`, then closing it: a reader's tool. `released` is when it let go (epoch seconds), once it has."""

    def __init__(self, db: Path, seconds: float, read_only: bool = False) -> None:
        code = (
            "import duckdb, select, sys, time\n"
            f"con = duckdb.connect({str(db)!r}, read_only={read_only})\n"
            "print('held', flush=True)\n"
            f"select.select([sys.stdin], [], [], {seconds})\n"
            "con.close()\n"
            "print(time.time(), flush=True)\n"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None and self.process.stdout.readline() == "held\n"

    def let_go(self) -> None:
        """Close the connection now, before `seconds` are up."""
        assert self.process.stdin is not None
        self.process.stdin.write("\n")
        self.process.stdin.flush()

    @property
    def pid(self) -> int:
        return self.process.pid

    def released(self) -> float:
        """Wait for the holder to let go; when it did."""
        assert self.process.stdout is not None
        return float(self.process.stdout.readline())

    def stop(self) -> None:
        self.process.kill()
        self.process.communicate()

    def __enter__(self) -> Holder:
        return self

    def __exit__(self, *exception: object) -> None:
        self.stop()


class Reader:
    """A separate Python process with a DuckDB file open read-only, answering queries: an analyst's notebook."""

    def __init__(self, db: Path) -> None:
        code = (
            "import duckdb, sys\n"
            f"con = duckdb.connect({str(db)!r}, read_only=True)\n"
            "for query in sys.stdin:\n"
            "    print(con.execute(query).fetchall()[0][0], flush=True)\n"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def ask(self, query: str) -> str:
        """The first cell of the query's answer."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(query + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().strip()

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exception: object) -> None:
        self.process.communicate("")


# --- A proxy that changes the site's markup ---


class RewritingProxy(BackgroundServer):
    """A real HTTP server on 127.0.0.1 in front of a site, serving its pages with some text replaced: the
    site's layout as it might drift, or links it should never have. Files pass through unchanged."""

    def __init__(self, upstream: Served, replacements: dict[str, str]) -> None:
        self.upstream = upstream
        self.replacements = {old.encode(): new.encode() for old, new in replacements.items()}
        super().__init__(ThreadingHTTPServer(("127.0.0.1", 0), self._handler()), "rewriting-proxy")

    @property
    def url(self) -> str:
        return self.address

    def rewrite(self, body: bytes) -> bytes:
        for old, new in self.replacements.items():
            body = body.replace(old, new)
        return body

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                try:
                    with urllib.request.urlopen(proxy.upstream.url + self.path, timeout=10) as answer:
                        status, kind, body = answer.status, answer.headers.get("Content-Type", ""), answer.read()
                except urllib.error.HTTPError as error:
                    status, kind, body = error.code, error.headers.get("Content-Type", ""), error.read()
                if kind.startswith("text/html"):
                    body = proxy.rewrite(body)
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                """Quiet."""

        return Handler


# --- Hostile documents ---


def _one_page_pdf(content: bytes, content_dictionary: bytes, resources: bytes = b"") -> bytes:
    """A one-page PDF whose page content stream has the given dictionary entries (e.g. its filters)."""
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << "
        + resources
        + b" >> /Contents 4 0 R >>",
        4: b"<< /Length %d " % len(content) + content_dictionary + b" >>\nstream\n" + content + b"\nendstream",
    }
    return serialise_objects(objects, 1, None)


def decompression_bomb(inflated_bytes: int = 2 * 2**30) -> bytes:
    """A PDF of a few KB whose page content inflates to `inflated_bytes` of zeros (default 2 GiB): Flate on Flate.

    Built without ever holding the inflated bytes: the inner deflate stream is flushed every 16 MB, so each 16 MB
    of zeros compresses to the same bytes, repeated, followed by the checksum of the whole.
    """
    piece = bytes(16 * 2**20)
    count = inflated_bytes // len(piece)
    deflater = zlib.compressobj(9)
    first = deflater.compress(piece) + deflater.flush(zlib.Z_FULL_FLUSH)
    repeated = deflater.compress(piece) + deflater.flush(zlib.Z_FULL_FLUSH)
    end = deflater.flush()[:-4]  # the final empty block; its checksum covers only two pieces
    checksum = 1
    for _ in range(count):
        checksum = zlib.adler32(piece, checksum)
    inner = first + repeated * (count - 1) + end + checksum.to_bytes(4, "big")
    return _one_page_pdf(zlib.compress(inner, 9), b"/Filter [/FlateDecode /FlateDecode]")


def run_length_bomb(inflated_bytes: int = 2 * 2**30) -> bytes:
    """A PDF of a few tens of KB whose page content is run-length data of zeros (each two bytes repeat a zero 128
    times), deflated: Flate then RunLengthDecode, inflating to `inflated_bytes` (default 2 GiB)."""
    runs = b"\x81\x00" * (inflated_bytes // 128) + b"\x80"
    return _one_page_pdf(zlib.compress(runs, 9), b"/Filter [/FlateDecode /RunLengthDecode]")


def lzw_encoded(data: bytes) -> bytes:
    """`data` as a PDF writer's LZWDecode stream (EarlyChange 1): 9- to 12-bit codes, a clear code first and
    whenever the table fills, the end code last."""
    clear, end, full = 256, 257, 4094
    table, width, buffered, bits, out = {bytes([b]): b for b in range(256)}, 9, 0, 0, bytearray()

    def emit(code: int) -> None:
        nonlocal buffered, bits
        buffered, bits = (buffered << width) | code, bits + width
        while bits >= 8:
            bits -= 8
            out.append((buffered >> bits) & 0xFF)
        buffered &= (1 << bits) - 1

    emit(clear)
    word = b""
    for value in data:
        extended = word + bytes([value])
        if extended in table:
            word = extended
            continue
        emit(table[word])
        if len(table) + 2 < full:
            table[extended] = len(table) + 2
            width += len(table) + 2 >= 1 << width
        else:
            emit(clear)
            table, width = {bytes([b]): b for b in range(256)}, 9
        word = bytes([value])
    emit(table[word])
    emit(end)
    emit(0)  # flush the last bits
    return bytes(out)


def lzw_pdf(content: bytes, font: bool = False) -> bytes:
    """A one-page PDF whose content stream is LZW-encoded; with Helvetica as /F1 if `font`."""
    resources = b"/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>" if font else b""
    return _one_page_pdf(lzw_encoded(content), b"/Filter /LZWDecode", resources)


def image_only_pdf() -> bytes:
    """A scanned page: one grey image drawn on the page, and no text at all."""
    side = 64
    image = b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray " % (side, side)
    pixels = bytes((x * y) % 256 for y in range(side) for x in range(side))
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        4: b"<< /Length 34 >>\nstream\nq 400 0 0 400 100 300 cm /Im1 Do Q\nendstream",
        5: image + b"/BitsPerComponent 8 /Length %d >>\nstream\n" % len(pixels) + pixels + b"\nendstream",
    }
    return serialise_objects(objects, 1, None)


def long_pdf(pages: int) -> bytes:
    """A PDF of `pages` pages of text."""
    return write_pdf([[f"Annex page {number}: supporting data tables."] for number in range(1, pages + 1)])


def peak_memory_of(code: str) -> tuple[str, int]:
    """Run Python `code` in a fresh process; its output, and its peak resident memory in MB.

    Linux keeps a process's peak across fork and exec, so a child of this (large) test process would report
    the test's own peak: a small Python process in between starts the child and reads RUSAGE_CHILDREN.
    """
    between = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run([sys.executable, '-c', sys.argv[1]], capture_output=True, text=True, check=True)\n"
        "sys.stdout.write(done.stdout)\n"
        "sys.stderr.write(f'peak_kb={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", between, code], cwd=REPO, capture_output=True, text=True, check=True, timeout=120
    )
    peak_kb = int(result.stderr.rsplit("peak_kb=", 1)[1])
    return result.stdout, peak_kb // 1024


def encrypted_pdf(pdf: bytes) -> bytes:
    """The same PDF behind a user password (pypdf, a dev dependency, does the encryption)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
