"""The search page's index: every passage searchable, in one Pagefind record per part of a document's section,
written into the site's `pagefind/` folder.

A record is a run of consecutive passages under one heading (a long section is cut into parts of at most
`PART_WORDS` words): Pagefind's meta and filter tables hold a row per record, so a search downloads far less than
with a record per passage, and the index is written in seconds. Each record is a custom record (no HTML page of
its own) whose address is its document on the LA's page (`la/<slug>.html#doc-...`, relative to search.html); its
meta carries what a result shows and `passages`, where each passage starts in the record's words and on which
page, so the search page can show the passage that holds the words found and link the PDF at its page.

Pagefind's Python wrapper waits 0.1 s between the answers it reads, so this module speaks the binary's service
protocol itself (`pagefind --service`: base64 JSON messages ended by a comma, one answer each): every record is
written in one stream while a thread reads the answers. The bundle's files come back in an answer (GetFiles) and
are written here: the service's WriteFiles may answer while its last writes are still queued, and the service
exits the moment its input closes, which on a busy machine left `pagefind-entry.json` empty and the search page
unable to load its index.

The index is cut into shards, one Pagefind bundle each in `pagefind/<shard>/`: whole years of documents (by the
date a result shows), packed from the oldest up to `SHARD_CHARACTERS` of text, a year of more cut into parts in
date order. Pagefind's memory follows the text of the one index it builds, so a shard's process is bounded by
the shard, not the history; the search page merges the shards in the browser (`mergeIndex`). A shard's
passages are read from the warehouse as its records are made (twice: for its digest, then for Pagefind), never
all at once. `shards.json` in the folder names each shard and a digest of its records: the next build links a
shard whose records are unchanged from the site it replaces instead of indexing it again, so a poll re-indexes
only the shards its documents touch.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from fnmatch import fnmatch
from functools import partial
from importlib.metadata import version
from itertools import accumulate, chain
from pathlib import Path
from typing import IO, Any, TypeVar

from pagefind.service import get_executable

from reports import words
from reports.site import model
from reports.site.model import Entry, Passage
from reports.site.publish import link_from_live

FOLDER = "pagefind"
# Pagefind's ready-made interfaces, which the site does not use (search.js draws the results): not published.
UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")
# The filters a visitor narrows by, in the order the page shows them: (key, label).
FILTERS = (("region", "Region"), ("kind", "Kind of document"), ("year", "Year"), ("grade", "Overall grade"))
# A long section is cut into parts of at most this many words: a result downloads its whole part (a fragment of a
# few KB compressed), and the page shows only the passage holding the words.
PART_WORDS = 1000
# A shard holds at most this many characters of passages' text (a year of more is cut into parts; a document of
# more is a part of its own): Pagefind's process for one takes about 250 MB (it holds the text of the index it
# builds: about 60 MB a million characters), and the browser downloads an entry file, a meta table and the
# chunks of the query's words for each shard it searches.
SHARD_CHARACTERS = 4_000_000
# Shards indexed at once, each by a Pagefind process of its own (one core's work each; about 290 MB each for a
# full shard). On the two-core machine, quiet, the corpus's index took 6.7 to 7.0 s two at a time against 11.2 to
# 11.4 s one at a time (busy with other work, two were no faster); more than two would hold more memory for
# little gain on the machines this runs on.
INDEXERS = min(2, os.cpu_count() or 1)
# The records' language for Pagefind: one it has no stemmer for, so a word matches only itself, as it does for
# `ofsted-watch search` ("privately fostered" is not "private fostering").
LANGUAGE = "zxx"
# What the folder says of its shards: their names, newest first, and each one's records' digest.
MANIFEST = "shards.json"
# A shard without a date.
UNDATED = "undated"


T = TypeVar("T")


# The modules whose code makes a record: a change to any re-indexes every shard.
_RECORD_MAKERS = (sys.modules[__name__], words, model)


class SearchIndexFailed(RuntimeError):
    """Pagefind refused a record or could not write the index."""


@dataclass(frozen=True)
class Located:
    """Where a document is on the site and on Ofsted's: its LA page (from the root) and its report's address."""

    page: str
    entry: Entry


def search_record(part: Sequence[Passage], where: Located) -> dict[str, Any]:
    """The AddRecord message's fields for a part of a section: consecutive passages of one document, one heading."""
    first, entry = part[0], where.entry
    day = document_day(entry)
    texts = [_one_line(passage.text) for passage in part]
    starts = accumulate((len(text.split(" ")) for text in texts[:-1]), initial=0)
    meta = {
        "title": first.local_authority or "",
        "document": words.kind_words(first.kind),
        "date": words.long_date(day) if day else "",
        "grade": words.grade_words(first.overall) if first.overall else "",
        "page": str(first.page),
        "section": first.section or "",
        "pdf": f"{entry.url}#page={first.page}" if entry.url else "",
        # "word page" for each passage: the search page shows the passage holding the words found, at its page.
        "passages": ",".join(f"{start} {passage.page}" for start, passage in zip(starts, part, strict=True)),
    }
    filters = {
        "region": [first.region] if first.region else [],
        "kind": [meta["document"]] if first.kind else [],
        "year": [str(day.year)] if day else [],
        "grade": [meta["grade"]] if meta["grade"] else [],
    }
    return {
        # Pagefind keeps one record per address: the first passage's number in the query makes each its own, and
        # a static server ignores it, so the link still opens the LA page at the document.
        "url": f"{where.page}?passage={first.position}#{entry.anchor}",
        "content": " ".join(texts),
        "language": LANGUAGE,
        "meta": {key: value for key, value in meta.items() if value},
        "filters": {key: values for key, values in filters.items() if values},
    }


