"""The `poll` and `backfill` flows: discover → fetch → extract → validate → load, and a run summary.

`poll` takes only what is new or changed on the site, plus documents that failed last time; `backfill` takes
everything the source lists (a date range and LAs optional) and lets the loader skip what it already holds.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from prefect import flow
from prefect.artifacts import create_markdown_artifact
from prefect.futures import as_completed
from prefect.states import State
from prefect.task_runners import ThreadPoolTaskRunner

from flows import progress, steps
from ofsted_watch.config import Settings, load_settings
from ofsted_watch.record import Record
from tasks import load
from tasks.discover import Discovery, PageFailure, Publication, select
from tasks.fetch import Fetched, unreadable_reason
from tasks.validate import Failure
from warehouse.lock import run_lock

# Downloads in flight at once. The HTTP client still sends one request at a time at OFSTED_WATCH_MAX_RPS;
# more workers only overlap Prefect's own bookkeeping between requests.
DOWNLOAD_CONCURRENCY = 4


def _downloads_runner() -> Any:
    """Threads for the fetch tasks: the flow's limit on concurrent downloads."""
    return ThreadPoolTaskRunner(max_workers=DOWNLOAD_CONCURRENCY)


class NothingDone(Exception):
    """The source could not be read at all: exit code 2."""


@dataclass(frozen=True)
class SiteOutcome:
    """What the run's last step did to the public site: `built`, `unchanged` (nothing new, built today) or
    `failed` (the load stands; the next run, or `ofsted-watch site`, builds it again)."""

    status: str
    path: str
    pages: int = 0
    reason: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"status": self.status, "path": self.path, "pages": self.pages, "reason": self.reason}


@dataclass
class RunSummary:
    """What a run did: the `runs` row's counts, what failed and why, for the artifact and the command line."""

    run_id: str
    flow: str
    source: str
    counts: load.RunCounts = field(default_factory=load.RunCounts)
    downloaded: int = 0
    failures: list[PageFailure] = field(default_factory=list)
    seconds: float = 0.0
    site: SiteOutcome | None = None

    @property
    def changed(self) -> bool:
        """Whether the run changed the warehouse: a document new, changed, reloaded or failing."""
        return self.counts.seen > self.counts.unchanged

    @property
    def exit_code(self) -> int:
        site_failed = self.site is not None and self.site.status == "failed"
        return 1 if self.failures or self.counts.failed or self.counts.quarantined or site_failed else 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "flow": self.flow,
            "source": self.source,
            **self.counts.as_columns(),
            "downloaded": self.downloaded,
            "failures": [{"url": f.url, "reason": f.reason} for f in self.failures],
            "seconds": round(self.seconds, 2),
            "site": self.site.as_dict() if self.site else None,
            "exit_code": self.exit_code,
        }


@flow(name="poll", task_runner=_downloads_runner())
def poll_flow(source: str | None = None, home: str | None = None, db: str | None = None) -> dict[str, Any]:
    """What the reports site published since the last run, and what failed last time."""
    settings = load_settings(home=home, db=db, source=source)
    return ingest(settings, "poll", only_new=True).as_dict()


@flow(name="backfill", task_runner=_downloads_runner())
def backfill_flow(
    source: str | None = None,
    since: date | None = None,
    until: date | None = None,
    la_codes: list[str] | None = None,
    home: str | None = None,
    db: str | None = None,
) -> dict[str, Any]:
    """Every publication of a site or folder, optionally in a date range and for some LAs."""
    settings = load_settings(home=home, db=db, source=source)
    return ingest(settings, "backfill", since=since, until=until, la_codes=la_codes or []).as_dict()


def ingest(
    settings: Settings,
    flow_name: str,
    only_new: bool = False,
    since: date | None = None,
    until: date | None = None,
    la_codes: list[str] | None = None,
) -> RunSummary:
    """One run under the warehouse's run lock (the commands take it already; `serve`'s runs take it here)."""
    with run_lock(settings.db_path):
        return _ingest(settings, flow_name, only_new, since, until, la_codes or [])


