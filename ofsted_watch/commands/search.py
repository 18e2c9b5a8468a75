"""`ofsted-watch search QUERY`: every passage of every report and letter holding the query's words and phrases,
ranked by BM25 (warehouse/search.py). Reads the warehouse, else the published snapshot.

The default table fits the terminal: each hit's LA, date, kind, page and section, then the words around the first
match, wrapped; `--wide`, CSV and JSON print every column, as `sql` prints.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence
from contextlib import closing
from datetime import date
from functools import partial
from itertools import zip_longest
from typing import Any

import duckdb

from common.authorities import authority_index
from common.config import Settings
from common.record import AREAS, OUTCOME_KINDS
from ofsted_watch.commands.query import cell_text, rows_count, run_report
from warehouse import search

# The default table's facts of a hit: (heading, its column, the most characters it takes before it wraps). The
# date is the inspection's end, else publication.
_FACTS = (("LA", "local_authority", 22), ("date", "inspection_end", 10), ("kind", "kind", 18), ("page", "page", 4),
          ("section", "section", 24))  # fmt: skip
_GAP = "  "
# Narrower than this, the snippet goes on lines of its own under its hit's facts; the section (the last fact)
# wraps down to _SECTION_LEAST first.
_SNIPPET_LEAST, _SECTION_LEAST = 30, 12
# The default table shows at most this many words of a passage, from this many before its first match.
_SNIPPET_WORDS, _SNIPPET_LEAD = 60, 8
# The width when the output is not a terminal and COLUMNS is not set.
_DEFAULT_WIDTH = 100


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
    wide: bool = False,
) -> int:
    """Print the passages (with `documents`, each document's best one) matching `query`, best first; `limit` 0
    prints every match. The table fits the terminal unless `wide`."""
    report = partial(_report, settings=settings, query=query, filters=filters, limit=limit, documents=documents)
    return run_report(settings, output_format, report, snapshot, table=None if wide else print_hits)


def print_hits(names: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """The hits as a table as wide as the terminal: the facts in columns, the snippet wrapped in the last; on a
    terminal too narrow for that, each hit's facts on a line, its snippet indented under them."""
    width = shutil.get_terminal_size((_DEFAULT_WIDTH, 24)).columns
    hits = [dict(zip(names, row, strict=True)) for row in rows]
    facts = [[_fact(hit, column) for _, column, _ in _FACTS] for hit in hits]
    snippets = [_excerpt(str(hit["snippet"])) for hit in hits]
    widths = [min(most, max([len(heading), *(len(fact[at]) for fact in facts)])) for at, (heading, _, most)
              in enumerate(_FACTS)]  # fmt: skip
    # The section wraps onto more lines, down to _SECTION_LEAST wide, before the snippet is put under the facts.
    widths[-1] -= max(0, min(widths[-1] - _SECTION_LEAST, _SNIPPET_LEAST - _snippet_width(width, widths)))
    snippet_width = _snippet_width(width, widths)
    if snippet_width >= _SNIPPET_LEAST:
        _print_columns([*widths, snippet_width], facts, snippets)
    else:
        _print_stacked(width, facts, snippets)
    print(rows_count(len(hits)))


def _snippet_width(width: int, widths: Sequence[int]) -> int:
    return width - sum(widths) - len(_GAP) * len(widths)


def _fact(hit: dict[str, Any], column: str) -> str:
    if column == "inspection_end":  # a letter may have no inspection dates: its publication's
        return cell_text(hit[column] or hit["published"])
    return cell_text(hit[column])


def _print_columns(widths: list[int], facts: list[list[str]], snippets: list[str]) -> None:
    headings = [heading for heading, _, _ in _FACTS] + ["snippet"]
    print(_GAP.join(heading.ljust(width) for heading, width in zip(headings, widths, strict=True)).rstrip())
    print(_GAP.join("-" * width for width in widths))
    for fact, snippet in zip(facts, snippets, strict=True):
        cells = [_wrap(text, width) for text, width in zip([*fact, snippet], widths, strict=True)]
        for line in zip_longest(*cells, fillvalue=""):
            print(_GAP.join(text.ljust(width) for text, width in zip(line, widths, strict=True)).rstrip())
        print()


def _print_stacked(width: int, facts: list[list[str]], snippets: list[str]) -> None:
    for fact, snippet in zip(facts, snippets, strict=True):
        labelled = (
            f"page {text}" if heading == "page" else text for (heading, _, _), text in zip(_FACTS, fact, strict=True)
        )
        print("\n".join(_wrap(" · ".join(text for text in labelled if text), width)))
        print("\n".join(_wrap(snippet, width, indent="    ")))
        print()


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    return textwrap.wrap(text, max(1, width), initial_indent=indent, subsequent_indent=indent,
                         break_on_hyphens=False) or [""]  # fmt: skip


def _excerpt(snippet: str) -> str:
    """At most _SNIPPET_WORDS words of the snippet, from a few before its first match, "…" where cut."""
    words = snippet.split()
    first = next((at for at, word in enumerate(words) if search.MARK_START in word), 0)
    start = max(0, min(first - _SNIPPET_LEAD, len(words) - _SNIPPET_WORDS))
    end = start + _SNIPPET_WORDS
    return " ".join(["…"] * (start > 0) + words[start:end] + ["…"] * (end < len(words)))


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
