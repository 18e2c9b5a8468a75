"""Charts drawn when the site is built. An LA's grade history: one lane per comparable area, a marker with
the grade's code at each judgement and a band in the grade's colour for as long as it stood. The share of LAs
good or outstanding over time: a small chart for England and one per region, England's line in each.

Only geometry is computed here (in the SVG's units); the template writes the markup, so every text is escaped.
Each grade's marker is drawn once and reused (`<use>`), and a run of the same grade is one band, so a long
history stays a small page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reports.site.model import HistoryPoint, QuarterShare

WIDTH = 720.0
MARGIN = 14.0
LABEL_HEIGHT = 18.0
TRACK_HEIGHT = 26.0
LANE_GAP = 8.0
AXIS_HEIGHT = 22.0
MARKER_RADIUS = 12.0
BAND_HEIGHT = 10.0
# At most this many year labels on the axis; longer histories label every second or fifth year.
MAX_TICKS = 12


@dataclass(frozen=True)
class Marker:
    x: float
    grade: str
    event_date: date
    kind: str


@dataclass(frozen=True)
class Band:
    x: float
    width: float
    grade: str


@dataclass(frozen=True)
class Lane:
    area: str
    label_y: float  # baseline of the area's name
    track_y: float  # centre line of the markers
    markers: tuple[Marker, ...]
    bands: tuple[Band, ...]


@dataclass(frozen=True)
class Tick:
    x: float
    year: int


@dataclass(frozen=True)
class GradeChart:
    width: float
    height: float
    lanes: tuple[Lane, ...]
    ticks: tuple[Tick, ...]
    axis_y: float
    grades: tuple[str, ...]  # each drawn once as a marker the chart's markers reuse
    marker_radius: float = MARKER_RADIUS
    band_height: float = BAND_HEIGHT
    label_x: float = MARGIN


def grade_chart(history: tuple[HistoryPoint, ...], areas: tuple[str, ...], until: date) -> GradeChart | None:
    """The chart of the given areas from the first judgement's year to the end of `until`'s year."""
    if not history:
        return None
    first_year = min(point.event_date for point in history).year
    last_year = max(until, *(point.event_date for point in history)).year
    start, end = date(first_year, 1, 1), date(last_year + 1, 1, 1)
    span = (end - start).days

    def x_of(day: date) -> float:
        return round(MARGIN + (WIDTH - 2 * MARGIN) * (day - start).days / span, 1)

    lanes = []
    top = 0.0
    for area in areas:
        points = sorted((p for p in history if p.area == area), key=lambda point: point.event_date)
        markers = tuple(Marker(x_of(p.event_date), p.grade, p.event_date, p.kind) for p in points)
        lanes.append(
            Lane(
                area,
                top + LABEL_HEIGHT - 5,
                top + LABEL_HEIGHT + TRACK_HEIGHT / 2,
                markers,
                _bands(markers, x_of(until)),
            )
        )
        top += LABEL_HEIGHT + TRACK_HEIGHT + LANE_GAP
    step = next(step for step in (1, 2, 5, 10, 20, 50) if (last_year - first_year + 1) / step <= MAX_TICKS)
    ticks = tuple(
        Tick(x_of(date(year, 1, 1)), year)
        for year in range(first_year, last_year + 1)
        if (year - first_year) % step == 0
    )
    grades = tuple(dict.fromkeys(marker.grade for lane in lanes for marker in lane.markers))
    return GradeChart(WIDTH, top + AXIS_HEIGHT, tuple(lanes), ticks, top, grades)


def _bands(markers: tuple[Marker, ...], end: float) -> tuple[Band, ...]:
    """One band per run of the same grade, from its first judgement to the next different one (or the end)."""
    bands: list[Band] = []
    for index, marker in enumerate(markers):
        if index and markers[index - 1].grade == marker.grade:
            continue
        following = next((later.x for later in markers[index + 1 :] if later.grade != marker.grade), end)
        bands.append(Band(marker.x, round(max(following - marker.x, 0.0), 1), marker.grade))
    return tuple(bands)


# --- the share of LAs good or outstanding over time: one small chart per region, England in each for reference ---

PANEL_WIDTH = 260.0
PANEL_HEIGHT = 132.0
PLOT_LEFT = 34.0  # room for the percentages on the left
PLOT_RIGHT = 44.0  # room for the latest value on the right
PLOT_TOP = 10.0
PLOT_BOTTOM = 22.0  # room for the years
# A share resting on fewer judged LAs than this is not drawn (the table beside the charts gives every quarter).
MIN_JUDGED = 3


@dataclass(frozen=True)
class SharePanel:
    region: str
    line: str  # the region's share, as an SVG polyline's points
    england: str  # England's, drawn under the region's for comparison ('' in England's own panel)
    first: QuarterShare  # the first and last quarters drawn
    last: QuarterShare
    last_y: float  # where the last value is written


@dataclass(frozen=True)
class ShareCharts:
    width: float
    height: float
    plot_left: float
    plot_right: float  # x of the plot's right edge
    plot_bottom: float  # y of 0 %
    gridlines: tuple[tuple[int, float], ...]  # (percent, y)
    years: tuple[tuple[int, float], ...]  # (year, x) of the first and last years
    panels: tuple[SharePanel, ...]  # England first; only those with enough LAs judged to draw
    regions: tuple[str, ...]  # every one, England first, for the table
    quarters: tuple[date, ...]  # every quarter end, oldest first, for the table
    by_region: dict[str, dict[date, QuarterShare]]

    @property
    def undrawn(self) -> tuple[str, ...]:
        """Regions with too few LAs judged in every quarter to draw."""
        drawn = {panel.region for panel in self.panels}
        return tuple(region for region in self.regions if region not in drawn)


def share_charts(shares: tuple[QuarterShare, ...], england: str) -> ShareCharts | None:
    """The small charts of England's and each region's share good or outstanding, on one scale."""
    quarters = tuple(sorted({share.as_at for share in shares}))
    if not quarters:
        return None
    by_region: dict[str, dict[date, QuarterShare]] = {}
    for share in shares:
        by_region.setdefault(share.region, {})[share.as_at] = share
    right, bottom = PANEL_WIDTH - PLOT_RIGHT, PANEL_HEIGHT - PLOT_BOTTOM
    span = max((quarters[-1] - quarters[0]).days, 1)

    def point(share: QuarterShare) -> tuple[float, float]:
        x = PLOT_LEFT + (right - PLOT_LEFT) * (share.as_at - quarters[0]).days / span
        return round(x, 1), round(bottom - (bottom - PLOT_TOP) * (share.percent or 0.0) / 100, 1)

    def drawn(region: str) -> list[QuarterShare]:
        return [
            share
            for share in by_region.get(region, {}).values()
            if share.percent is not None and share.judged >= MIN_JUDGED
        ]

    def polyline(points: list[QuarterShare]) -> str:
        return " ".join(f"{x},{y}" for x, y in map(point, points))

    england_line = polyline(drawn(england))
    regions = (england, *sorted(name for name in by_region if name != england))
    panels = []
    for region in regions:
        points = drawn(region)
        if points:
            panels.append(
                SharePanel(
                    region,
                    polyline(points),
                    "" if region == england else england_line,
                    points[0],
                    points[-1],
                    point(points[-1])[1],
                )
            )
    gridlines = tuple((percent, round(bottom - (bottom - PLOT_TOP) * percent / 100, 1)) for percent in (0, 50, 100))
    years = tuple(dict.fromkeys((quarters[0].year, quarters[-1].year)))
    year_x = tuple(
        (
            year,
            round(PLOT_LEFT + (right - PLOT_LEFT) * (max(date(year, 1, 1), quarters[0]) - quarters[0]).days / span, 1),
        )
        for year in years
    )
    return ShareCharts(
        PANEL_WIDTH,
        PANEL_HEIGHT,
        PLOT_LEFT,
        right,
        bottom,
        gridlines,
        year_x,
        tuple(panels),
        regions,
        quarters,
        by_region,
    )
