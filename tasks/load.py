"""Load one document's outcome into the warehouse, atomically and idempotently.

A flow is a short sequence of calls:

    run_id = start_run(con, "backfill", source)
    counts = RunCounts()
    for each document:
        fetch failed   -> counts.add(record_fetch_failure(con, document_id, reason, ...))
        otherwise      -> records are extracted, then validated as a batch (tasks.validate.validate_records),
                          then counts.add(load_document(con, meta, record, failures)) for each
    finish_run(con, run_id, counts)

Each `load_document` is one transaction: the document's rows are all replaced or none are. Loading the same
content with the same record changes nothing; a fixed re-extraction replaces a quarantined record by its
event; new content under the same document_id becomes a new version and the old one stays in
`document_versions` with its record.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import duckdb

from common.record import GRADE_RANK, Record
from common.themes import themes_of
from expectations.core import Failure
from expectations.records import UNIQUE_EVENT, event_date
from tasks.parsing.passages import Passage
from warehouse import store
from warehouse.checks import fill_prior_judgements
from warehouse.db import transaction
from warehouse.store import (  # noqa: F401  (DOCUMENT_STATUSES: re-exported for callers)
    DOCUMENT_STATUSES,
    FAILED_STATUSES,
    FETCH_FAILED,
    LOADED,
    NOT_OUTCOME,
    QUARANTINED,
    UNREADABLE,
)

# What a load did (LoadResult.change).
NEW, NEW_VERSION, RELOADED, UNCHANGED, FAILED = "new", "new_version", "reloaded", "unchanged", "failed"


@dataclass(frozen=True)
class DocumentMeta:
    """What the fetch step knows of a document. `document_id` is its source URL, or its path for a folder."""

    document_id: str
    content_hash: str
    size_bytes: int
    pages: int | None = None
    fetched_at: datetime | None = None
    published: date | None = None  # the reports site's publication date
    site_label: str | None = None
    provider_urn: str | None = None


@dataclass(frozen=True)
class LoadResult:
    document_id: str
    change: str  # new | new_version | reloaded | unchanged | failed
    status: str  # one of DOCUMENT_STATUSES
    failures: tuple[Failure, ...] = ()


@dataclass
class RunCounts:
    """The counts of a run, as recorded in `runs`. `new` counts new documents and new versions."""

    seen: int = 0
    new: int = 0
    unchanged: int = 0
    loaded: int = 0
    not_outcome: int = 0
    failed: int = 0
    quarantined: int = 0

    def add(self, result: LoadResult) -> None:
        self.seen += 1
        if result.status in FAILED_STATUSES:
            self.failed += 1
            return
        if result.change == UNCHANGED:
            self.unchanged += 1
            return
        self.new += result.change in (NEW, NEW_VERSION)
        self.loaded += result.status == LOADED
        self.not_outcome += result.status == NOT_OUTCOME
        self.quarantined += result.status == QUARANTINED

    def as_columns(self) -> dict[str, int]:
        return {
            "seen": self.seen,
            "new": self.new,
            "unchanged": self.unchanged,
            "loaded": self.loaded,
            "not_outcome": self.not_outcome,
            "failed": self.failed,
            "quarantined": self.quarantined,
        }


def load_document(
    con: duckdb.DuckDBPyConnection,
    document: DocumentMeta,
    record: Record | None,
    failures: Sequence[Failure] = (),
    status: str | None = None,
    reason: str | None = None,
    extractor: str | None = None,
    passages: Sequence[Passage] | None = None,
) -> LoadResult:
    """Load one fetched document: its event, its quarantine rows, or a status saying why neither.

    `record` is None when no text could be read; then `status` (default `unreadable`) and `reason` say why.
    With a record the status follows from it: `loaded`, `quarantined` (`failures` not empty, or a duplicate
    of an event already loaded), or `not_outcome` (a press release, an unknown page). `extractor` names the
    extractor that read it (tasks.extract.extractor_version): a record that differs from the one held becomes
    a new record version, and the one held stays in `record_versions`. `passages` (tasks.parsing.passages) are
    kept for a loaded document; they replace those held when the record changes, when another extractor read
    it before (a `reprocess` after an upgrade of the splitter) or when it has none; None leaves them as held.
    """
    if record is not None and status is not None:
        raise ValueError("status is derived from the record; pass it only when there is no record")
    now = datetime.now()
    with transaction(con):
        all_failures = [*failures, *_duplicate_of_loaded(con, document.document_id, record, failures)]
        outcome, why = _outcome(record, all_failures, status, reason)
        record_hash = _record_hash(record, all_failures, why)
        stored = store.stored_document(con, document.document_id)
        change = _change(stored, document.content_hash, record_hash)
        if change == UNCHANGED:
            upgraded = stored is not None and extractor is not None and stored.extractor != extractor
            stale = upgraded or not store.has_passages(con, document.document_id)
            if outcome == LOADED and passages is not None and stale:
                store.replace_passages(con, document.document_id, _passage_rows(passages), now)
            if upgraded and extractor is not None:
                store.stamp_extractor(con, document.document_id, extractor)
            return LoadResult(document.document_id, UNCHANGED, outcome, tuple(all_failures))
        row = _document_row(document, stored, outcome, why, record_hash, extractor)
        held = stored is not None
        if held:  # what its last load produced goes; a document never held has nothing to clear
            store.clear_outcome(con, document.document_id)
        store.save_document(con, row, now, held)
        store.save_version(con, row, json.dumps(record.to_json_dict()) if record else None, now, held)
        if outcome == LOADED and record is not None:
            _insert_event(con, document, record, now)
            if passages is not None:  # the document holds none now
                store.insert_passages(con, document.document_id, _passage_rows(passages), now)
        if outcome == QUARANTINED:
            quarantined = [(f.rule, f.field, f.value, f.reason) for f in all_failures]
            store.insert_quarantine(con, document.document_id, document.content_hash, quarantined, now)
    return LoadResult(document.document_id, change, outcome, tuple(all_failures))


def settle_checks(con: duckdb.DuckDBPyConnection) -> None:
    """After a batch of loads: the prior judgements letters leave unstated, from the warehouse as now loaded
    (a letter may load before the report it follows)."""
    with transaction(con):
        fill_prior_judgements(con)


def record_fetch_failure(
    con: duckdb.DuckDBPyConnection,
    document_id: str,
    reason: str,
    published: date | None = None,
    site_label: str | None = None,
    provider_urn: str | None = None,
) -> LoadResult:
    """A document that could not be fetched: recorded so `documents_to_retry` offers it to the next run."""
    with transaction(con):
        store.record_fetch_failure(con, document_id, reason, (published, site_label, provider_urn), datetime.now())
    return LoadResult(document_id, FAILED, FETCH_FAILED)


def start_run(con: duckdb.DuckDBPyConnection, flow: str, source: str | None = None, alerts: bool = False) -> str:
    """A new `runs` row; `alerts`: the run sends same-day alerts of what it loads (its alert step is pending)."""
    run_id = uuid.uuid4().hex
    with transaction(con):
        store.close_interrupted_runs(con)
        store.insert_run(con, run_id, flow, source, datetime.now(), alerts)
    return run_id


def finish_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    counts: RunCounts,
    status: str = "completed",
    notes: str | None = None,
) -> None:
    with transaction(con):
        store.finish_run(con, run_id, status, counts.as_columns(), notes, datetime.now())


def note_run(con: duckdb.DuckDBPyConnection, run_id: str, note: str) -> None:
    """Add to a finished run's notes: a step after its load failed."""
    with transaction(con):
        store.add_run_note(con, run_id, note)


