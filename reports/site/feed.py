"""The Atom feeds (RFC 4287) of new publications, from the digest's weeks: the newest entries, deteriorations
marked in their titles. `feed.xml` holds every LA's; each LA and each region has its own (`la/<slug>.xml`,
`region/<slug>.xml`) with the same entries, titles and ids, so a reader can follow one council and its neighbours.

Every value comes from the warehouse, none from the clock: an entry's id is a `tag:` URI made from its
document's id, its `updated` is its publication date, and the feed's `updated` is its newest entry's, so
rebuilding the site from the same warehouse writes the same bytes.
"""

from __future__ import annotations

import hashlib
import heapq
from dataclasses import dataclass, replace
from datetime import date
from itertools import islice

from reports import words
from reports.model import AreaChange, Entry
from reports.site.model import SiteData

FEED_ENTRIES = 100
# RFC 4151: a tagging entity (a name we control, here the project's) and the year the scheme was minted.
TAG_PREFIX = "tag:ofsted-watch,2026:"
EMPTY_FEED_UPDATED = "1970-01-01T00:00:00Z"
SECTIONS = (("deteriorations", "deterioration"), ("improvements", "improvement"), ("publications", "publication"))


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    updated: str
    link: str  # the report on Ofsted's site, else the LA's page
    page: str  # the LA's page (the home page for a document with no LA)
    category: str
    summary: str


@dataclass(frozen=True)
class Feed:
    id: str
    updated: str
    home: str
    self: str | None
    entries: tuple[FeedEntry, ...]
    title: str = "Ofsted watch: new publications on local authority children’s services"
    subtitle: str = (
        "Every Ofsted inspection and visit report on an English local authority’s children’s services, newest "
        "first; deteriorations are marked in the title."
    )


@dataclass(frozen=True)
class FeedScope:
    """Whose publications a feed holds: every LA's (the site's feed.xml), or one LA's or one region's."""

    path: str  # the feed's file from the site's root: feed.xml, la/<slug>.xml, region/<slug>.xml
    home: str  # the page it follows, from the site's root
    id: str  # the feed's id after TAG_PREFIX: never the slug, which a renamed council would change
    la_codes: frozenset[str] | None = None  # None: every LA (and documents with none)
    name: str | None = None  # the LA's or region's name, for the title

    @classmethod
    def of_authority(cls, slug: str, la_code: str, name: str) -> FeedScope:
        return cls(f"la/{slug}.xml", f"la/{slug}.html", f"feed:la:{la_code}", frozenset({la_code}), name)

    @classmethod
    def of_region(cls, slug: str, name: str, la_codes: frozenset[str]) -> FeedScope:
        return cls(f"region/{slug}.xml", f"region/{slug}.html", f"feed:region:{slug}", la_codes, name)


SITE_SCOPE = FeedScope("feed.xml", "index.html", "feed")


def entry_id(document_id: str) -> str:
    """Stable and opaque: a local folder's path is never published."""
    return f"{TAG_PREFIX}document:{hashlib.sha256(document_id.encode()).hexdigest()[:32]}"