def document_day(entry: Entry) -> date | None:
    """The date a result shows and its shard is chosen by: the inspection's end, else the letter's, else
    publication."""
    return entry.inspection_end or entry.event_date or entry.published


def _one_line(text: str) -> str:
    """The passage's words, one space apart, so a passage's n-th word is the record's (start + n)-th, as the page
    counts them (its content split at white space)."""
    return " ".join(text.split())


def section_parts(passages: Iterable[Passage]) -> Iterator[list[Passage]]:
    """Runs of consecutive passages of one document under one heading, each cut before it would pass `PART_WORDS`
    words (a passage longer than that is a part of its own): passages in reading order, document by document."""
    return _runs(passages, lambda passage: len(passage.text.split()), PART_WORDS, _same_section)


def _same_section(first: Passage, passage: Passage) -> bool:
    return (passage.document_id, passage.section) == (first.document_id, first.section)


def _runs(
    items: Iterable[T], size: Callable[[T], int], most: int, joins: Callable[[T, T], bool] = lambda first, item: True
) -> Iterator[list[T]]:
    """Runs of consecutive items, each cut before its size would pass `most` or before an item that does not join
    the run's first (an item larger than `most` is a run of its own)."""
    run: list[T] = []
    held = 0
    for item in items:
        weight = size(item)
        if run and (not joins(run[0], item) or held + weight > most):
            yield run
            run, held = [], 0
        run.append(item)
        held += weight
    if run:
        yield run


# Some documents' passages, in reading order (reports.site.load.passage_reader): read as they are indexed.
PassageReader = Callable[[list[str]], Iterator[Passage]]


@dataclass(frozen=True)
class Shard:
    """Documents whose records are indexed together: one Pagefind bundle in `pagefind/<name>/`, and a digest of
    what its records are made of."""

    name: str
    documents: tuple[str, ...]
    digest: str


def plan_shards(located: dict[str, Located], facts: Mapping[str, tuple[int, int, str]]) -> list[Shard]:
    """The documents on LA pages that have passages, in shards of whole years by `document_day`, newest first:
    years packed from the oldest into shards of at most SHARD_CHARACTERS of text, a year of more cut into parts
    in order of day. A shard is named by its years ("2013-2015", "2024"; "2016.2", a year's second part;
    "undated"). New documents, which are the newest, change the last shard only."""
    years: dict[str, list[tuple[str, str]]] = {}
    for document_id, where in located.items():
        if document_id in facts:
            day = document_day(where.entry)
            years.setdefault(str(day.year) if day else UNDATED, []).append(
                (day.isoformat() if day else "", document_id)
            )
    packed: list[tuple[list[str], list[str]]] = []  # (years, documents)
    for year in sorted(years, key=lambda name: (name != UNDATED, name)):
        documents = [document_id for _, document_id in sorted(years[year])]
        last = packed[-1] if packed else None
        joins = last is not None and UNDATED not in (year, last[0][0])
        if last and joins and _characters(last[1] + documents, facts) <= SHARD_CHARACTERS:
            last[0].append(year)
            last[1].extend(documents)
            continue
        parts = _runs(documents, lambda document_id: facts[document_id][1], SHARD_CHARACTERS)
        for number, part in enumerate(parts, start=1):
            packed.append(([year if number == 1 else f"{year}.{number}"], part))
    return [
        Shard(_shard_name(names), tuple(documents), _digest(documents, located, facts))
        for names, documents in reversed(packed)
    ]