def _duplicate_of_loaded(
    con: duckdb.DuckDBPyConnection, document_id: str, record: Record | None, failures: Sequence[Failure]
) -> list[Failure]:
    """The batch check cannot see events loaded by earlier runs: a record that would load is checked here."""
    if record is None or not record.is_ofsted_outcome or failures or record.local_authority is None:
        return []
    day = event_date(record)
    if day is None:
        return []
    la_code = record.local_authority.la_code
    owner = store.event_key_owner(con, document_id, la_code, record.kind, record.inspection_start, day)
    if owner is None:
        return []
    value = f"{la_code}, {record.kind}, {record.inspection_start or 'missing'}, {day}"
    return [Failure(UNIQUE_EVENT, "la_code, kind, inspection_start, event_date", value, f"duplicate of {owner}")]


def _outcome(
    record: Record | None, failures: Sequence[Failure], status: str | None, reason: str | None
) -> tuple[str, str | None]:
    if record is None:
        return status or UNREADABLE, reason or "no text could be read"
    if not record.is_ofsted_outcome:
        detail = f": {record.warnings[0]}" if record.warnings else ""
        return NOT_OUTCOME, f"not an Ofsted outcome ({record.kind}){detail}"
    if failures:
        return QUARANTINED, "failed " + ", ".join(dict.fromkeys(f.rule for f in failures))
    return LOADED, None


def _record_hash(record: Record | None, failures: Sequence[Failure], reason: str | None) -> str:
    """What the extractor and the checks said: equal hashes for the same content mean nothing to do."""
    said = {
        "record": record.to_json_dict() if record else None,
        "failures": [[f.rule, f.field, f.value, f.reason] for f in failures],
        "reason": reason,
    }
    return hashlib.sha256(json.dumps(said, sort_keys=True).encode()).hexdigest()