def _ingest(
    settings: Settings, flow_name: str, only_new: bool, since: date | None, until: date | None, la_codes: list[str]
) -> RunSummary:
    clock = time.monotonic()
    summary = RunSummary(steps.start_run(settings, flow_name), flow_name, settings.source)
    status = "failed"
    try:
        discovery = _discover(settings, summary)
        wanted = select(discovery.publications, since, until, la_codes)
        held = steps.held_documents(settings)
        todo = [p for p in wanted if p.location not in held.known or p.location in held.failed] if only_new else wanted
        fetched, fetch_failures = _fetch_all(settings, todo, summary, held.failed)
        documents = _extract_all(settings, fetched, la_codes)
        summary.failures += [
            PageFailure(d.meta.document_id, d.reason or "unreadable") for d in documents if d.status == load.UNREADABLE
        ]
        progress.stage("load", 1)
        results = steps.load_documents(settings, documents, fetch_failures)
        progress.advance("load")
        for result in results:
            summary.counts.add(result)
        # What the source lists and this run did not need to touch is unchanged too.
        summary.counts.unchanged += len(wanted) - len(results)
        summary.counts.seen = len(wanted)
        status = "completed"
    finally:
        summary.seconds = time.monotonic() - clock
        notes = "; ".join(f"{f.url}: {f.reason}" for f in summary.failures) or None
        steps.finish_run(settings, summary.run_id, summary.counts, status, notes)
    summary.site = _rebuild_site(settings, summary)
    _publish(summary)
    return summary


def _rebuild_site(settings: Settings, summary: RunSummary) -> SiteOutcome:
    """The run's last step: the site when anything changed (or it is missing, or was built on an earlier day, as
    its national picture is "now"). A failure is reported and leaves the load, and the old site, as they are."""
    path = settings.site_path
    index = path / "index.html"
    built_today = index.exists() and date.fromtimestamp(index.stat().st_mtime) == date.today()
    if built_today and not summary.changed:
        return SiteOutcome("unchanged", str(path))
    state: State[Any] = steps.rebuild_site(settings, return_state=True)
    if not state.is_completed():
        return SiteOutcome("failed", str(path), reason=_reason(state))
    built = state.result()
    return SiteOutcome("built", str(built.path), built.pages)


def _discover(settings: Settings, summary: RunSummary) -> Discovery:
    progress.stage("discover", 1)
    state: State[Discovery] = steps.discover(settings, return_state=True)
    if not state.is_completed():
        failure = PageFailure.of(settings.source, _reason(state))
        summary.failures.append(failure)
        raise NothingDone(f"nothing could be read from {failure.url}: {failure.reason}")
    progress.advance("discover")
    discovery = state.result()
    summary.failures += discovery.failures
    return discovery


def _fetch_all(
    settings: Settings, publications: list[Publication], summary: RunSummary, failed_before: frozenset[str]
) -> tuple[list[tuple[Publication, Fetched]], list[tuple[Publication, str]]]:
    """Fetch in parallel threads; conditionally, except what failed last time (its stored bytes may be the
    truncated ones the server would call unchanged)."""
    progress.stage("fetch", len(publications))
    futures = {steps.fetch.submit(settings, p, p.location not in failed_before): p for p in publications}
    fetched: dict[str, Fetched] = {}
    failures: list[tuple[Publication, str]] = []
    for future in as_completed(list(futures)):
        publication = futures[future]
        future.wait()  # sets the final state: `state` would otherwise ask the API, which may lag behind
        if future.state.is_completed():
            fetched[publication.location] = future.result()
        else:
            failure = PageFailure.of(publication.location, _reason(future.state))
            summary.failures.append(failure)
            failures.append((publication, failure.reason))
        progress.advance("fetch")
    summary.downloaded = sum(not f.not_modified for f in fetched.values())
    # Back in listing order: what the run loads, and in which order, does not depend on thread timing.
    return [(p, fetched[p.location]) for p in publications if p.location in fetched], failures


