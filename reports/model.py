"""What a digest says, as plain data: one function fills it from the warehouse, the templates only display it.

Keeping rendering apart from SQL lets the templates be tested from hand-built data, and lets a subscriber's
filter (a region, a list of LAs) be applied once, here, rather than in every query.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from ofsted_watch.subscribers import Audience


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


@dataclass(frozen=True)
class Document:
    """A published file: `url` is the PDF on Ofsted's site (None for a file that came from a local folder);
    `document_id` is the warehouse's id of it (the site's feed builds stable entry ids from it; two documents
    that read the same are still told apart by their URL and date, as before)."""

    label: str
    url: str | None = None
    published: date | None = None
    document_id: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class AreaChange:
    """One judged area against the same LA's previous judgement of it; no previous grade means a first one."""

    area: str
    grade: str
    previous_grade: str | None = None
    previous_date: date | None = None


@dataclass(frozen=True)
class ChangedEvent:
    """An inspection or visit that made things worse or better: its changed areas, or a visit's verdict."""

    authority: Authority
    kind: str
    event_date: date
    document: Document
    areas: tuple[AreaChange, ...] = ()
    verdict: str | None = None
    quote: str | None = None
    # Visits only: a visit listed here is not repeated under the visits section.
    number: int | None = None
    priority_actions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Publication:
    """Any other new publication, with its outcome: the overall grade, or a note for a document that is no
    inspection outcome (a press release); `authority` is None when the document names no LA we know."""

    authority: Authority | None
    kind: str
    event_date: date | None
    document: Document
    overall: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class VisitReport:
    authority: Authority
    kind: str
    event_date: date
    document: Document
    verdict: str | None = None
    number: int | None = None
    priority_actions: tuple[str, ...] = ()


@dataclass(frozen=True)
class DataProblem:
    """A document published in the period that failed to parse or was quarantined, and why."""

    document: Document
    status: str
    reason: str
    authority: Authority | None = None


@dataclass(frozen=True)
class GradeCount:
    grade: str
    now: int
    year_earlier: int


@dataclass(frozen=True)
class NationalPicture:
    """Current overall grades of every LA on two dates, for the chart."""

    as_of: date
    year_earlier: date
    counts: tuple[GradeCount, ...] = ()

    @property
    def largest(self) -> int:
        return max((max(c.now, c.year_earlier) for c in self.counts), default=0)


@dataclass(frozen=True)
class DigestData:
    period: Period
    national: NationalPicture
    scope: str = "All England"
    deteriorations: tuple[ChangedEvent, ...] = ()
    improvements: tuple[ChangedEvent, ...] = ()
    publications: tuple[Publication, ...] = ()
    visits: tuple[VisitReport, ...] = ()
    data_problems: tuple[DataProblem, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.deteriorations or self.improvements or self.publications or self.visits or self.data_problems)

    def for_audience(self, audience: Audience) -> DigestData:
        """Only what concerns the audience's LAs; the national picture stays national.

        Data problems with no known LA are kept for everyone: a document we could not read may concern anyone.
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
        )
