"""What the site says, as plain data: `reports.site.load` fills it from the warehouse, the templates display it.

The spreadsheet and the CSV files are written from the same objects, so a grade on a page and in a download
cannot disagree.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from common.national_framework import CODES as NATIONAL_FRAMEWORK_CODES
from common.record import FULL_INSPECTION_KINDS, GRADE_RANK
from reports.context import neighbour_counts
from reports.model import NO_LONGER_GRADED, DigestData, Disagreement, NationalPicture, Period

# The areas of the all-LAs table and the spreadsheet's `latest` sheet, in Ofsted's order (the comparable areas
# of the current framework); an LA page shows every area it was ever graded on.
TABLE_AREAS = ("overall", "leaders", "help_and_protection", "in_care", "care_leavers")
# Sorting: an LA with no grade goes after every grade.
NO_GRADE_RANK = 9


@dataclass(frozen=True)
class Grade:
    """An LA's latest judgement of one comparable area, with the previous one of that area."""

    area: str
    grade: str
    event_date: date
    kind: str
    judged_area: str
    document_url: str | None = None
    previous_grade: str | None = None
    previous_date: date | None = None
    direction: str | None = None  # better | worse | same; None for a first judgement
    # The grade (or the previous one) was ILACS's one judgement of children in care and care leavers (until 2023).
    combined: bool = False
    previous_combined: bool = False
    # The framework in force still grades the area (`latest_judgements.current`); a SIF adoption or LSCB grade is
    # not current: the LA's last grade of an area nobody grades any more, shown under "No longer graded".
    current: bool = True
    framework: str | None = None  # the framework the grade was given under
    # The framework of a later full inspection that did not grade the area (ILACS 2026 and overall effectiveness).
    superseded_by: str | None = None

    @property
    def rank(self) -> int:
        return GRADE_RANK.get(self.grade, NO_GRADE_RANK)


@dataclass(frozen=True)
class DocumentGrade:
    """A grade a document gives: the area as the report names it, and the other areas one grade covers (ILACS's
    "children in care and care leavers" until 2023: `in_care`, also covering `care_leavers`)."""

    judged_area: str
    grade: str
    also_covers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Improvement:
    """One thing a document asks the LA to improve; `priority`: a SIF "priority and immediate action" or a
    visit's area for priority action."""

    text: str
    priority: bool = False
    themes: tuple[str, ...] = ()  # the labels of its themes (`improvement_themes`), in the taxonomy's words
    national_framework: str | None = None  # the outcome, enabler or principle it cites (common/national_framework.py)


@dataclass(frozen=True)
class Findings:
    """The opening of the summary a document leads with: its first passages, as many as keep a page in budget."""

    passages: tuple[str, ...]
    page: int  # the page the first starts on
    total: int  # how many passages the summary holds: more than shown, and the page says so

    @property
    def more(self) -> int:
        return self.total - len(self.passages)


@dataclass(frozen=True)
class Weakness:
    """An area of significant weakness an area SEND document names; a revisit says whether progress was made."""

    text: str
    progress: str | None = None  # sufficient | insufficient


@dataclass(frozen=True)
class SendOutcome:
    """An area SEND inspection's outcome (a code of common.record.SEND_OUTCOMES) against the LA's previous."""

    outcome: str
    text: str | None = None  # as printed
    framework: str | None = None  # '2023' | '2016'
    revisit: bool = False
    event_date: date | None = None
    previous_outcome: str | None = None
    previous_date: date | None = None
    direction: str | None = None  # better | worse | same; None for the LA's first


@dataclass(frozen=True)
class Neighbour:
    """One of an LA's DfE statistical neighbours, with its overall grade at its latest full inspection."""

    la_code: str
    name: str
    rank: int  # 1: the most similar
    grade: str | None = None  # None: no full inspection (SIF or ILACS) on record; or 'no_longer_graded'
    event_date: date | None = None
    framework: str | None = None  # of its latest full inspection: a line compares like with like


