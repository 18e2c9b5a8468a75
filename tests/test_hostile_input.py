"""Hostile and broken input through the whole pipeline: each document gets a clear recorded reason, in bounded
time and memory, and the good documents beside it load as if it were not there."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from pipeline_helpers import (
    RewritingProxy,
    backfill,
    decompression_bomb,
    encrypted_pdf,
    image_only_pdf,
    long_pdf,
    lzw_pdf,
    peak_memory_of,
    poll,
    run_length_bomb,
    statuses,
    warehouse,
)

from samples.documents import build_pdf
from samples.site import FILE_PATH, SampleSite, SitePublication
from samples.timeline import SamplePublication, demo_publications
from tasks.read_text import MAX_INFLATED_BYTES, MAX_PAGES

OFF_LIST_HOST = "http://files.example.net"
SCRIPTED_PAGE = (
    b"<!DOCTYPE html><html><head><script>document.write('Overall effectiveness: outstanding')</script>"
    b"<script src='http://files.example.net/tracker.js'></script></head>"
    b"<body><h1>This page has moved</h1><p>Please use the search.</p></body></html>"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(2000)

OFF_LIST = "off-allow-list"


@cache
def hostile() -> dict[str, tuple[bytes, str, str]]:
    """Each hostile file: its bytes, the status it must end with, and words its recorded reason must contain."""
    return {
        "encrypted": (encrypted_pdf(build_pdf("ilacs_standard")), "unreadable", "encrypted (password required)"),
        "zero-bytes": (b"", "unreadable", "empty file (0 bytes)"),
        "truncated": (build_pdf("ilacs_standard")[:600], "unreadable", "unreadable PDF"),
        "thousand-pages": (long_pdf(1000), "unreadable", f"PDF has 1000 pages, over the limit of {MAX_PAGES}"),
        "image-only": (image_only_pdf(), "unreadable", "PDF has no text layer"),
        "png-served-as-pdf": (PNG, "unreadable", "not a PDF, HTML or text document"),
        "html-with-scripts": (SCRIPTED_PAGE, "not_outcome", "not an Ofsted outcome"),
        "decompression-bomb": (decompression_bomb(), "unreadable", "decompression bomb"),
        "run-length-bomb": (run_length_bomb(), "unreadable", "decompression bomb"),
    }


def hostile_publications() -> list[SitePublication]:
    return [
        SitePublication(f"bad-{name}", "9990900", "Council of Hostile Input", "Children's services inspection",
                        date(2026, 10, 1), content)
        for name, (content, _, _) in hostile().items()
    ] + [
        SitePublication(f"bad-{OFF_LIST}", "9990900", "Council of Hostile Input", "Focused visit",
                        date(2026, 10, 2), build_pdf("ilacs_standard"))
    ]  # fmt: skip


@pytest.fixture()
def good() -> list[SamplePublication]:
    return [p for p in demo_publications(date(2026, 11, 23)) if p.content.startswith(b"%PDF")][:6]


@pytest.fixture()
def hostile_site(good: list[SamplePublication]) -> Iterator[tuple[SampleSite, RewritingProxy]]:
    """The sample site with good and hostile publications, behind a proxy that points one link off the allow-list."""
    with SampleSite([*good, *hostile_publications()]) as site:
        off_list = {site.file_url(f"bad-{OFF_LIST}"): f"{OFF_LIST_HOST}{FILE_PATH}bad-{OFF_LIST}"}
        with RewritingProxy(site, off_list) as proxy:
            yield site, proxy


@pytest.mark.prefect
@pytest.mark.integration
def test_each_hostile_document_is_recorded_with_its_reason_and_the_good_ones_load(
    ingest_env: Path, hostile_site: tuple[SampleSite, RewritingProxy], good: list[SamplePublication]
) -> None:
    site, proxy = hostile_site
    assert backfill(proxy) == 1
    expected = {site.file_url(f"bad-{name}"): (status, words) for name, (_, status, words) in hostile().items()}
    off_list = f"{OFF_LIST_HOST}{FILE_PATH}bad-{OFF_LIST}"
    expected[off_list] = ("fetch_failed", "host not allowed")
    assert_recorded(ingest_env, expected, {site.file_url(p.file_id) for p in good})
    assert f"{FILE_PATH}bad-{OFF_LIST}" not in site.requests  # refused without a request
    with warehouse(ingest_env) as con:
        run = con.execute("SELECT status, loaded, failed, not_outcome, notes FROM runs").fetchone()
        # The script's text never reached a record.
        scripted = con.execute(
            "SELECT record FROM document_versions WHERE document_id = ?", [site.file_url("bad-html-with-scripts")]
        ).fetchone()
    failed = sum(status != "not_outcome" for status, _ in expected.values())
    assert run is not None and run[:4] == ("completed", len(good), failed, 1)
    assert all(words in run[4] for status, words in expected.values() if status != "not_outcome")
    assert scripted is not None and json.loads(scripted[0])["overall"] is None

    # The next run tries every failure again and records it again; the good documents are left as they were.
    site.reset_counts()
    assert poll(proxy) == 1
    assert_recorded(ingest_env, expected, {site.file_url(p.file_id) for p in good})
    retried = {f"{FILE_PATH}bad-{name}" for name, (_, status, _) in hostile().items() if status == "unreadable"}
    assert {path for path in site.downloads if path.startswith(FILE_PATH)} == retried


def assert_recorded(home: Path, expected: dict[str, tuple[str, str]], good: set[str]) -> None:
    with warehouse(home) as con:
        found = con.execute("SELECT document_id, status, reason FROM documents").fetchall()
        rows = {document: (status, reason or "") for document, status, reason in found}
        events = {d for (d,) in con.execute("SELECT document_id FROM events").fetchall()}
    assert {d: status for d, (status, _) in rows.items() if d not in good} == {
        d: status for d, (status, _) in expected.items()
    }
    for document, (_, words) in expected.items():
        assert words in rows[document][1], (document, rows[document])
    assert set(statuses(home)) == set(expected) | good
    assert events == good and all(rows[d] == ("loaded", "") for d in good)


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (decompression_bomb, f"more than {MAX_INFLATED_BYTES // 2**20} MB (a decompression bomb?)"),
        (run_length_bomb, f"more than {MAX_INFLATED_BYTES // 2**20} MB (a decompression bomb?)"),
        (lambda: long_pdf(1000), "PDF has 1000 pages"),
    ],
    ids=["decompression-bomb", "run-length-bomb", "thousand-pages"],
)
def test_a_hostile_pdf_is_refused_in_bounded_memory(tmp_path: Path, make: object, reason: str) -> None:
    """Measured in a fresh process: unguarded, pdfium takes about 3 GB to read the 2 GiB bomb's one page."""
    document = tmp_path / "hostile.pdf"
    document.write_bytes(make())  # type: ignore[operator]
    output, peak_mb = peak_memory_of(
        "from pathlib import Path\nfrom tasks.read_text import read_document\n"
        f"print(read_document(Path({str(document)!r}).read_bytes()).error)"
    )
    assert reason in output
    assert peak_mb < 200, f"peak {peak_mb} MB"


