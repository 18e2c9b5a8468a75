"""The search page's index (reports/site/search.py): a record per part of a document's section, its meta saying
where each passage starts and on which page, written by the real Pagefind binary.

The browser tests (tests/test_site_browser.py) search the built site; these check the records on a section
longer than a record holds."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from reports.site import search
from reports.site.model import Entry, Passage
from reports.site.search import (
    FOLDER,
    MANIFEST,
    PART_WORDS,
    Located,
    Shard,
    plan_shards,
    search_record,
    section_parts,
    shard_records,
    write_search_index,
)
from samples.documents import prose

REPORT, OTHER = "https://reports.example/wessex-2026.pdf", "https://reports.example/kingsmarsh-2022.pdf"
PLACES = {
    document: Located(f"la/{slug}.html", Entry(document, "Inspection", document, date(2026, 10, 30), "loaded"))
    for document, slug in ((REPORT, "wessex"), (OTHER, "kingsmarsh"))
}
WHERE = PLACES[REPORT]


def passage(position: int, page: int, section: str, text: str, document: str = REPORT) -> Passage:
    return Passage(document, "Wessex", "South West", "ilacs_standard", date(2026, 10, 9), date(2026, 10, 30),
                   "inadequate", position, page, section, text)  # fmt: skip


# A section of 30 passages of prose over pages 3 to 17, then another heading's, then another document's.
LONG = [passage(n, 3 + n // 2, "Children in care", prose(f"care-{n}", 4)) for n in range(1, 31)]
PASSAGES = [
    *LONG,
    passage(31, 18, "Care leavers", "Care leavers have a personal adviser who knows them well."),
    passage(1, 2, "Care leavers", "Staying put arrangements are (well) used.", OTHER),
]


def test_a_long_section_is_cut_into_parts_and_a_new_heading_or_document_starts_a_record() -> None:
    parts = list(section_parts(PASSAGES))
    assert [passage for part in parts for passage in part] == PASSAGES
    long_parts = [part for part in parts if part[0].section == "Children in care"]
    assert len(long_parts) > 1
    assert all(sum(len(p.text.split()) for p in part) <= PART_WORDS for part in long_parts)
    assert [[p.position for p in part] for part in parts[len(long_parts) :]] == [[31], [1]]


def test_a_record_says_where_each_passage_starts_and_on_which_page() -> None:
    part = next(part for part in section_parts(PASSAGES) if len(part) > 2)
    record = search_record(part, WHERE)
    words = record["content"].split()
    starts = [pair.split(" ") for pair in record["meta"]["passages"].split(",")]
    assert len(starts) == len(part)
    for (start, page), held in zip(starts, part, strict=True):
        assert words[int(start) : int(start) + len(held.text.split())] == held.text.split()
        assert int(page) == held.page
    first = part[0]
    assert record["url"] == f"la/wessex.html?passage={first.position}#{WHERE.entry.anchor}"
    assert record["meta"]["pdf"] == f"{REPORT}#page={first.page}"
    assert record["filters"] == {"region": ["South West"], "kind": ["Standard inspection (ILACS)"],
                                 "year": ["2026"], "grade": ["Inadequate"]}  # fmt: skip


def test_pagefind_writes_a_fragment_per_record_and_an_entry_the_page_can_read(tmp_path: Path) -> None:
    records = [search_record(part, PLACES[part[0].document_id]) for part in section_parts(PASSAGES)]
    indexed = write_search_index(tmp_path, [Shard("2026", (REPORT, OTHER), "digest")], lambda shard: records, None)
    assert (indexed.records, indexed.shards_indexed) == (len(records), 1)
    assert indexed.filters["year"] == {"2026"} and indexed.filters["grade"] == {"Inadequate"}
    bundle = tmp_path / FOLDER / "2026"
    assert len(list((bundle / "fragment").glob("*.pf_fragment"))) == len(records)
    assert (bundle / "pagefind.js").is_file()
    # What the search page loads first: once found empty, when the service exited before its writes landed.
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    # One language, which Pagefind has no stemmer for: a word matches itself only, as for `ofsted-watch search`.
    assert list(entry["languages"]) == [search.LANGUAGE]
    assert entry["languages"][search.LANGUAGE]["page_count"] == len(records)
    assert entry["languages"][search.LANGUAGE]["wasm"] is None
    assert (bundle / f"pagefind.{entry['languages'][search.LANGUAGE]['hash']}.pf_meta").stat().st_size > 0
    assert not [path.name for path in bundle.iterdir() if path.name.startswith("pagefind-ui")]
    assert all(path.stat().st_size > 0 for path in bundle.rglob("*") if path.is_file())


def _located(days: dict[str, date | None]) -> dict[str, Located]:
    return {
        name: Located("la/wessex.html", Entry(name, "Inspection", None, day, "loaded")) for name, day in days.items()
    }


def test_shards_pack_whole_years_from_the_oldest_and_cut_a_year_of_more_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "SHARD_CHARACTERS", 300)
    days = {"a": date(2013, 5, 1), "b": date(2014, 1, 2), "c": None, "d": date(2017, 1, 1), "none": date(2015, 1, 1)}
    days |= {f"y{n}": date(2016, 12 - n, 1) for n in range(5)}
    facts = {name: (1, 100, f"{name} as loaded") for name in days if name != "none"}  # "none" has no passages
    found = plan_shards(_located(days), facts)
    # A year's parts in order of day (the newest last, so new documents change it), then the next year packed in.
    assert [(shard.name, shard.documents) for shard in found] == [
        ("2016.2-2017", ("y1", "y0", "d")),
        ("2016", ("y4", "y3", "y2")),
        ("2013-2014", ("a", "b")),
        ("undated", ("c",)),
    ]
    # A shard's digest changes with what its documents' records are made of, and only its own.
    again = plan_shards(_located(days), facts | {"d": (1, 100, "d loaded again")})
    assert [shard.digest == before.digest for shard, before in zip(again, found, strict=True)] == [
        False, True, True, True,
    ]  # fmt: skip


def test_a_build_links_the_shards_it_holds_already_and_indexes_the_changed_ones(tmp_path: Path) -> None:
    passages = {"2026": PASSAGES[:-1], "2022": PASSAGES[-1:]}
    old, same = Shard("2022", (OTHER,), "as first loaded"), Shard("2026", (REPORT,), "unchanged")

    def records(shard: Shard) -> list[dict[str, object]]:
        return list(shard_records(shard, PLACES, lambda documents: iter(passages[shard.name])))

    assert write_search_index(tmp_path / "before", [same, old], records, None).shards_indexed == 2
    passages["2022"] = [replace(PASSAGES[-1], text="Staying put is well used.")]
    changed = replace(old, digest="loaded again")
    indexed = write_search_index(tmp_path / "after", [same, changed], records, previous=tmp_path / "before")
    # The unchanged shard's count and filters come from the manifest.
    assert (indexed.shards_indexed, indexed.records) == (1, len(records(same)) + len(records(changed)))
    assert indexed.filters["year"] == {"2026"}
    before, after = tmp_path / "before" / FOLDER, tmp_path / "after" / FOLDER
    kept = [path.relative_to(before / "2026") for path in (before / "2026").rglob("*") if path.is_file()]
    assert kept and all((after / "2026" / path).samefile(before / "2026" / path) for path in kept)
    assert not (after / "2022" / "pagefind-entry.json").samefile(before / "2022" / "pagefind-entry.json")
    manifest = json.loads((after / MANIFEST).read_text(encoding="utf-8"))
    held = json.loads((before / MANIFEST).read_text(encoding="utf-8"))
    assert [shard["name"] for shard in manifest["shards"]] == ["2026", "2022"]
    assert manifest["shards"][0] == held["shards"][0] and manifest["shards"][1]["digest"] == "loaded again"
    assert manifest["shards"][0]["records"] == len(records(same))
    assert manifest["shards"][0]["filters"]["region"] == ["South West"]
    # No previous site (or a full build): every shard indexed.
    assert write_search_index(tmp_path / "full", [same, changed], records, None).shards_indexed == 2
