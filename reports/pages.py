"""Where each LA's page is on the website: its file name (a slug of its name, made unique with its code), and its
address under the site's base URL for the messages that link to it (same-day alerts, the digest).

One computation for the site (`reports.site.load`) and the messages, so a link in an alert opens the page the
site wrote. Pages exist for every LA of the reference, current and former, named in the site's order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace

import duckdb

from reports.model import DigestData, Entry
from warehouse import site_queries


def slugify(text: str) -> str:
    """'Bournemouth, Christchurch and Poole' -> 'bournemouth-christchurch-and-poole'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def authority_slugs(authorities: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Each LA's slug from (la_code, name) in the site's order (by name, then code): a name met a second time
    (or one with no letters) is told apart by the LA's code."""
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for la_code, name in authorities:
        slug = slugify(name) or la_code
        if slug in taken:
            slug = f"{slug}-{la_code}"
        taken.add(slug)
        slugs[la_code] = slug
    return slugs


def page_urls(con: duckdb.DuckDBPyConnection, base_url: str) -> dict[str, str]:
    """Each LA's page address under the site's base URL."""
    slugs = authority_slugs((row["la_code"], row["name"]) for row in site_queries.authorities(con))
    root = base_url.rstrip("/")
    return {la_code: f"{root}/la/{slug}.html" for la_code, slug in slugs.items()}


def entries_with_pages(entries: Iterable[Entry], urls: dict[str, str]) -> tuple[Entry, ...]:
    """The entries, each LA carrying its page's address (`Authority.page`)."""
    return tuple(
        replace(entry, authority=replace(entry.authority, page=urls.get(entry.authority.la_code)))
        if entry.authority
        else entry
        for entry in entries
    )


def with_pages(con: duckdb.DuckDBPyConnection, data: DigestData, base_url: str | None) -> DigestData:
    """The digest with a link to each entry's LA page, when the site has a base URL (else unchanged)."""
    if not base_url:
        return data
    urls = page_urls(con, base_url)
    return data.map_entries(lambda entries: entries_with_pages(entries, urls))
