"""Searching the passages: an SQLite FTS5 index of the `passage_documents` view, ranked by BM25 (docs/search.md).

DuckDB 2.0.1 cannot load its full-text extension, so the index is SQLite's FTS5 (in Python's standard
library): a file beside the warehouse, rebuilt from the warehouse (or the snapshot it reads) whenever what it
indexes changed, and written beside its place and renamed, so a reader never meets half an index.

A query is words and "quoted phrases", all required. FTS5 finds the candidates and ranks them; each candidate
is then checked against the terms as regular expressions (`term_pattern`), the same reading as the
`search_terms` macro of warehouse/views/50_search.sql: a term matches whole words in that order, in any case,
with any run of spaces and hyphens where the term has a space or a hyphen. So "care leavers" never matches
"care. Leavers" (FTS5 ignores punctuation between words) and "multi agency" matches "multi-agency".
"""

from __future__ import annotations

import heapq
import itertools
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from common.text import normalise

# What a result row holds, in order (the command's columns).
COLUMNS = (
    "document_id",
    "file",
    "local_authority",
    "la_code",
    "region",
    "kind",
    "inspection_end",
    "published",
    "page",
    "section",
    "area",
    "snippet",
    "score",
)
# What the index holds: a row's facts (its snippet and score are made at query time), the passage's place, its text.
_INDEXED = (*COLUMNS[: COLUMNS.index("snippet")], "position", "text")
MARK_START, MARK_END = "**", "**"
_TERM = re.compile(r'"[^"]*"|[^\s"]+')
_SPACE_OR_HYPHEN = re.compile(r"(?:\\ |\\-|\s)+")
# FTS5's unicode61 tokens: letters and digits (the underscore separates).
_TOKEN = re.compile(r"[^\W_]+")
# Rows built into the index per statement.
_BATCH = 20_000
# The ranked list is read in pages, the first this many times the rows asked for and each next this many times
# the last: a candidate is passed over only when its words are apart or (--documents) its document is listed
# already, and each page is another pass over every match, so a page must rarely run short.
_PAGE_GROWTH = 16
# The fewest passages a thread ranks: below that, a thread costs more than it saves.
_SLICE_ROWS = 100_000
# Passages whose text one statement reads: few at first (a search usually stops within its first rows, and a
# passage's text may be anywhere in the file), twice as many each time after, up to the most.
_TEXTS_FIRST_READ, _TEXTS_MOST_READ = 32, 1024
_INDEX_VERSION = "1"


@dataclass(frozen=True)
class Filters:
    """What narrows a search: an LA code, a region, a kind, an area, and the inspection's end date range."""

    la_code: str | None = None
    region: str | None = None
    kind: str | None = None
    area: str | None = None
    since: date | None = None
    until: date | None = None


def terms(query: str) -> list[str]:
    """The words and quoted phrases of a query, without their quotes; quotes curly or straight."""
    found = _TERM.findall(normalise(query))
    return [term.strip('" -') for term in found if _TOKEN.search(term)]


def term_pattern(term: str) -> re.Pattern[str]:
    """A term as a regular expression: whole words, any case, a space or hyphen as any run of them."""
    body = _SPACE_OR_HYPHEN.sub(r"[\\s\\-]+", re.escape(term))
    return re.compile(rf"(?<![^\W_]){body}(?![^\W_])", re.IGNORECASE)


def fts_query(query_terms: Sequence[str]) -> str:
    """The FTS5 query: each term as a phrase of its tokens, all required."""
    return " AND ".join('"' + " ".join(_TOKEN.findall(term)) + '"' for term in query_terms)


def index_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.stem + ".search.sqlite")


def fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """What the index holds must match: the passages, the events and the documents' publication facts.

    Every passage is written by `warehouse.store.replace_passages`, a document's at a time and stamped with the
    time of its load, so the passages' count and the sum of their stamps change with any document loaded or
    reprocessed: a new one adds passages, and a reprocessed one's passages come back with a later stamp. Those
    are two sums over a number column (a few milliseconds for a million passages), where hashing each passage's
    document, position and stamp took ten times as long; the tables with a row per document are hashed whole.
    """
    row = con.execute(
        """
        SELECT (SELECT count(*) || ':' || coalesce(sum(epoch_us(loaded_at)), 0) || ':'
                       || coalesce(max(loaded_at)::VARCHAR, '') FROM passages),
               (SELECT count(*) || ':' || coalesce(sum(hash(document_id, loaded_at, la_code) % 1000003), 0)
                FROM events),
               (SELECT coalesce(sum(hash(document_id, published, version, status) % 1000003), 0) FROM documents),
               (SELECT coalesce(sum(hash(la_code, name, region) % 1000003), 0) FROM local_authorities)
        """
    ).fetchone()
    return _INDEX_VERSION + "|" + "|".join(str(part) for part in row or ())


