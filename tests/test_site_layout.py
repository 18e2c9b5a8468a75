"""The hex map's layout: one hexagon for every current LA of the reference, none for anything else."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from common.authorities import REFERENCE_CSV, read_reference
from reports.site.hexmap import HEX_SCALE, HEX_SIZE, LAYOUT_FILE, Cell, hex_map, layout, read_layout
from reports.site.model import AuthorityProfile
from samples.councils import SAMPLE_REFERENCE_CSV


@pytest.mark.parametrize(
    ("reference", "layout_file"),
    [(REFERENCE_CSV, LAYOUT_FILE), (SAMPLE_REFERENCE_CSV, SAMPLE_REFERENCE_CSV.with_suffix(".hexjson"))],
    ids=["england", "samples"],
)
def test_every_current_la_has_exactly_one_hexagon_and_no_other_has_one(reference: Path, layout_file: Path) -> None:
    cells = read_layout(layout_file)
    authorities = read_reference(reference)
    current = Counter(la.ons_code for la in authorities if not la.valid_to)
    assert all(count == 1 for count in current.values())  # an ONS code names one current LA
    assert set(cells) == set(current)
    former = {la.ons_code for la in authorities if la.valid_to and la.ons_code}
    assert not former & set(cells)


def test_no_two_hexagons_share_a_cell_even_with_the_samples_beside_england() -> None:
    england = read_layout(LAYOUT_FILE)
    samples = read_layout(SAMPLE_REFERENCE_CSV.with_suffix(".hexjson"))
    cells = [*england.values(), *samples.values()]
    assert len(set(cells)) == len(cells)
    assert len(england) == 153


def _neighbours(cell: Cell) -> set[Cell]:
    """The six cells around one in the odd-r layout (odd rows are shifted half a hexagon east)."""
    q, r = cell.q, cell.r
    shift = 1 if r % 2 else 0
    return {
        Cell(q - 1, r), Cell(q + 1, r),
        Cell(q - 1 + shift, r - 1), Cell(q + shift, r - 1),
        Cell(q - 1 + shift, r + 1), Cell(q + shift, r + 1),
    }  # fmt: skip


def test_the_councils_placed_here_sit_next_to_each_other() -> None:
    cells = read_layout(LAYOUT_FILE)
    for first, second in (
        ("E06000061", "E06000062"),  # North and West Northamptonshire
        ("E06000063", "E06000064"),  # Cumberland, Westmorland and Furness
        ("E06000062", "E10000031"),  # West Northamptonshire, Warwickshire (moved west for it)
    ):
        assert cells[second] in _neighbours(cells[first]), (first, second)


def test_the_extra_reference_brings_its_own_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OFSTED_WATCH_LA_REFERENCE", raising=False)
    assert "E99000990" not in layout()
    monkeypatch.setenv("OFSTED_WATCH_LA_REFERENCE", str(SAMPLE_REFERENCE_CSV))
    assert "E99000990" in layout() and "E06000061" in layout()


def test_hexagons_are_large_enough_to_select_and_north_is_up() -> None:
    def profile(name: str, ons_code: str) -> AuthorityProfile:
        return AuthorityProfile(la_code=name, name=name, slug=name, region="", ons_code=ons_code)

    northumberland, cornwall = profile("n", "E06000057"), profile("c", "E06000052")
    placed = hex_map((northumberland, cornwall, profile("x", "E99999999")), read_layout(LAYOUT_FILE))
    by_name = {hexagon.authority.name: hexagon for hexagon in placed.hexagons}
    assert by_name["n"].y < by_name["c"].y and by_name["c"].x < by_name["n"].x
    assert [la.name for la in placed.unplaced] == ["x"]
    assert 3**0.5 * HEX_SIZE * HEX_SCALE >= 23  # units; the browser test measures the pixels
