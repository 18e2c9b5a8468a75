"""The extractor on synthetic PDFs for fictional councils: every kind and every phrasing variant."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from ofsted_watch.authorities import EXTRA_REFERENCE_ENV
from ofsted_watch.samples import documents
from ofsted_watch.samples.councils import SAMPLE_REFERENCE_CSV
from tasks.extract import extract_document


@pytest.fixture(autouse=True)
def fictional_councils(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(EXTRA_REFERENCE_ENV, str(SAMPLE_REFERENCE_CSV))
    yield


def _check(kind: str, **params: Any) -> None:
    sample = documents.build(kind, **params)
    record = extract_document(sample.to_bytes(), f"{kind}.pdf")
    got = record.to_json_dict()
    expected = sample.expected
    for key, value in expected.items():
        if kind in ("press_release", "unknown") and key not in ("kind", "is_ofsted_outcome", "local_authority"):
            continue
        assert got[key] == value, f"{key}: expected {value!r}, got {got[key]!r} (warnings: {record.warnings})"
    if record.is_ofsted_outcome:
        assert record.warnings == []


@pytest.mark.parametrize("kind", sorted(documents.BUILDERS))
def test_each_kind_with_defaults(kind: str) -> None:
    _check(kind)


# '6 and 17 March' reads as two single days (a split visit), not a range: that style is for letters only.
@pytest.mark.parametrize("date_style", [style for style in documents.DATE_STYLES if style != "and"])
@pytest.mark.parametrize("kind", ["ilacs_standard", "sif"])
def test_date_styles(kind: str, date_style: str) -> None:
    _check(kind, date_style=date_style)


@pytest.mark.parametrize("inspector_style", documents.INSPECTOR_STYLES)
def test_ilacs_inspector_styles(inspector_style: str) -> None:
    _check("ilacs_standard", inspector_style=inspector_style, deputy="Vic Decoy")


def test_two_lead_inspectors() -> None:
    _check("ilacs_standard", lead_inspectors=("Ada Kestrel", "Bryn Osprey"))


@pytest.mark.parametrize("title_style", documents.ILACS_TITLE_STYLES)
@pytest.mark.parametrize("grid_style", sorted(documents.GRID_STYLES))
def test_ilacs_titles_and_grids(title_style: str, grid_style: str) -> None:
    _check("ilacs_standard", title_style=title_style, grid_style=grid_style, cover_page=True)


def test_ilacs_before_2023_grades_care_leavers_with_children_in_care() -> None:
    _check(
        "ilacs_short",
        periods=[(date(2019, 7, 8), date(2019, 7, 12)), (date(2019, 8, 7), date(2019, 8, 8))],
        grades={"leaders": "inadequate", "help_and_protection": "requires_improvement", "in_care": "good"},
        overall="inadequate",
        running_header=True,
    )


@pytest.mark.parametrize("overall_style", documents.SIF_OVERALL_STYLES)
@pytest.mark.parametrize("lscb_style", documents.LSCB_STYLES)
def test_sif_overall_and_lscb_styles(overall_style: str, lscb_style: str) -> None:
    _check("sif", overall_style=overall_style, lscb_style=lscb_style, overall_wrapped=True)


@pytest.mark.parametrize(
    "variant",
    [
        {"capitalised": True},
        {"renumber_last": True},
        {"reinspection": True, "lscb": None},
        {"cover_page": True, "deputy_first": True, "lead_hmi_suffix": True},
        {"grid_style": "own_line", "label_width": 180},
        {"grades": {**documents._SIF_GRADES, "adoption": None}},
    ],
)
def test_sif_variants(variant: dict[str, Any]) -> None:
    _check("sif", **variant)


@pytest.mark.parametrize("progress", ["insufficient", "sufficient", "good"])
def test_monitoring_visit_verdicts(progress: str) -> None:
    _check("monitoring_visit", progress=progress, deterioration=progress == "insufficient", number=3)


def test_focused_visit_without_priority_actions_or_decline() -> None:
    _check("focused_visit", priority_actions=[], deterioration=False)


@pytest.mark.parametrize("compress", [True, False])
def test_compressed_and_plain_pdf_streams_read_the_same(compress: bool) -> None:
    sample = documents.build("ilacs_standard")
    record = extract_document(sample.to_bytes(compress=compress), "x.pdf")
    assert record.overall == sample.expected["overall"]
    assert record.judgements == sample.expected["judgements"]
