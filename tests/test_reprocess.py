"""Upgrades reach what is already held: `reprocess` re-reads stored files with the current extractor.

The main test builds its warehouse with the code as it was before issue 14 (taken from git history), on real
PDFs and a real raw store, deletes the source folder, and runs `reprocess`: the warehouse gains the new fields
and keeps every earlier record, and no document gains a version.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from datetime import date, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import duckdb
import pytest
from pipeline_helpers import CLI, REPO, cli_environment

from common.config import load_settings
from ofsted_watch.commands.ingest import run_backfill, run_reprocess
from samples import documents
from samples.councils import SAMPLE_REFERENCE_CSV, council
from tasks.extract import extractor_version
from warehouse import held_runs

pytestmark = [pytest.mark.prefect, pytest.mark.integration]

# A file that issue 14 added: the code before it is its first commit's parent.
ADDED_BY_THE_CHANGE = "tasks/parsing/send.py"


def sample_folder(root: Path) -> dict[str, dict[str, Any]]:
    """Every variant (and each kind's default) as a PDF in the corpus layout `<URN>_<name>/<label> - <date>.pdf`;
    returns each file's expected record by its path."""
    samples = {name: documents.variant(name) for name in documents.VARIANTS}
    samples |= {f"default {kind}": documents.build(kind) for kind in ("ilacs_standard", "jtai", "area_send")}
    expected = {}
    for number, (name, sample) in enumerate(samples.items(), start=1):
        la = sample.expected["local_authority"]
        provider = council(la["name"] if la else "Wessex")
        published = _published_after(sample.expected, number)
        path = root / f"{provider.urn}_{provider.name.lower()}" / f"{name.replace('_', ' ')} - {published}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(sample.to_bytes())
        expected[str(path)] = sample.expected
    return expected


def _published_after(expected: dict[str, Any], number: int) -> str:
    """A publication date in a file name ('21 may 2025'): a month after the document's own last date (a report
    of May 2026 is not published in 2025), else the `number`th of May 2025."""
    last = expected.get("inspection_end") or expected.get("letter_date")
    day = date.fromisoformat(last) + timedelta(days=30) if last else date(2025, 5, number)
    return f"{day.day} {day:%B %Y}".lower()


def code_before_the_change(target: Path, added_file: str = ADDED_BY_THE_CHANGE) -> str:
    """The repository's files at the commit before `added_file` existed, written into `target`."""
    added = _git("log", "--diff-filter=A", "--format=%H", "--", added_file).split()
    assert added, f"git history does not show when {added_file} was added (a shallow clone?)"
    before = f"{added[-1]}^"
    # A zip, not a tar: tarfile's safe extraction (filter="data") needs Python 3.11.4, and zipfile's
    # extractall already refuses paths outside `target` on every 3.11.
    with zipfile.ZipFile(BytesIO(_git_bytes("archive", "--format=zip", before))) as archive:
        archive.extractall(target)
    return before


def backfill_with_code(code: Path, source: Path, home: Path, prefect_api: str) -> subprocess.CompletedProcess[str]:
    """`ofsted-watch backfill` of `source` into `home` by the code in `code` (an earlier version of the repository),
    the fictional councils' reference beside it."""
    return subprocess.run(
        [*CLI, "backfill", "--source", str(source)],
        cwd=code,
        env=cli_environment(
            home, prefect_api, PYTHONPATH=str(code), OFSTED_WATCH_LA_REFERENCE=str(SAMPLE_REFERENCE_CSV)
        ),
        capture_output=True,
        text=True,
        timeout=600,
    )


def _git(*arguments: str) -> str:
    return _git_bytes(*arguments).decode()


def _git_bytes(*arguments: str) -> bytes:
    return subprocess.run(["git", "-C", str(REPO), *arguments], check=True, capture_output=True).stdout


def rows(home: Path, query: str, *parameters: object) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(home / "ofsted-watch.duckdb"), read_only=True) as con:
        return con.execute(query, list(parameters)).fetchall()


