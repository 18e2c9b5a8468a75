"""Searching the passages (issue 21): what splitting adds to extraction, building the search index, a query in
the process and the whole `ofsted-watch search` command, on the corpus's warehouse and on the synthetic history
given passages at the corpus's scale.

The synthetic passages are written in SQL, three sentences each from a fixed list chosen by hash: about 40 per
full report and 12 per letter, the corpus's averages rounded up.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

import duckdb

from benchmarks.extraction import corpus_files
from benchmarks.harness import CommandResult, Measurement, measure, run_command
from benchmarks.ingest import CLI
from warehouse import search

# Queries a person types: phrases, words, both, rare and common.
QUERIES = (
    '"private fostering"',
    '"care leavers" accommodation',
    '"agency staff"',
    '"child sexual exploitation"',
    "supervision",
    '"return home interviews"',
    '"special guardianship" assessments',
    "children",
    '"multi-agency safeguarding hub"',
    '"staying put"',
)
PASSAGES_PER_REPORT = 40
PASSAGES_PER_LETTER = 12
_SENTENCES = (
    "Social workers visit children regularly and take time to understand their daily lives.",
    "Managers hold frequent case discussions, although agreed actions are not always followed up.",
    "Awareness of private fostering arrangements is low among partner agencies.",
    "Care leavers live in suitable accommodation and are supported by personal advisers.",
    "The use of agency staff has reduced as the local authority recruits permanent social workers.",
    "Return home interviews are offered to children who go missing from home or care.",
    "Children at risk of child sexual exploitation are identified and protected quickly.",
    "Special guardianship assessments are thorough and consider the child's long-term needs.",
    "Supervision is regular but does not always reflect on the quality of practice.",
    "Staying put arrangements help young people remain with their foster carers after 18.",
    "The multi-agency safeguarding hub shares information quickly when concerns first arise.",
    "Leaders use performance information each week to track the timeliness of visits.",
    "Independent reviewing officers know their children and challenge delay when they see it.",
    "Early help is available in every locality and is easy for families to reach.",
)


def splitting(corpus: Path) -> dict[str, float]:
    """Every corpus PDF extracted, and its pages split into passages, in one process: the seconds of each."""
    from tasks.extract import extract_document
    from tasks.parsing.passages import split_passages
    from tasks.read_text import read_document

    extract_seconds = split_seconds = 0.0
    passages = 0
    files = corpus_files(corpus)
    for path in files:
        data = path.read_bytes()
        started = time.perf_counter()
        extract_document(data, str(path))
        extract_seconds += time.perf_counter() - started
        pages = read_document(data).pages
        started = time.perf_counter()
        passages += len(split_passages(pages))
        split_seconds += time.perf_counter() - started
    return {
        "documents": len(files),
        "passages": passages,
        "extract_seconds": extract_seconds,
        "split_seconds": split_seconds,
    }


def querying(db: Path) -> dict[str, float]:
    """The index built from the warehouse (the first search after a load does it), then each query."""
    index_file = search.index_path(db)
    index_file.unlink(missing_ok=True)
    with duckdb.connect(str(db), read_only=True) as con:
        started = time.perf_counter()
        index = search.open_index(con, index_file)
        build = time.perf_counter() - started
        passages = con.execute("SELECT count(*) FROM passage_documents").fetchone()
    times = []
    for query in QUERIES:
        started = time.perf_counter()
        search.search(index, query, limit=20)
        times.append(time.perf_counter() - started)
    index.close()
    return {
        "passages": float(passages[0]) if passages else 0.0,
        "index_seconds": build,
        "index_mb": index_file.stat().st_size / 1e6,
        "query_median_seconds": statistics.median(times),
        "query_max_seconds": max(times),
    }


def command(db: Path, query: str = '"private fostering"') -> CommandResult:
    """The whole `ofsted-watch search` command, start-up included, on an index already built."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith("OFSTED_WATCH_")}
    return run_command([str(CLI), "search", query, "--db", str(db), "--format", "csv"], environment)


def add_passages(db: Path) -> int:
    """Synthetic passages for every event of a history (benchmarks.history), at the corpus's scale."""
    sentences = "[" + ", ".join("'" + s.replace("'", "''") + "'" for s in _SENTENCES) + "]"
    count = len(_SENTENCES)
    with duckdb.connect(str(db)) as con:
        con.execute(
            f"""
            INSERT INTO passages
            SELECT e.document_id, r.position, 1 + r.position // 4, 'Section ' || (1 + r.position // 8), NULL,
                array_to_string([s[1 + (hash(e.document_id, r.position, 1) % {count})::BIGINT],
                                 s[1 + (hash(e.document_id, r.position, 2) % {count})::BIGINT],
                                 s[1 + (hash(e.document_id, r.position, 3) % {count})::BIGINT]], ' '),
                e.loaded_at
            FROM events AS e,
                (SELECT {sentences} AS s),
                LATERAL (SELECT unnest(range(1, 1 + CASE WHEN e.kind IN ('ilacs_standard', 'ilacs_short', 'sif',
                    'pre_sif') THEN {PASSAGES_PER_REPORT} ELSE {PASSAGES_PER_LETTER} END)) AS position) AS r
            """
        )
        # Pages as the passages need them: the synthetic documents record none.
        con.execute(
            "UPDATE documents SET pages = p.pages FROM (SELECT document_id, max(page) AS pages FROM passages "
            "GROUP BY document_id) AS p WHERE p.document_id = documents.document_id"
        )
        found = con.execute("SELECT count(*) FROM passages").fetchone()
    return int(found[0]) if found else 0


def counts(db: Path) -> tuple[int, int]:
    """The events and the passages a warehouse holds."""
    with duckdb.connect(str(db), read_only=True) as con:
        found = con.execute("SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM passages)").fetchone()
    return (int(found[0]), int(found[1])) if found else (0, 0)


def run_splitting(corpus: Path, runs: int) -> Measurement:
    return measure("splitting the corpus", splitting, corpus, runs=runs)


def run_querying(db: Path, runs: int) -> Measurement:
    return measure("search", querying, db, runs=runs)