def test_the_bomb_guard_passes_real_compressed_pdfs_and_counts_flate_chains() -> None:
    from tasks.read_text import inflation_refusal

    assert inflation_refusal(build_pdf("ilacs_standard")) is None
    assert inflation_refusal(decompression_bomb(64 * 2**20)) is None  # under the limit: read as usual
    assert "decompression bomb" in str(inflation_refusal(decompression_bomb(64 * 2**20), limit=32 * 2**20))


def test_the_bomb_guard_counts_run_length_and_lzw_streams_exactly() -> None:
    """Exact counts on 3 MB (the LZW decoder is fed 1 KB at a time, as the run-length one that the fresh-process
    test above measures on 2 GiB; encoding gigabytes of LZW in Python would take minutes)."""
    from tasks.read_text import inflation_refusal

    three_mb = 3 * 2**20
    for bomb in (run_length_bomb(three_mb), lzw_pdf(bytes(three_mb))):
        assert inflation_refusal(bomb, limit=three_mb) is None
        assert "decompression bomb" in str(inflation_refusal(bomb, limit=three_mb - 1))


def test_an_lzw_encoded_report_is_read_like_any_other() -> None:
    """The guard's LZW decoder reads what pdfium reads: long enough to widen codes to 12 bits and clear the table."""
    from tasks.read_text import read_document

    lines = [f"Line {number}: the local authority's services for children in need of help and protection"
             for number in range(600)]  # fmt: skip
    content = b"BT /F1 8 Tf 10 TL 20 830 Td " + b" ".join(b"(%s) '" % line.encode() for line in lines) + b" ET"
    document = read_document(lzw_pdf(content, font=True))
    assert document.error is None
    assert [line for line in lines if line not in document.text] == []
