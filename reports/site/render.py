"""Write the site's files into a folder: pages, feed, downloads and assets, all from one SiteData.

Every link between pages is relative (`../la/wessex.html`, `index.html` rather than a folder), so the tree
works from `file://`, from a web server's root or from any sub-path of a static host, and requests nothing
from another host.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import shutil
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, partial
from itertools import groupby
from pathlib import Path
from typing import Any

from jinja2 import Environment

from reports import words
from reports.context import ENGLAND
from reports.model import NO_LONGER_GRADED
from reports.pages import slugify
from reports.render import entry_sections
from reports.site import feed as atom
from reports.site.chart import MIN_JUDGED, grade_chart, share_charts
from reports.site.downloads import DOWNLOADS, Download, Table, described_downloads, tables, write_downloads
from reports.site.hexmap import hex_map, layout
from reports.site.load import status_words
from reports.site.model import TABLE_AREAS, AuthorityProfile, Entry, Grade, SiteData, Week
from reports.site.publish import link_from_live
from reports.site.search import (
    Indexed,
    Located,
    PassageReader,
    Shard,
    filter_options,
    plan_shards,
    shard_records,
    write_search_index,
)
from reports.templating import template_environment

STATIC = Path(__file__).with_name("static")
# The code that makes a page (templates, words, the site's model) and the data shown in words (frameworks.csv):
# a change to any of it renders every page again.
PAGE_MAKERS = (Path(__file__).parents[1], Path(__file__).parents[2] / "common")
# Each scoped page's digest, as the build that wrote it made it: a hidden file, as only the next build reads it.
PAGE_MANIFEST = ".pages.json"
# The data page lists this many documents of each kind of problem, newest first; problems.csv holds them all.
DATA_PAGE_ROWS = 100
# An LA page lists this many documents, newest first; a longer history goes on to pages of its own, so a page
# stays small however long the record grows.
DOCUMENTS_PER_PAGE = 100
# The map's key, best first.
LEGEND = ("outstanding", "good", "requires_improvement", "adequate", "inadequate", NO_LONGER_GRADED, None)
# The map on the home page is coloured by overall effectiveness (docs/site.md says why); each other judgement of
# the framework in force has a map of its own.
MAP_AREAS = tuple((area, "index.html" if area == "overall" else f"map/{area}.html") for area in TABLE_AREAS)


def _environment() -> Environment:
    """The digest's environment factory and word filters, with what only the site's pages need."""
    return template_environment(
        "reports.site",
        lambda name: (name or "").endswith((".html", ".xml")),
        filters={
            "area_short": words.area_short_words,
            "partners": words.partner_words,
            "inspectorates": words.inspectorate_words,
            "outlook": words.outlook_words,
            "month": lambda day: f"{day:%B %Y}",
            "month_short": lambda day: f"{day:%b %Y}",
            "status": status_words,
            "slug": slugify,
            "filesize": filesize,
            "timestamp": lambda moment: f"{words.long_date(moment.date())} at {moment:%H:%M}",
            "week_counts": week_counts,
            "entry_sections": entry_sections,
            "groupby_year": lambda weeks: [
                (year, list(group)) for year, group in groupby(weeks, lambda w: w.period.start.year)
            ],
        },
        globals_={"table_areas": TABLE_AREAS},
    )


def filesize(size: int) -> str:
    """'12 KB', '1.4 MB'."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1_000_000:.1f} MB"


def week_counts(week: Week) -> str:
    """'2 deteriorations, 1 improvement, 3 other publications, no visits' (the sections that have entries)."""
    data = week.digest
    parts = [
        words.plural(len(items), singular)
        for items, singular in (
            (data.deteriorations, "deterioration"),
            (data.improvements, "improvement"),
            (data.publications, "other publication"),
            (data.visits, "visit"),
            (data.data_problems, "document not loaded"),
        )
        if items
    ]
    return ", ".join(parts) or "nothing published"


_ENVIRONMENT = _environment()