def _change(stored: store.StoredDocument | None, content_hash: str, record_hash: str) -> str:
    if stored is None or stored.content_hash is None:
        return NEW
    if stored.content_hash != content_hash:
        return NEW_VERSION
    settled = stored.record_hash == record_hash and stored.attempts == 0 and stored.fetch_error is None
    return UNCHANGED if settled else RELOADED


def _document_row(
    document: DocumentMeta,
    stored: store.StoredDocument | None,
    status: str,
    reason: str | None,
    record_hash: str,
    extractor: str | None,
) -> store.DocumentRow:
    previous_version = stored.version if stored else 0
    same_content = stored is not None and stored.content_hash == document.content_hash
    failed = status in FAILED_STATUSES
    return store.DocumentRow(
        document_id=document.document_id,
        version=previous_version if same_content else previous_version + 1,
        content_hash=document.content_hash,
        bytes=document.size_bytes,
        pages=document.pages,
        fetched_at=document.fetched_at,
        published=document.published,
        site_label=document.site_label,
        provider_urn=document.provider_urn,
        status=status,
        reason=reason,
        record_hash=record_hash,
        attempts=(stored.attempts if stored else 0) + 1 if failed else 0,
        extractor=extractor,
    )


def _insert_event(con: duckdb.DuckDBPyConnection, document: DocumentMeta, record: Record, now: datetime) -> None:
    visit = record.visit
    store.insert_event(con, _event_columns(document, record, now))
    grades = [("overall", record.overall)] if record.overall else []
    grades += sorted(record.judgements.items())
    rows = [(area, grade, GRADE_RANK[grade], _combined_with(record, area)) for area, grade in grades]
    store.insert_judgements(con, document.document_id, rows)
    codes = record.improvements_national_framework or [None] * len(record.improvements)
    items = [
        (text, priority, themes_of(text), code)
        for (text, priority), code in zip(record.prioritised_improvements(), codes, strict=True)
    ]
    store.insert_improvements(con, document.document_id, items)
    store.insert_texts(con, "priority_actions", document.document_id, visit.priority_actions if visit else [])
    weaknesses = record.area_send.weaknesses if record.area_send else []
    store.insert_weaknesses(con, document.document_id, [(w.weakness, w.progress) for w in weaknesses])


def _passage_rows(passages: Sequence[Passage]) -> list[store.PassageRow]:
    return [(p.position, p.page, p.section, p.area, p.text) for p in passages]


def _combined_with(record: Record, area: str) -> list[str] | None:
    """The other areas the grade of `area` covers; an area the document grades on its own is not one of them."""
    covered = [other for other in record.combined_judgements.get(area, []) if other not in record.judgements]
    return covered or None


def _event_columns(document: DocumentMeta, record: Record, now: datetime) -> dict[str, Any]:
    visit, send, jtai = record.visit, record.area_send, record.jtai
    return {
        "document_id": document.document_id,
        "la_code": record.local_authority.la_code if record.local_authority else None,
        "kind": record.kind,
        "inspection_start": record.inspection_start,
        "inspection_end": record.inspection_end,
        "letter_date": record.letter_date,
        "event_date": event_date(record),
        "published": record.published,
        "lead_inspector": record.lead_inspector,
        "overall": record.overall,
        "framework": record.framework,
        "visit_number": visit.number if visit else None,
        "visit_progress": visit.progress if visit else None,
        "prior_judgement": visit.prior_judgement if visit else None,
        "prior_judgement_date": visit.prior_judgement_date if visit else None,
        # Read from the letter; else filled from the warehouse after the load (warehouse.checks).
        "prior_judgement_source": "letter" if visit and visit.prior_judgement else None,
        "deterioration": visit.deterioration if visit else None,
        "content_hash": document.content_hash,
        "loaded_at": now,
        "send_framework": send.framework if send else None,
        "send_revisit": send.revisit if send else None,
        "send_outcome": send.outcome if send else None,
        "send_outcome_text": send.outcome_text if send else None,
        "wsoa_required": send.wsoa_required if send else None,
        "jtai_theme": jtai.theme if jtai else None,
        "jtai_partners": jtai.partners if jtai else None,
        # Issue 35.
        "visit_focus": visit.focus if visit else None,
        "jtai_inspectorates": jtai.inspectorates if jtai else None,
        "prior_judgement_area": visit.prior_judgement_area if visit else None,
        "send_previous_inspection_date": send.previous_inspection if send else None,
        "send_previous_revisit_date": send.previous_revisit if send else None,
    }
