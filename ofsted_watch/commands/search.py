"""`ofsted-watch search QUERY`: every passage of every report and letter holding the query's words and phrases,
ranked by BM25 (warehouse/search.py), printed as `sql` prints. Reads the warehouse, else the published snapshot.
"""

from __future__ import annotations

from contextlib import closing
from datetime import date
from functools import partial

import duckdb

from common.authorities import authority_index
from common.config import Settings
from common.record import AREAS, OUTCOME_KINDS
from ofsted_watch.commands.query import run_report
from warehouse import search


def filters_of(
    la: str | None, region: str | None, kind: str | None, area: str | None, since: date | None, until: date | None
) -> search.Filters:
    """The options as filters; ValueError names an option whose value means nothing."""
    return search.Filters(
        _la_code(la), region, _known(kind, OUTCOME_KINDS, "--kind"), _known(area, AREAS, "--area"), since, until
    )


def run_search(
    settings: Settings,
    query: str,
    filters: search.Filters,
    *,
    limit: int = 20,
    documents: bool = False,
    output_format: str = "table",
    snapshot: bool = False,
) -> int:
    """Print the passages (with `documents`, each document's best one) matching `query`, best first; `limit` 0
    prints every match."""
    report = partial(_report, settings=settings, query=query, filters=filters, limit=limit, documents=documents)
    return run_report(settings, output_format, report, snapshot)


def _report(
    con: duckdb.DuckDBPyConnection,
    *,
    settings: Settings,
    query: str,
    filters: search.Filters,
    limit: int,
    documents: bool,
) -> tuple[tuple[str, ...], list[tuple[object, ...]]]:
    with closing(search.open_index(con, search.index_path(settings.db_path))) as index:
        return search.COLUMNS, search.search(index, query, filters, limit, documents)


def _la_code(la: str | None) -> str | None:
    """An LA given by its three-digit code or its name (or a variant of it)."""
    if la is None:
        return None
    index = authority_index()
    found = index.by_code.get(la.strip()) or index.by_name(la)
    if found is None:
        raise ValueError(f"--la {la!r}: no local authority has that code or name")
    return found.la_code


def _known(value: str | None, known: tuple[str, ...], option: str) -> str | None:
    if value is not None and value not in known:
        raise ValueError(f"{option} {value!r}: not one of {', '.join(known)}")
    return value