@dataclass(frozen=True)
class DocumentPages:
    """Where one page of an LA's documents stands among them: its number, the pages, the documents' numbers."""

    slug: str
    number: int
    count: int
    total: int

    @classmethod
    def of(cls, la: AuthorityProfile, number: int, count: int, total: int) -> DocumentPages:
        return cls(la.slug, number, max(count, 1), total)

    def path(self, number: int) -> str:
        return f"la/{self.slug}.html" if number == 1 else f"la/{self.slug}-documents-{number}.html"

    @property
    def first(self) -> int:
        return (self.number - 1) * DOCUMENTS_PER_PAGE + 1

    @property
    def last(self) -> int:
        return min(self.number * DOCUMENTS_PER_PAGE, self.total)

    @property
    def span_words(self) -> str:
        """'Documents 1 to 100 of 364', 'Document 5 of 5'."""
        if self.first == self.last:
            return f"Document {self.first} of {self.total}"
        return f"Documents {self.first} to {self.last} of {self.total}"

    @property
    def newer(self) -> str | None:
        """The page of newer documents, from this one (pages share the la/ folder)."""
        return self.path(self.number - 1).removeprefix("la/") if self.number > 1 else None

    @property
    def older(self) -> str | None:
        return self.path(self.number + 1).removeprefix("la/") if self.number < self.count else None


@dataclass(frozen=True)
class WrittenSite:
    """What write_site wrote: its pages, and the search index's records and the time it took to make them and
    have Pagefind write them (issue 21's budget, reported by the build and the benchmark)."""

    pages: list[Path]
    pages_rendered: int  # the others were the previous site's, unchanged
    search_records: int
    search_index_seconds: float
    search_shards: int
    search_shards_indexed: int  # the shards Pagefind indexed (the others were the previous site's)


@dataclass(frozen=True)
class SiteLinks:
    """All a scoped page (one LA's, region's or week's) reads of the whole site: each LA's and region's name and
    address, for its links. Its content is then its own context and these, so its digest says when it changed."""

    by_code: dict[str, Link]
    regions: tuple[Link, ...]

    @classmethod
    def of(cls, site: SiteData) -> SiteLinks:
        return cls(
            {la.la_code: Link(la.name, la.slug) for la in site.authorities},
            tuple(Link(region.name, region.slug) for region in site.regions),
        )


@dataclass(frozen=True)
class Link:
    name: str
    slug: str


