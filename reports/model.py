"""What a digest says, as plain data: one function fills it from the warehouse, the templates only display it.

Keeping rendering apart from SQL lets the templates be tested from hand-built data, and lets a subscriber's
filter (a region, a list of LAs) be applied once, here, rather than in every query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from common.record import GRADE_RANK, SEND_OUTCOME_RANK
from common.subscribers import Audience


@dataclass(frozen=True)
class Period:
    """The publication dates a digest covers, both inclusive."""

    start: date
    end: date

    @property
    def is_iso_week(self) -> bool:
        return self.start.isoweekday() == 1 and self.end == self.start + timedelta(days=6)

    @property
    def key(self) -> str:
        """The name a send is recorded under: '2026-W47', or '2026-11-01..2026-11-20' for other ranges."""
        if self.is_iso_week:
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


@dataclass(frozen=True)
class Authority:
    la_code: str
    name: str
    region: str = ""
    # How its statistical neighbours stood overall: (grade, how many), best first; None for "not yet inspected".
    neighbours: tuple[tuple[str | None, int], ...] = ()
    # Its page on the website, when the site's base URL is set (reports.pages), for alerts and the digest.
    page: str | None = None


@dataclass(frozen=True)
class Document:
    """A published file: `url` is the PDF on Ofsted's site (None for a file that came from a local folder);
    `document_id` is the warehouse's id of it: the site's feed builds stable entry ids from it and the alerts'
    once-only record keys on it. Not part of what is shown, so not compared."""

    label: str
    url: str | None = None
    published: date | None = None
    document_id: str | None = field(default=None, compare=False)


_RANK = {**GRADE_RANK, **SEND_OUTCOME_RANK}
# A previous judgement more than this many years older than the new one is called out ("last judged in 2016").
LONG_GAP_YEARS = 5


@dataclass(frozen=True)
class AreaChange:
    """One judged area against the same LA's previous judgement of it; no previous grade means a first one.

    `combined` / `previous_combined`: that grade covered children in care and care leavers together (ILACS
    until 2023), so it counts as the judgement of both areas.
    """

    area: str
    grade: str
    previous_grade: str | None = None
    previous_date: date | None = None
    judged_on: date | None = None
    combined: bool = False
    previous_combined: bool = False

    @property
    def direction(self) -> str:
        """'better', 'worse', 'same', or 'first' (ranked as the warehouse ranks them: GRADE_RANK, and
        SEND_OUTCOME_RANK for the area SEND outcomes that stand in the grade's place under area `area_send`)."""
        if self.previous_grade is None:
            return "first"
        now, before = _RANK[self.grade], _RANK[self.previous_grade]
        return "better" if now < before else "worse" if now > before else "same"

    @property
    def is_down(self) -> bool:
        """Worse than before, or a first judgement that is inadequate."""
        return self.direction == "worse" or (self.direction == "first" and self.grade == "inadequate")

    @property
    def is_up(self) -> bool:
        return self.direction == "better"

    @property
    def long_gap(self) -> bool:
        """The previous judgement is more than LONG_GAP_YEARS older than this one."""
        if self.previous_date is None or self.judged_on is None:
            return False
        return self.previous_date < years_before(self.judged_on, LONG_GAP_YEARS)


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class Entry:
    """One publication of the period, as the digest shows it: in exactly one section (reports.digest.section_of).

    Everything a section shows of a publication is here, filled by reports.digest and shown by the templates'
    `entry` macros; an addition to every entry is a field here, a line in `_entry` there, and one in each macro.
    Context about its LA as of the period's last day (its statistical neighbours) comes on `authority`, from
    reports.context.
    """

    authority: Authority | None  # None: a document naming no LA we know
    kind: str
    event_date: date | None
    document: Document
    overall: AreaChange | None = None  # overall effectiveness against the previous one, moved or not
    areas: tuple[AreaChange, ...] = ()  # the other areas that moved, either way, and first inadequate ones
    verdict: str | None = None  # a visit's, as a VERDICT_WORDS code
    number: int | None = None  # a monitoring visit's
    priority_actions: tuple[str, ...] = ()
    # A visit's or an area SEND letter's concerns, as the deteriorations view names them: insufficient_progress,
    # deterioration_reported, priority_actions; systemic_failings, wsoa_required, weakness_insufficient_progress.
    concerns: tuple[str, ...] = ()
    quote: str | None = None
    # The page of the report the quote is on: set when the quote is what the report found about an area that went
    # down (`area_findings`), not an improvement.
    quote_page: int | None = None
    note: str | None = None  # why a publication has no outcome (a press release, a kind not read)
    # Area SEND: its outcome (a code of common.record.SEND_OUTCOMES), and the areas of significant weakness
    # a revisit found insufficient progress in; JTAIs: their theme.
    send_outcome: str | None = None
    weaknesses: tuple[str, ...] = ()
    theme: str | None = None
    # Every reason the `deteriorations` view gives the publication, whatever its section (a same-day alert's
    # "deterioration" trigger).
    deterioration_reasons: tuple[str, ...] = ()
    # A focused visit's focus (common.record.VISIT_FOCUSES).
    focus: str | None = None
    # False for a full inspection under a framework that makes no overall judgement (ILACS from April 2026): `areas`
    # then holds every judgement it made against the previous one, moved or not, and `overall` is None.
    grades_overall: bool = True

    @property
    def judged_inadequate(self) -> bool:
        """Judged inadequate overall; under a framework with no overall judgement, inadequate in any judgement."""
        if self.grades_overall:
            return self.overall is not None and self.overall.grade == "inadequate"
        return any(change.grade == "inadequate" for change in self.areas)

    @property
    def quote_link(self) -> str | None:
        """The report at the quote's page (`<url>#page=N`): for a finding, in a report with an address."""
        if self.quote_page is None or not self.document.url:
            return None
        return f"{self.document.url}#page={self.quote_page}"

    @property
    def moved(self) -> bool:
        """Some area, overall included, went up or down (or is a first inadequate): the entry shows a table."""
        return bool(self.areas_down or self.areas_up)

    @property
    def areas_down(self) -> tuple[str, ...]:
        return tuple(change.area for change in self.changes if change.is_down)

    @property
    def areas_up(self) -> tuple[str, ...]:
        return tuple(change.area for change in self.changes if change.is_up)

    @property
    def mixed(self) -> bool:
        """Some areas went up and others down."""
        return bool(self.areas_down and self.areas_up)

    @property
    def long_gaps(self) -> tuple[tuple[int, tuple[str, ...]], ...]:
        """The years of previous judgements over LONG_GAP_YEARS older than these, each with the areas last judged
        then; with no areas when that is every area compared (the LA's last inspection was that long ago)."""
        compared = [change for change in self.changes if change.previous_date is not None]
        by_year: dict[int, list[str]] = {}
        for change in compared:
            if change.long_gap and change.previous_date is not None:
                by_year.setdefault(change.previous_date.year, []).append(change.area)
        if len(by_year) == 1 and len(next(iter(by_year.values()))) == len(compared):
            return ((next(iter(by_year)), ()),)
        return tuple((year, tuple(areas)) for year, areas in sorted(by_year.items()))

    @property
    def changes(self) -> tuple[AreaChange, ...]:
        """The rows of the entry's table: overall effectiveness first, then the areas that moved."""
        return (self.overall, *self.areas) if self.overall else self.areas


@dataclass(frozen=True)
class DataProblem:
    """A document published in the period that failed to parse or was quarantined, and why."""

    document: Document
    status: str
    reason: str
    authority: Authority | None = None
    # Quarantined as a full inspection no known framework fits (rule unknown_framework).
    format_changed: bool = False


@dataclass(frozen=True)
class Disagreement:
    """A finding of the cross-checks (docs/checks.md) on a document published in the period: it disagrees with
    another document or with the warehouse's record. Loaded all the same; a person should look."""

    document: Document
    rule: str
    detail: str
    authority: Authority | None = None


@dataclass(frozen=True)
class ExpectedInspection:
    """An LA whose next full inspection the ILACS rules expect soon (its window opens within a few months, or
    has closed): an expectation from the rules, never a date Ofsted announced."""

    authority: Authority
    status: str  # not_due (the window opens soon) or overdue
    expected_kind: str
    window_start: date
    window_end: date
    last_kind: str
    last_date: date
    last_overall: str


@dataclass(frozen=True)
class GradeCount:
    grade: str
    now: int
    year_earlier: int


@dataclass(frozen=True)
class RegionShare:
    """A region's (or England's) share of LAs good or outstanding overall, now and a year earlier (None: no LA
    judged yet)."""

    region: str
    judged: int
    authorities: int
    percent_now: float | None
    percent_year_earlier: float | None


# The standing of an LA whose last grade of an area is history: its latest full inspection's framework makes no
# such judgement (overall effectiveness from April 2026). `national_picture`'s and `neighbour_grades_on`'s code.
NO_LONGER_GRADED = "no_longer_graded"


@dataclass(frozen=True)
class NationalPicture:
    """Every LA's overall grade at its latest full inspection on two dates, for the chart, and the share good or
    outstanding for England (`england`) and each region."""

    as_of: date
    year_earlier: date
    counts: tuple[GradeCount, ...] = ()
    england: RegionShare | None = None
    regions: tuple[RegionShare, ...] = ()
    # LAs whose latest full inspection made no overall judgement (ILACS from April 2026): counted apart, never
    # with the overall grade an earlier inspection gave them.
    no_longer_graded: GradeCount | None = None

    @property
    def largest(self) -> int:
        return max((max(c.now, c.year_earlier) for c in self.counts), default=0)


@dataclass(frozen=True)
class DigestData:
    """The digest's sections: each publication of the period is in exactly one of them."""

    period: Period
    national: NationalPicture
    scope: str = "All England"
    deteriorations: tuple[Entry, ...] = ()
    improvements: tuple[Entry, ...] = ()
    publications: tuple[Entry, ...] = ()  # other new publications
    visits: tuple[Entry, ...] = ()  # monitoring and focused visits that raised no concern
    data_problems: tuple[DataProblem, ...] = ()
    # Not publications: LAs the ILACS rules expect to be inspected soon (reports.context).
    expected_soon: tuple[ExpectedInspection, ...] = ()
    # Not publications either: findings on the period's loaded documents (counted in the entries already).
    disagreements: tuple[Disagreement, ...] = ()

    def map_entries(self, change: Callable[[tuple[Entry, ...]], tuple[Entry, ...]]) -> DigestData:
        """The digest with `change` applied to each section of publications (data problems are no entries)."""
        return replace(
            self,
            deteriorations=change(self.deteriorations),
            improvements=change(self.improvements),
            publications=change(self.publications),
            visits=change(self.visits),
        )

    @property
    def format_changes(self) -> int:
        """Documents of the period quarantined as full inspections no known framework fits."""
        return sum(problem.format_changed for problem in self.data_problems)

    @property
    def disagreeing_documents(self) -> int:
        return len({d.document.document_id for d in self.disagreements})

    @property
    def publication_count(self) -> int:
        """Every publication of the period: one per entry, so the sections' counts add up to it."""
        return sum(
            len(section)
            for section in (self.deteriorations, self.improvements, self.publications, self.visits, self.data_problems)
        )

    @property
    def is_empty(self) -> bool:
        return self.publication_count == 0

    def for_audience(self, audience: Audience) -> DigestData:
        """Only what concerns the audience's LAs; the national picture stays national.

        Documents with no known LA are kept for everyone: a document we could not read may concern anyone.
        """

        def wanted(authority: Authority | None) -> bool:
            return authority is None or audience.includes(authority.la_code, authority.region)

        return replace(
            self,
            scope=audience.describe(),
            deteriorations=tuple(e for e in self.deteriorations if wanted(e.authority)),
            improvements=tuple(e for e in self.improvements if wanted(e.authority)),
            publications=tuple(p for p in self.publications if wanted(p.authority)),
            visits=tuple(v for v in self.visits if wanted(v.authority)),
            data_problems=tuple(p for p in self.data_problems if wanted(p.authority)),
            expected_soon=tuple(e for e in self.expected_soon if wanted(e.authority)),
            disagreements=tuple(d for d in self.disagreements if wanted(d.authority)),
        )