def _characters(documents: list[str], facts: Mapping[str, tuple[int, int, str]]) -> int:
    return sum(facts[document_id][1] for document_id in documents)


def _digest(documents: list[str], located: dict[str, Located], facts: Mapping[str, tuple[int, int, str]]) -> str:
    """What a shard's records are made of, without reading its passages: each document's fingerprint (its
    passages' count and load stamps, the facts a record shows), its place on the site and its entry's address
    and date; the code that makes records (this module, the words it uses, the site's model) and the Pagefind
    that indexes them."""
    made_of = [
        version("pagefind"),
        [hashlib.sha256(Path(module.__file__ or "").read_bytes()).hexdigest() for module in _RECORD_MAKERS],
        [
            (document_id, facts[document_id][2], located[document_id].page, located[document_id].entry.url,
             str(document_day(located[document_id].entry)))
            for document_id in documents
        ],
    ]  # fmt: skip
    return hashlib.sha256(json.dumps(made_of, ensure_ascii=False).encode("utf-8")).hexdigest()


def _shard_name(years: list[str]) -> str:
    return years[0] if len(years) == 1 else f"{years[0]}-{years[-1]}"


def shard_records(shard: Shard, located: dict[str, Located], read: PassageReader) -> Iterator[dict[str, Any]]:
    """The records of the shard's documents, as their passages are read."""
    for part in section_parts(read(list(shard.documents))):
        yield search_record(part, located[part[0].document_id])