class SiteWriter:
    """Renders each page into the folder; `root` is the way back to the site's root from the page's folder.

    A page of the whole site (home, tables, data, search, maps, changes index) is rendered on every build. A
    scoped page (an LA's, a region's, a week's) sees only its context and SiteLinks: when its digest of them is the
    one the site at `previous` recorded, that site's file is linked rather than rendered again."""

    def __init__(
        self, site: SiteData, folder: Path, base_url: str | None, passages: PassageReader, previous: Path | None
    ) -> None:
        self.site, self.folder, self.base_url = site, folder, base_url
        self.passages, self.previous = passages, previous
        self.links = SiteLinks.of(site)
        self.held = _page_manifest(previous) if previous else {}
        self.digests: dict[str, str] = {}
        self.pages: list[Path] = []
        self.pages_rendered = 0
        self.search_records = 0
        self.search_shards = self.search_shards_indexed = 0
        self.search_index_seconds = 0.0
        self.located = located_documents(site)
        self.tables: tuple[Table, ...] = tables(site, self.page_url)

    def page(self, template: str, path: str, **context: Any) -> None:
        """A page of the whole site: rendered every time."""
        self._render(template, path, self.site, context)

    def scoped_page(self, template: str, path: str, **context: Any) -> None:
        """A page of one LA, region or week: linked from the site replaced when its digest is the one held there."""
        if live := self.held_unchanged(path, _page_digest(template, path, self.links, context)):
            target = self.folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            link_from_live(live, target)
            self.pages.append(target)
            return
        self._render(template, path, self.links, context)

    def held_unchanged(self, path: str, digest: str) -> Path | None:
        """Keep `path`'s digest for the next build; the site replaced's `path` when it was made the same way."""
        self.digests[path] = digest
        live = self.previous / path if self.previous else None
        return live if live is not None and self.held.get(path) == digest and live.exists() else None

    def _render(self, template: str, path: str, site: SiteData | SiteLinks, context: Mapping[str, Any]) -> None:
        target = self.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        root = "../" * path.count("/")
        html = _ENVIRONMENT.get_template(template).render(site=site, root=root, **context)
        target.write_text(html, encoding="utf-8")
        self.pages.append(target)
        self.pages_rendered += 1

    def write(self) -> None:
        """The search index is written in a thread of its own while the pages are rendered (its Pagefind
        processes work on other cores), then the search page, which offers the filters' values the index holds."""
        with ThreadPoolExecutor(1, thread_name_prefix="search-index") as pool:
            index = pool.submit(self.search_index)
            self.pages_of_the_site()
            shards, indexed = index.result()
        self.search_page(shards, indexed)
        (self.folder / PAGE_MANIFEST).write_text(json.dumps(self.digests, indent=0, sort_keys=True), encoding="utf-8")

    def pages_of_the_site(self) -> None:
        site = self.site
        downloads = self.downloads()
        self.assets()
        ungraded = [la for la in site.current if la.overall is None]
        hexmap = hex_map(site.current, layout())
        self.page(
            "home.html",
            "index.html",
            section="home",
            hexmap=hexmap,
            shares=share_charts(site.shares, ENGLAND),
            min_judged=MIN_JUDGED,
            legend=LEGEND,
            map_areas=MAP_AREAS,
            ungraded=ungraded,
            downloads=downloads,
        )
        for area, path in MAP_AREAS[1:]:
            self.page("map.html", path, section="home", area=area, hexmap=hexmap, legend=LEGEND, map_areas=MAP_AREAS)
        self.page("authorities.html", "authorities.html", section="authorities", wide=True)
        self.page("national_framework.html", "national-framework.html", section="data")
        self.page(
            "data.html", "data.html", section="data", downloads=downloads, tables=self.tables, listed=DATA_PAGE_ROWS
        )
        for la in site.authorities:
            self.authority_pages(la)
        for region in site.regions:
            counts = _grade_counts(region.authorities)
            self.scoped_page(
                "region.html",
                f"region/{region.slug}.html",
                section="authorities",
                region=region,
                counts=counts,
                wide=True,
            )
        self.page("changes.html", "changes/index.html", section="changes", weeks=site.weeks)
        self.page("visits.html", "visits.html", section="visits")
        for index, week in enumerate(site.weeks):
            # The weeks either side by their periods only (the page links them): their publications are not this page's.
            newer = site.weeks[index - 1].period if index else None
            older = site.weeks[index + 1].period if index + 1 < len(site.weeks) else None
            self.scoped_page("week.html", f"changes/{week.key}.html", section="changes", week=week, newer=newer,
                             older=older)  # fmt: skip
        self.feeds()

    def search_index(self) -> tuple[list[Shard], Indexed]:
        """The passages' index, its shards unchanged since the site replaced linked from it."""
        started = time.perf_counter()
        shards = plan_shards(self.located, self.site.passage_facts)
        records = partial(shard_records, located=self.located, read=self.passages)
        indexed = write_search_index(self.folder, shards, records, self.previous)
        self.search_records, self.search_index_seconds = indexed.records, time.perf_counter() - started
        self.search_shards, self.search_shards_indexed = len(shards), indexed.shards_indexed
        return shards, indexed

    def search_page(self, shards: list[Shard], indexed: Indexed) -> None:
        facts = self.site.passage_facts
        passages = sum(facts[document_id][0] for document_id in self.located if document_id in facts)
        self.page("search.html", "search.html", section="search", filters=filter_options(indexed.filters),
                  passages=passages, shards=[shard.name for shard in shards])  # fmt: skip

    def feeds(self) -> None:
        """feed.xml, and one feed per LA and per region from the same entries (the publications are sorted once)."""
        site, items = self.site, atom.feed_items(self.site)
        scopes = [
            atom.SITE_SCOPE,
            *(atom.FeedScope.of_authority(la.slug, la.la_code, la.name) for la in site.authorities),
            *(
                atom.FeedScope.of_region(
                    region.slug, region.name, frozenset(la.la_code for la in (*region.authorities, *region.former))
                )
                for region in site.regions
            ),
        ]
        template, by_authority = _ENVIRONMENT.get_template("feed.xml"), atom.items_by_authority(items)
        for scope in scopes:
            feed = atom.build_feed(site, self.base_url, scope, atom.scoped_items(items, by_authority, scope))
            (self.folder / scope.path).write_text(template.render(feed=feed, base_url=self.base_url), encoding="utf-8")

    def authority_pages(self, la: AuthorityProfile) -> None:
        """The LA's page, and for a long history, pages of its older documents."""
        for pages, entries in document_pages(la):
            number = pages.number
            if number == 1:
                chart = grade_chart(la.history, la.areas_in_history, la.valid_to or self.site.today)
                self.scoped_page("authority.html", pages.path(number), section="authorities", la=la, chart=chart,
                                 entries=entries, pages=pages,
                                 predecessor_grades=self.predecessor_grades(la))  # fmt: skip
            else:
                self.scoped_page("documents.html", pages.path(number), section="authorities", la=la,
                                 entries=entries, pages=pages)  # fmt: skip

    def predecessor_grades(self, la: AuthorityProfile) -> dict[str, Grade]:
        """The last overall grade of each council the LA was formed from."""
        by_code = self.site.by_code
        return {code: grade for code in la.predecessors if code in by_code and (grade := by_code[code].overall)}

    def downloads(self) -> tuple[Download, ...]:
        """The workbook and CSV files, linked from the site replaced when their tables are the same (the workbook is
        then dated by the build that wrote those rows)."""
        folder, digest = self.folder / DOWNLOADS, _page_digest("downloads", DOWNLOADS, None, {"tables": self.tables})
        if live := self.held_unchanged(DOWNLOADS, digest):
            shutil.copytree(live, folder, copy_function=link_from_live)
            return described_downloads(folder, self.tables)
        return write_downloads(folder, self.tables, self.site.built_at)

    def page_url(self, la: AuthorityProfile) -> str:
        """An LA page's address for the downloads: absolute under the base URL, else from the site's root."""
        path = f"la/{la.slug}.html"
        return f"{self.base_url.rstrip('/')}/{path}" if self.base_url else path

    def assets(self) -> None:
        assets = self.folder / "assets"
        assets.mkdir(parents=True, exist_ok=True)
        for source in STATIC.iterdir():
            if source.is_file():
                shutil.copyfile(source, assets / source.name)
        grades = _ENVIRONMENT.get_template("grades.css").render(
            fills={code: words.grade_fill(code) for code in (*words.GRADE_FILLS, *words.SEND_OUTCOME_AS_GRADE)},
            no_grade=words.NO_GRADE_FILL,
        )
        (assets / "grades.css").write_text(grades, encoding="utf-8")


