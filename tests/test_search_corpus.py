"""Search on the real corpus: for each phrase, the documents `search '"PHRASE"' --documents --limit 0` returns
are exactly the documents whose text holds the phrase, read here from the raw files on its own terms."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from pipeline_helpers import CorpusWarehouse
from playwright import sync_api as playwright_api
from typer.testing import CliRunner

from ofsted_watch.cli import app
from reports.site.build import build_site
from reports.site.model import document_anchor
from reports.site.serve import serving
from samples.digest_preview import chromium_path
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


# Every document the site's search page finds for a quoted phrase (over every shard; its results, not only the
# first page it draws): each result's document anchor (its address is `la/<slug>.html?passage=N#doc-...`).
SITE_DOCUMENTS = """async (phrase) => {
  const found = (await window.siteSearch.results('"' + phrase + '"')).results;
  const anchors = new Set();
  for (let start = 0; start < found.length; start += 20) {  // a few fragments at a time
    const items = await Promise.all(found.slice(start, start + 20).map((result) => result.data()));
    items.forEach((item) => anchors.add(item.url.split("#")[1]));
  }
  return [...anchors];
}"""


def test_the_site_finds_the_documents_the_command_finds_for_each_phrase(corpus_home: Path, tmp_path: Path) -> None:
    """Over the phrases, at least 98 % of (phrase, document) pairs agree, and each phrase's documents at least
    94 %: Pagefind reads a hyphen typed in a query as nothing, so "multi-agency" also finds "MultiAgency", a
    hyphen the PDF's text lost (docs/search.md)."""
    site = build_site(corpus_home / "ofsted-watch.duckdb", tmp_path / "none.duckdb", tmp_path / "site")
    with duckdb.connect(str(corpus_home / "ofsted-watch.duckdb"), read_only=True) as con:
        (documents,) = con.execute("SELECT count(*) FROM documents WHERE status = 'loaded'").fetchone() or (0,)
    with serving(site.path) as url, playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium-headless-shell") or chromium_path())
        page = browser.new_page()
        page.goto(url + "search.html")
        disagreeing = {}
        for phrase in PHRASES:
            in_site = set(page.evaluate(SITE_DOCUMENTS, phrase))
            in_command = {document_anchor(document_id) for document_id in _found(corpus_home, f'"{phrase}"')}
            assert in_command, phrase
            disagreeing[phrase] = len(in_site ^ in_command)
        browser.close()
    assert sum(disagreeing.values()) <= 0.02 * documents * len(PHRASES), (documents, disagreeing)
    assert all(count <= 0.06 * documents for count in disagreeing.values()), (documents, disagreeing)
