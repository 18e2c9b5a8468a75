"""The extractor on synthetic PDFs for fictional councils: every kind and every phrasing variant."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from common.authorities import EXTRA_REFERENCE_ENV
from common.record import Record
from samples import documents
from samples.councils import SAMPLE_REFERENCE_CSV, council
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


@pytest.mark.parametrize("era", documents.VISIT_ERAS)
@pytest.mark.parametrize("wording", [w for w in documents.PRIOR_WORDINGS if w != "none"])
@pytest.mark.parametrize("grade", ["inadequate", "requires_improvement"])
def test_monitoring_visit_prior_judgement_wordings(era: str, wording: str, grade: str) -> None:
    _check("monitoring_visit", era=era, prior_wording=wording, prior_judgement=grade, progress="sufficient")


def _warnings_of(**params: Any) -> list[str]:
    sample = documents.build("monitoring_visit", **params)
    record = extract_document(sample.to_bytes(), "monitoring_visit.pdf")
    got = record.to_json_dict()
    assert {key: got[key] for key in sample.expected} == sample.expected
    return record.warnings


@pytest.mark.parametrize("era", documents.VISIT_ERAS)
def test_a_monitoring_letter_in_prose_has_no_verdict_and_says_so(era: str) -> None:
    """Findings told in prose: the verdict stays empty (never guessed), with a warning; the rest is read."""
    assert _warnings_of(era=era, progress=None) == ["visit_progress: no monitoring visit verdict found"]


def test_a_letter_stating_no_number_or_prior_judgement_leaves_them_empty_with_warnings() -> None:
    assert _warnings_of(number=None, prior_wording="none") == [
        "prior_judgement: the letter states no prior judgement we can read",
        "visit_number: no monitoring visit number found",
    ]


def test_focused_visit_without_priority_actions_or_decline() -> None:
    _check("focused_visit", priority_actions=[], deterioration=False)


@pytest.mark.parametrize("compress", [True, False])
def test_compressed_and_plain_pdf_streams_read_the_same(compress: bool) -> None:
    sample = documents.build("ilacs_standard")
    record = extract_document(sample.to_bytes(compress=compress), "x.pdf")
    assert record.overall == sample.expected["overall"]
    assert record.judgements == sample.expected["judgements"]


def _check_variant(name: str) -> Any:
    sample = documents.variant(name)
    record = extract_document(sample.to_bytes(), f"{name}.pdf")
    got = record.to_json_dict()
    for key, value in sample.expected.items():
        assert got[key] == value, f"{key}: expected {value!r}, got {got[key]!r} (warnings: {record.warnings})"
    if record.is_ofsted_outcome:
        assert record.warnings == []
    return record


@pytest.mark.parametrize("name", sorted(documents.VARIANTS))
def test_every_variant_reads_as_its_ground_truth(name: str) -> None:
    """Each era of visit letter, each area SEND outcome and revisit, each JTAI era and each edge case: every field
    of the record is the one the document states."""
    _check_variant(name)


@pytest.mark.parametrize(
    "name", ["focused_visit_comma_list_dates", "area_send_previous_inspection_and_revisit", "jtai_themed"]
)
def test_a_record_with_the_letters_fields_survives_its_json(name: str) -> None:
    """The record kept in record_versions is read back whole: a visit's focus, an area SEND report's previous
    dates, a JTAI's inspectorates."""
    record = _check_variant(name)
    back = Record.from_json_dict(record.to_json_dict())
    assert (back.visit, back.area_send, back.jtai) == (record.visit, record.area_send, record.jtai)


@pytest.mark.parametrize(
    ("name", "field", "value"),
    [  # the field each variant exists for, spelled out
        ("monitoring_visit_pandemic_insufficient", "visit", {"number": 5, "progress": "insufficient"}),
        ("monitoring_visit_2021", "visit", {"number": 3, "progress": "sufficient"}),
        ("monitoring_visit_2021_good", "visit", {"number": 11, "progress": "good"}),
        (
            "focused_visit_2021",
            "visit",
            {"prior_judgement": "requires_improvement", "prior_judgement_date": "2019-03-01"},
        ),
        ("focused_visit_pandemic_assurance", "kind", "focused_visit"),
        ("jtai_themed", "jtai", {"theme": "identification of initial need and risk"}),
        (
            "jtai_deep_dive_exploitation",
            "jtai",
            {"partners": ["local_authority", "health", "police", "probation", "youth_justice"]},
        ),
        ("area_send_systemic_failings", "area_send", {"outcome": "systemic_failings", "framework": "2023"}),
        ("area_send_2016_wsoa", "area_send", {"outcome": "wsoa_required", "wsoa_required": True}),
        ("area_send_2016_no_wsoa", "area_send", {"outcome": "no_wsoa", "wsoa_required": False, "outcome_text": None}),
        ("send_revisit_insufficient", "area_send", {"outcome": "insufficient_progress", "revisit": True}),
        ("press_round_up", "kind", "press_release"),
        ("contact_referral_letter", "kind", "unknown"),
    ],
)
def test_the_field_each_variant_exists_for(name: str, field: str, value: Any) -> None:
    got = _check_variant(name).to_json_dict()[field]
    if isinstance(value, dict):
        assert {key: got[key] for key in value} == value
    else:
        assert got == value


def test_a_revisit_reads_each_weakness_and_its_progress() -> None:
    record = _check_variant("send_revisit_insufficient")
    assert record.area_send is not None
    assert [(w.weakness.split()[0], w.progress) for w in record.area_send.weaknesses] == [
        ("Leaders'", "sufficient"),
        ("The", "insufficient"),
        ("Weak", "sufficient"),
        ("The", "insufficient"),
    ]
    assert record.area_send.outcome_text == (
        "The area has made sufficient progress in addressing two of the four significant weaknesses identified "
        "at the initial inspection."
    )


def test_a_letter_of_a_kind_not_read_is_unknown_and_names_its_title() -> None:
    record = _check_variant("contact_referral_letter")
    assert not record.is_ofsted_outcome
    assert record.warnings == [
        "kind: an Ofsted publication of a kind not read here: 'Inspection of contact, referral and assessment "
        "arrangements within Northmoor Metropolitan Borough Council children's services'"
    ]


def test_a_round_up_names_no_single_council_and_is_no_outcome() -> None:
    record = _check_variant("press_round_up")
    assert (record.kind, record.local_authority, record.is_ofsted_outcome) == ("press_release", None, False)
    # The site's provider still says whose page it was found on.
    sample = documents.variant("press_round_up")
    listed = extract_document(sample.to_bytes(), "round-up.pdf", provider_urn=council("Elmet").urn)
    assert listed.local_authority is not None and listed.local_authority.name == "Elmet"


@pytest.mark.parametrize("date_style", ["box_dash", "minus", "figure_dash", "until"])
@pytest.mark.parametrize("kind", ["ilacs_standard", "ilacs_short", "sif", "lscb_review", "pre_sif"])
def test_an_unusual_separator_still_ends_the_period_on_its_second_date(kind: str, date_style: str) -> None:
    sample = documents.build(kind, date_style=date_style)
    record = extract_document(sample.to_bytes(), f"{kind}.pdf")
    assert (record.inspection_start, record.inspection_end) != (record.inspection_start, record.inspection_start)
    assert record.to_json_dict()["inspection_end"] == sample.expected["inspection_end"]
    assert record.kind == sample.expected["kind"]