def atom_time(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def items_by_authority(items: list[tuple[str, Entry]]) -> dict[str, list[tuple[int, tuple[str, Entry]]]]:
    """Each LA's items with their places in `items`, in order: an LA's or a region's feed is chosen from its own
    LAs' lists rather than from every publication of the history."""
    grouped: dict[str, list[tuple[int, tuple[str, Entry]]]] = {}
    for place, pair in enumerate(items):
        if pair[1].authority is not None:
            grouped.setdefault(pair[1].authority.la_code, []).append((place, pair))
    return grouped


def scoped_items(
    items: list[tuple[str, Entry]], grouped: dict[str, list[tuple[int, tuple[str, Entry]]]], scope: FeedScope
) -> list[tuple[str, Entry]]:
    """The scope's newest FEED_ENTRIES items, in the order of `items` (its LAs' lists merged by place)."""
    if scope.la_codes is None:
        return items[:FEED_ENTRIES]
    merged = heapq.merge(*(grouped.get(code, []) for code in sorted(scope.la_codes)), key=lambda placed: placed[0])
    return [pair for _, pair in islice(merged, FEED_ENTRIES)]


def feed_items(site: SiteData) -> list[tuple[str, Entry]]:
    """Every publication of every week as (category, entry), newest first, a day's deteriorations first."""
    items: list[tuple[str, Entry]] = []
    for week in site.weeks:
        for section, category in (*SECTIONS, ("visits", "visit")):
            items += [(category, item) for item in getattr(week.digest, section)]
    items.sort(key=lambda pair: (pair[1].document.published or date.min, pair[0] == "deterioration"), reverse=True)
    return items


def build_feed(
    site: SiteData,
    base_url: str | None,
    scope: FeedScope = SITE_SCOPE,
    items: list[tuple[str, Entry]] | None = None,
) -> Feed:
    """The newest FEED_ENTRIES publications of the scope; links are absolute under `base_url`, else relative to
    the feed's own folder (`../la/…` from `region/<slug>.xml`). `items`: feed_items(site), when many feeds are
    built from one list."""
    prefix = base_url.rstrip("/") + "/" if base_url else "../" * scope.path.count("/")
    chosen = [
        pair
        for pair in (feed_items(site) if items is None else items)
        if scope.la_codes is None or (pair[1].authority is not None and pair[1].authority.la_code in scope.la_codes)
    ][:FEED_ENTRIES]
    entries = tuple(_entry(site, category, item, prefix) for category, item in chosen)
    feed = Feed(
        id=f"{TAG_PREFIX}{scope.id}",
        updated=max((entry.updated for entry in entries), default=EMPTY_FEED_UPDATED),
        home=f"{prefix}{scope.home}",
        self=f"{prefix}{scope.path}" if base_url else None,
        entries=entries,
    )
    if scope.name is None:
        return feed
    return replace(
        feed,
        title=f"Ofsted watch: {scope.name}",
        subtitle=f"Ofsted’s inspection and visit reports on {scope.name}’s children’s services, newest first; "
        "deteriorations are marked in the title.",
    )


def _entry(site: SiteData, category: str, item: Entry, prefix: str) -> FeedEntry:
    document = item.document
    authority = item.authority
    profile = site.by_code.get(authority.la_code) if authority else None
    page = f"{prefix}la/{profile.slug}.html" if profile else f"{prefix}index.html"
    name = authority.name if authority else "Local authority not identified"
    headline = f"{name}: {_what(item, category)}"
    published = document.published or date.min
    return FeedEntry(
        id=entry_id(document.document_id or f"{document.url or document.label}@{published}"),
        title=f"Deterioration: {headline}" if category == "deterioration" else headline,
        updated=atom_time(published),
        link=document.url or page,
        page=page,
        category=category,
        summary=_summary(item),
    )


def _what(item: Entry, category: str) -> str:
    """'Standard inspection (ILACS), overall effectiveness Inadequate (was Good)', 'Monitoring visit 4, Insufficient
    progress', 'Area SEND inspection, Widespread and/or systemic failings', 'Press release, no judgement'. A
    deterioration names an area that went down, an improvement one that went up, overall effectiveness first."""
    if item.kind == "not_outcome":
        return f"{item.document.label}, no judgement"
    kind = words.kind_focus_words(item.kind, item.focus)
    kind = f"{kind} {item.number}" if item.number else kind
    change = _headline_change(item, category)
    if change is not None:
        moved = change.direction in ("better", "worse")
        was = f" (was {words.grade_words(change.previous_grade)})" if moved else ""
        return f"{kind}, {words.area_in_text(change.area)} {words.grade_words(change.grade)}{was}"
    outcome = item.send_outcome or item.verdict
    if outcome:
        return f"{kind}, {words.grade_words(outcome) if item.send_outcome else words.verdict_alone(outcome)}"
    if item.weaknesses:
        return f"{kind}, insufficient progress in {words.plural(len(item.weaknesses), 'area')} of significant weakness"
    if item.priority_actions:
        return f"{kind}, {words.plural(len(item.priority_actions), 'priority action')}"
    return f"{kind}: {item.theme}" if item.theme else kind


def _headline_change(item: Entry, category: str) -> AreaChange | None:
    """The first change in the entry's direction (overall effectiveness comes first), else overall effectiveness."""
    if category == "deterioration":
        moved = [change for change in item.changes if change.is_down]
    elif category == "improvement":
        moved = [change for change in item.changes if change.is_up]
    else:
        moved = []
    return moved[0] if moved else item.overall


def _summary(item: Entry) -> str:
    parts = [f"Published {words.long_date(item.document.published)}."]
    if item.event_date:
        parts.append(f"Inspection or visit ended {words.long_date(item.event_date)}.")
    parts += [
        f"{words.area_words(change.area)}: {words.grade_words(change.grade)}"
        + (
            f" (previously {words.grade_words(change.previous_grade)}, {words.long_date(change.previous_date)})."
            if change.previous_grade
            else " (first judgement)."
        )
        for change in item.changes
    ]
    if item.send_outcome and "area_send" not in (change.area for change in item.changes):
        parts.append(f"Area SEND outcome: {words.grade_words(item.send_outcome)}.")
    if item.theme:
        parts.append(f"Theme: {item.theme}.")
    if item.weaknesses:
        parts.append(f"Insufficient progress in: {'; '.join(item.weaknesses)}.")
    if item.verdict:
        parts.append(f"{words.verdict_alone(item.verdict)}.")
    if item.priority_actions:
        parts.append(f"Priority actions: {' '.join(item.priority_actions)}")
    if item.quote:
        parts.append(f"“{item.quote}”")
    if item.note:
        parts.append(item.note)
    return " ".join(parts)
