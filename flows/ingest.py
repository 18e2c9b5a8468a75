"""The `poll`, `backfill` and `reprocess` flows: discover → fetch → extract → validate → load, and a run summary.

`poll` takes only what is new or changed on the site, plus documents that failed last time; `backfill` takes
everything the source lists (a date range and LAs optional) and lets the loader skip what it already holds;
`reprocess` re-reads, from the raw store, the documents held that the current extractor has not read.
After the load, a poll, a reprocess and a backfill given `alerts` send the same-day alerts of what they loaded.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, TypeVar, cast

from prefect import Task, flow
from prefect.artifacts import create_markdown_artifact
from prefect.futures import as_completed
from prefect.states import State
from prefect.task_runners import ThreadPoolTaskRunner

from common.config import Settings, load_settings
from common.frameworks import FORMAT_CHANGED_WORDS, UNKNOWN_FRAMEWORK
from common.record import Record
from flows import progress, steps
from reports.site.build import BuiltSite, built_today
from tasks import load
from tasks.alert import AlertReport
from tasks.discover import Discovery, PageFailure, Publication, select
from tasks.extract import extractor_version
from tasks.fetch import Fetched, unreadable_reason
from tasks.validate import Failure
from warehouse.db import WarehouseBusy
from warehouse.held_runs import HeldRun
from warehouse.lock import run_lock
from warehouse.snapshot import Snapshot

T = TypeVar("T")

# Downloads in flight at once. The HTTP client still sends one request at a time at OFSTED_WATCH_MAX_RPS;
# more workers only overlap Prefect's own bookkeeping between requests.
DOWNLOAD_CONCURRENCY = 4


def _downloads_runner() -> Any:
    """Threads for the fetch tasks: the flow's limit on concurrent downloads."""
    return ThreadPoolTaskRunner(max_workers=DOWNLOAD_CONCURRENCY)


class NothingDone(Exception):
    """The source could not be read at all: exit code 2."""


@dataclass(frozen=True)
class StepFailure:
    """A step after the load that failed: reported, and the load stands."""

    step: str
    reason: str


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
    started_at: datetime = field(default_factory=datetime.now)
    # Earlier runs that could not record themselves (the warehouse was held), recorded by this one.
    held_runs: list[HeldRun] = field(default_factory=list)
    after_load_failures: list[StepFailure] = field(default_factory=list)
    snapshot: Snapshot | None = None
    # The run sends same-day alerts (a poll, a reprocess, a backfill given `alerts`), and what they did.
    alerting: bool = False
    alerts: AlertReport | None = None
    site: BuiltSite | None = None
    # Documents quarantined as full inspections no known framework fits: Ofsted's format may have changed.
    format_changes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether the run changed the warehouse: a document new, changed, reloaded or failing."""
        return self.counts.seen > self.counts.unchanged

    @property
    def exit_code(self) -> int:
        alerts_failed = self.alerts is not None and bool(self.alerts.failed)
        failed = self.failures or self.counts.failed or self.counts.quarantined or self.after_load_failures
        return 1 if failed or alerts_failed else 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "flow": self.flow,
            "source": self.source,
            **self.counts.as_columns(),
            "downloaded": self.downloaded,
            "failures": [{"url": f.url, "reason": f.reason} for f in self.failures],
            "format_changes": list(self.format_changes),
            "seconds": round(self.seconds, 2),
            "exit_code": self.exit_code,
            "held_runs": [
                {"run_id": r.run_id, "description": r.describe(), "status": r.status, "notes": r.notes}
                for r in self.held_runs
            ],
            "after_load_failures": [{"step": f.step, "reason": f.reason} for f in self.after_load_failures],
            "snapshot": None if self.snapshot is None else {
                "path": str(self.snapshot.path),
                "published_at": self.snapshot.published_at.isoformat(timespec="seconds"),
                "seconds": round(self.snapshot.seconds, 2),
            },
            "alerts": None if self.alerts is None else self.alerts.as_dict(),
            "site": None if self.site is None else {
                "path": str(self.site.path),
                "pages": self.site.pages,
                "pages_rendered": self.site.pages_rendered,
                "search_shards_indexed": self.site.search_shards_indexed,
                "seconds": round(self.site.seconds, 2),
            },
        }  # fmt: skip


@flow(name="poll", task_runner=_downloads_runner())
def poll_flow(source: str | None = None, home: str | None = None, db: str | None = None) -> dict[str, Any]:
    """What the reports site published since the last run, and what failed last time."""
    settings = load_settings(home=home, db=db, source=source)
    return ingest(settings, "poll", only_new=True, alerts=True).as_dict()


@flow(name="backfill", task_runner=_downloads_runner())
def backfill_flow(
    source: str | None = None,
    since: date | None = None,
    until: date | None = None,
    la_codes: list[str] | None = None,
    home: str | None = None,
    db: str | None = None,
    alerts: bool = False,
) -> dict[str, Any]:
    """Every publication of a site or folder, optionally in a date range and for some LAs; with `alerts`, the
    same-day alerts of what it loads (loading history must not send hundreds of messages)."""
    settings = load_settings(home=home, db=db, source=source)
    return ingest(settings, "backfill", since=since, until=until, la_codes=la_codes or [], alerts=alerts).as_dict()


@flow(name="reprocess")
def reprocess_flow(
    kinds: list[str] | None = None,
    la_codes: list[str] | None = None,
    home: str | None = None,
    db: str | None = None,
) -> dict[str, Any]:
    """Re-read the stored documents an upgraded extractor has not read: new record versions, no download."""
    settings = load_settings(home=home, db=db)
    return reprocess(settings, kinds or [], la_codes or []).as_dict()


def reprocess(settings: Settings, kinds: list[str], la_codes: list[str]) -> RunSummary:
    """One run under the warehouse's run lock (the command takes it already)."""
    with run_lock(settings.db_path):
        return _reprocess(settings, kinds, la_codes)


