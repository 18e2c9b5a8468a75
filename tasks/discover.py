"""Discover publications: on the reports site (search pages → provider pages) or in a local folder.

Every selector and URL pattern of the reports site lives in this module (see docs/watching.md). The site parser
fails loudly: a page that no longer matches raises LayoutChanged naming the page and what was missing, so a layout
change is never mistaken for "nothing new".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from common.authorities import authority_index
from tasks.fetch import FetchError

# --- The reports site's layout: every selector and URL pattern in one place. ---
SEARCH_PATH = "/search"
SEARCH_ROWS = 100
# level_1_types=3: children's social care; level_2_types[]=12: local authority children's services.
SEARCH_QUERY = {
    "q": "",
    "location": "",
    "lat": "",
    "lon": "",
    "radius": "",
    "level_1_types": "3",
    "level_2_types[]": "12",
}
PROVIDER_LINK = 'a[href*="/provider/"]'
PUBLICATION_LINK = "a.publication-link"
PUBLICATION_LABEL = "span.nonvisual"
NEXT_PAGE_LINK = "ul.pagination li.next a"
# "Children's services inspection - 19 November 2021, pdf": the label, the publication date, the format.
LABEL_TEXT = re.compile(r"^(?P<label>.+?)\s+-\s+(?P<date>\d{1,2}\s+[A-Za-z]+\s+\d{4})\s*(?:,\s*(?P<format>\w+))?$")
MAX_PROVIDER_PAGES = 50
# --- end of the site's layout ---

# The corpus layout: `<URN>_<name>/<label> - <dd month yyyy>.pdf`.
FOLDER_PROVIDER = re.compile(r"^(?P<urn>\d+)_(?P<name>.+)$")
FOLDER_FILE = re.compile(r"^(?P<label>.+?)\s+-\s+(?P<date>\d{1,2}\s+[A-Za-z]+\s+\d{4})$")
DOCUMENT_SUFFIXES = frozenset({".pdf", ".html", ".htm", ".txt"})


class LayoutChanged(Exception):
    """A page of the reports site no longer has the structure this module expects."""

    def __init__(self, url: str, missing: str) -> None:
        super().__init__(f"{url}: {missing} (the site's layout may have changed; see tasks/discover.py)")
        self.url, self.missing = url, missing


@dataclass(frozen=True)
class Provider:
    urn: str
    name: str
    url: str


@dataclass(frozen=True)
class Publication:
    """A document to ingest: a file link on the site, or a file in a folder."""

    # The site's file URL, or the file's absolute path: the warehouse's document_id.
    location: str
    # Reports the document as: the corpus-style relative name (`<URN>_<name>/<file>`) or the URL.
    file: str
    label: str
    published: date | None
    provider_urn: str | None
    provider_name: str | None

    @property
    def la_code(self) -> str | None:
        la = authority_index().by_urn.get(self.provider_urn or "")
        if la is None and self.provider_name:
            la = authority_index().by_name(self.provider_name)
        return la.la_code if la else None

    @property
    def is_local(self) -> bool:
        return not self.location.startswith(("http://", "https://"))


@dataclass(frozen=True)
class PageFailure:
    url: str
    reason: str

    @classmethod
    def of(cls, url: str, reason: str) -> PageFailure:
        """Errors name their URL first; recorded against that URL, the reason need not repeat it."""
        return cls(url, reason.removeprefix(f"{url}: "))


@dataclass
class Discovery:
    publications: list[Publication]
    # Provider pages that could not be read this time: the run reports them and the next poll reads them again.
    failures: list[PageFailure]
    providers: int


def is_site(source: str) -> bool:
    return urlsplit(source).scheme in ("http", "https")


# --- The reports site ---


def search_url(base: str, start: int) -> str:
    query = urlencode({**SEARCH_QUERY, "start": start, "rows": SEARCH_ROWS})
    return f"{base.rstrip('/')}{SEARCH_PATH}?{query}"


def parse_search_page(html: str, url: str) -> list[Provider]:
    """Provider links on one search page, in page order."""
    providers = []
    for anchor in _soup(html).select(PROVIDER_LINK):
        href = urljoin(url, str(anchor.get("href", "")))
        urn = urlsplit(href).path.rstrip("/").rsplit("/", 1)[-1]
        name = anchor.get_text(" ", strip=True)
        if not urn.isdigit() or not name:
            raise LayoutChanged(url, f"provider link {href!r} has no numeric URN or no name")
        providers.append(Provider(urn=urn, name=name, url=href))
    return providers


def parse_provider_page(html: str, url: str, provider: Provider) -> tuple[list[Publication], str | None]:
    """The publications listed on one provider page, and the next page's URL if the list goes on."""
    soup = _soup(html)
    links = soup.select(PUBLICATION_LINK)
    if not links:
        raise LayoutChanged(url, f"no publication list ({PUBLICATION_LINK}) on {provider.name}'s page")
    publications = [_publication(link, url, provider) for link in links]
    next_link = soup.select_one(NEXT_PAGE_LINK)
    next_url = urljoin(url, str(next_link["href"])) if next_link and next_link.get("href") else None
    return publications, next_url


