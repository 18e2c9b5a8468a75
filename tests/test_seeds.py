"""The five documents the user supplied are read correctly (they live in ../shared, never in this repo)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from common.record import Record
from tasks.extract import extract_path

pytestmark = pytest.mark.corpus


def _seed(shared_dir: Path, prefix: str) -> Record:
    (path,) = (shared_dir / "seeds").glob(f"{prefix}_*.txt")
    return extract_path(path)


def test_monitoring_visit_is_hulls_second_with_insufficient_progress(shared_dir: Path) -> None:
    record = _seed(shared_dir, "000")
    assert record.kind == "monitoring_visit"
    assert record.is_ofsted_outcome
    assert record.local_authority is not None and record.local_authority.la_code == "810"
    assert record.visit is not None
    assert record.visit.number == 2
    assert record.visit.progress == "insufficient"
    assert record.visit.prior_judgement == "inadequate"
    assert record.visit.prior_judgement_date == date(2019, 5, 1)
    assert record.inspection_start == record.inspection_end == date(2020, 1, 14)
    assert record.letter_date == date(2020, 2, 6)
    assert record.lead_inspector == "Caroline Walsh"
    assert record.overall is None and record.judgements == {}


def test_sif_report_with_lscb_review(shared_dir: Path) -> None:
    record = _seed(shared_dir, "001")
    assert record.kind == "sif"
    assert record.local_authority is not None and record.local_authority.la_code == "810"
    assert (record.inspection_start, record.inspection_end) == (date(2014, 11, 18), date(2014, 12, 10))
    assert record.published == date(2015, 2, 3)
    assert record.overall == "requires_improvement"
    assert record.judgements == {
        "help_and_protection": "requires_improvement",
        "looked_after_permanence": "requires_improvement",
        "adoption": "requires_improvement",
        "care_leavers": "requires_improvement",
        "leadership_management_governance": "requires_improvement",
        "lscb": "requires_improvement",
    }
    assert record.warnings == []


def test_press_release_is_not_an_outcome(shared_dir: Path) -> None:
    record = _seed(shared_dir, "002")
    assert record.kind == "press_release"
    assert not record.is_ofsted_outcome
    assert record.overall is None and record.visit is None


def test_ilacs_report_for_kirklees(shared_dir: Path) -> None:
    record = _seed(shared_dir, "003")
    assert record.kind == "ilacs_standard"
    assert record.local_authority is not None
    assert (record.local_authority.name, record.local_authority.la_code) == ("Kirklees", "382")
    assert (record.inspection_start, record.inspection_end) == (date(2019, 6, 10), date(2019, 6, 21))
    assert record.lead_inspector == "Lisa Summers"
    assert record.overall == "requires_improvement"
    assert record.judgements == {
        "leaders": "requires_improvement",
        "help_and_protection": "requires_improvement",
        "in_care": "requires_improvement",
    }
    assert len(record.improvements) == 10
    assert record.improvements[-1].startswith("Regular supervision of social workers")


def test_focused_visit_to_york_reports_deterioration(shared_dir: Path) -> None:
    record = _seed(shared_dir, "004")
    assert record.kind == "focused_visit"
    assert record.local_authority is not None and record.local_authority.la_code == "816"
    assert record.visit is not None and record.visit.deterioration is True
    assert record.visit.progress is None and record.visit.number is None
    assert record.inspection_start == date(2019, 7, 17)
    assert record.letter_date == date(2019, 8, 9)
    assert record.lead_inspector == "Peter McEntee"
    assert len(record.improvements) == 5
