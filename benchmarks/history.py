"""A synthetic warehouse history of any size, built fast and deterministically, for the digest benchmarks.

The history is written by bulk inserts into the real schema (a database made by `warehouse.db.connect`, so
the migrations, views and LA reference are the shipped ones), not through `tasks.load.load_document`: that
loads one document per transaction at about 17 ms each, so 50,000 documents would take a quarter of an hour
before the first measurement. The rows are what the loader writes for such records: `event_date` is the last
day on site (a letter's date for letters without visit dates), `grade_rank` follows `GRADE_RANK`, every
document has its `document_versions` row, and a quarantined document has its `quarantine` row and no event.

Events are spread evenly over time at the full-size history's density (50,000 events over 2005-2025, about
45 a week), for LAs of the shipped reference chosen at random; each LA's grades drift up and down by a step
at a time, so `judgement_changes` and `deteriorations` have work to do. A fixed seed makes every build equal.
"""

from __future__ import annotations

import csv
import hashlib
import random
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from common.record import GRADE_RANK, ILACS_AREAS, PROGRESS, SIF_AREAS
from warehouse.db import connect, transaction

SEED = 20260501
FULL_SIZE_EVENTS = 50_000
HISTORY_START = date(2005, 1, 1)
FULL_SIZE_DAYS = (date(2025, 12, 31) - HISTORY_START).days
# Besides its events, the history holds documents that are not outcomes (press releases), and quarantined ones.
NOT_OUTCOME_EVERY = 50
QUARANTINED_EVERY = 100
# kind -> share of events (roughly the corpus's mix).
KIND_MIX = {
    "ilacs_standard": 12,
    "ilacs_short": 8,
    "sif": 10,
    "pre_sif": 5,
    "lscb_review": 5,
    "monitoring_visit": 30,
    "focused_visit": 20,
    "jtai": 7,
    "area_send": 3,
}
AREAS_OF = {
    "ilacs_standard": ILACS_AREAS,
    "ilacs_short": ILACS_AREAS,
    "sif": SIF_AREAS,
    "pre_sif": ("capacity_to_improve",),
    "lscb_review": ("lscb",),
}
# ILACS inspections from this day grade care leavers apart from children in care.
SEPARATE_CARE_LEAVERS_FROM = date(2023, 1, 1)
GRADE_OF_RANK = {1: "outstanding", 2: "good", 3: "requires_improvement", 4: "inadequate"}
TABLES = ("documents", "document_versions", "events", "judgements", "improvements", "priority_actions", "quarantine")


@dataclass(frozen=True)
class History:
    db: Path
    events: int
    documents: int
    judgements: int
    seconds: float  # to build it
    busiest_week: tuple[date, date]  # the Monday-Sunday week with the most publications
    busiest_week_documents: int
    last_day: date  # the last event's date


@dataclass
class _Rows:
    tables: dict[str, list[tuple[Any, ...]]] = field(default_factory=lambda: {name: [] for name in TABLES})

    def add(self, table: str, *row: Any) -> None:
        self.tables[table].append(row)


def build_history(db: Path, events: int = FULL_SIZE_EVENTS, seed: int = SEED) -> History:
    """Create the warehouse `db` holding `events` events (and their judgements, texts and documents)."""
    started = time.perf_counter()
    con = connect(db)
    try:
        la_codes = [code for (code,) in con.execute(
            "SELECT la_code FROM local_authorities WHERE valid_to IS NULL ORDER BY la_code"
        ).fetchall()]  # fmt: skip
        rows = _generate(events, la_codes, random.Random(seed))
        with tempfile.TemporaryDirectory(prefix="bench-history-") as scratch, transaction(con):
            for table, table_rows in rows.tables.items():
                _bulk_insert(con, table, table_rows, Path(scratch) / f"{table}.csv")
        monday, documents_that_week = con.execute(
            "SELECT CAST(date_trunc('week', published) AS DATE) AS monday, count(*) FROM document_publication "
            "GROUP BY monday ORDER BY count(*) DESC, monday LIMIT 1"
        ).fetchone() or (HISTORY_START, 0)
        (last_day,) = con.execute("SELECT max(event_date) FROM events").fetchone() or (HISTORY_START,)
        counts = {table: len(table_rows) for table, table_rows in rows.tables.items()}
    finally:
        con.close()
    return History(
        db=db,
        events=counts["events"],
        documents=counts["documents"],
        judgements=counts["judgements"],
        seconds=time.perf_counter() - started,
        busiest_week=(monday, monday + timedelta(days=6)),
        busiest_week_documents=int(documents_that_week),
        last_day=last_day,
    )


def _bulk_insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple[Any, ...]], scratch: Path) -> None:
    """Through a CSV file: DuckDB reads one in milliseconds, where 50,000 bound rows take seconds.

    Rows give the table's first columns; columns later migrations added stay empty.
    """
    if not rows:
        return
    columns = [name for (name,) in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position", [table]
    ).fetchall()][: len(rows[0])]  # fmt: skip
    with scratch.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(("" if value is None else value for value in row) for row in rows)
    path = str(scratch).replace("'", "''")
    names = ", ".join(f'"{name}"' for name in columns)
    con.execute(f"INSERT INTO {table} ({names}) SELECT * FROM read_csv('{path}', header = true, all_varchar = true)")


