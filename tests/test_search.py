"""Passages and search on synthetic documents of every era: the splitter keeps every sentence, the pipeline
stores passages as documents load and `reprocess` splits those held before, the table suites guard them, and
`ofsted-watch search` (and the `search_passages` macro) find exactly the passages holding the words."""

from __future__ import annotations

import json
import re
import shutil
from contextlib import closing
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
from test_reprocess import sample_folder
from typer.testing import CliRunner

from common.config import load_settings
from common.record import OUTCOME_KINDS
from expectations.tables import validate_tables
from ofsted_watch.cli import app
from ofsted_watch.commands.ingest import run_backfill, run_reprocess
from samples import documents
from samples.councils import SAMPLE_REFERENCE_CSV
from tasks.parsing.passages import split_passages
from tasks.read_text import read_document
from warehouse import search, store

OUTCOME_VARIANTS = [name for name in documents.VARIANTS if documents.variant(name).kind in OUTCOME_KINDS]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("name", OUTCOME_VARIANTS)
def test_every_sentence_of_the_body_is_in_one_passage(name: str) -> None:
    document = read_document(documents.variant(name).to_pdf())
    passages = split_passages(document.pages)
    assert passages, name
    flat_text = _flat(document.text)
    body = [sentence for sentence in documents._PRACTICE_SENTENCES if sentence in flat_text]
    assert body, f"{name}: no body sentence to look for"
    for sentence in body:
        assert any(sentence in passage.text for passage in passages), f"{name}: {sentence!r} in no passage"
    for passage in passages:
        assert passage.text.strip() and passage.text == passage.text.strip()
        assert 1 <= passage.page <= document.page_count
        # No glyph, no paragraph number, no page furniture line left at the start.
        assert not re.match(r"^(?:[◼■▪•●\-−–]\s|\d{1,3}[.)]\s)", passage.text), passage.text
    assert [p.position for p in passages] == list(range(1, len(passages) + 1))


def test_a_report_s_passages_carry_their_judgement_area() -> None:
    sample = documents.build("ilacs_standard")
    passages = split_passages(read_document(sample.to_pdf()).pages)
    areas = {passage.area for passage in passages}
    assert {"help_and_protection", "in_care", "care_leavers"} <= areas
    improvements = [passage for passage in passages if passage.section == "What needs to improve?"]
    assert [passage.text for passage in improvements][:2] == list(documents.IMPROVEMENT_ITEMS[:2])
    assert {passage.area for passage in improvements} == {None}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory, prefect_harness: None) -> Path:
    """Every sample variant backfilled from a folder into a real warehouse; returns its home."""
    home = tmp_path_factory.mktemp("search-home")
    source = home / "source"
    sample_folder(source)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OFSTED_WATCH_LA_REFERENCE", str(SAMPLE_REFERENCE_CSV))
        assert run_backfill(load_settings(home=home, source=str(source)), None, None, []) == 0
    return home


def _rows(home: Path, query: str, parameters: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(home / "ofsted-watch.duckdb"), read_only=True) as con:
        return con.execute(query, parameters or []).fetchall()


def _copy(home: Path, tmp_path: Path) -> Path:
    """The warehouse and raw store of `home` in a new home, for a test that changes them."""
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copytree(home / "raw", copy / "raw")
    shutil.copy(home / "ofsted-watch.duckdb", copy / "ofsted-watch.duckdb")
    return copy


@pytest.mark.prefect
def test_every_loaded_document_has_passages_and_the_suites_pass(loaded: Path, tmp_path: Path) -> None:
    without = _rows(
        loaded,
        "SELECT document_id FROM documents WHERE status = 'loaded' "
        "AND document_id NOT IN (SELECT document_id FROM passages)",
    )
    assert without == []
    assert _rows(loaded, "SELECT count(*) > 100 FROM passages") == [(True,)]
    with duckdb.connect(str(_copy(loaded, tmp_path) / "ofsted-watch.duckdb")) as con:
        assert [f for f in validate_tables(con) if f.table in ("passages", "document_passages")] == []
        # The suites name a page beyond the document's and a document left without passages.
        con.execute("UPDATE passages SET page = 999 WHERE position = 1")
        con.execute("DELETE FROM passages WHERE document_id = (SELECT min(document_id) FROM passages)")
        failures = {(f.table, f.rule) for f in validate_tables(con)}
    assert {("passages", "page_in_document"), ("document_passages", "document_has_passages")} <= failures


