"""The hex map of England's upper-tier LAs: the layout (data/england-upper-tier.hexjson, see its licence note)
and the geometry of each hexagon, computed when the site is built so the page carries plain SVG.

An extra LA reference (OFSTED_WATCH_LA_REFERENCE, the demo's fictional councils) may place its LAs with a
hexjson file of the same name beside it (`local_authorities.csv` -> `local_authorities.hexjson`).
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

from common.authorities import EXTRA_REFERENCE_ENV
from reports.site.model import AuthorityProfile

LAYOUT_FILE = Path(__file__).with_name("data") / "england-upper-tier.hexjson"
# Centre to corner, in the SVG's units: a hexagon is about 26 units wide, drawn at about 1 px per unit on a
# desktop (over the 24 px a target needs).
HEX_SIZE = 15.0
# Shapes are drawn a little smaller than their cell, so a focused hexagon's outline is not hidden by its neighbours.
HEX_SCALE = 0.9
PADDING = 4.0


@dataclass(frozen=True)
class Cell:
    """A hexagon's place on the grid: column q and row r (rows count up from the south, odd rows shifted east)."""

    q: int
    r: int


@dataclass(frozen=True)
class Hexagon:
    authority: AuthorityProfile
    x: float
    y: float
    points: str  # the polygon's corners, "x,y x,y …"


@dataclass(frozen=True)
class HexMap:
    hexagons: tuple[Hexagon, ...]
    width: float
    height: float
    unplaced: tuple[AuthorityProfile, ...]  # current LAs the layout has no hexagon for


def read_layout(path: Path) -> dict[str, Cell]:
    """ONS code -> cell, from a hexjson file of the odd-r layout."""
    layout = json.loads(path.read_text(encoding="utf-8"))
    if layout.get("layout") != "odd-r":
        raise ValueError(f"{path}: only the odd-r hexjson layout is supported, not {layout.get('layout')!r}")
    return {code: Cell(int(hexagon["q"]), int(hexagon["r"])) for code, hexagon in layout["hexes"].items()}


def layout() -> dict[str, Cell]:
    """The shipped layout, plus the extra reference's own hexjson when it has one."""
    cells = read_layout(LAYOUT_FILE)
    extra = os.environ.get(EXTRA_REFERENCE_ENV)
    if extra and Path(extra).with_suffix(".hexjson").is_file():
        cells |= read_layout(Path(extra).with_suffix(".hexjson"))
    return cells


def hex_map(authorities: tuple[AuthorityProfile, ...], cells: dict[str, Cell]) -> HexMap:
    """A hexagon for each current LA the layout places, by ONS code; north at the top."""
    placed = [(authority, cells[authority.ons_code]) for authority in authorities if authority.ons_code in cells]
    unplaced = tuple(authority for authority in authorities if authority.ons_code not in cells)
    if not placed:
        return HexMap((), 0.0, 0.0, unplaced)
    width_step, height_step = math.sqrt(3) * HEX_SIZE, 1.5 * HEX_SIZE
    min_q = min(cell.q for _, cell in placed)
    max_q = max(cell.q for _, cell in placed)
    max_r = max(cell.r for _, cell in placed)
    min_r = min(cell.r for _, cell in placed)
    hexagons = []
    for authority, cell in placed:
        x = PADDING + width_step * (cell.q - min_q + (0.5 if cell.r % 2 else 0.0) + 0.5)
        y = PADDING + HEX_SIZE + height_step * (max_r - cell.r)
        hexagons.append(Hexagon(authority, round(x, 1), round(y, 1), _corners(x, y)))
    width = 2 * PADDING + width_step * (max_q - min_q + 1.5)
    height = 2 * PADDING + 2 * HEX_SIZE + height_step * (max_r - min_r)
    # Reading order (north to south, west to east) is the keyboard's order through the map.
    hexagons.sort(key=lambda hexagon: (hexagon.y, hexagon.x))
    return HexMap(tuple(hexagons), round(width, 1), round(height, 1), unplaced)


def _corners(x: float, y: float) -> str:
    """A pointy-topped hexagon around (x, y)."""
    radius = HEX_SIZE * HEX_SCALE
    corners = []
    for corner in range(6):
        angle = math.radians(60 * corner - 30)
        corners.append(f"{x + radius * math.cos(angle):.1f},{y + radius * math.sin(angle):.1f}")
    return " ".join(corners)