@dataclass(frozen=True)
class Outlook:
    """The next full inspection the ILACS rules lead one to expect: an expectation, never an announced date."""

    status: str  # not_due | in_window | overdue | monitoring | never_inspected
    expected_kind: str | None = None
    window_start: date | None = None
    window_end: date | None = None


@dataclass(frozen=True)
class Entry:
    """One document in an LA's history: an inspection or visit, or a document that holds none, and why."""

    document_id: str
    label: str
    url: str | None
    published: date | None
    status: str  # documents.status: loaded, quarantined, not_outcome, unreadable, fetch_failed
    kind: str | None = None
    event_date: date | None = None
    inspection_start: date | None = None
    inspection_end: date | None = None
    lead_inspector: str | None = None
    grades: tuple[DocumentGrade, ...] = ()  # overall first
    visit_number: int | None = None
    progress: str | None = None
    prior_judgement: str | None = None
    prior_judgement_date: date | None = None
    deterioration: bool = False
    # letter: read from the letter; warehouse: the LA's latest earlier full inspection we hold (docs/checks.md)
    prior_judgement_source: str | None = None
    priority_actions: tuple[str, ...] = ()
    problem: str | None = None  # why a document holds no event
    improvements: tuple[Improvement, ...] = ()  # priorities first
    findings: Findings | None = None  # what the document leads with (`headline_findings`)
    send: SendOutcome | None = None
    wsoa_required: bool | None = None
    weaknesses: tuple[Weakness, ...] = ()
    jtai_theme: str | None = None
    jtai_partners: tuple[str, ...] = ()
    framework: str | None = None  # a full inspection's (common/frameworks.py)
    visit_focus: str | None = None  # a focused visit's (common.record.VISIT_FOCUSES)
    jtai_inspectorates: tuple[str, ...] = ()

    @property
    def is_full_inspection(self) -> bool:
        return self.kind in FULL_INSPECTION_KINDS

    @property
    def anchor(self) -> str:
        """The document's id on its LA page, which search results link to: short, and the same on every build."""
        return document_anchor(self.document_id)

    @property
    def sort_key(self) -> tuple[date, date, str]:
        """Newest first: by publication, then the event's date."""
        return (self.published or date.min, self.event_date or date.min, self.document_id)


@dataclass(frozen=True)
class HistoryPoint:
    """One graded judgement: a comparable area's grade from a day on, against the LA's previous one of it."""

    area: str
    judged_area: str
    grade: str
    grade_rank: int
    event_date: date
    kind: str
    previous_grade: str | None = None
    previous_date: date | None = None
    direction: str | None = None
    document_url: str | None = None
    combined: bool = False