@dataclass
class Tally:
    """How many records went by, and their filters' values."""

    records: int = 0
    filters: dict[str, set[str]] = field(default_factory=lambda: {key: set() for key, _ in FILTERS})

    def counted(self, records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for record in records:
            for key, values in record["filters"].items():
                self.filters[key].update(values)
            self.records += 1
            yield record


@dataclass
class Indexed(Tally):
    """What write_search_index wrote: records, each filter's values, the shards Pagefind indexed."""

    shards_indexed: int = 0


def filter_options(values: Mapping[str, set[str]]) -> list[tuple[str, str, list[str]]]:
    """(key, label, values) for each filter: values sorted, years newest first, grades best first."""
    order = {words.grade_words(code): rank for rank, code in enumerate(words.GRADE_FILLS)}
    return [
        (key, label, sorted(values[key], reverse=key == "year", key=lambda v: (order.get(v, 99), v)))
        if key == "grade"
        else (key, label, sorted(values[key], reverse=key == "year"))
        for key, label in FILTERS
    ]


def write_search_index(
    folder: Path, shards: Sequence[Shard], records: Callable[[Shard], Iterable[dict[str, Any]]], previous: Path | None
) -> Indexed:
    """A Pagefind bundle (its script, its WebAssembly, the chunked index) for each shard into
    `folder`/pagefind/<shard>, and the manifest. A shard the site at `previous` holds with the same digest is
    linked from there, its passages not read; the others are indexed, INDEXERS at a time, their records made as
    they are sent to Pagefind and never held."""
    bundles = folder / FOLDER
    held = _manifest(previous / FOLDER) if previous else {}
    kept = {shard.name: held[shard.name] for shard in shards if held.get(shard.name, {}).get("digest") == shard.digest}

    def build(shard: Shard) -> tuple[int, dict[str, set[str]]]:
        if previous and shard.name in kept:
            shutil.copytree(previous / FOLDER / shard.name, bundles / shard.name, copy_function=link_from_live)
            entry = kept[shard.name]
            return entry["records"], {key: set(values) for key, values in entry["filters"].items()}
        tally = Tally()
        _write_bundle(bundles / shard.name, _index(tally.counted(records(shard))))
        return tally.records, tally.filters

    with ThreadPoolExecutor(INDEXERS) as pool:
        built = list(pool.map(build, shards))
    indexed, manifest = Indexed(shards_indexed=len(shards) - len(kept)), []
    for shard, (count, filters) in zip(shards, built, strict=True):
        indexed.records += count
        for key, values in filters.items():
            indexed.filters[key].update(values)
        manifest.append({"name": shard.name, "digest": shard.digest, "records": count,
                         "filters": {key: sorted(values) for key, values in sorted(filters.items())}})  # fmt: skip
    bundles.mkdir(parents=True, exist_ok=True)
    (bundles / MANIFEST).write_text(json.dumps({"shards": manifest}, indent=1, ensure_ascii=False), encoding="utf-8")
    return indexed


def _manifest(bundles: Path) -> dict[str, dict[str, Any]]:
    """Each shard's entry (digest, records, filters' values) as the site's manifest gives it: none when it has
    none, or one unreadable."""
    try:
        manifest = json.loads((bundles / MANIFEST).read_text(encoding="utf-8"))
        return {
            shard["name"]: shard
            for shard in manifest["shards"]
            if isinstance(shard["digest"], str) and isinstance(shard["records"], int) and shard["filters"].keys()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _index(records: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    """Pagefind's bundle of the records: each file's path and base64 content. The records and GetFiles go in one
    stream, the answers read until GetFiles' own."""
    executable = get_executable()
    if executable is None:
        raise SearchIndexFailed("the pagefind binary is missing (install pagefind[bin])")
    with subprocess.Popen(
        [str(executable), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    ) as service:
        assert service.stdin and service.stdout
        ask = partial(_ask, service.stdin, service.stdout)
        index = ask([{"type": "NewIndex", "config": {"force_language": LANGUAGE}}], "NewIndex")["index_id"]
        messages = chain(
            ({"type": "AddRecord", "index_id": index, **record} for record in records),
            [{"type": "GetFiles", "index_id": index}],
        )
        bundle: list[dict[str, str]] = ask(messages, "GetFiles")["files"]
        service.stdin.close()
    return bundle


def _write_bundle(bundle_dir: Path, files: list[dict[str, str]]) -> None:
    """GetFiles' answer (each file's path in the bundle and its base64 content) as files, less UNUSED."""
    for file in files:
        path = bundle_dir / file["path"]
        if any(fnmatch(path.name, pattern) for pattern in UNUSED):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(file["content"]))


def _ask(stdin: IO[bytes], stdout: IO[bytes], payloads: Iterable[dict[str, Any]], last: str) -> dict[str, Any]:
    """Send the messages from a thread while reading their answers (a pipe's buffer holds far fewer than 33,000
    records, so writing them all first would block); raise on the first error, else return the answer of type
    `last` (the last message's)."""
    failed: list[BaseException] = []
    writer = threading.Thread(target=_send, args=(stdin, payloads, failed), daemon=True)
    writer.start()
    for answer in _answers(stdout):
        payload: dict[str, Any] = answer["payload"]
        if payload.get("type") == "Error":
            raise SearchIndexFailed(payload.get("message", "pagefind failed"))
        if payload.get("type") == last:
            writer.join()
            return payload
    writer.join()
    if failed:  # making a record failed (reading the warehouse): its error, not Pagefind's silence
        raise failed[0]
    raise SearchIndexFailed("pagefind stopped before answering")


def _send(stdin: IO[bytes], payloads: Iterable[dict[str, Any]], failed: list[BaseException]) -> None:
    """Write each message; when making one fails, keep the error and close the input, so the service ends and the
    reader stops waiting."""
    try:
        for number, payload in enumerate(payloads):
            message = json.dumps({"message_id": number, "payload": payload}).encode("utf-8")
            stdin.write(base64.b64encode(message) + b",")
        stdin.flush()
    except BaseException as error:  # raised again by the reader, in the builder's thread
        failed.append(error)
        stdin.close()


def _answers(stdout: IO[bytes]) -> Iterator[dict[str, Any]]:
    """The answers as they arrive, until the service's output ends. GetFiles' one answer holds the whole bundle
    (megabytes for the corpus): the buffer grows in place and only its new bytes are searched for the comma that
    ends a message."""
    buffer, searched = bytearray(), 0
    while chunk := stdout.read1(1 << 20):  # type: ignore[attr-defined]
        buffer += chunk
        while (end := buffer.find(b",", searched)) != -1:
            message = bytes(buffer[:end])
            del buffer[: end + 1]
            searched = 0
            yield json.loads(base64.b64decode(message))
        searched = len(buffer)
