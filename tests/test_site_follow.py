"""Following one council: each LA page and each region page has its own Atom feed (`la/<slug>.xml`,
`region/<slug>.xml`), linked from the page's head and by a visible "Follow" link, holding the same entries, titles
and ids as feed.xml for that LA or region, valid by the same rules."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ElementTree
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urljoin

import pytest
from site_helpers import NO_SNAPSHOT, TODAY
from test_site_build import ATOM, page, text_of

from reports.site.build import BuiltSite, build_site
from reports.site.feed import EMPTY_FEED_UPDATED, TAG_PREFIX


@pytest.fixture(scope="module")
def built(built_site: BuiltSite) -> BuiltSite:
    return built_site


def read_feed(built: BuiltSite, path: str) -> ElementTree.Element:
    return ElementTree.fromstring((built.path / path).read_bytes())


def valid_atom(feed: ElementTree.Element) -> list[ElementTree.Element]:
    """RFC 4287's rules as feed.xml keeps them: the feed and each entry have an id (a tag: URI), a title and an
    updated time; entry ids are unique and stable; the feed's updated is its newest entry's. Returns the entries."""
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id", "").startswith(TAG_PREFIX) and feed.findtext(f"{ATOM}title")
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    entries = feed.findall(f"{ATOM}entry")
    for entry in entries:
        assert entry.findtext(f"{ATOM}id", "").startswith(TAG_PREFIX + "document:")
        assert entry.findtext(f"{ATOM}title") and entry.findtext(f"{ATOM}updated")
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
    assert len({entry.findtext(f"{ATOM}id") for entry in entries}) == len(entries)
    newest = max((entry.findtext(f"{ATOM}updated", "") for entry in entries), default=EMPTY_FEED_UPDATED)
    assert feed.findtext(f"{ATOM}updated") == newest
    return entries


def summary(entries: list[ElementTree.Element]) -> list[tuple[str | None, str | None, str | None]]:
    return [(e.findtext(f"{ATOM}id"), e.findtext(f"{ATOM}title"), e.findtext(f"{ATOM}updated")) for e in entries]


def names_in(entries: list[ElementTree.Element]) -> set[str]:
    return {e.findtext(f"{ATOM}title", "").removeprefix("Deterioration: ").split(":")[0] for e in entries}


def test_an_la_s_feed_is_feed_xml_s_entries_for_that_la(built: BuiltSite) -> None:
    everything = valid_atom(read_feed(built, "feed.xml"))
    feed = read_feed(built, "la/wessex.xml")
    wessex = valid_atom(feed)
    assert feed.findtext(f"{ATOM}id") == f"{TAG_PREFIX}feed:la:990"
    assert feed.findtext(f"{ATOM}title") == "Ofsted watch: Wessex"
    expected = [entry for entry in everything if names_in([entry]) == {"Wessex"}]
    assert summary(wessex) == summary(expected) and len(wessex) == 5
    assert "Deterioration: Wessex: Standard inspection (ILACS), overall effectiveness Inadequate (was Good)" in [
        title for _, title, _ in summary(wessex)
    ]
    # Without a base URL, links are relative to the feed's own folder, so they reach the LA's page.
    feed_url = "http://127.0.0.1/site/la/wessex.xml"
    home = urljoin(feed_url, feed.find(f"{ATOM}link[@rel='alternate']").get("href", ""))  # type: ignore[union-attr]
    assert home == "http://127.0.0.1/site/la/wessex.html"
    for entry in wessex:
        related = urljoin(feed_url, entry.find(f"{ATOM}link[@rel='related']").get("href", ""))  # type: ignore[union-attr]
        assert (built.path / related.removeprefix("http://127.0.0.1/site/")).is_file()


def test_a_region_s_feed_holds_its_councils_entries(built: BuiltSite, site_reference: Path) -> None:
    with site_reference.open(encoding="utf-8") as handle:
        south_west = {row["name"] for row in csv.DictReader(handle) if row["region"] == "South West"}
    everything = valid_atom(read_feed(built, "feed.xml"))
    feed = read_feed(built, "region/south-west.xml")
    region = valid_atom(feed)
    assert feed.findtext(f"{ATOM}title") == "Ofsted watch: South West"
    assert names_in(region) <= south_west and "Wessex" in names_in(region)
    assert summary(region) == summary([entry for entry in everything if names_in([entry]) <= south_west])


def test_an_la_with_no_publication_has_a_valid_empty_feed(built: BuiltSite) -> None:
    feed = read_feed(built, "la/barnsley.xml")
    assert valid_atom(feed) == [] and feed.findtext(f"{ATOM}updated") == EMPTY_FEED_UPDATED


def test_pages_link_their_feed_in_the_head_and_in_words(built: BuiltSite) -> None:
    wessex = page(built, "la/wessex.html")
    assert '<link rel="alternate" type="application/atom+xml" title="Ofsted watch: Wessex" href="wessex.xml">' in wessex
    assert '<p class="follow"><a href="wessex.xml">Follow Wessex</a>' in wessex
    region = page(built, "region/south-west.html")
    assert 'title="Ofsted watch: South West" href="south-west.xml">' in region
    assert "Follow South West" in text_of(region)
    assert 'href="wessex.xml"' in page(built, "la/wessex.html")
    former = page(built, "la/mercia-vale-county.html")  # abolished: its feed stays, no invitation to follow it
    assert 'href="mercia-vale-county.xml">' in former and "Follow Mercia Vale County" not in former


def test_under_a_base_url_each_feed_names_itself(site_db: Path, tmp_path: Path) -> None:
    built = build_site(site_db, NO_SNAPSHOT, tmp_path / "site", base_url="https://example.org/ofsted/", today=TODAY)
    feed = read_feed(built, "la/wessex.xml")
    valid_atom(feed)
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "https://example.org/ofsted/la/wessex.xml"  # type: ignore[union-attr]
    assert feed.find(f"{ATOM}link[@rel='alternate']").get("href") == "https://example.org/ofsted/la/wessex.html"  # type: ignore[union-attr]


def test_a_rebuild_from_the_same_warehouse_writes_the_same_feeds(
    built: BuiltSite, site_db: Path, tmp_path: Path
) -> None:
    again = build_site(site_db, NO_SNAPSHOT, tmp_path / "again", today=date(2027, 1, 5), now=datetime(2027, 1, 5, 7))
    for path in ("la/wessex.xml", "region/south-west.xml", "la/barnsley.xml"):
        assert (again.path / path).read_bytes() == (built.path / path).read_bytes()