def _reprocess(settings: Settings, kinds: list[str], la_codes: list[str]) -> RunSummary:
    summary = RunSummary("", "reprocess", f"raw store {settings.raw_dir}", alerting=True)

    def reread() -> bool:
        progress.stage("discover", 1)
        held, missing = steps.reread(settings, steps.to_reprocess(settings, kinds, la_codes))
        progress.advance("discover")
        summary.failures += missing
        documents = _extract_all(settings, held, [])
        _load(settings, summary, documents, [])
        summary.counts.seen = len(held) + len(missing)
        summary.counts.failed += len(missing)
        # Each document re-read changed the warehouse: a new record version, or at least its extractor's stamp.
        return bool(held)

    return _run(settings, summary, reread)


def ingest(
    settings: Settings,
    flow_name: str,
    only_new: bool = False,
    since: date | None = None,
    until: date | None = None,
    la_codes: list[str] | None = None,
    alerts: bool = False,
) -> RunSummary:
    """One run under the warehouse's run lock (the commands take it already; `serve`'s runs take it here)."""
    with run_lock(settings.db_path):
        return _ingest(settings, flow_name, only_new, since, until, la_codes or [], alerts)


def _ingest(
    settings: Settings,
    flow_name: str,
    only_new: bool,
    since: date | None,
    until: date | None,
    la_codes: list[str],
    alerts: bool,
) -> RunSummary:
    summary = RunSummary("", flow_name, settings.source, alerting=alerts)

    def fetch_and_load() -> bool:
        discovery = _discover(settings, summary)
        wanted = select(discovery.publications, since, until, la_codes)
        held = steps.held_documents(settings)
        todo = [p for p in wanted if p.location not in held.known or p.location in held.failed] if only_new else wanted
        fetched, fetch_failures = _fetch_all(settings, todo, summary, held.failed)
        if only_new:
            # A quarantined document an upgraded extractor may now read (a format it did not know): from the raw store.
            stored, _ = steps.reread(settings, steps.to_reprocess(settings, [], la_codes, [load.QUARANTINED]))
            fetched += stored
        documents = _extract_all(settings, fetched, la_codes)
        results = _load(settings, summary, documents, fetch_failures)
        # What the source lists and this run did not need to touch is unchanged too.
        summary.counts.unchanged += len(wanted) - len(results)
        summary.counts.seen = len(wanted)
        # A poll or backfill publishes whatever it found: its run is news to readers of the snapshot too.
        return True

    return _run(settings, summary, fetch_and_load)


