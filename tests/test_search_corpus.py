"""Search on the real corpus: for each phrase, the documents `search '"PHRASE"' --documents --limit 0` returns
are exactly the documents whose text holds the phrase, read here from the raw files on its own terms."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from pipeline_helpers import CorpusWarehouse
from typer.testing import CliRunner

from ofsted_watch.cli import app
from tasks.read_text import read_document
from tasks.store import RawStore

pytestmark = [pytest.mark.corpus, pytest.mark.prefect]

# Subjects people search reports for, each found in some documents and missing from others; one runs over
# a page break in a document (its page number between the words).
PHRASES = (
    "private fostering",
    "agency staff",
    "child sexual exploitation",
    "return home interviews",
    "special guardianship",
    "corporate parenting",
    "multi-agency safeguarding hub",
    "staying put",
    "personal advisers",
    "unaccompanied asylum-seeking children",
    "family group conference",
    "missing from home",
)


@pytest.fixture(scope="module")
def corpus_home(corpus_warehouse: CorpusWarehouse, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home holding a copy of the session's corpus warehouse: the search index is written beside it."""
    home = tmp_path_factory.mktemp("search-corpus")
    corpus_warehouse.copy_to(home)
    return home


_DATES_AND_PAGE = re.compile(r"^\s*\d{1,2}\b[^.]{0,40}\b(?:19|20)\d\d\s+\d{1,3}\s*$")


def _document_texts(home: Path, raw_dir: Path) -> dict[str, str]:
    """Each loaded document's text as read from its stored file: lines that are only a page number dropped, and
    the running header a page break puts inside a sentence (a line printed three times or more, and the dates line
    ending in its page number: "3 to 7 November 2025 10"), hyphens and line breaks as spaces, lower case."""
    with duckdb.connect(str(home / "ofsted-watch.duckdb"), read_only=True) as con:
        held = con.execute("SELECT document_id, content_hash FROM documents WHERE status = 'loaded'").fetchall()
    raw = RawStore(raw_dir)
    texts = {}
    for document_id, content_hash in held:
        text = _without_running_headers(read_document(raw.get(content_hash)).text)
        text = re.sub(r"(?m)^\s*\d{1,3}\s*$", " ", text)
        texts[document_id] = re.sub(r"[\s\-]+", " ", text).lower()
    return texts


def _without_running_headers(text: str) -> str:
    lines = text.split("\n")
    repeated = {line for line, count in Counter(line.strip() for line in lines).items() if count >= 3 and line}
    return "\n".join(line for line in lines if line.strip() not in repeated and not _DATES_AND_PAGE.match(line))


def _holding(texts: dict[str, str], phrase: str) -> set[str]:
    words = re.sub(r"[\s\-]+", " ", phrase.lower())
    pattern = re.compile(rf"(?<![a-z0-9]){re.escape(words)}(?![a-z0-9])")
    return {document_id for document_id, text in texts.items() if pattern.search(text)}


def _found(home: Path, query: str) -> set[str]:
    arguments = ["search", query, "--documents", "--limit", "0", "--format", "json", "--home", str(home)]
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 0, result.stderr
    return {row["document_id"] for row in json.loads(result.stdout)}


def test_each_phrase_finds_exactly_the_documents_holding_it(
    corpus_home: Path, corpus_warehouse: CorpusWarehouse
) -> None:
    texts = _document_texts(corpus_home, corpus_warehouse.db.parent / "raw")
    assert len(texts) == 308
    for phrase in PHRASES:
        holding = _holding(texts, phrase)
        assert 0 < len(holding) < len(texts), phrase  # the phrase tells documents apart
        assert _found(corpus_home, f'"{phrase}"') == holding, phrase


def test_the_sql_macro_finds_the_same_passages_as_the_command(corpus_home: Path) -> None:
    query = '"private fostering" awareness'
    result = CliRunner().invoke(app, ["search", query, "--limit", "0", "--format", "json", "--home", str(corpus_home)])
    command = [(row["document_id"], row["page"]) for row in json.loads(result.stdout)]
    with duckdb.connect(str(corpus_home / "ofsted-watch.duckdb"), read_only=True) as con:
        in_sql = con.execute("SELECT document_id, page FROM search_passages(?)", [query]).fetchall()
    assert sorted(in_sql) == sorted(command)
    assert len(command) > 50
