"""The real letters of ../shared/letters (focused visits, JTAIs, area SEND reports) through backfill, beside the
corpus's reports they follow: every document loads, nothing is quarantined, and the visit tables count what
letters.csv keys (LETTERS.md describes the key)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from pipeline_helpers import LettersWarehouse

pytestmark = [pytest.mark.corpus, pytest.mark.prefect]


def _key(letters: LettersWarehouse) -> list[dict[str, str]]:
    with (letters.folder / "letters.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _document_id(letters: LettersWarehouse, row: dict[str, str]) -> str:
    return str((letters.folder / row["file"]).resolve())


def _rows(db: Path, sql: str, params: list[object] | None = None) -> list[tuple[object, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_every_letter_loads_as_an_event_of_its_kind(letters_warehouse: LettersWarehouse) -> None:
    key = _key(letters_warehouse)
    assert letters_warehouse.code == 0
    ids = [_document_id(letters_warehouse, row) for row in key]
    statuses = _rows(
        letters_warehouse.db,
        "SELECT status, count(*) FROM documents WHERE list_contains(?, document_id) GROUP BY status",
        [ids],
    )
    assert statuses == [("loaded", 314)]
    kinds = dict(
        _rows(letters_warehouse.db, "SELECT document_id, kind FROM events WHERE list_contains(?, document_id)", [ids])
    )
    assert kinds == {_document_id(letters_warehouse, row): row["kind"] for row in key}
    quarantined = _rows(
        letters_warehouse.db, "SELECT count(*) FROM quarantine WHERE list_contains(?, document_id)", [ids]
    )
    assert quarantined == [(0,)]


def test_the_visit_tables_count_the_focus_letters_csv_keys(letters_warehouse: LettersWarehouse) -> None:
    visits = [row for row in _key(letters_warehouse) if row["kind"] == "focused_visit"]
    keyed = Counter(row["visit_focus"] for row in visits if row["visit_focus"])
    unkeyed = [_document_id(letters_warehouse, row) for row in visits if not row["visit_focus"]]
    counted = Counter(
        dict(_rows(letters_warehouse.db, "SELECT visit_focus, sum(visits) FROM focused_visits_by_focus GROUP BY ALL"))
    )
    read_unkeyed = Counter(
        focus
        for (focus,) in _rows(
            letters_warehouse.db,
            "SELECT visit_focus FROM focused_visits WHERE list_contains(?, document_id)",
            [unkeyed],
        )
    )
    assert counted - read_unkeyed == keyed
    assert keyed["children_in_need_child_protection"] == 74 and keyed["covid"] == 21  # the key as LETTERS.md has it
    # Every visit sits once under its grade at the time, or several times (one per judgement) under a framework
    # without an overall grade.
    overall = _rows(letters_warehouse.db, "SELECT count(DISTINCT document_id) FROM focused_visit_grades")
    assert overall == [(len(visits),)]


def test_every_jtai_names_its_inspectorates_and_partners(letters_warehouse: LettersWarehouse) -> None:
    jtais = {_document_id(letters_warehouse, row): row for row in _key(letters_warehouse) if row["kind"] == "jtai"}
    rows = _rows(
        letters_warehouse.db,
        "SELECT document_id, jtai_inspectorates, jtai_partners, jtai_theme FROM events "
        "WHERE kind = 'jtai' AND list_contains(?, document_id)",
        [list(jtais)],
    )
    assert len(rows) == 42
    for document_id, inspectorates, partners, theme in rows:
        keyed = jtais[str(document_id)]["jtai_inspectorates"]
        assert not keyed or inspectorates == keyed.split(";"), document_id
        assert partners and theme, document_id
    by_theme = _rows(letters_warehouse.db, "SELECT sum(jtais) FROM jtais_by_theme")
    assert by_theme[0][0] >= 42  # the corpus may hold JTAIs of its own


def test_area_send_reports_keep_their_own_dates_and_their_outcomes(letters_warehouse: LettersWarehouse) -> None:
    reports = {
        _document_id(letters_warehouse, row): row for row in _key(letters_warehouse) if row["kind"] == "area_send"
    }
    rows = _rows(
        letters_warehouse.db,
        "SELECT document_id, inspection_start, send_outcome, "
        "send_previous_inspection_date FROM events WHERE list_contains(?, document_id)",
        [list(reports)],
    )
    got = {str(d): (str(start), outcome) for d, start, outcome, _ in rows}
    assert got == {d: (row["inspection_start"], row["send_outcome"]) for d, row in reports.items()}
    # The previous inspection is always earlier than the report's own.
    assert all(previous is None or previous < start for _, start, _, previous in rows)  # type: ignore[operator]
    counted = _rows(
        letters_warehouse.db,
        "SELECT outcome, sum(inspections) FROM send_outcomes_by_year WHERE framework = '2023' GROUP BY ALL ORDER BY 1",
    )
    assert dict(counted) == dict(Counter(row["send_outcome"] for row in reports.values()))


def test_publication_days_are_counted_for_every_kind(letters_warehouse: LettersWarehouse) -> None:
    kinds = _rows(letters_warehouse.db, "SELECT DISTINCT kind FROM publication_days ORDER BY kind")
    assert {"focused_visit", "jtai", "area_send"} <= {kind for (kind,) in kinds}
    ranges = _rows(
        letters_warehouse.db, "SELECT min(min_days), max(max_days) FROM publication_days WHERE kind = 'focused_visit'"
    )
    assert ranges[0][0] is not None and 0 <= ranges[0][0] <= ranges[0][1]  # type: ignore[operator]


def test_letters_dated_before_their_visit_are_findings_and_prior_judgements_agree(
    letters_warehouse: LettersWarehouse,
) -> None:
    """A prior judgement is checked against the same judgement (the area the letter names, or the overall one):
    no letter disagrees with the reports the corpus holds."""
    ids = [_document_id(letters_warehouse, row) for row in _key(letters_warehouse)]
    rules = _rows(
        letters_warehouse.db,
        "SELECT rule, count(*) FROM findings WHERE list_contains(?, document_id) GROUP BY ALL ORDER BY 1",
        [ids],
    )
    assert "prior_judgement_disagrees" not in dict(rules)
    areas = _rows(
        letters_warehouse.db,
        "SELECT DISTINCT prior_judgement_area FROM events WHERE "
        "prior_judgement_source = 'letter' AND list_contains(?, document_id) ORDER BY 1",
        [ids],
    )
    assert {area for (area,) in areas} >= {"overall", "in_care"}


def test_no_item_of_a_letter_carries_ofsted_s_letterhead(letters_warehouse: LettersWarehouse) -> None:
    ids = [_document_id(letters_warehouse, row) for row in _key(letters_warehouse)]
    furnished = _rows(
        letters_warehouse.db,
        "SELECT document_id, text FROM improvements WHERE list_contains(?, document_id) "
        "AND regexp_matches(text, 'Piccadilly Gate|M1 2WD|0300 123 1231|enquiries@ofsted|www\\.gov\\.uk/ofsted|"
        "Yours sincerely|Ofsted will take')",
        [ids],
    )
    assert furnished == []
    items = _rows(letters_warehouse.db, "SELECT count(*) FROM improvements WHERE list_contains(?, document_id)", [ids])
    assert items[0][0] > 1000  # the letters' lists were read