def _run(settings: Settings, summary: RunSummary, work: Callable[[], bool]) -> RunSummary:
    """One run of any flow: the earlier runs held back by another process recorded first, the run's `runs` row
    started, `work` done, the row finished (or kept for the next run while the warehouse is held), then, when
    `work` says it changed the warehouse (or held runs were recorded), the steps after the load, and the artifact."""
    clock = time.monotonic()
    status, blocked, changed = "failed", None, False
    try:
        summary.held_runs = steps.record_held_runs(settings)
        summary.run_id = steps.start_run(settings, summary.flow, summary.alerting)
        changed = work()
        status = "completed"
    except WarehouseBusy as error:  # held by another process past the wait: no step can write
        blocked = error
        raise
    finally:
        summary.seconds = time.monotonic() - clock
        recorded = _record_run(settings, summary, status, blocked)
    if recorded and (changed or summary.held_runs):
        after_load(settings, summary)
    _publish(summary)
    return summary


def _load(
    settings: Settings,
    summary: RunSummary,
    documents: list[steps.LoadInput],
    fetch_failures: list[tuple[Publication, str]],
) -> list[load.LoadResult]:
    """Load every document (and record every failed fetch), counting each result in the summary."""
    summary.failures += [
        PageFailure(d.meta.document_id, d.reason or "unreadable") for d in documents if d.status == load.UNREADABLE
    ]
    progress.stage("load", 1)
    results = steps.load_documents(settings, steps.unwalked(documents), steps.unwalked(fetch_failures))
    progress.advance("load")
    for result in results:
        summary.counts.add(result)
        if any(failure.rule == UNKNOWN_FRAMEWORK for failure in result.failures):
            summary.format_changes.append(result.document_id)
    return results


def _record_run(settings: Settings, summary: RunSummary, status: str, blocked: WarehouseBusy | None) -> bool:
    """The run's `runs` row; kept for the next run when the warehouse is held (returns False then)."""
    notes = "; ".join([*_format_notes(summary), *(f"{f.url}: {f.reason}" for f in summary.failures)]) or None
    if blocked is None:
        try:
            steps.finish_run(settings, summary.run_id, summary.counts, status, notes)
            return True
        except WarehouseBusy as error:  # another process took the file after the last step
            blocked = error
            summary.after_load_failures.append(StepFailure("finish run", str(error)))
    notes = "; ".join(note for note in (notes, str(blocked)) if note)
    counts = summary.counts.as_columns()
    run = HeldRun.of(summary.flow, summary.source, summary.started_at, notes, summary.run_id or None, status, counts)
    steps.hold_run(settings, run)
    return False


def _format_notes(summary: RunSummary) -> list[str]:
    """The run's record says it first: a full inspection no known framework fits is news, not a parse error."""
    if not summary.format_changes:
        return []
    return [f"{FORMAT_CHANGED_WORDS}: no known framework fits {', '.join(summary.format_changes)}"]


def after_load(settings: Settings, summary: RunSummary) -> None:
    """The steps after a run that changed the warehouse, in this order: same-day alerts (issue 12), the published
    snapshot, the static site (issue 11). Each is a task of its own, run once the run is recorded; a failure is
    reported (the summary, the run's notes, exit code 1) and never undoes the load. `_run` calls it for poll,
    backfill and reprocess alike."""
    if summary.alerting:
        summary.alerts = _after_load_step(settings, summary, steps.send_alerts, summary.run_id)
    summary.snapshot = _after_load_step(settings, summary, steps.publish_snapshot)
    # The site reads the warehouse, else that snapshot. Rebuilt when the run changed anything, and when it is
    # missing or was built on an earlier day (its national picture is "now"); never when the settings say not.
    if settings.rebuild_site and (summary.changed or not built_today(settings.site_path)):
        summary.site = _after_load_step(settings, summary, steps.rebuild_site)