@dataclass(frozen=True)
class AuthorityProfile:
    """Everything the site shows of one LA, current or former."""

    la_code: str
    name: str
    slug: str
    region: str
    la_type: str = ""
    ons_code: str = ""
    urn: str = ""
    valid_from: date | None = None
    valid_to: date | None = None
    predecessors: tuple[str, ...] = ()
    successors: tuple[str, ...] = ()
    grades: dict[str, Grade] = field(default_factory=dict)
    entries: tuple[Entry, ...] = ()
    history: tuple[HistoryPoint, ...] = ()
    send: SendOutcome | None = None  # the latest area SEND outcome
    neighbours: tuple[Neighbour, ...] = ()
    outlook: Outlook | None = None  # None for a former LA

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    @property
    def overall(self) -> Grade | None:
        """The current overall grade: None when never graded, or no longer (`overall_no_longer_graded`)."""
        return self.current_grade("overall")

    @property
    def overall_no_longer_graded(self) -> Grade | None:
        """The last overall grade of an LA whose latest inspection made no overall judgement: history only."""
        grade = self.grades.get("overall")
        return grade if grade is not None and not grade.current else None

    def map_state(self, area: str) -> tuple[str, Grade | None]:
        """How a map coloured by `area` shows the LA: its current grade, NO_LONGER_GRADED (its last grade is history: a
        later inspection's framework makes no such judgement) with that grade, or 'none' (never graded)."""
        grade = self.grades.get(area)
        if grade is None:
            return "none", None
        return (grade.grade if grade.current else NO_LONGER_GRADED), grade

    @property
    def overall_rank(self) -> int:
        return self.overall.rank if self.overall else NO_GRADE_RANK

    @property
    def events(self) -> tuple[Entry, ...]:
        return tuple(entry for entry in self.entries if entry.status == "loaded")

    @property
    def last_inspection(self) -> Entry | None:
        """The latest full inspection (entries are newest first)."""
        return next((entry for entry in self.events if entry.is_full_inspection), None)

    @property
    def visits_since(self) -> int:
        """Monitoring and focused visits after the last full inspection (all of them when there was none)."""
        last = self.last_inspection
        return sum(
            entry.kind in ("monitoring_visit", "focused_visit")
            and (last is None or (entry.event_date or date.min) > (last.event_date or date.min))
            for entry in self.events
        )

    @property
    def problems(self) -> tuple[Entry, ...]:
        """Documents that could not be loaded (not those that are simply no inspection outcome)."""
        return tuple(entry for entry in self.entries if entry.status not in ("loaded", "not_outcome"))

    @property
    def latest_problem(self) -> Entry | None:
        """The LA's newest document, when it could not be loaded: its facts are missing from the grades."""
        newest = self.entries[0] if self.entries else None
        return newest if newest is not None and newest.status not in ("loaded", "not_outcome") else None

    @property
    def newest_improvements(self) -> str | None:
        """The newest document that asks for improvements: its list is shown open, older ones folded."""
        return next((entry.document_id for entry in self.events if entry.improvements), None)

    @property
    def newest_findings(self) -> str | None:
        """The newest document with findings: they are shown open, older ones folded (as the improvements)."""
        return next((entry.document_id for entry in self.events if entry.findings), None)

    @property
    def neighbour_counts(self) -> tuple[tuple[str | None, int], ...]:
        """How many neighbours stand at each overall grade, best first (as the digest counts them)."""
        return neighbour_counts(neighbour.grade for neighbour in self.neighbours)

    @property
    def areas_in_history(self) -> tuple[str, ...]:
        """Comparable areas the LA was ever graded on, in the table's order first."""
        seen = dict.fromkeys(point.area for point in self.history)
        ordered = [area for area in TABLE_AREAS if area in seen]
        return (*ordered, *(area for area in seen if area not in ordered))

    def current_grade(self, area: str) -> Grade | None:
        """The LA's latest grade of an area, when the framework in force still grades it (else None)."""
        grade = self.grades.get(area)
        return grade if grade is not None and grade.current else None

    @property
    def current_areas(self) -> tuple[str, ...]:
        """The areas of "Current grades": those the framework in force still grades, in the table's order."""
        return tuple(area for area in self.areas_in_history if area in self.grades and self.grades[area].current)

    @property
    def former_areas(self) -> tuple[str, ...]:
        """Areas no framework in force grades any more (SIF adoption, LSCB, capacity to improve): their last grade."""
        return tuple(area for area in self.areas_in_history if area in self.grades and not self.grades[area].current)


@dataclass(frozen=True)
class Region:
    name: str
    slug: str
    authorities: tuple[AuthorityProfile, ...]  # current LAs of the region
    former: tuple[AuthorityProfile, ...] = ()


@dataclass(frozen=True)
class Problem:
    """A document that holds no event, for the data page: what it is, where it belongs and why."""

    entry: Entry
    authority: AuthorityProfile | None


@dataclass(frozen=True)
class Week:
    """The digest's content of one Monday-Sunday week of publications."""

    period: Period
    digest: DigestData

    @property
    def key(self) -> str:
        return self.period.key


@dataclass(frozen=True)
class QuarterShare:
    """England's or a region's share of LAs good or outstanding overall at a quarter's end (the digest's national
    picture on that day)."""

    as_at: date
    region: str
    authorities: int
    judged: int
    percent: float | None  # None while none was judged


