"""ILACS's combined area, end to end: until 2023 "the experiences and progress of children in care and care
leavers" was one judgement, and it is the judgement of both areas.

A fictional council with Ealing's history (SIF 2016: care leavers outstanding; ILACS 2019: the combined area
requires improvement; ILACS 2024: care leavers good, graded on their own) is built with the sample document
builders, read by the real extractor and loaded by the real loader into a DuckDB file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest
from test_warehouse_helpers import ilacs, load, url

from common.record import Record
from reports.digest import load_digest
from reports.model import AreaChange
from reports.period import iso_week
from reports.render import render_text
from samples.councils import SAMPLE_REFERENCE_CSV, council
from samples.documents import ilacs_report, sif_report
from tasks.extract import extract_document
from tasks.load import DocumentMeta, load_document
from warehouse.db import connect, migration_files

RI = "requires_improvement"
SIF_END, COMBINED_END, SEPARATE_END = date(2016, 3, 18), date(2019, 9, 20), date(2024, 5, 3)
# When each report was published, and the ISO week of the last one.
PUBLISHED = {SIF_END: date(2016, 5, 10), COMBINED_END: date(2019, 11, 5), SEPARATE_END: date(2024, 7, 12)}
WEEK_OF_2024 = "2024-W28"

pytest_plugins = ["test_warehouse_helpers"]  # the warehouse fixtures: con


@pytest.fixture()
def kingsmarsh_reports(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Record]]:
    """The three reports as PDFs, read back by the extractor (the provider URN given, as the site gives it)."""
    monkeypatch.setenv("OFSTED_WATCH_LA_REFERENCE", str(SAMPLE_REFERENCE_CSV))
    kingsmarsh = council("Kingsmarsh")
    documents = [
        sif_report(
            kingsmarsh,
            [(date(2016, 2, 22), SIF_END)],
            published=PUBLISHED[SIF_END],
            overall="good",
            grades={
                "help_and_protection": "good",
                "looked_after_permanence": "good",
                "adoption": "good",
                "care_leavers": "outstanding",
                "leadership_management_governance": "good",
            },
        ),
        ilacs_report(
            kingsmarsh,
            [(date(2019, 9, 9), COMBINED_END)],
            overall=RI,
            grades={"leaders": RI, "help_and_protection": RI, "in_care": RI},
        ),
        ilacs_report(
            kingsmarsh,
            [(date(2024, 4, 22), SEPARATE_END)],
            overall="good",
            grades={"leaders": "good", "help_and_protection": "good", "in_care": "good", "care_leavers": "good"},
        ),
    ]
    return [
        (f"kingsmarsh-{index}.pdf", extract_document(document.to_pdf(), f"kingsmarsh-{index}.pdf", kingsmarsh.urn))
        for index, document in enumerate(documents)
    ]


def _load(con: duckdb.DuckDBPyConnection, file: str, record: Record) -> None:
    assert record.inspection_end is not None
    meta = DocumentMeta(
        document_id=url(file),
        content_hash=hashlib.sha256(file.encode()).hexdigest(),
        size_bytes=1000,
        published=PUBLISHED[record.inspection_end],
        site_label="Children's services inspection",
        provider_urn=council("Kingsmarsh").urn,
    )
    assert load_document(con, meta, record, []).status == "loaded"


@pytest.fixture()
def warehouse(tmp_path: Path, kingsmarsh_reports: list[tuple[str, Record]]) -> Iterator[duckdb.DuckDBPyConnection]:
    con = connect(tmp_path / "warehouse.duckdb")
    for file, record in kingsmarsh_reports:
        _load(con, file, record)
    yield con
    con.close()


def _care_leavers_history(con: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    return con.execute(
        "SELECT event_date, judged_area, grade, combined, previous_grade, previous_date, previous_combined "
        "FROM judgement_history WHERE area = 'care_leavers' ORDER BY event_date"
    ).fetchall()


def test_the_extractor_records_which_grade_was_of_the_combined_area(
    kingsmarsh_reports: list[tuple[str, Record]],
) -> None:
    (_, sif), (_, combined), (_, separate) = kingsmarsh_reports
    # The grade stays where eval scores it: `in_care`, with care leavers empty.
    assert combined.judgements == {"leaders": RI, "help_and_protection": RI, "in_care": RI}
    assert combined.combined_judgements == {"in_care": ["care_leavers"]}
    assert combined.to_json_dict()["combined_judgements"] == {"in_care": ["care_leavers"]}
    assert separate.judgements["care_leavers"] == "good" and separate.combined_judgements == {}
    assert sif.judgements["care_leavers"] == "outstanding" and sif.combined_judgements == {}
    assert Record.from_json_dict(combined.to_json_dict()).combined_judgements == combined.combined_judgements


def test_the_combined_grade_is_the_judgement_of_both_areas(warehouse: duckdb.DuckDBPyConnection) -> None:
    assert warehouse.execute(
        "SELECT area, combined_with FROM judgements WHERE combined_with IS NOT NULL"
    ).fetchall() == [("in_care", ["care_leavers"])]
    assert _care_leavers_history(warehouse) == [
        (SIF_END, "care_leavers", "outstanding", False, None, None, None),
        (COMBINED_END, "in_care", RI, True, "outstanding", SIF_END, False),
        (SEPARATE_END, "care_leavers", "good", False, RI, COMBINED_END, True),
    ]
    changes = warehouse.execute(
        "SELECT event_date, previous_grade, grade, direction FROM judgement_changes "
        "WHERE area = 'care_leavers' ORDER BY event_date"
    ).fetchall()
    assert changes == [(COMBINED_END, "outstanding", RI, "worse"), (SEPARATE_END, RI, "good", "better")]
    # The fall in 2019 is a deterioration of care leavers; the rise in 2024 is none.
    assert warehouse.execute(
        "SELECT event_date, area, previous_grade, grade, reason, previous_combined, combined FROM deteriorations "
        "WHERE area = 'care_leavers'"
    ).fetchall() == [(COMBINED_END, "care_leavers", "outstanding", RI, "downgrade", False, True)]
    # Children in care compare as before: the SIF's looked_after_permanence, then the combined grade.
    assert warehouse.execute(
        "SELECT event_date, previous_grade, grade, previous_combined FROM judgement_changes "
        "WHERE area = 'in_care' ORDER BY event_date"
    ).fetchall() == [(COMBINED_END, "good", RI, False), (SEPARATE_END, RI, "good", True)]


def test_the_latest_judgement_of_care_leavers_can_be_a_combined_one(
    tmp_path: Path, kingsmarsh_reports: list[tuple[str, Record]]
) -> None:
    con = connect(tmp_path / "two-reports.duckdb")
    try:
        for file, record in kingsmarsh_reports[:2]:
            _load(con, file, record)
        assert con.execute(
            "SELECT area, grade, event_date, judged_area, combined FROM latest_judgements "
            "WHERE area IN ('in_care', 'care_leavers') ORDER BY area"
        ).fetchall() == [
            ("care_leavers", RI, COMBINED_END, "in_care", True),
            ("in_care", RI, COMBINED_END, "in_care", True),
        ]
        _load(con, *kingsmarsh_reports[2])
        assert con.execute(
            "SELECT grade, event_date, combined FROM latest_judgements WHERE area = 'care_leavers'"
        ).fetchall() == [("good", SEPARATE_END, False)]
    finally:
        con.close()


def test_the_digest_compares_care_leavers_with_the_combined_grade(warehouse: duckdb.DuckDBPyConnection) -> None:
    data = load_digest(warehouse, iso_week(WEEK_OF_2024))
    assert data.deteriorations == ()
    (entry,) = data.improvements
    assert entry.overall == AreaChange("overall", "good", RI, COMBINED_END, SEPARATE_END)
    assert AreaChange("care_leavers", "good", RI, COMBINED_END, SEPARATE_END, previous_combined=True) in entry.areas
    assert "  - Care leavers, up: Requires improvement to be good (20 September 2019, judged with children in care) " \
        "-> Good (3 May 2024)\n" in render_text(data)  # fmt: skip


def test_migration_003_flags_combined_grades_loaded_before_it(
    tmp_path: Path, kingsmarsh_reports: list[tuple[str, Record]]
) -> None:
    """A warehouse loaded before the flag existed: the migration sets it where the framework says so, and the
    views then read as if the extractor had said it. A 2023 ILACS that graded no care leavers is no combined one."""
    path = tmp_path / "old.duckdb"
    con = connect(path)
    for file, record in kingsmarsh_reports:
        _load(con, file, record)
    not_judged = ilacs("202", date(2023, 3, 6), date(2023, 3, 17), "good", leaders="good", in_care="good")
    load(con, url("camden-2023"), not_judged, date(2023, 5, 2))
    load(con, url("camden-2019"), ilacs("202", date(2019, 1, 7), date(2019, 1, 18), RI, in_care=RI), date(2019, 3, 1))
    flagged = con.execute("SELECT document_id, area, combined_with FROM judgements ORDER BY ALL").fetchall()
    changes = con.execute("SELECT * FROM judgement_changes ORDER BY ALL").fetchall()
    assert [row[0] for row in flagged if row[2]] == [url("camden-2019"), url(kingsmarsh_reports[1][0])]
    # What a warehouse without migration 003 held: the same rows, no column. (006, which landed before 003 on
    # main, stays recorded: migrate applies every migration not yet recorded, not only those above the highest.)
    con.execute("ALTER TABLE judgements DROP COLUMN combined_with")
    con.execute("DELETE FROM schema_version WHERE version = 3")
    con.close()

    con = connect(path)
    try:
        versions = con.execute("SELECT version FROM schema_version ORDER BY version").fetchall()
        assert versions == [(version,) for version, _ in migration_files()]  # 3 again, beside the later ones
        assert con.execute("SELECT document_id, area, combined_with FROM judgements ORDER BY ALL").fetchall() == flagged
        assert con.execute("SELECT * FROM judgement_changes ORDER BY ALL").fetchall() == changes
    finally:
        con.close()


def test_a_record_never_combines_an_area_it_grades_on_its_own(con: duckdb.DuckDBPyConnection) -> None:
    record = ilacs("202", date(2019, 1, 7), date(2019, 1, 18), RI, in_care=RI, care_leavers="good")
    record.combined_judgements = {"in_care": ["care_leavers"]}
    load(con, url("both"), record, date(2019, 3, 1))
    assert con.execute("SELECT count(*) FROM judgements WHERE combined_with IS NOT NULL").fetchall() == [(0,)]