def _after_load_step(settings: Settings, summary: RunSummary, step: Task[..., T], *arguments: Any) -> T | None:
    """Run one task after the load (given the settings and `arguments`); on failure, report it and note it on the
    run. Its result, or None."""
    # Typed as the result when arguments are variadic; return_state makes it the state.
    state = cast(State[T], step(settings, *arguments, return_state=True))
    if state.is_completed():
        return state.result()
    failure = StepFailure(step.name, _reason(state))
    summary.after_load_failures.append(failure)
    steps.note_run(settings, summary.run_id, f"{failure.step} failed: {failure.reason}", return_state=True)
    return None


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
    extracted: list[tuple[Publication, Fetched, steps.Extracted]] = []
    for (publication, got), future in zip(fetched, futures, strict=True):
        future.wait()
        if not future.state.is_completed():
            # extract_document never raises on bad input; this is the raw store or a bug: record it, go on.
            record = Record(file=publication.file, warnings=[f"document: {_reason(future.state)}"])
            extracted.append((publication, got, steps.Extracted(record, None)))
            continue
        result = future.result()
        result = replace(result, record=replace(result.record, file=publication.file))
        if _wanted_la(result.record, la_codes):
            extracted.append((publication, got, result))
    readable = [(p, e.record) for p, _, e in extracted if unreadable_reason(e.record) is None]
    progress.stage("validate", 1)
    records, published = [r for _, r in readable], [p.published for p, _ in readable]
    checked = steps.validate(steps.unwalked(records), steps.unwalked(published)) if readable else []
    failures_of = {p.location: found for (p, _), found in zip(readable, checked, strict=True)}
    progress.advance("validate")
    return [
        _load_input(publication, got, result, failures_of.get(publication.location, []))
        for publication, got, result in extracted
    ]


def _load_input(
    publication: Publication, got: Fetched, extracted: steps.Extracted, failures: list[Failure]
) -> steps.LoadInput:
    meta = load.DocumentMeta(
        document_id=publication.location,
        content_hash=got.sha256,
        size_bytes=got.size,
        pages=extracted.pages,
        # The warehouse keeps local wall-clock timestamps, as the loader's own are.
        fetched_at=got.fetched_at.astimezone().replace(tzinfo=None),
        published=publication.published,
        site_label=publication.label,
        provider_urn=publication.provider_urn,
    )
    # Cached extractions are keyed on the extractor's version: whatever read this record, it is the current one.
    extractor = extractor_version()
    record = extracted.record
    unreadable = unreadable_reason(record)
    if unreadable:
        return steps.LoadInput(meta, None, [], load.UNREADABLE, unreadable, extractor)
    return steps.LoadInput(meta, record, failures, extractor=extractor, passages=extracted.passages)


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
    if summary.after_load_failures:
        lines += ["", "## Failed after the load (which stands)", ""]
        lines += [f"- {f.step}: {f.reason}" for f in summary.after_load_failures]
    if summary.held_runs:
        lines += ["", "## Earlier runs recorded now (the warehouse was held)", ""]
        lines += [f"- {run.describe()}" for run in summary.held_runs]
    if summary.alerts is not None and (summary.alerts.sent or summary.alerts.failed):
        lines += ["", "## Same-day alerts", ""]
        lines += [f"- {line}" for line in summary.alerts.lines()]
    if summary.site:
        lines += ["", f"Site rebuilt: {summary.site.pages} pages at `{summary.site.path}`"]
    create_markdown_artifact("\n".join(lines), key=f"{summary.flow}-summary", description="Run summary")
