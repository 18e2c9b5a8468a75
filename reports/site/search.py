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
"""

from __future__ import annotations

import base64
import json
import subprocess
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import partial
from itertools import accumulate
from pathlib import Path
from typing import IO, Any

from pagefind.service import get_executable

from reports import words
from reports.site.model import Entry, Passage, SiteData

FOLDER = "pagefind"
# Pagefind's ready-made interfaces, which the site does not use (search.js draws the results): not published.
UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")
# The filters a visitor narrows by, in the order the page shows them: (key, label).
FILTERS = (("region", "Region"), ("kind", "Kind of document"), ("year", "Year"), ("grade", "Overall grade"))
# A long section is cut into parts of at most this many words: a result downloads its whole part (a fragment of a
# few KB compressed), and the page shows only the passage holding the words.
PART_WORDS = 1000


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
    day = first.inspection_end or entry.event_date or first.published
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
        "language": "en",
        "meta": {key: value for key, value in meta.items() if value},
        "filters": {key: values for key, values in filters.items() if values},
    }


def _one_line(text: str) -> str:
    """The passage's words, one space apart, so a passage's n-th word is the record's (start + n)-th, as the page
    counts them (its content split at white space)."""
    return " ".join(text.split())


def section_parts(passages: Iterable[Passage]) -> Iterator[list[Passage]]:
    """Runs of consecutive passages of one document under one heading, each cut before it would pass `PART_WORDS`
    words (a passage longer than that is a part of its own): passages in reading order, document by document."""
    part: list[Passage] = []
    count = 0
    for passage in passages:
        size = len(passage.text.split())
        same = bool(part) and (passage.document_id, passage.section) == (part[0].document_id, part[0].section)
        if part and (not same or count + size > PART_WORDS):
            yield part
            part, count = [], 0
        part.append(passage)
        count += size
    if part:
        yield part


def search_records(site: SiteData, located: dict[str, Located]) -> list[dict[str, Any]]:
    """A record for every part of a section whose document is on an LA page."""
    passages = (p for p in site.passages if p.document_id in located)
    return [search_record(part, located[part[0].document_id]) for part in section_parts(passages)]


def filter_options(records: Iterable[dict[str, Any]]) -> list[tuple[str, str, list[str]]]:
    """(key, label, values) for each filter: values sorted, years newest first, grades best first."""
    values: dict[str, set[str]] = {key: set() for key, _ in FILTERS}
    for record in records:
        for key, found in record["filters"].items():
            values[key].update(found)
    order = {words.grade_words(code): rank for rank, code in enumerate(words.GRADE_FILLS)}
    return [
        (key, label, sorted(values[key], reverse=key == "year", key=lambda v: (order.get(v, 99), v)))
        if key == "grade"
        else (key, label, sorted(values[key], reverse=key == "year"))
        for key, label in FILTERS
    ]


def write_search_index(folder: Path, records: list[dict[str, Any]]) -> None:
    """Pagefind's bundle (its script, its WebAssembly, the chunked index) into `folder`/pagefind."""
    executable = get_executable()
    if executable is None:
        raise SearchIndexFailed("the pagefind binary is missing (install pagefind[bin])")
    with subprocess.Popen(
        [str(executable), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    ) as service:
        assert service.stdin and service.stdout
        ask = partial(_ask, service.stdin, service.stdout)
        index = ask([{"type": "NewIndex", "config": {"force_language": "en"}}])["index_id"]
        ask(({"type": "AddRecord", "index_id": index, **record} for record in records), len(records))
        bundle = ask([{"type": "GetFiles", "index_id": index}])["files"]
        service.stdin.close()
    _write_bundle(folder / FOLDER, bundle)


def _write_bundle(bundle_dir: Path, files: list[dict[str, str]]) -> None:
    """GetFiles' answer (each file's path in the bundle and its base64 content) as files, less UNUSED."""
    for file in files:
        path = bundle_dir / file["path"]
        if any(fnmatch(path.name, pattern) for pattern in UNUSED):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(file["content"]))


def _ask(stdin: IO[bytes], stdout: IO[bytes], payloads: Iterable[dict[str, Any]], count: int = 1) -> dict[str, Any]:
    """Send the messages from a thread while reading their answers (a pipe's buffer holds far fewer than 33,000
    records, so writing them all first would block); raise on the first error, else return the last answer."""
    writer = threading.Thread(target=_send, args=(stdin, payloads), daemon=True)
    writer.start()
    last: dict[str, Any] = {}
    for answer in _answers(stdout, count):
        last = answer["payload"]
        if last.get("type") == "Error":
            raise SearchIndexFailed(last.get("message", "pagefind failed"))
    writer.join()
    return last


def _send(stdin: IO[bytes], payloads: Iterable[dict[str, Any]]) -> None:
    for number, payload in enumerate(payloads):
        message = json.dumps({"message_id": number, "payload": payload}).encode("utf-8")
        stdin.write(base64.b64encode(message) + b",")
    stdin.flush()


def _answers(stdout: IO[bytes], count: int) -> Iterator[dict[str, Any]]:
    """`count` answers as they arrive. GetFiles' one answer holds the whole bundle (megabytes for the corpus):
    the buffer grows in place and only its new bytes are searched for the comma that ends a message."""
    buffer, searched = bytearray(), 0
    while count:
        chunk = stdout.read1(1 << 20)  # type: ignore[attr-defined]
        if not chunk:
            raise SearchIndexFailed("pagefind stopped before answering")
        buffer += chunk
        while count and (end := buffer.find(b",", searched)) != -1:
            message = bytes(buffer[:end])
            del buffer[: end + 1]
            searched, count = 0, count - 1
            yield json.loads(base64.b64decode(message))
        searched = len(buffer)
