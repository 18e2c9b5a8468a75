"""What needs to improve: one item per recommendation, in every layout of every era, read from real PDFs."""

from __future__ import annotations

import re
from typing import Any

import pytest

from samples import documents as docs
from samples.pdf import DRAWN_BULLET
from tasks.extract import extract_document
from tasks.parsing.lists import ListItem, report_improvements, section_items

PRIORITY = docs.PRIORITY_ACTION_ITEMS
_GLYPH_OR_FURNITURE = re.compile(r"[◼•−\uf000-\uf0ff\u25aa]|Inspection of|\b20\d\d \d\b|^\d+\.? ")


def _read(kind: str, **params: Any) -> tuple[list[str], list[bool], docs.SampleDocument]:
    document = docs.build(kind, **params)
    record = extract_document(document.to_pdf(), f"{kind}.pdf")
    for item in record.improvements:
        assert not _GLYPH_OR_FURNITURE.search(item), item
    return record.improvements, record.improvements_priority, document


def _assert_read_as_expected(kind: str, **params: Any) -> list[str]:
    items, priorities, document = _read(kind, **params)
    assert items == document.expected["improvements"]
    assert priorities == document.expected["improvements_priority"]
    return items


# --- ILACS ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bullet", docs.ILACS_BULLETS)
def test_ilacs_bullets_whatever_the_glyph_one_item_each(bullet: str) -> None:
    items = _assert_read_as_expected("ilacs_standard", bullet=bullet)
    assert items == list(docs.IMPROVEMENT_ITEMS[:4])


def test_ilacs_2018_wingdings_square_is_the_default_before_2020() -> None:
    document = docs.build("ilacs_standard", periods=[(docs.date(2019, 1, 7), docs.date(2019, 1, 18))])
    assert "\uf06e The consistency of management oversight" in "\n".join(map(str, document.pages[1]))
    _assert_read_as_expected("ilacs_standard", periods=[(docs.date(2019, 1, 7), docs.date(2019, 1, 18))])


def test_ilacs_sub_points_stay_in_their_item() -> None:
    items = _assert_read_as_expected("ilacs_short", sub_points={1: docs.SUB_POINTS})
    assert len(items) == 4
    assert items[1] == f"{docs.IMPROVEMENT_ITEMS[1]} {' '.join(docs.SUB_POINTS)}"


@pytest.mark.parametrize("bullet", ["◼", DRAWN_BULLET])
def test_ilacs_item_across_a_page_break_leaves_the_running_header_out(bullet: str) -> None:
    items, _, document = _read("ilacs_standard", bullet=bullet, list_across_pages=True)
    header = docs.curly(f"Inspection of {docs.council('Wessex').name} local authority children's services")
    # The break really falls inside the second item, under the next page's running header and dates line.
    assert any(str(line).startswith(header) for line in document.pages[2])
    assert items == list(docs.IMPROVEMENT_ITEMS[:4])


def test_ilacs_prose_section_gives_no_item() -> None:
    prose = (
        "Leaders have a precise understanding of the few areas that could be stronger. They are already acting on "
        "each of them, and staff know what is expected."
    )
    single = "Leaders know the few areas that remain to improve and have plans for each of them."
    for paragraph in (prose, single):
        items, _, document = _read("ilacs_standard", improvements_prose=paragraph, overall="outstanding")
        assert items == document.expected["improvements"] == []


# --- SIF ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", ["numbered", "recommendations"])
def test_sif_numbered_recommendations_from_one(layout: str) -> None:
    items = _assert_read_as_expected("sif", improvements_layout=layout, improvements=docs.IMPROVEMENT_ITEMS[:7])
    assert items == list(docs.IMPROVEMENT_ITEMS[:7])


def test_sif_priority_items_first_then_areas_across_sub_headings_numbered_from_eleven() -> None:
    items, priorities, document = _read(
        "sif", improvements_layout="priority", priority_items=PRIORITY, first_number=11, sub_headings=True
    )
    lines = [str(line) for page in document.pages for line in page]
    assert "11. " + PRIORITY[0] in lines and docs.SIF_SUB_HEADINGS[1] in lines
    assert items == [*PRIORITY, *docs.IMPROVEMENT_ITEMS[4:7]]
    assert priorities == [True, True, True, False, False, False]


def test_sif_without_priority_actions_says_so_and_lists_none() -> None:
    items, priorities, _ = _read("sif", improvements_layout="priority", first_number=6)
    assert items == list(docs.IMPROVEMENT_ITEMS[4:7]) and priorities == [False] * 3


def test_sif_2014_bullets_instead_of_numbers() -> None:
    items, priorities, _ = _read("sif", improvements_layout="bullets", priority_items=PRIORITY[:1])
    assert items == [PRIORITY[0], *docs.IMPROVEMENT_ITEMS[4:7]]
    assert priorities == [True, False, False, False]


def test_sif_bullets_inside_an_item_are_kept_in_it() -> None:
    items = _assert_read_as_expected("sif", improvements_layout="recommendations", sub_points={0: docs.SUB_POINTS})
    assert len(items) == 3 and items[0].endswith(" ".join(docs.SUB_POINTS))


def test_sif_strengths_summary_and_the_lscb_recommendations_are_not_the_local_authoritys() -> None:
    items, _, document = _read("sif", improvements_layout="priority", first_number=9, strengths=True)
    text = "\n".join(str(line) for page in document.pages for line in page)
    assert "The local authority has the following strengths:" in text and docs.LSCB_RECOMMENDATIONS[0] in text
    assert items == list(docs.IMPROVEMENT_ITEMS[4:7])