def test_reprocess_upgrades_a_warehouse_built_before_the_change(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prefect_api: str
) -> None:
    old_code = tmp_path / "before"
    before = code_before_the_change(old_code)
    source = tmp_path / "source"
    expected = sample_folder(source)
    old = backfill_with_code(old_code, source, home, prefect_api)
    assert old.returncode in (0, 1), old.stdout + old.stderr
    # What the earlier code held: no area SEND outcomes, and some letters it could not place.
    assert rows(home, "SELECT max(version) FROM schema_version") == [(2,)], before
    old_versions = rows(home, "SELECT document_id, version, content_hash FROM document_versions ORDER BY ALL")
    assert len(old_versions) == len(expected)
    old_records = dict(rows(home, "SELECT document_id, record::VARCHAR FROM document_versions"))
    assert not any("area_send" in json.loads(record) for record in old_records.values() if record)

    shutil.rmtree(source)  # nothing but the raw store can be read again
    monkeypatch.setenv("OFSTED_WATCH_LA_REFERENCE", str(SAMPLE_REFERENCE_CSV))
    assert run_reprocess(load_settings(), [], []) == 0

    # No new document versions: the same bytes, the same versions.
    assert rows(home, "SELECT document_id, version, content_hash FROM document_versions ORDER BY ALL") == old_versions
    assert rows(home, "SELECT DISTINCT extractor FROM documents") == [(extractor_version(),)]
    # Every earlier record is kept as record version 1; the new one is version 2, stamped with its extractor.
    kept = rows(home, "SELECT document_id, record::VARCHAR, extractor FROM record_versions WHERE record_version = 1")
    assert {document: record for document, record, _ in kept} == old_records
    assert {extractor for _, _, extractor in kept} == {None}
    assert rows(home, "SELECT count(*), count(DISTINCT extractor) FROM record_versions WHERE record_version = 2") == [
        (len(expected), 1)
    ]
    # The new records are the documents' ground truth, and the events carry the new fields.
    kinds = dict(rows(home, "SELECT document_id, record->>'kind' FROM document_versions"))
    assert kinds == {path: truth["kind"] for path, truth in expected.items()}
    outcomes = rows(
        home,
        "SELECT d.document_id, e.send_outcome FROM documents AS d JOIN events AS e USING (document_id) "
        "WHERE e.kind = 'area_send'",
    )
    assert dict(outcomes) == {
        path: truth["area_send"]["outcome"] for path, truth in expected.items() if truth["kind"] == "area_send"
    }
    assert {reason for (reason,) in rows(home, "SELECT DISTINCT reason FROM deteriorations")} >= {
        "systemic_failings",
        "wsoa_required",
        "weakness_insufficient_progress",
    }
    assert rows(home, "SELECT status, count(*) FROM documents GROUP BY status ORDER BY status") == [
        ("loaded", len(expected) - 2),
        ("not_outcome", 2),  # the magazine round-up and the letter of a kind not read
    ]
    run = rows(home, "SELECT flow, status, seen, new, loaded, not_outcome, quarantined, failed FROM runs "
                     "ORDER BY started_at DESC LIMIT 1")  # fmt: skip
    assert run == [("reprocess", "completed", len(expected), 0, len(expected) - 2, 2, 0, 0)]

    # The run changed the warehouse, so it published the snapshot other tools read: the new fields are there.
    snapshot = load_settings().snapshot_path
    with duckdb.connect(str(snapshot), read_only=True) as con:
        published = con.execute("SELECT document_id, send_outcome FROM events WHERE kind = 'area_send'").fetchall()
    assert dict(published) == dict(outcomes)
    published_at = snapshot.stat().st_mtime_ns

    # Everything is read: a second run has nothing to do, and changes nothing for readers of the snapshot.
    assert run_reprocess(load_settings(), [], []) == 0
    assert rows(home, "SELECT seen FROM runs ORDER BY started_at DESC LIMIT 1") == [(0,)]
    assert snapshot.stat().st_mtime_ns == published_at


def test_reprocess_reads_only_what_another_extractor_read_by_kind_and_la(ingest_env: Path, tmp_path: Path) -> None:
    home = ingest_env
    expected = sample_folder(tmp_path / "source")
    assert run_backfill(load_settings(source=str(tmp_path / "source")), None, None, []) == 0
    assert rows(home, "SELECT count(*) FROM record_versions") == [(len(expected),)]

    # Records produced by another extractor, as after an upgrade.
    with duckdb.connect(str(home / "ofsted-watch.duckdb")) as con:
        con.execute("UPDATE documents SET extractor = 'an-older-extractor'")
    send_documents = {path for path, truth in expected.items() if truth["kind"] == "area_send"}
    assert run_reprocess(load_settings(), ["area_send"], []) == 0
    assert rows(home, "SELECT seen, unchanged FROM runs ORDER BY started_at DESC LIMIT 1") == [
        (len(send_documents), len(send_documents))
    ]
    stamped = rows(home, "SELECT document_id FROM documents WHERE extractor = ?", extractor_version())
    assert {path for (path,) in stamped} == send_documents
    # The same extractor says the same: no new record version, only the stamp.
    assert rows(home, "SELECT count(*) FROM record_versions") == [(len(expected),)]

    fens = {path for path, truth in expected.items() if (truth["local_authority"] or {}).get("la_code") == "996"}
    assert run_reprocess(load_settings(), [], ["996"]) == 0
    assert rows(home, "SELECT seen FROM runs ORDER BY started_at DESC LIMIT 1") == [(len(fens - send_documents),)]

    # A run held back earlier by another process holding the warehouse is recorded first, as by a poll.
    held = held_runs.HeldRun.of("poll", "https://example.org", datetime(2026, 11, 23, 7), "held by process 4242")
    held_runs.hold(home / "ofsted-watch.duckdb", held)
    assert run_reprocess(load_settings(), [], ["996"]) == 0
    assert rows(home, "SELECT flow, status, notes FROM runs WHERE run_id = ?", held.run_id) == [
        ("poll", "failed", "held by process 4242")
    ]
    assert held_runs.waiting(home / "ofsted-watch.duckdb") == []

    # A stored document whose bytes left the raw store is a recorded failure and keeps what it has.
    (lost,) = rows(home, "SELECT content_hash FROM documents WHERE document_id LIKE '%monitoring visit 2021 good%'")
    raw = home / "raw" / "sha256" / str(lost[0])[:2] / str(lost[0])
    raw.unlink()
    assert run_reprocess(load_settings(), [], []) == 1
    (notes,) = rows(home, "SELECT notes FROM runs ORDER BY started_at DESC LIMIT 1")[0]
    assert "monitoring visit 2021 good" in str(notes) and "not in the raw store" in str(notes)
    assert rows(home, "SELECT status, extractor FROM documents WHERE content_hash = ?", lost[0]) == [
        ("loaded", "an-older-extractor")
    ]