def document_pages(la: AuthorityProfile) -> list[tuple[DocumentPages, tuple[Entry, ...]]]:
    """The LA's pages of documents (its own page first, one even with none) and the documents each lists."""
    chunks = [la.entries[start : start + DOCUMENTS_PER_PAGE] for start in range(0, len(la.entries), DOCUMENTS_PER_PAGE)]
    return [
        (DocumentPages.of(la, number, len(chunks), len(la.entries)), entries)
        for number, entries in enumerate(chunks or [()], start=1)
    ]


def located_documents(site: SiteData) -> dict[str, Located]:
    """Each document's page on the site (its LA's, or a page of the LA's older documents) and entry."""
    return {
        entry.document_id: Located(pages.path(pages.number), entry)
        for la in site.authorities
        for pages, entries in document_pages(la)
        for entry in entries
    }


def _grade_counts(authorities: Iterable[AuthorityProfile]) -> list[tuple[str | None, int]]:
    """(grade, LAs) best first, then those not yet inspected."""
    counts: dict[str | None, int] = {}
    for la in sorted(authorities, key=lambda la: la.overall_rank):
        state, _ = la.map_state("overall")
        grade = None if state == "none" else state
        counts[grade] = counts.get(grade, 0) + 1
    return list(counts.items())


@cache
def _page_makers_digest() -> str:
    """A digest of the code and data that make pages (PAGE_MAKERS' Python, templates, CSV), once a process."""
    digest = hashlib.sha256()
    for folder in PAGE_MAKERS:
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".py", ".html", ".xml", ".css", ".csv") and "__pycache__" not in path.parts:
                digest.update(path.relative_to(folder.parent).as_posix().encode("utf-8"))
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _page_digest(template: str, path: str, links: SiteLinks | None, context: Mapping[str, Any]) -> str:
    """What a scoped page (or the downloads) is made of: the code, its template and address, the site's links and
    its context (frozen dataclasses and tuples, pickled: the same values give the same bytes in any process)."""
    made_of = (_page_makers_digest(), template, path, links, sorted(context.items()))
    return hashlib.sha256(pickle.dumps(made_of, protocol=5)).hexdigest()


def _page_manifest(site: Path) -> dict[str, str]:
    """The scoped pages' digests the site at `site` was built with: none when it has no manifest or one unreadable."""
    try:
        held = json.loads((site / PAGE_MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {path: digest for path, digest in held.items() if isinstance(digest, str)} if isinstance(held, dict) else {}


def write_site(
    site: SiteData, folder: Path, base_url: str | None, passages: PassageReader, previous: Path | None = None
) -> WrittenSite:
    """Every file of the site into `folder`, the search index's passages read by `passages`; the index's shards
    unchanged since the site at `previous` was built are linked from it rather than indexed again."""
    writer = SiteWriter(site, folder, base_url, passages, previous)
    writer.write()
    return WrittenSite(
        writer.pages,
        writer.pages_rendered,
        writer.search_records,
        writer.search_index_seconds,
        writer.search_shards,
        writer.search_shards_indexed,
    )
