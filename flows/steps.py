"""Each pipeline step as a Prefect task, with its policy: retries, cache key, result persistence.

The work itself lives in `tasks/` (plain functions, no Prefect); this module only says how Prefect runs it.
Tasks take paths, ids, hashes and Settings (a frozen dataclass), never connections or clients.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar, cast

import duckdb
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import TaskRunContext
from prefect.states import State
from prefect.utilities.annotations import quote

from common.config import Settings
from common.record import Record
from expectations.tables import validate_findings
from reports.site.build import BuiltSite, build_site
from tasks import alert, load
from tasks.discover import Discovery, PageFailure, Publication, discover_folder, discover_site, is_site
from tasks.extract import extract_with_passages, extractor_version
from tasks.fetch import Fetched, FetchError, FetchRefused, client_for, page_count, read_local, unreadable_reason
from tasks.parsing.passages import Passage
from tasks.reread import stored_publications
from tasks.send import smtp_config
from tasks.store import RawStore
from tasks.validate import Failure, validate_records
from warehouse import held_runs, queries, snapshot
from warehouse.db import WarehouseBusy, connect
from warehouse.held_runs import HeldRun

# Retries of a whole download, on top of the HTTP client's own retries of each request.
FETCH_RETRIES = 1
FETCH_RETRY_DELAY_SECONDS = 5.0
# pdfium is not thread-safe: extract tasks run in the flow's threads (so Prefect's bookkeeping of one overlaps
# the work of another), but only one of them reads a PDF at a time.
_PDFIUM = threading.Lock()


T = TypeVar("T")


def unwalked(value: T) -> T:
    """`value` as a task argument Prefect hands over as it is (prefect.utilities.annotations.quote): otherwise it
    walks every object inside, twice per task run, looking for futures. A batch of records and their passages
    is tens of thousands of objects. Only for values that hold no futures or states."""
    return cast(T, quote(value))


def extract_cache_key(context: TaskRunContext, parameters: dict[str, Any]) -> str:
    """The same bytes are extracted once per extractor version: the key is the content hash, not the name."""
    return f"extract-{parameters['sha256']}-{parameters['provider_urn']}-{extractor_version()}"


def _network_trouble(task: Any, task_run: Any, state: State) -> bool:
    """Retry a discovery that met the network (it may pass next time), not one that met a changed layout."""
    return isinstance(state.result(raise_on_failure=False), FetchError)


@task(name="discover", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=10, retry_condition_fn=_network_trouble)
def discover(settings: Settings) -> Discovery:
    """Every publication the source lists now (site: search and provider pages; folder: its files)."""
    if is_site(settings.source):
        return discover_site(client_for(settings).read_text, settings.source)
    return discover_folder(Path(settings.source))


def _worth_retrying(task: Any, task_run: Any, state: State) -> bool:
    """Retry a download that failed, not one refused by policy (off the allow-list, over the size cap)."""
    return not isinstance(state.result(raise_on_failure=False), FetchRefused)


@task(
    name="fetch",
    cache_policy=NO_CACHE,
    retries=FETCH_RETRIES,
    retry_delay_seconds=FETCH_RETRY_DELAY_SECONDS,
    retry_condition_fn=_worth_retrying,
    task_run_name="fetch {publication.file}",
)
def fetch(settings: Settings, publication: Publication, conditional: bool) -> Fetched:
    """The publication's bytes into the raw store; raises FetchError (after retries) with the reason."""
    if not publication.is_local:
        return client_for(settings).fetch(publication.location, conditional=conditional)
    try:
        return read_local(Path(publication.location), RawStore(settings.raw_dir), settings.max_download_bytes)
    except OSError as error:
        raise FetchError(f"{publication.location}: {error.strerror or error}") from error


@dataclass(frozen=True)
class Extracted:
    record: Record
    pages: int | None
    passages: tuple[Passage, ...] = ()


@task(name="extract", cache_key_fn=extract_cache_key, persist_result=True, task_run_name="extract {file}")
def extract(raw_dir: Path, sha256: str, file: str, provider_urn: str | None) -> Extracted:
    """One record from stored bytes. Cached on the content hash: a rerun never parses the same bytes again.

    A cached record may come from another file with the same bytes: the caller sets its own file name.
    """
    data = RawStore(raw_dir).get(sha256)
    with _PDFIUM:
        record, passages = extract_with_passages(data, file, provider_urn)
        # A document refused as unreadable (a decompression bomb among them) is not opened again to count pages.
        return Extracted(record, page_count(data) if unreadable_reason(record) is None else None, tuple(passages))


@task(name="validate", cache_policy=NO_CACHE)
def validate(records: list[Record], site_published: list[date | None]) -> list[list[Failure]]:
    """The whole batch at once: Great Expectations costs per call, not per row."""
    return validate_records(records, site_published)


@task(name="start run", cache_policy=NO_CACHE)
def start_run(settings: Settings, flow_name: str, alerts: bool = False) -> str:
    with _warehouse(settings) as con:
        return load.start_run(con, flow_name, settings.source, alerts)


@dataclass(frozen=True)
class Held:
    """What the warehouse holds: every document_id, and those whose last fetch or read failed."""

    known: frozenset[str]
    failed: frozenset[str]


@task(name="read warehouse", cache_policy=NO_CACHE)
def held_documents(settings: Settings) -> Held:
    with _warehouse(settings) as con:
        known = queries.known_documents(con)
        failed = {row["document_id"] for row in queries.documents_to_retry(con)}
    return Held(frozenset(known), frozenset(failed))