def document_anchor(document_id: str) -> str:
    """'doc-' and a digest of the document's id (an address or a path, unfit for an HTML id as it stands)."""
    return "doc-" + hashlib.sha1(document_id.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Passage:
    """One passage of a loaded document, with what a search result says of its document (`passage_documents`)."""

    document_id: str
    local_authority: str | None
    region: str | None
    kind: str | None
    inspection_end: date | None
    published: date | None
    overall: str | None
    position: int
    page: int
    section: str | None
    text: str


@dataclass(frozen=True)
class CountRow:
    """One row of a table of counts: its code (a focus, a grade; None for none) and a count per column."""

    code: str | None
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class PublicationDays:
    """Days from an inspection's or visit's last day to its publication, for one kind and year."""

    kind: str
    year: int
    documents: int
    median_days: float
    min_days: int
    max_days: int


@dataclass(frozen=True)
class VisitTables:
    """The visit tables page (`visits.html`): focused visits by focus and year and by the LA's grade at the time
    (`grades` the columns, None for no earlier full inspection on record), the judgements of an earlier inspection
    that states no overall grade, days to publication, JTAIs by theme, area SEND outcomes by year."""

    years: tuple[int, ...] = ()
    by_focus: tuple[CountRow, ...] = ()
    grades: tuple[str | None, ...] = ()
    by_grade: tuple[CountRow, ...] = ()
    by_judgement: tuple[tuple[str, str, int], ...] = ()  # (area, grade, visits)
    publication_days: tuple[PublicationDays, ...] = ()
    jtai_themes: tuple[tuple[int, str | None, int], ...] = ()  # (year, theme, JTAIs)
    send_outcomes: tuple[tuple[int, str | None, bool, int], ...] = ()  # (year, outcome, revisit, inspections)

    @property
    def focused_visits(self) -> int:
        return sum(row.total for row in self.by_focus)


@dataclass(frozen=True)
class SiteData:
    """The whole site: every LA, the weeks of publications, the national picture, the data's state."""

    built_at: datetime
    today: date
    authorities: tuple[AuthorityProfile, ...]
    regions: tuple[Region, ...]
    national: NationalPicture
    weeks: tuple[Week, ...]  # newest first
    latest: DigestData  # the six weeks to the latest publication
    problems: tuple[Problem, ...]
    document_counts: dict[str, int]
    first_published: date | None = None
    last_published: date | None = None
    last_run_at: datetime | None = None
    shares: tuple[QuarterShare, ...] = ()  # England first, then each region, each oldest first
    # The cross-checks' findings on loaded documents (docs/checks.md): problems.csv lists them after the problems.
    findings: tuple[Disagreement, ...] = ()
    # Each loaded document's passages, their text's characters and a fingerprint of its search records' make-up
    # (warehouse.site_queries.passage_facts): how the search index is cut into shards and known unchanged (the
    # passages themselves are read a shard at a time as the index is written, never all at once).
    passage_facts: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    # England's improvements by National Framework code and year: (year, code) -> (items, reports).
    national_framework: dict[tuple[int, str], tuple[int, int]] = field(default_factory=dict)

    @property
    def national_framework_years(self) -> tuple[int, ...]:
        return tuple(sorted({year for year, _ in self.national_framework}))

    @property
    def national_framework_codes(self) -> tuple[str, ...]:
        """The codes cited in any year, in the National Framework's order."""
        cited = {code for _, code in self.national_framework}
        return tuple(code for code in NATIONAL_FRAMEWORK_CODES if code in cited)

    visits: VisitTables = VisitTables()  # the visit tables page

    @property
    def current(self) -> tuple[AuthorityProfile, ...]:
        return tuple(authority for authority in self.authorities if authority.is_current)

    @property
    def former(self) -> tuple[AuthorityProfile, ...]:
        return tuple(authority for authority in self.authorities if not authority.is_current)

    @property
    def documents(self) -> int:
        return sum(self.document_counts.values())

    @property
    def is_empty(self) -> bool:
        return self.documents == 0

    @cached_property
    def by_code(self) -> dict[str, AuthorityProfile]:
        return {authority.la_code: authority for authority in self.authorities}
