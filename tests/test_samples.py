"""The synthetic documents: valid PDFs whose text pdfium reads in order, and ground truth that matches the text."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from common.authorities import REFERENCE_CSV, authority_index, normalise_name, read_reference
from common.record import AREAS, GRADES, KINDS, PROGRESS, RECORD_KEYS
from samples import documents as docs
from samples.councils import COUNCILS, SAMPLE_REFERENCE_CSV, council, reference_csv_text
from samples.pdf import DRAWN_BULLET, LINES_PER_PAGE, TableRow, write_pdf
from samples.timeline import SamplePublication, additional_publication, demo_publications

WESSEX = council("Wessex")


def pdf_pages(data: bytes) -> list[str]:
    document = pdfium.PdfDocument(data)
    try:
        return [document[i].get_textpage().get_text_bounded().replace("\r\n", "\n") for i in range(len(document))]
    finally:
        document.close()


def pdf_text(data: bytes) -> str:
    return "\n".join(pdf_pages(data))


def flat(text: str) -> str:
    """Text with line breaks as spaces, to find sentences that wrap."""
    return re.sub(r"\s+", " ", text)


# --- the PDF writer ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("compress", [True, False])
def test_lines_come_out_in_order_compressed_or_not(compress: bool) -> None:
    lines = ["Inspection of Wessex local authority", "children's services", "Inspection dates: 2 to 13 December 2024"]
    data = write_pdf([lines, ["Second page"]], compress=compress, title="A title")

    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    assert (b"/FlateDecode" in data) is compress
    assert pdf_pages(data) == ["\n".join(lines), "Second page"]
    assert pdfium.PdfDocument(data).get_metadata_dict()["Title"] == "A title"


def test_special_characters_survive() -> None:
    line = "‘Quoted’ “twice” – en — em (brackets) back\\slash £250 café … • children’s"
    assert pdf_text(write_pdf([[line]])) == line


def test_a_character_outside_winansi_is_refused() -> None:
    with pytest.raises(ValueError, match="WinAnsiEncoding"):
        write_pdf([["an arrow → bullet"]])


def test_list_glyphs_are_set_in_their_own_fonts_and_read_back() -> None:
    lines = ["◼ A square item", "\uf06e A Wingdings item", "− a sub-point", f"{DRAWN_BULLET} A drawn bullet"]
    assert pdf_text(write_pdf([lines])).split("\n") == [*lines[:3], "A drawn bullet"]


def test_an_overflowing_page_continues_on_new_pages_in_order() -> None:
    lines = [f"Line {number}" for number in range(1, 2 * LINES_PER_PAGE + 11)]
    pages = pdf_pages(write_pdf([lines, ["Next document page"]]))

    assert len(pages) == 4
    assert [len(page.split("\n")) for page in pages] == [LINES_PER_PAGE, LINES_PER_PAGE, 10, 1]
    assert "\n".join(pages[:3]).split("\n") == lines
    assert pages[3] == "Next document page"


def test_a_paragraph_taller_than_a_page_spills_over() -> None:
    words = " ".join(f"w{number}" for number in range(3000))
    pages = pdf_pages(write_pdf([[words]]))

    assert len(pages) > 1
    assert flat(" ".join(pages)) == words


def test_long_lines_wrap_at_spaces() -> None:
    sentence = " ".join(["practice"] * 60)
    text = pdf_text(write_pdf([[sentence]]))

    assert text.count("\n") >= 4
    assert flat(text) == sentence


def test_a_table_row_is_not_split_across_pages() -> None:
    filler = [f"Line {number}" for number in range(LINES_PER_PAGE - 1)]
    row = TableRow(("The experiences and progress of", "children in care"), "Good", value_on_line=None)
    pages = pdf_pages(write_pdf([[*filler, row]]))

    assert pages[1] == "The experiences and progress of\nchildren in care\nGood"


@pytest.mark.parametrize(
    ("value_on_line", "expected"),
    [
        (None, "The experiences and progress of\nchildren who need help and\nprotection\nInadequate"),
        (0, "The experiences and progress of\nchildren who need help and\nprotection\nInadequate"),
        (-1, "The experiences and progress of\nchildren who need help and\nprotection Inadequate"),
    ],
)
def test_wrapped_table_rows_come_out_as_label_lines_then_grade(value_on_line: int | None, expected: str) -> None:
    label = ("The experiences and progress of", "children who need help and", "protection")
    text = pdf_text(write_pdf([[TableRow(label, "Inadequate", value_on_line), "After the grid"]]))

    assert text == f"{expected}\nAfter the grid"


def test_a_grade_wider_than_its_column_wraps_under_itself() -> None:
    row = TableRow(("Overall effectiveness",), "Requires improvement to be good", value_x=400)
    assert pdf_text(write_pdf([[row]])) == "Overall effectiveness Requires improvement to be\ngood"


def test_a_label_too_wide_for_its_column_is_refused() -> None:
    with pytest.raises(ValueError, match="too wide"):
        write_pdf([[TableRow(("The impact of leaders on social work practice with children and families",), "Good")]])


# --- councils and the reference -----------------------------------------------------------------------------------


def test_reference_csv_is_generated_from_the_councils_and_has_the_shipped_columns() -> None:
    assert SAMPLE_REFERENCE_CSV.read_text(encoding="utf-8") == reference_csv_text()
    with REFERENCE_CSV.open(encoding="utf-8") as shipped, SAMPLE_REFERENCE_CSV.open(encoding="utf-8") as sample:
        assert next(csv.reader(sample)) == next(csv.reader(shipped))


def test_fictional_councils_never_collide_with_real_ones() -> None:
    real = read_reference(REFERENCE_CSV)
    sample = read_reference(SAMPLE_REFERENCE_CSV)
    real_names = {normalise_name(name) for la in real for name in (la.name, *la.variants)}

    assert 6 <= len(sample) <= 10
    assert all(990 <= int(la.la_code) <= 999 for la in sample)
    assert not {la.la_code for la in sample} & {la.la_code for la in real}
    assert not {la.urn for la in sample} & {la.urn for la in real}
    assert not {normalise_name(name) for la in sample for name in (la.name, *la.variants)} & real_names


def test_reference_env_var_resolves_council_titles(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OFSTED_WATCH_LA_REFERENCE", str(SAMPLE_REFERENCE_CSV))
    index = authority_index()

    for sample in COUNCILS:
        assert index.by_urn[sample.urn].la_code == sample.la_code
        if not sample.valid_to:
            assert index.by_name(sample.title).la_code == sample.la_code  # type: ignore[union-attr]
    assert index.by_name("Camden").la_code == "202"  # type: ignore[union-attr]


# --- phrasing helpers ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "style", "text"),
    [
        (date(2024, 12, 2), date(2024, 12, 13), "to", "2 to 13 December 2024"),
        (date(2023, 2, 20), date(2023, 3, 3), "to", "20 February to 3 March 2023"),
        (date(2018, 11, 19), date(2018, 11, 30), "to_full", "19 November 2018 to 30 November 2018"),
        (date(2014, 1, 14), date(2014, 2, 5), "hyphen", "14 January 2014- 5 February 2014"),
        (date(2016, 11, 14), date(2016, 12, 8), "dash_full", "14 November 2016 – 8 December 2016"),
        (date(2014, 11, 18), date(2014, 12, 10), "dash", "18 November – 10 December 2014"),
        (date(2013, 7, 8), date(2013, 7, 12), "dash", "8 – 12 July 2013"),
        (date(2017, 11, 9), date(2017, 11, 24), "dash_tight", "9–24 November 2017"),
        (date(2018, 2, 26), date(2018, 3, 22), "dash_tight", "26 February 2018–22 March 2018"),
        (date(2014, 2, 18), date(2014, 3, 7), "abbreviated", "18 Feb 2014 to 7 Mar 2014"),
        (date(2016, 9, 12), date(2016, 10, 6), "numeric", "12/09/2016 to 06/10/2016"),
        (date(2015, 6, 1), date(2015, 6, 25), "numeric_unpadded", "1/06/2015 – 25/06/2015"),
        (date(2020, 11, 18), date(2020, 11, 19), "and", "18 and 19 November 2020"),
        (date(2020, 1, 14), date(2020, 1, 14), "to", "14 January 2020"),
    ],
)
def test_date_styles(start: date, end: date, style: str, text: str) -> None:
    assert docs.format_period(start, end, style) == text


def test_split_periods_are_joined_by_and_and_their_days_add_up() -> None:
    periods = [(date(2024, 7, 8), date(2024, 7, 12)), (date(2024, 8, 7), date(2024, 8, 8))]
    assert docs.format_periods(periods) == "8 to 12 July 2024 and 7 to 8 August 2024"
    assert docs.days_on_site(periods) == 7


def test_unknown_styles_are_refused_with_the_known_ones() -> None:
    with pytest.raises(ValueError, match="numeric_unpadded"):
        docs.format_period(date(2020, 1, 1), date(2020, 1, 2), "roman")
    with pytest.raises(ValueError, match="on_site"):
        docs.lead_inspector_lines(["A B"], date(2020, 1, 1), "shouted")
    with pytest.raises(ValueError, match="appended"):
        docs.build("sif", lscb_style="footnote")
    assert all(docs.lead_inspector_lines(["A B"], date(2020, 1, 1), style) for style in docs.INSPECTOR_STYLES)


# --- documents: every kind -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(docs.BUILDERS))
def test_every_kind_builds_with_consistent_ground_truth(kind: str) -> None:
    document = docs.build(kind)
    expected = document.expected

    assert expected["kind"] == kind in KINDS
    assert document.kind == kind
    if document.html is not None:
        assert b"Report not found" in document.to_bytes()
        with pytest.raises(ValueError, match="HTML"):
            document.to_pdf()
        return
    text = flat(pdf_text(document.to_pdf()))
    if expected["is_ofsted_outcome"]:
        assert set(expected) == set(RECORD_KEYS) - {"file", "warnings"}
        assert document.expected_record("x.pdf").to_json_dict() == {**expected, "file": "x.pdf", "warnings": []}
        assert expected["overall"] is None or expected["overall"] in GRADES
        assert set(expected["judgements"]) <= set(AREAS) and set(expected["judgements"].values()) <= set(GRADES)
        for item in expected["improvements"]:
            assert item in text
        if expected["lead_inspector"]:
            for name in expected["lead_inspector"].split("; "):
                assert name in text
    else:
        assert set(expected) == {"kind", "is_ofsted_outcome", "local_authority"}
    la = expected["local_authority"]
    assert la is None or la["la_code"] in {sample.la_code for sample in COUNCILS}


def test_a_sample_report_reads_the_same_compressed_or_not() -> None:
    document = docs.build("sif", date_label="Inspection date")
    compressed, plain = document.to_pdf(compress=True), document.to_pdf(compress=False)

    assert len(compressed) < len(plain)
    assert pdf_text(compressed) == pdf_text(plain)
    assert "Inspection date 10 November – 4 December 2014" in pdf_text(plain)


@pytest.mark.parametrize("date_style", docs.DATE_STYLES)
@pytest.mark.parametrize("title_style", docs.ILACS_TITLE_STYLES)
def test_every_ilacs_title_and_date_style_prints_its_date_line(title_style: str, date_style: str) -> None:
    periods = [(date(2021, 11, 29), date(2021, 12, 10))]
    document = docs.build("ilacs_standard", periods=periods, title_style=title_style, date_style=date_style)
    lines = pdf_text(document.to_pdf()).split("\n")

    assert f"Inspection dates: {docs.format_periods(periods, date_style)}" in lines
    assert document.expected["inspection_start"] == "2021-11-29"
    assert document.expected["inspection_end"] == "2021-12-10"
    assert document.expected["judgements"] == {
        "leaders": "good",
        "help_and_protection": "requires_improvement",
        "in_care": "good",
    }


def test_ilacs_title_block_grid_and_improvements_in_reading_order() -> None:
    document = docs.build("ilacs_standard", deputy="Noor Castell", running_header=True)
    first_page = pdf_pages(document.to_pdf())[0].split("\n")

    assert first_page[:9] == [
        "Wessex County Council 26 April 2023",
        "Inspection of Wessex local authority",
        "children’s services",
        "Inspection dates: 6 to 17 March 2023",
        "Deputy lead inspector: Noor Castell, His Majesty’s Inspector",
        "Lead inspector: Rowan Ashdown, His Majesty’s Inspector",
        "Judgement Grade",
        "The impact of leaders on social work",
        "practice with children and families",
    ]
    assert first_page[9:20] == [
        "Good",
        "The experiences and progress of",
        "children who need help and protection",
        "Requires improvement to be good",
        "The experiences and progress of",
        "children in care",
        "Good",
        "The experiences and progress of care",
        "leavers",
        "Outstanding",
        "Overall effectiveness Good",
    ]
    assert document.expected["judgements"] == {
        "leaders": "good",
        "help_and_protection": "requires_improvement",
        "in_care": "good",
        "care_leavers": "outstanding",
    }


def test_ilacs_before_2023_grades_children_in_care_and_care_leavers_together() -> None:
    grades = {"leaders": "good", "help_and_protection": "good", "in_care": "inadequate"}
    document = docs.ilacs_report(
        WESSEX, [(date(2019, 5, 13), date(2019, 5, 24))], grades=grades, overall="inadequate", label_width=130
    )
    text = pdf_text(document.to_pdf())

    assert "Inspection of children’s social care services" in text
    assert "The experiences and\nprogress of children in\ncare and care leavers\nInadequate" in text
    assert "Her Majesty’s Inspector" in text
    assert document.expected["judgements"] == grades
    assert document.expected["kind"] == "ilacs_standard"


def test_ilacs_kind_follows_days_on_site_added_over_split_periods() -> None:
    split = [(date(2024, 7, 8), date(2024, 7, 12)), (date(2024, 8, 7), date(2024, 8, 8))]
    eight_days = [(date(2024, 7, 8), date(2024, 7, 15))]
    short = docs.build("ilacs_short", periods=split)
    standard = docs.build("ilacs_standard", periods=eight_days)

    assert short.expected["kind"] == "ilacs_short"
    assert (short.expected["inspection_start"], short.expected["inspection_end"]) == ("2024-07-08", "2024-08-08")
    assert "Inspection dates: 8 to 12 July 2024 and 7 to 8 August 2024" in pdf_text(short.to_pdf())
    assert standard.expected["kind"] == "ilacs_standard"


def test_ilacs_with_two_lead_inspectors_and_a_cover_page() -> None:
    document = docs.build("ilacs_standard", lead_inspectors=("Ada Quarry", "Ben Rook"), cover_page=True)
    pages = pdf_pages(document.to_pdf())

    assert "Inspection dates" not in pages[0]
    assert "Lead inspectors: Ada Quarry, His Majesty’s Inspector, and Ben Rook, His Majesty’s Inspector" in flat(
        pages[1]
    )
    assert document.expected["lead_inspector"] == "Ada Quarry; Ben Rook"


@pytest.mark.parametrize(
    ("style", "line"),
    [
        ("hmi", "Lead inspector: Rowan Ashdown HMI"),
        ("no_comma", "Lead inspector: Rowan Ashdown His Majesty’s Inspector"),
        ("two_lines", "Lead inspector: Rowan Ashdown\nHis Majesty’s Inspector"),
        ("on_site", "Lead inspector on site: Rowan Ashdown, His Majesty’s Inspector"),
    ],
)
def test_ilacs_inspector_styles(style: str, line: str) -> None:
    document = docs.build("ilacs_short", inspector_style=style)
    assert line in pdf_text(document.to_pdf())
    assert document.expected["lead_inspector"] == "Rowan Ashdown"


def test_sif_page_one_and_the_lead_named_only_in_the_team() -> None:
    document = docs.build("sif", deputy_first=True, lead_hmi_suffix=True, grid_style="first_line", label_width=200)
    pages = pdf_pages(document.to_pdf())

    assert pages[0].split("\n")[-13:] == [
        "1. Children who need help and",
        "protection",
        "Requires improvement",
        "2. Children looked after and achieving",
        "permanence",
        "Requires improvement",
        "2.1 Adoption performance Good",
        "2.2 Experiences and progress of care",
        "leavers",
        "Inadequate",
        "3. Leadership, management and",
        "governance",
        "Requires improvement",
    ]
    assert "Morgan Ellery" not in "\n".join(pages[:-1])
    team = pages[-1]
    assert team.index("Deputy lead inspector: Sasha Penrose") < team.index("Lead inspector: Morgan Ellery HMI")
    assert "The lead inspector met" in flat(team)
    assert document.expected["lead_inspector"] == "Morgan Ellery"
    assert document.expected["published"] == "2015-01-22"


@pytest.mark.parametrize(
    ("overall", "style", "sentence"),
    [
        (
            "requires_improvement",
            "judgement_that",
            "The overall judgement is that children’s services require improvement",
        ),
        ("good", "judgement_is", "The overall judgement is good"),
        ("inadequate", "services_in", "Children’s services in Northmoor are inadequate"),
        ("requires_improvement", "services_in", "Children’s services in Northmoor require improvement to be good"),
        ("requires_improvement", "singular", "The overall judgement is that children’s service requires improvement"),
    ],
)
def test_sif_overall_wordings(overall: str, style: str, sentence: str) -> None:
    document = docs.build("sif", overall=overall, overall_style=style)
    assert sentence in pdf_text(document.to_pdf())
    assert document.expected["overall"] == overall


def test_sif_not_judged_areas_capitals_renumbering_and_no_lscb_on_reinspection() -> None:
    grades = {**docs._SIF_GRADES, "adoption": None, "care_leavers": None}
    document = docs.build("sif", grades=grades, capitalised=True, renumber_last=True, reinspection=True)
    text = pdf_text(document.to_pdf())

    assert "2.1 Adoption performance Not Judged" in text
    assert "1. Children who need help and protection Requires Improvement" in text
    assert "1. Leadership, management and governance Requires Improvement" in text
    assert text.startswith("Northmoor Metropolitan Borough Council\nRe-inspection of services")
    assert "Local Safeguarding Children Board" not in text
    assert set(document.expected["judgements"]) == {
        "help_and_protection",
        "looked_after_permanence",
        "leadership_management_governance",
    }


@pytest.mark.parametrize(
    ("style", "sentence", "page"),
    [  # one case per docs.LSCB_STYLES
        ("summary", "The effectiveness of the LSCB is good", 0),
        ("section", "The Local Safeguarding Children Board is good", 3),
        ("appended", "The Local Safeguarding Children Board is good", 4),
    ],
)
def test_sif_lscb_placements(style: str, sentence: str, page: int) -> None:
    document = docs.build("sif", lscb="good", lscb_style=style)
    pages = pdf_pages(document.to_pdf())

    assert sentence in pages[page]
    assert sum(sentence in text for text in pages) == 1
    assert document.expected["judgements"]["lscb"] == "good"


def test_pre_sif_cover_and_record_of_main_findings() -> None:
    document = docs.build("pre_sif", overall="inadequate", capacity_to_improve="good")
    pages = pdf_pages(document.to_pdf())

    assert pages[0].split("\n")[:5] == [
        "Inspection of looked after children",
        "services",
        "Anglia Fens County Council",
        "Inspection dates: 3 – 7 June 2013",
        "Reporting inspector Alys Penhallow HMI",
    ]
    assert pages[-1].split("\n")[1:] == [
        "Record of main findings",
        "Services for looked after children",
        "Overall effectiveness Inadequate",
        "Capacity to improve Good",
        "Outcomes for looked after children and",
        "young people",
        "Adequate",
        "Quality of provision Adequate",
        "Leadership and management Adequate",
    ]
    assert document.expected["judgements"] == {"capacity_to_improve": "good"}
    assert document.expected["overall"] == "inadequate"


@pytest.mark.parametrize("progress", PROGRESS)
def test_monitoring_visit_progress_and_number(progress: str) -> None:
    document = docs.build("monitoring_visit", progress=progress, number=3, deterioration=False)
    text = flat(pdf_text(document.to_pdf()))

    assert docs.curly(docs.PROGRESS_SENTENCES[progress].format(focus="children in care")) in text
    assert "the third monitoring visit since the local authority was judged inadequate in June 2019" in text
    assert document.expected["visit"]["number"] == 3
    assert document.expected["visit"]["progress"] == progress
    assert document.expected["visit"]["prior_judgement_date"] == "2019-06-01"
    assert document.expected["letter_date"] == "2020-03-27"
    assert not re.search(r"deteriorat|declin|worse", text, re.IGNORECASE)


def test_visits_report_deterioration_only_when_expected() -> None:
    for kind in ("monitoring_visit", "focused_visit"):
        declined = docs.build(kind, deterioration=True)
        steady = docs.build(kind, deterioration=False)
        assert "deteriorated" in pdf_text(declined.to_pdf())
        assert not re.search(r"deteriorat|declin", pdf_text(steady.to_pdf()), re.IGNORECASE)
        assert (declined.expected["visit"]["deterioration"], steady.expected["visit"]["deterioration"]) == (True, False)


def test_focused_visit_lists_priority_actions_then_improvements() -> None:
    document = docs.build("focused_visit")
    text = flat(pdf_text(document.to_pdf()))
    actions = document.expected["visit"]["priority_actions"]

    assert len(actions) == 2
    assert text.index("Areas for priority action") < text.index(actions[0]) < text.index(actions[1])
    improvements = document.expected["improvements"]
    assert improvements[:2] == actions and document.expected["improvements_priority"] == [True, True] + [False] * (
        len(improvements) - 2
    )
    assert text.index(docs.FOCUSED_VISIT_IMPROVE_HEADING) < text.index(improvements[2])
    assert docs.build("focused_visit", priority_actions=()).expected["visit"]["priority_actions"] == []


def test_joint_inspections_and_the_press_release() -> None:
    jtai = flat(pdf_text(docs.build_pdf("jtai")))
    send_old = docs.build("area_send", periods=[(date(2019, 3, 11), date(2019, 3, 15))])
    send_new = docs.build("area_send")
    release = flat(pdf_text(docs.build_pdf("press_release")))

    assert "Joint targeted area inspection of the multi-agency response to" in jtai
    assert "Joint local area SEND inspection in Mercia Vale" in pdf_text(send_old.to_pdf())
    # A 2016-framework letter names no lead: the HMI who signs it led the inspection.
    assert send_old.expected["lead_inspector"] == "Ffion Aldous"
    assert send_old.expected["area_send"]["outcome"] == "no_wsoa"
    assert "Area SEND inspection of Mercia Vale Local Area Partnership" in pdf_text(send_new.to_pdf())
    assert send_new.expected["lead_inspector"] == "Ffion Aldous"
    assert "Cllr Jenna Hartwell" in release and "Ofsted" in release
    assert not re.search(r"Lead inspector|Overall effectiveness", release)


# --- the demo timeline --------------------------------------------------------------------------------------------

TODAY = date(2026, 11, 23)


def _full_inspections(publications: list[SamplePublication], name: str) -> list[tuple[str, str | None, str]]:
    """(framework, overall, leaders) of each of the council's full inspections, oldest first."""
    return [
        (
            p.document.expected["framework"],
            p.document.expected["overall"],
            p.document.expected["judgements"].get("leaders"),
        )
        for p in publications
        if p.council.name == name and p.document.expected["kind"] in ("ilacs_standard", "ilacs_short", "sif")
    ]