def test_sif_item_across_a_page_break_leaves_the_page_number_out() -> None:
    items = _assert_read_as_expected(
        "sif", improvements_layout="priority", priority_items=PRIORITY[:2], first_number=11, list_across_pages=True
    )
    assert items[2] == docs.IMPROVEMENT_ITEMS[4]


@pytest.mark.parametrize("page_numbers", [True, False])
@pytest.mark.parametrize("layout", ["numbered", "recommendations"])
def test_sif_contents_line_is_not_the_list(layout: str, page_numbers: bool) -> None:
    """A contents line naming the list's heading, with its page number or none beside it, is not the list."""
    read = _assert_read_as_expected(
        "sif", improvements_layout=layout, contents=True, contents_page_numbers=page_numbers
    )
    assert read == list(docs.IMPROVEMENT_ITEMS[4:7])


def test_a_heading_is_a_contents_entry_only_between_contents_entries() -> None:
    from tasks.parsing.lists import _heading_index

    lines = ["Contents", "Recommendations", "Summary for children and young people 9", "", "Recommendations",
             "1. Improve the timeliness of assessments."]  # fmt: skip
    assert _heading_index(lines, "recommendations") == 4
    assert _heading_index(["Summary of findings", "Recommendations", "1. Act."], "recommendations") == 1


def test_sif_layout_must_be_known() -> None:
    with pytest.raises(ValueError, match="unknown SIF improvements layout"):
        docs.build("sif", improvements_layout="table")
    with pytest.raises(ValueError, match="no priority items"):
        docs.build("sif", improvements_layout="recommendations", priority_items=PRIORITY)


# --- visits ---------------------------------------------------------------------------------------------------


def test_focused_visit_priority_actions_come_first_as_priorities() -> None:
    items, priorities, document = _read("focused_visit")
    assert items == [*PRIORITY[:2], *docs.IMPROVEMENT_ITEMS[2:6]]
    assert priorities == [True, True, False, False, False, False]
    assert document.expected["visit"]["priority_actions"] == list(PRIORITY[:2])


def test_other_letters_list_their_items_without_priority() -> None:
    for kind in ("jtai", "area_send", "monitoring_visit"):
        _assert_read_as_expected(kind)


# --- the reading itself, on text ------------------------------------------------------------------------------


def test_numbers_run_on_and_only_the_next_number_starts_an_item() -> None:
    text = (
        "What does the local authority need to improve?\nPriority and immediate action\n"
        "The inspection did not find any areas for priority and immediate action.\nAreas for improvement\n"
        "14. Ensure that plans name 18 months as the longest wait\nfor a decision.\n"
        "7\n15.Improve the recording of visits (see paragraph 12).\n"
        "16. Review the rota:\n\uf0a7 weekdays\n\uf0a7 weekends.\n"
        "The local authority has the following strengths:\n17. Leaders know their services.\n"
    )
    assert report_improvements(text) == [
        ListItem("Ensure that plans name 18 months as the longest wait for a decision."),
        ListItem("Improve the recording of visits (see paragraph 12)."),
        ListItem("Review the rota: weekdays weekends."),
    ]


def test_a_number_out_of_sequence_ends_the_list() -> None:
    text = "Recommendations\n6. Improve supervision.\n7. Improve the recording of\nvisits.\n1. Children are seen.\n"
    assert [item.text for item in report_improvements(text)] == [
        "Improve supervision.",
        "Improve the recording of visits.",
    ]


def test_a_numbered_statement_that_nothing_is_a_priority_is_no_priority() -> None:
    text = (
        "What does the local authority need to improve?\nPriority and immediate action\n"
        "6. There are no areas for priority action.\nAreas for improvement\n7. Improve supervision.\n"
        "Summary for children and young people\n"
    )
    assert report_improvements(text) == [
        ListItem("There are no areas for priority action."),
        ListItem("Improve supervision."),
    ]


def test_running_titles_and_dates_lines_are_not_text_of_an_item() -> None:
    text = (
        "What needs to improve?\n◼ The quality of plans for\n"
        "Inspection of Wessex local authority children's services\n6 to 17 March 2023 3\n"
        "children in care.\n◼ Supervision.\nThe experiences and progress of children who need help and\n"
    )
    items = [item.text for item in report_improvements(text)]
    assert items == ["The quality of plans for children in care.", "Supervision."]


def test_glyphless_list_is_split_at_line_ending_sentences_but_prose_is_not_a_list() -> None:
    # An ILACS list ends at the numbered paragraphs of the next section, whatever comes between.
    listed = "What needs to improve?\nThe quality of plans for children\nin care.\nSupervision of staff.\n1. Early help"
    prose = "What needs to improve?\nPlans are good. Leaders know\nwhat to do.\nStaff agree.\n1. Early help"
    lowercase = "What needs to improve?\nthe quality of plans\nsupervision of staff.\n1. Early help"
    assert [item.text for item in report_improvements(listed)] == [
        "The quality of plans for children in care.",
        "Supervision of staff.",
    ]
    assert report_improvements(prose) == [] and report_improvements(lowercase) == []


def test_markdown_lists_and_a_following_heading() -> None:
    text = "#### What needs to improve\n\n- The first item.\n\n- The second item.\n\n#### Findings\n\n- A finding."
    assert section_items(text, "what needs to improve") == ["The first item.", "The second item."]