def _generate(events: int, la_codes: list[str], rng: random.Random) -> _Rows:
    rows = _Rows()
    rank_of = {code: rng.randint(1, 4) for code in la_codes}
    kinds, weights = list(KIND_MIX), list(KIND_MIX.values())
    span_days = max(7, round(events * FULL_SIZE_DAYS / FULL_SIZE_EVENTS))
    for number, day in enumerate(_event_days(events, span_days)):
        la_code = rng.choice(la_codes)
        kind = rng.choices(kinds, weights)[0]
        if kind in AREAS_OF:
            rank_of[la_code] = min(4, max(1, rank_of[la_code] + rng.choice((-1, 0, 0, 1))))
        document_id = _document(rows, number, day, rng, "loaded")
        _event(rows, document_id, la_code, kind, day, rank_of[la_code], rng)
        if number % NOT_OUTCOME_EVERY == 0:
            _document(rows, number, day, rng, "not_outcome", suffix="p")
        if number % QUARANTINED_EVERY == 0:
            _quarantined(rows, _document(rows, number, day, rng, "quarantined", suffix="q"), day)
    return rows


def _event_days(events: int, span_days: int) -> Iterator[date]:
    """Last days on site, evenly spread over the span."""
    for number in range(events):
        yield HISTORY_START + timedelta(days=number * span_days // events)


def _document(rows: _Rows, number: int, day: date, rng: random.Random, status: str, suffix: str = "") -> str:
    document_id = f"https://files.ofsted.gov.uk/v1/file/{50_000_000 + number}{suffix}"
    content_hash = _content_hash(document_id)
    published = day + timedelta(days=rng.randint(20, 60))
    fetched = datetime.combine(published, datetime.min.time()) + timedelta(hours=7)
    size, pages = rng.randint(150_000, 900_000), rng.randint(3, 40)
    reason = {"not_outcome": "not an Ofsted outcome (press_release)", "quarantined": "failed grade_in_set"}
    rows.add(
        "documents", document_id, 1, content_hash, size, pages, fetched, fetched, published,
        "Children's services inspection", None, status, reason.get(status), fetched, content_hash, 0, None, None,
    )  # fmt: skip
    rows.add(
        "document_versions",
        document_id, 1, content_hash, size, pages, fetched, status, reason.get(status), None, fetched, None,
    )  # fmt: skip
    return document_id


def _event(rows: _Rows, document_id: str, la_code: str, kind: str, end: date, rank: int, rng: random.Random) -> None:
    on_site = kind in AREAS_OF or kind in ("jtai", "area_send") or rng.random() < 0.8
    start = end - timedelta(days=rng.choice((2, 4, 11))) if on_site else None
    letter = end + timedelta(days=rng.randint(10, 25))
    overall = _grade(kind, rank) if kind in AREAS_OF and kind != "lscb_review" else None
    visit = _visit(kind, end, rng)
    rows.add(
        "events", document_id, la_code, kind, start, end if on_site else None, letter, end if on_site else letter,
        None, f"Inspector {rng.randint(1, 400)}", overall, *visit, _content_hash(document_id),
        datetime.combine(letter, datetime.min.time()),
    )  # fmt: skip
    combined = kind.startswith("ilacs") and start is not None and start < SEPARATE_CARE_LEAVERS_FROM
    areas = [area for area in AREAS_OF.get(kind, ()) if not (combined and area == "care_leavers")]
    grades = [("overall", overall)] if overall else []
    grades += [(area, _grade(kind, min(4, max(1, rank + rng.choice((-1, 0, 0, 0, 1)))))) for area in areas]
    for area, grade in grades:
        # Until 2023 ILACS graded children in care and care leavers as one area, kept as `in_care`.
        combined_with = "[care_leavers]" if combined and area == "in_care" else None
        rows.add("judgements", document_id, area, grade, GRADE_RANK[grade], combined_with)
    for position in range(rng.randint(0, 3) if kind in AREAS_OF else 0):
        text = f"Improve practice area {position + 1} for children in {la_code}."
        rows.add("improvements", document_id, position, text, False)
    for position in range(_priority_actions(kind, bool(visit[-1]), rng)):
        rows.add("priority_actions", document_id, position, f"Act now on priority {position + 1} in {la_code}.")


def _priority_actions(kind: str, deterioration: bool, rng: random.Random) -> int:
    """Focused visits set priority actions now and then, and always when they report a deterioration."""
    if kind != "focused_visit":
        return 0
    return rng.randint(1, 2) if deterioration or rng.random() < 0.15 else 0


def _content_hash(document_id: str) -> str:
    return hashlib.sha256(document_id.encode()).hexdigest()


def _grade(kind: str, rank: int) -> str:
    """Frameworks before the SIF said `adequate` for the middle grade."""
    return "adequate" if rank == 3 and kind == "pre_sif" else GRADE_OF_RANK[rank]


def _visit(kind: str, end: date, rng: random.Random) -> tuple[Any, ...]:
    """visit_number, visit_progress, prior_judgement, prior_judgement_date, deterioration."""
    if kind == "monitoring_visit":
        prior = end.replace(day=1) - timedelta(days=365)
        return rng.randint(1, 8), rng.choice(PROGRESS), "inadequate", prior.replace(day=1), False
    if kind == "focused_visit":
        return None, None, None, None, rng.random() < 0.1
    return None, None, None, None, None


def _quarantined(rows: _Rows, document_id: str, day: date) -> None:
    when = datetime.combine(day, datetime.min.time())
    rows.add("quarantine", document_id, _content_hash(document_id), "grade_in_set", "overall", "excellent",
             "grade 'excellent' is not one of the five grades", when)  # fmt: skip