def test_timeline_holds_the_changes_the_demo_shows() -> None:
    publications = demo_publications(TODAY)

    # The recent reports are inspected under the April 2026 framework: four judgements, no overall.
    assert _full_inspections(publications, "Wessex")[-2:] == [
        ("ilacs_2018", "good", "good"),
        ("ilacs_2026", None, "inadequate"),
    ]
    assert _full_inspections(publications, "Mercia Vale")[-2:] == [
        ("ilacs_2018", "requires_improvement", "requires_improvement"),
        ("ilacs_2026", None, "good"),
    ]
    mercia = [p.document.expected for p in publications if p.council.name == "Mercia Vale"][-1]
    assert mercia["improvements_national_framework"] == ["outcome_4", "enabler_2", "outcome_3", "outcome_1"]
    visits = [p.document.expected for p in publications if p.document.kind in ("monitoring_visit", "focused_visit")]
    assert any(v["visit"]["progress"] == "insufficient" for v in visits)
    assert any(v["visit"]["priority_actions"] for v in visits)
    send = [p.document.expected["area_send"]["outcome"] for p in publications if p.council.name == "Anglia Fens"
            and p.document.kind == "area_send"]  # fmt: skip
    assert send == ["wsoa_required", "insufficient_progress", "systemic_failings"]
    assert [p.document.expected["jtai"]["theme"] for p in publications if p.document.kind == "jtai"] == [
        "children living with domestic abuse",
        "children and families who need help",
    ]
    assert [p.published for p in publications] == sorted(p.published for p in publications)
    assert 0 < (TODAY - publications[-1].published).days <= 7
    recent = [p for p in publications if (TODAY - p.published).days <= 42]
    assert len({(TODAY - p.published).days // 7 for p in recent}) >= 5


def test_timeline_file_ids_are_unique_and_stable() -> None:
    first = demo_publications(TODAY)
    later = demo_publications(date(2027, 3, 1))
    extras = [additional_publication(TODAY, sequence) for sequence in (1, 2, 3)]

    ids = [p.file_id for p in first]
    assert len(set(ids)) == len(ids)
    assert ids == [p.file_id for p in later]
    assert [(p.council.name, p.label) for p in first] == [(p.council.name, p.label) for p in later]
    assert not {p.file_id for p in extras} & set(ids)
    assert len({p.file_id for p in extras}) == 3 and len({p.provider_urn for p in extras}) == 3
    assert all(p.published == TODAY for p in extras)


def test_timeline_documents_open_and_name_their_council() -> None:
    for publication in demo_publications(TODAY):
        content = publication.content
        if publication.document.html is not None:
            assert content.startswith(b"<!DOCTYPE html>")
            continue
        text = flat(pdf_text(content))
        assert publication.council.name in text or publication.council.title in text
        assert publication.document.expected["local_authority"]["la_code"] == publication.council.la_code
        assert publication.provider_urn == publication.council.urn


def test_timeline_refuses_a_today_before_its_history() -> None:
    with pytest.raises(ValueError, match="today"):
        demo_publications(date(2020, 1, 1))


# --- our own words --------------------------------------------------------------------------------------------------


@pytest.mark.corpus
def test_no_seed_sentence_is_copied(shared_dir: Path) -> None:
    seeds = flat(" ".join(path.read_text(encoding="utf-8") for path in (shared_dir / "seeds").glob("*.txt")))
    seeds = seeds.replace("’", "'")
    ours = [
        *docs._PRACTICE_SENTENCES,
        *docs.IMPROVEMENT_ITEMS,
        *docs.PRIORITY_ACTION_ITEMS,
        *(
            text
            for document in [
                *(docs.build(k) for k in docs.BUILDERS if k != "unknown"),
                *map(docs.variant, docs.VARIANTS),
            ]
            for page in document.pages
            for text in page
            if isinstance(text, str)
        ),
    ]
    # Titles and judgement wordings are the phrasing patterns the extractor must meet; prose must be ours.
    patterns = {
        docs.SIF_TITLE,
        docs.LSCB_TITLE,
        docs.FOCUSED_VISIT_IMPROVE_HEADING,
        docs.WSOA_SENTENCE,
        *(sentence for sentences in docs.SEND_OUTCOME_SENTENCES.values() for sentence in sentences),
    }
    long_sentences = {
        sentence.strip().replace("’", "'")
        for text in ours
        if text not in patterns
        for sentence in re.split(r"(?<=[.!?])\s+", text)
        if len(sentence.split()) >= 10
    }
    assert len(long_sentences) > 30
    assert not [sentence for sentence in long_sentences if sentence in seeds]