@task(name="read warehouse: to reprocess", cache_policy=NO_CACHE)
def to_reprocess(
    settings: Settings, kinds: list[str], la_codes: list[str], statuses: list[str] | None = None
) -> list[dict[str, Any]]:
    """The stored documents the current extractor has not read (queries.documents_to_reprocess)."""
    with _warehouse(settings) as con:
        return queries.documents_to_reprocess(con, extractor_version(), kinds, la_codes, statuses)


@task(name="read raw store", cache_policy=NO_CACHE)
def reread(
    settings: Settings, rows: list[dict[str, Any]]
) -> tuple[list[tuple[Publication, Fetched]], list[PageFailure]]:
    """Stored documents as publications whose bytes the raw store holds (tasks.reread)."""
    return stored_publications(rows, RawStore(settings.raw_dir))


@dataclass(frozen=True)
class LoadInput:
    """One document for the loader: its metadata and its record, or why it has none, and which extractor read it."""

    meta: load.DocumentMeta
    record: Record | None
    failures: list[Failure]
    status: str | None = None
    reason: str | None = None
    extractor: str | None = None
    passages: tuple[Passage, ...] | None = None


@task(name="load", cache_policy=NO_CACHE)
def load_documents(
    settings: Settings, documents: list[LoadInput], fetch_failures: list[tuple[Publication, str]]
) -> list[load.LoadResult]:
    """Each document in its own transaction: a crash leaves every document fully loaded or untouched."""
    results = []
    with _warehouse(settings) as con:
        for publication, reason in fetch_failures:
            facts = (publication.published, publication.label, publication.provider_urn)
            results.append(load.record_fetch_failure(con, publication.location, reason, *facts))
        for document in documents:
            results.append(
                load.load_document(
                    con,
                    document.meta,
                    document.record,
                    document.failures,
                    document.status,
                    document.reason,
                    extractor=document.extractor,
                    passages=document.passages,
                )
            )
        if documents:  # else the events are as the last load left them, and so are the findings
            _settle_and_cross_check(con)
    return results


def _settle_and_cross_check(con: duckdb.DuckDBPyConnection) -> None:
    """Fill unstated prior judgements, then run the cross-checks as a GX suite: what they find is said, never
    blocks the load (docs/checks.md)."""
    load.settle_checks(con)
    for failure in validate_findings(con):
        get_run_logger().warning(
            "cross-check %s: %d document(s) disagree, e.g. %s (ofsted-watch check lists them)",
            failure.rule,
            failure.rows,
            failure.example,
        )


@task(name="rebuild site", cache_policy=NO_CACHE)
def rebuild_site(settings: Settings) -> BuiltSite:
    """The public site and its downloads, from the warehouse as loaded; swapped in whole, or not at all."""
    built = build_site(settings.db_path, settings.snapshot_path, settings.site_path, settings.site_base_url)
    if built.note:
        get_run_logger().info("rebuild site: %s", built.note)
    return built


@task(name="finish run", cache_policy=NO_CACHE)
def finish_run(settings: Settings, run_id: str, counts: load.RunCounts, status: str, notes: str | None) -> None:
    with _warehouse(settings) as con:
        load.finish_run(con, run_id, counts, status, notes)


@task(name="record held runs", cache_policy=NO_CACHE)
def record_held_runs(settings: Settings) -> list[HeldRun]:
    """The runs that could not record themselves while another process held the warehouse: recorded now."""
    with _warehouse(settings) as con:
        return held_runs.record(con, settings.db_path)


@task(name="hold run", cache_policy=NO_CACHE)
def hold_run(settings: Settings, run: HeldRun) -> None:
    """The warehouse is held past the wait: keep this run's row for the next run to write."""
    held_runs.hold(settings.db_path, run)


@task(name="note run", cache_policy=NO_CACHE)
def note_run(settings: Settings, run_id: str, note: str) -> None:
    """Add to a finished run's notes (a step after the load failed)."""
    with _warehouse(settings) as con:
        load.note_run(con, run_id, note)


@task(name="publish snapshot", cache_policy=NO_CACHE)
def publish_snapshot(settings: Settings) -> snapshot.Snapshot:
    """The read-only copy other tools open, replaced by a complete new one (see warehouse/snapshot.py)."""
    return snapshot.publish(settings.db_path, settings.snapshot_path, settings.lock_wait_seconds, _say_waiting)


# No retries: a channel that fails is recorded and tried again by the next poll; retrying the step would only
# send again to the channels that got the message.
@task(name="send alerts", cache_policy=NO_CACHE)
def send_alerts(settings: Settings, run_id: str) -> alert.AlertReport:
    """Same-day alerts of what this run (and any earlier one whose alerts are pending) loaded: tasks.alert."""
    from tasks.send import smtp_password

    return alert.send_due(settings, smtp_config(settings, smtp_password(settings)), run_id)


@contextmanager
def _warehouse(settings: Settings) -> Iterator[duckdb.DuckDBPyConnection]:
    """A step's connection. Another process (an analyst's tool) may take the file between two steps: wait."""
    con = connect(settings.db_path, wait_seconds=settings.lock_wait_seconds, on_wait=_say_waiting)
    try:
        yield con
    finally:
        con.close()


def _say_waiting(busy: WarehouseBusy) -> None:
    get_run_logger().warning(
        "The warehouse %s is in use by %s: waiting for it (at most OFSTED_WATCH_LOCK_WAIT_SECONDS).",
        busy.path,
        busy.holder,
    )