def open_index(con: duckdb.DuckDBPyConnection, path: Path) -> sqlite3.Connection:
    """The index of what `con` holds: the file at `path` when it is current, else rebuilt there first (in
    memory when the folder cannot be written)."""
    current = fingerprint(con)
    if path.exists():
        index = _read_only(path)
        if _held_fingerprint(index) == current:
            return index
        index.close()
    try:
        _build_file(con, path, current)
    except OSError:
        memory = sqlite3.connect(":memory:")
        _fill(memory, con, current)
        return memory
    return _read_only(path)


def _held_fingerprint(index: sqlite3.Connection) -> str | None:
    try:
        row = index.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
    except sqlite3.DatabaseError:  # not an index of ours, or damaged: rebuilt
        return None
    return row[0] if row else None


def _build_file(con: duckdb.DuckDBPyConnection, path: Path, current: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    os.close(handle)
    try:
        with closing(sqlite3.connect(partial)) as index:
            _fill(index, con, current)
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def _fill(index: sqlite3.Connection, con: duckdb.DuckDBPyConnection, current: str) -> None:
    columns = ", ".join(_INDEXED)
    index.executescript(
        f"""
        PRAGMA journal_mode = OFF;
        PRAGMA synchronous = OFF;
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE passages (rowid INTEGER PRIMARY KEY, {columns});
        CREATE INDEX passages_document ON passages (document_id);
        CREATE VIRTUAL TABLE passages_fts USING fts5(
            text, content='passages', content_rowid='rowid', tokenize='unicode61 remove_diacritics 0'
        );
        """
    )
    result = con.execute(f"SELECT {columns} FROM passage_documents ORDER BY document_id, position")
    marks = ", ".join("?" * len(_INDEXED))
    while batch := result.fetchmany(_BATCH):
        index.executemany(f"INSERT INTO passages ({columns}) VALUES ({marks})", [_sqlite_row(row) for row in batch])
    index.execute("INSERT INTO passages_fts (passages_fts) VALUES ('rebuild')")
    index.execute("INSERT INTO meta VALUES ('fingerprint', ?)", [current])
    index.commit()


def _sqlite_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(value.isoformat() if isinstance(value, date) else value for value in row)


def search(
    index: sqlite3.Connection,
    query: str,
    filters: Filters = Filters(),
    limit: int = 20,
    documents: bool = False,
) -> list[tuple[Any, ...]]:
    """The passages holding every term of `query`, best first (BM25), as rows of COLUMNS; with `documents`,
    each document's best passage only. `limit` 0: every match."""
    query_terms = terms(query)
    if not query_terms:
        raise ValueError("the query has no words to search for")
    patterns = [term_pattern(term) for term in query_terms]
    match = fts_query(query_terms)
    found: list[tuple[Any, ...]] = []
    seen: set[str] = set()
    for rowid, document_id, text, score in _candidates(index, match, filters, limit):
        if documents and document_id in seen:
            continue
        if not all(pattern.search(text) for pattern in patterns):
            continue
        seen.add(document_id)
        found.append(_result(index, match, rowid, score))
        if limit and len(found) >= limit:
            break
    return found


def _candidates(
    index: sqlite3.Connection, match: str, filters: Filters, limit: int
) -> Iterator[tuple[int, str, str, float]]:
    """(rowid, document_id, text, score) of the passages FTS5 matches, best first: rank is bm25(), lower better.

    A common word matches most passages, and BM25 needs each one's score before the best is known, so ranking
    is a pass over every match. But the list is read a page at a time: under LIMIT, SQLite keeps only the best
    rows as it goes (where a whole ORDER BY sorts every match first), and texts are read for the rows of the
    page only. The order is total (rank, then rowid: rows were written in document and position order, so ties
    stay in that order), so the pages are the one ranked list cut in pieces, exactly."""
    conditions, parameters = _filter_sql(filters)
    joined = "JOIN passages AS p ON p.rowid = f.rowid" if conditions else ""
    ranking = f"""
        SELECT f.rowid, -f.rank FROM passages_fts AS f {joined}
        WHERE passages_fts MATCH ? AND f.rowid BETWEEN ? AND ? {conditions}
        ORDER BY f.rank, f.rowid LIMIT ?
    """

    def rank(con: sqlite3.Connection, low: int, high: int, keep: int) -> list[tuple[int, float]]:
        return con.execute(ranking, [match, low, high, *parameters, keep]).fetchall()

    slices = _slices(index)
    offset, size = 0, limit * _PAGE_GROWTH if limit else -1
    while True:
        page = _ranked(index, slices, rank, -1 if size < 0 else offset + size)[offset:]
        yield from _with_texts(index, page)
        if size < 0 or len(page) < size:
            return
        offset, size = offset + size, size * _PAGE_GROWTH


def _slices(index: sqlite3.Connection) -> list[tuple[int, int]]:
    """The rowid ranges ranked apart: one per processor, of at least _SLICE_ROWS passages each."""
    (last,) = index.execute("SELECT coalesce(max(rowid), 0) FROM passages").fetchone()
    count = max(1, min(os.cpu_count() or 1, last // _SLICE_ROWS))
    step = -(-last // count)
    return [(1 + number * step, min(last, (number + 1) * step)) for number in range(count)]


_Rank = Callable[[sqlite3.Connection, int, int, int], list[tuple[int, float]]]


def _ranked(
    index: sqlite3.Connection, slices: Sequence[tuple[int, int]], rank: _Rank, keep: int
) -> list[tuple[int, float]]:
    """The best `keep` (rowid, score) of the whole list (-1: all), best first, from the best `keep` of each slice.

    Each slice is ranked on a connection of its own in a thread of its own (SQLite lets go of the GIL while it
    steps), so a search uses every processor; the scores are those of one ranking, as BM25's frequencies and
    lengths are counted over the whole index whatever rows a statement reads. An index in memory is ranked on
    its one connection."""
    file = _file_of(index)
    if file is None or len(slices) == 1:
        parts = [rank(index, low, high, keep) for low, high in slices]
    else:

        def rank_apart(bounds: tuple[int, int]) -> list[tuple[int, float]]:
            with closing(_read_only(file)) as own:
                return rank(own, *bounds, keep)

        with ThreadPoolExecutor(len(slices)) as pool:
            parts = list(pool.map(rank_apart, slices))
    merged = heapq.merge(*parts, key=lambda row: (-row[1], row[0]))
    return list(merged if keep < 0 else itertools.islice(merged, keep))


def _file_of(index: sqlite3.Connection) -> str | None:
    """The file an index connection reads, None for one in memory."""
    return next((file or None for _, name, file in index.execute("PRAGMA database_list") if name == "main"), None)


def _read_only(path: Path | str) -> sqlite3.Connection:
    # As a URI, so that SQLite opens it read-only: a path's "?", "#" or "%" are escaped.
    return sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)


def _with_texts(
    index: sqlite3.Connection, ranked: Sequence[tuple[int, float]]
) -> Iterator[tuple[int, str, str, float]]:
    """Each ranked (rowid, score) with its passage's document and text, in the ranked order."""
    start, size = 0, _TEXTS_FIRST_READ
    while chunk := ranked[start : start + size]:
        start, size = start + size, min(2 * size, _TEXTS_MOST_READ)
        marks = ", ".join("?" * len(chunk))
        held = {
            rowid: (document_id, text)
            for rowid, document_id, text in index.execute(
                f"SELECT rowid, document_id, text FROM passages WHERE rowid IN ({marks})", [row for row, _ in chunk]
            )
        }
        for rowid, score in chunk:
            yield rowid, *held[rowid], score


def _filter_sql(filters: Filters) -> tuple[str, list[Any]]:
    conditions: list[str] = []
    parameters: list[Any] = []
    for column, value, test in (
        ("la_code", filters.la_code, "= ?"),
        ("region", filters.region, "= ? COLLATE NOCASE"),
        ("kind", filters.kind, "= ?"),
        ("area", filters.area, "= ?"),
        ("inspection_end", filters.since and filters.since.isoformat(), ">= ?"),
        ("inspection_end", filters.until and filters.until.isoformat(), "<= ?"),
    ):
        if value is not None:
            conditions.append(f"AND p.{column} {test}")
            parameters.append(value)
    return " ".join(conditions), parameters


def _result(index: sqlite3.Connection, match: str, rowid: int, score: float) -> tuple[Any, ...]:
    row = index.execute(
        f"""
        SELECT p.document_id, p.file, p.local_authority, p.la_code, p.region, p.kind, p.inspection_end,
            p.published, p.page, p.section, p.area,
            highlight(passages_fts, 0, '{MARK_START}', '{MARK_END}')
        FROM passages_fts JOIN passages AS p ON p.rowid = passages_fts.rowid
        WHERE passages_fts MATCH ? AND passages_fts.rowid = ?
        """,
        [match, rowid],
    ).fetchone()
    values = list(row)
    for at in (6, 7):  # dates back from their ISO text
        values[at] = date.fromisoformat(values[at]) if values[at] else None
    return (*values, round(score, 4))