def discover_site(read_page: Callable[[str], str], base: str) -> Discovery:
    """Every publication of every LA children's services provider; `read_page(url)` returns a page's HTML.

    A search page that does not parse stops everything (LayoutChanged); a provider page that does not is
    recorded as a failure and the others are still read. When not one provider page parses, the layout has
    changed for all of them: that stops everything too, rather than passing for a run with nothing new.
    """
    providers = list_providers(read_page, base)
    publications: list[Publication] = []
    failures: list[PageFailure] = []
    drifted: list[LayoutChanged] = []
    for provider in providers:
        try:
            publications += provider_publications(read_page, provider)
        except (LayoutChanged, FetchError) as error:  # one provider's page must not hide the others' news
            failures.append(PageFailure.of(provider.url, str(error)))
            if isinstance(error, LayoutChanged):
                drifted.append(error)
    if len(drifted) == len(providers):
        first = drifted[0]
        raise LayoutChanged(first.url, f"none of the {len(providers)} provider pages parses; this one: {first.missing}")
    return Discovery(_unique(publications), failures, len(providers))


def list_providers(read_page: Callable[[str], str], base: str) -> list[Provider]:
    """Page through the search until a page adds no provider."""
    found: dict[str, Provider] = {}
    start = 0
    while True:
        url = search_url(base, start)
        page = parse_search_page(read_page(url), url)
        new = [p for p in page if p.urn not in found]
        if not new:
            break
        found.update((p.urn, p) for p in new)
        start += SEARCH_ROWS
    if not found:
        raise LayoutChanged(search_url(base, 0), f"no provider links ({PROVIDER_LINK}) on the first search page")
    return list(found.values())


def provider_publications(read_page: Callable[[str], str], provider: Provider) -> list[Publication]:
    publications: list[Publication] = []
    url: str | None = provider.url
    seen_pages: set[str] = set()
    while url and url not in seen_pages:
        if len(seen_pages) >= MAX_PROVIDER_PAGES:
            raise LayoutChanged(url, f"more than {MAX_PROVIDER_PAGES} pages of publications")
        seen_pages.add(url)
        page, url = parse_provider_page(read_page(url), url, provider)
        publications += page
    return publications


def _publication(link: Tag, page_url: str, provider: Provider) -> Publication:
    href = link.get("href")
    label_span = link.select_one(PUBLICATION_LABEL)
    if not href or label_span is None:
        raise LayoutChanged(page_url, f"a publication link without href or {PUBLICATION_LABEL}: {link!s:.200}")
    text = " ".join(label_span.get_text(" ", strip=True).split())
    match = LABEL_TEXT.match(text)
    published = _day(match["date"]) if match else None
    if match is None or published is None:
        raise LayoutChanged(page_url, f"publication label {text!r} is not '<label> - <d Month yyyy>, <format>'")
    url = urljoin(page_url, str(href))
    return Publication(
        location=url,
        file=url,
        label=match["label"],
        published=published,
        provider_urn=provider.urn,
        provider_name=provider.name,
    )


def _soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


# --- A local folder ---


def discover_folder(root: Path) -> Discovery:
    """Every document under a folder, subfolders included, with the URN and date its path gives, if any."""
    if not root.is_dir():
        raise FileNotFoundError(f"{root}: not a folder")
    publications = [_folder_publication(root, path) for path in sorted(_document_files(root))]
    return Discovery(publications, [], len({p.provider_urn for p in publications}))


def _document_files(root: Path) -> Iterator[Path]:
    for path in root.rglob("*"):
        hidden = any(part.startswith(".") for part in path.relative_to(root).parts)
        if path.is_file() and not hidden and path.suffix.lower() in DOCUMENT_SUFFIXES:
            yield path


def _folder_publication(root: Path, path: Path) -> Publication:
    provider = FOLDER_PROVIDER.match(path.parent.name) if path.parent != root else None
    named = FOLDER_FILE.match(path.stem)
    return Publication(
        location=str(path.resolve()),
        file=path.relative_to(root).as_posix(),
        label=named["label"] if named else path.stem,
        published=_day(named["date"]) if named else None,
        provider_urn=provider["urn"] if provider else None,
        provider_name=provider["name"] if provider else None,
    )


# --- Selecting what to ingest ---


def select(
    publications: list[Publication], since: date | None, until: date | None, la_codes: list[str]
) -> list[Publication]:
    """Publications in the date range (inclusive) and of the LAs asked for.

    With a date range, an undated file cannot be placed in it and is left out. With an LA filter, a file whose
    LA is not known before extraction is kept, and the flow filters it on the extracted record.
    """
    wanted = set(la_codes)

    def keep(publication: Publication) -> bool:
        if (since or until) and publication.published is None:
            return False
        if since and publication.published and publication.published < since:
            return False
        if until and publication.published and publication.published > until:
            return False
        la_code = publication.la_code
        return not wanted or la_code is None or la_code in wanted

    return [p for p in publications if keep(p)]


def _unique(publications: list[Publication]) -> list[Publication]:
    """One entry per file: a listing repeated on a page or across pages is one document."""
    unique: dict[str, Publication] = {}
    for publication in publications:
        unique.setdefault(publication.location, publication)
    return list(unique.values())


def _day(text: str) -> date | None:
    cleaned = " ".join(text.split())
    for pattern in ("%d %B %Y", "%d %b %Y"):
        try:
            return datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    return None