@pytest.mark.prefect
def test_reprocess_splits_the_documents_held_without_passages(
    tmp_path: Path, loaded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = _copy(loaded, tmp_path)
    with duckdb.connect(str(home / "ofsted-watch.duckdb")) as con:
        held = con.execute("SELECT count(*), count(DISTINCT document_id) FROM passages").fetchone()
        versions = con.execute("SELECT count(*) FROM document_versions").fetchone()
        # A warehouse as version 9 left it: no passages, its records read by an earlier extractor.
        con.execute("DELETE FROM passages")
        con.execute("UPDATE documents SET extractor = 'before-passages'")
    monkeypatch.setenv("OFSTED_WATCH_LA_REFERENCE", str(SAMPLE_REFERENCE_CSV))
    assert run_reprocess(load_settings(home=home), [], []) == 0
    assert _rows(home, "SELECT count(*), count(DISTINCT document_id) FROM passages") == [held]
    assert _rows(home, "SELECT count(*) FROM document_versions") == [versions]


def _search(home: Path, *arguments: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(app, ["search", *arguments, "--home", str(home), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


@pytest.mark.prefect
def test_search_finds_every_passage_holding_the_words_and_none_without(loaded: Path) -> None:
    phrase = "return interviews"
    pattern = re.compile(r"return[\s-]+interviews", re.IGNORECASE)
    holding = _rows(loaded, "SELECT document_id, position, text FROM passage_documents")
    expected = {(d, p) for d, p, text in holding if pattern.search(text)}
    assert expected
    found = _search(loaded, f'"{phrase}"', "--limit", "0")
    assert len(found) == len(expected)
    assert all("**return interviews**" in row["snippet"].lower() for row in found)
    assert [row["score"] for row in found] == sorted((row["score"] for row in found), reverse=True)
    assert set(found[0]) == set(search.COLUMNS)
    documents_found = _search(loaded, f'"{phrase}"', "--limit", "0", "--documents")
    assert sorted(row["document_id"] for row in documents_found) == sorted({d for d, _ in expected})
    # The same search in SQL, for analysts: the same passages.
    in_sql = _rows(loaded, "SELECT document_id, position FROM search_passages(?)", [f'"{phrase}"'])
    assert set(in_sql) == expected


@pytest.mark.prefect
def test_words_combine_with_and_and_the_options_narrow(loaded: Path) -> None:
    both = _search(loaded, '"care leavers" health', "--limit", "0")
    assert both
    assert all(
        re.search(r"care leavers", row["snippet"].replace("**", ""), re.I)
        and re.search(r"\bhealth\b", row["snippet"].replace("**", ""), re.I)
        for row in both
    )
    visits = _search(loaded, "children", "--kind", "monitoring_visit", "--limit", "0")
    assert visits and {row["kind"] for row in visits} == {"monitoring_visit"}
    assert _search(loaded, "children", "--limit", "3") and len(_search(loaded, "children", "--limit", "3")) == 3
    assert _search(loaded, "zyxwvut") == []
    # Curly quotes around a phrase read as straight ones; a hyphen matches a space.
    assert len(_search(loaded, "\u201creturn interviews\u201d", "--limit", "0")) == len(
        _search(loaded, '"return-interviews"', "--limit", "0")
    )


@pytest.mark.prefect
@pytest.mark.parametrize(
    ("query", "documents", "filters"),
    [
        ("children", False, search.Filters()),
        ("children", True, search.Filters()),
        ('"care leavers" health', True, search.Filters()),
        ("children", False, search.Filters(since=date(2016, 1, 1))),
    ],
)
def test_a_limit_gives_the_head_of_the_whole_ranking(
    loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, query: str, documents: bool, filters: search.Filters
) -> None:
    """--limit N: the first N rows of every match, in order, however many pages of candidates that reads and
    however many threads rank them."""
    with (
        duckdb.connect(str(loaded / "ofsted-watch.duckdb"), read_only=True) as con,
        closing(search.open_index(con, tmp_path / "index.sqlite")) as index,
    ):
        every = search.search(index, query, filters, limit=0, documents=documents)
        assert len(every) > 5
        assert len(search._slices(index)) == 1  # a small index is ranked by one thread
        # Pages of 2, 4, 8... rows for --limit 1 (many pages read), ranked in slices of 50 passages by 2 threads.
        for growth, slice_rows in ((search._PAGE_GROWTH, search._SLICE_ROWS), (2, 50)):
            monkeypatch.setattr(search, "_PAGE_GROWTH", growth)
            monkeypatch.setattr(search, "_SLICE_ROWS", slice_rows)
            monkeypatch.setattr(search.os, "cpu_count", lambda: 2)
            assert search.search(index, query, filters, limit=0, documents=documents) == every
            for limit in range(1, len(every) + 2):
                assert search.search(index, query, filters, limit=limit, documents=documents) == every[:limit]


@pytest.mark.prefect
def test_the_next_search_finds_a_reprocessed_document_s_new_passages(loaded: Path, tmp_path: Path) -> None:
    home = _copy(loaded, tmp_path)
    assert _search(home, "zebra") == []  # the index is built, and current
    with duckdb.connect(str(home / "ofsted-watch.duckdb")) as con:
        document_id, count = con.execute(
            "SELECT document_id, count(*) FROM passages GROUP BY document_id ORDER BY document_id LIMIT 1"
        ).fetchone() or ("", 0)
        # As reprocess writes them: as many passages as before, at the same positions, the text new.
        passages = [
            (position, 1, None, None, f"Passage {position}: a zebra crossing.") for position in range(1, count + 1)
        ]
        store.replace_passages(con, document_id, passages, datetime.now())
    found = _search(home, "zebra", "--limit", "0")
    assert len(found) == count and {row["document_id"] for row in found} == {document_id}


def test_a_bad_option_is_refused_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["search", "x", "--kind", "novel", "--home", str(tmp_path)])
    assert result.exit_code == 2
    assert "--kind 'novel'" in result.stderr


def _table(home: Path, columns: int, *arguments: str) -> list[str]:
    result = CliRunner().invoke(app, ["search", *arguments, "--home", str(home)], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


@pytest.mark.prefect
def test_the_default_table_fits_the_terminal_and_wide_csv_json_keep_every_column(loaded: Path) -> None:
    query = ("children", "--limit", "3")
    hits = _search(loaded, *query)
    assert len(hits) == 3
    for columns in (120, 100):
        lines = _table(loaded, columns, *query)
        assert max(len(line) for line in lines) <= columns
        assert lines[0].split() == ["LA", "date", "kind", "page", "section", "snippet"]
        assert lines[-1] == "(3 rows)"
        # Each hit's facts start its first line, in the JSON's order; its snippet is wrapped beside them.
        firsts = [lines[at + 1] for at, line in enumerate(lines[1:-1], start=1) if not line]
        for hit, first in zip(hits, [lines[2], *firsts[:-1]], strict=True):
            assert first.startswith(hit["local_authority"][:10]), (hit, first)
            assert hit["inspection_end"] or hit["published"] in first
            assert f" {hit['kind']} " in first
        assert "**children**" in " ".join(lines).lower()
    for columns in (80, 40):  # too narrow for columns: each hit's facts on a line, then its snippet indented
        narrow = _table(loaded, columns, *query)
        assert max(len(line) for line in narrow) <= columns
        facts = narrow[: next(at for at, line in enumerate(narrow) if line.startswith("    "))]
        assert " ".join(facts).startswith(f"{hits[0]['local_authority']} · ")
        assert f" · page {hits[0]['page']} · " in " ".join(facts)
    wide = _table(loaded, 80, *query, "--wide")
    assert wide[0].split() == list(search.COLUMNS)
    assert hits[0]["file"] in wide[2] and max(len(line) for line in wide) > 80
    result = CliRunner().invoke(app, ["search", *query, "--home", str(loaded), "--format", "csv"])
    assert result.stdout.splitlines()[0] == ",".join(search.COLUMNS)