def _extract_all(
    settings: Settings, fetched: list[tuple[Publication, Fetched]], la_codes: list[str]
) -> list[steps.LoadInput]:
    """Extract each document (one PDF at a time: see steps.extract), then validate the batch at once."""
    progress.stage("extract", len(fetched))
    futures = [
        steps.extract.submit(settings.raw_dir, got.sha256, publication.file, publication.provider_urn)
        for publication, got in fetched
    ]
    for _ in as_completed(futures):
        progress.advance("extract")
    extracted: list[tuple[Publication, Fetched, Record, int | None]] = []
    for (publication, got), future in zip(fetched, futures, strict=True):
        future.wait()
        if not future.state.is_completed():
            # extract_document never raises on bad input; this is the raw store or a bug: record it, go on.
            record = Record(file=publication.file, warnings=[f"document: {_reason(future.state)}"])
            extracted.append((publication, got, record, None))
            continue
        result = future.result()
        record = replace(result.record, file=publication.file)
        if _wanted_la(record, la_codes):
            extracted.append((publication, got, record, result.pages))
    readable = [(p, r) for p, _, r, _ in extracted if unreadable_reason(r) is None]
    progress.stage("validate", 1)
    checked = steps.validate([r for _, r in readable], [p.published for p, _ in readable]) if readable else []
    failures_of = {p.location: found for (p, _), found in zip(readable, checked, strict=True)}
    progress.advance("validate")
    return [
        _load_input(publication, got, record, pages, failures_of.get(publication.location, []))
        for publication, got, record, pages in extracted
    ]


def _load_input(
    publication: Publication, got: Fetched, record: Record, pages: int | None, failures: list[Failure]
) -> steps.LoadInput:
    meta = load.DocumentMeta(
        document_id=publication.location,
        content_hash=got.sha256,
        size_bytes=got.size,
        pages=pages,
        # The warehouse keeps local wall-clock timestamps, as the loader's own are.
        fetched_at=got.fetched_at.astimezone().replace(tzinfo=None),
        published=publication.published,
        site_label=publication.label,
        provider_urn=publication.provider_urn,
    )
    unreadable = unreadable_reason(record)
    if unreadable:
        return steps.LoadInput(meta, None, [], load.UNREADABLE, unreadable)
    return steps.LoadInput(meta, record, failures)


def _wanted_la(record: Record, la_codes: list[str]) -> bool:
    """The LA filter, for documents whose LA was only known after extraction."""
    if not la_codes or record.local_authority is None:
        return not la_codes
    return record.local_authority.la_code in la_codes


def _reason(state: State) -> str:
    try:
        state.result()
    except Exception as error:
        return str(error) or type(error).__name__
    return state.message or state.name or "failed"


def _publish(summary: RunSummary) -> None:
    """The run summary as a Prefect artifact, beside the `runs` row."""
    row = summary.as_dict()
    columns = ["seen", "downloaded", "new", "unchanged", "loaded", "not_outcome", "quarantined", "failed", "seconds"]
    lines = [
        f"# {summary.flow} of {summary.source}",
        "",
        "| " + " | ".join(columns) + " |",
        "|" + "---|" * len(columns),
        "| " + " | ".join(str(row[c]) for c in columns) + " |",
    ]
    if summary.failures:
        lines += ["", "## Failures (recorded; the next poll tries them again)", ""]
        lines += [f"- `{f.url}`: {f.reason}" for f in summary.failures]
    if summary.site:
        lines += ["", f"Site: {summary.site.status} at `{summary.site.path}`"]
        if summary.site.reason:
            lines += ["", f"The site could not be rebuilt (the load stands): {summary.site.reason}"]
    create_markdown_artifact("\n".join(lines), key=f"{summary.flow}-summary", description="Run summary")
