"""Bad input gives a record of kind `unknown` with a reason: never a traceback, never a guessed grade."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pipeline_helpers import encrypted_pdf

from common.record import RECORD_KEYS
from samples.documents import build_pdf
from tasks.extract import extract_document, extract_path


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: b"", "empty file"),
        (lambda: build_pdf("ilacs_standard")[:400], "unreadable PDF"),
        (lambda: encrypted_pdf(build_pdf("ilacs_standard")), "encrypted"),
        (lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "not a PDF, HTML or text"),
        (lambda: b"%PDF-1.7\n" + bytes(range(256)) * 4, "unreadable PDF"),
    ],
    ids=["zero-bytes", "truncated", "encrypted", "image", "garbage-after-header"],
)
def test_unreadable_input_is_unknown_with_a_reason(make: object, reason: str) -> None:
    record = extract_document(make(), "bad.pdf")  # type: ignore[operator]
    assert record.kind == "unknown"
    assert record.overall is None and record.judgements == {}
    assert any(reason in warning for warning in record.warnings), record.warnings


def test_missing_file_is_recorded_not_raised(tmp_path: Path) -> None:
    record = extract_path(tmp_path / "absent.pdf")
    assert record.kind == "unknown"
    assert record.warnings and record.warnings[0].startswith("document: cannot read file")


def test_html_with_scripts_is_read_as_text_without_running_anything() -> None:
    page = b"<html><script>document.write('Overall effectiveness Good')</script><body>Report not found</body></html>"
    record = extract_document(page, "page.pdf")
    assert record.kind == "unknown"
    assert record.overall is None


def test_extract_cli_json_contract_and_exit_codes(tmp_path: Path) -> None:
    good = tmp_path / "report.pdf"
    good.write_bytes(build_pdf("sif"))
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 truncated")
    command = [sys.executable, "-m", "ofsted_watch.cli", "extract", "--json", str(good), str(broken)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [tuple(line) for line in lines] == [RECORD_KEYS, RECORD_KEYS]
    assert lines[0]["kind"] == "sif" and lines[0]["overall"] == "requires_improvement"
    assert lines[1]["kind"] == "unknown" and lines[1]["warnings"]

    only_broken = subprocess.run([*command[:-2], str(broken)], capture_output=True, text=True, check=False)
    assert only_broken.returncode == 2
    assert "Traceback" not in only_broken.stderr
