"""The downloads rebuilt with the site: `ofsted-watch-summary.xlsx` (sheets `latest`, `events`, `judgements`),
the same three tables as CSV, and `problems.csv` (every document held back or holding no judgement), all
written from the site's model.

Each column is defined once, with the description the data page prints: the spreadsheet, the CSV files and
the page explaining them cannot drift apart.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter

from reports import words
from reports.model import NO_LONGER_GRADED
from reports.site.load import status_words
from reports.site.model import TABLE_AREAS, AuthorityProfile, Entry, HistoryPoint, Outlook, SiteData

WORKBOOK = "ofsted-watch-summary.xlsx"
# The downloads' folder, from the site's root.
DOWNLOADS = "downloads"
# Excel keeps at most 65,530 links per sheet; past that a report's address is written as text.
MAX_LINKS_PER_SHEET = 65_530
# What a spreadsheet program takes for the start of a formula in a CSV cell (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "d mmm yyyy"


@dataclass(frozen=True)
class Column:
    title: str
    description: str
    kind: str = "text"  # text | date | number | url
    width: float = 16


@dataclass(frozen=True)
class Table:
    name: str  # the sheet's and the CSV file's name
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class Download:
    path: str  # relative to the site's root
    title: str
    format: str
    size: int
    description: str


def _grade(code: str | None) -> str | None:
    return words.grade_words(code) or None


def tables(site: SiteData, page_url: Callable[[AuthorityProfile], str]) -> tuple[Table, ...]:
    """The spreadsheet's sheets (each also a CSV file), then the CSV file of problem documents."""
    return (_latest(site, page_url), _events(site), _judgements(site), _problems(site))


SHEETS = ("latest", "events", "judgements")


# --- the three tables ---

_LA_CODE = Column("LA code", "The Department for Education's three-digit local authority code.", width=9)
_REGION = Column("Region", "The English region.", width=24)
_COMBINED = "Until 2023 ILACS judged children in care and care leavers as one area: that grade counts for both."
_AREA_COLUMNS = tuple(
    Column(words.area_words(area), f"The latest grade for “{words.area_words(area).lower()}” (or the area it was "
           "compared with under earlier frameworks), whichever inspection gave it."
           + (f" {_COMBINED}" if area in ("in_care", "care_leavers") else ""), width=20)
    for area in TABLE_AREAS[1:]
)  # fmt: skip
_SEND_OUTCOME = Column(
    "Area SEND outcome",
    "What an area SEND inspection (of the local area partnership, not the "
    "council alone) concluded: one of three outcomes since 2023; before, whether a written "
    "statement of action was required, and a revisit's progress.",
    width=30,
)
_EXPECTATION = (
    "An expectation from Ofsted's published ILACS rules (a short inspection after good or outstanding, "
    "a standard one after requires improvement, about three years on), never a date Ofsted announced."
)
_FRAMEWORK_VERSION = Column(
    "Framework version",
    "The inspection framework, as a code: pre_sif, sif, ilacs_2018 (children in care and care leavers graded "
    "together), ilacs_2023 (graded apart), ilacs_2026 (no overall effectiveness judgement). Compare like with like.",
    width=14,
)
LATEST_COLUMNS = (
    Column("URN", "The local authority's provider number on Ofsted's reports site.", width=10),
    _LA_CODE,
    Column("ONS code", "The Office for National Statistics code of the authority.", width=12),
    _REGION,
    Column("Local authority", "The council responsible for children's services.", width=30),
    Column("Report", "The report of the last full inspection on Ofsted's site, where the record holds its address.",
           "url", 12),
    Column("Overall effectiveness", "The latest overall effectiveness grade; 'No longer graded' where the last full "
           "inspection was under a framework that makes no overall judgement (ILACS from April 2026).", width=22),
    Column("Framework", "The kind of the last full inspection: ILACS standard or short inspection, single "
           "inspection framework (SIF, 2013-2018), or an earlier framework.", width=28),
    _FRAMEWORK_VERSION,
    Column("Lead inspector", "As named in the last full inspection's report.", width=22),
    Column("Inspection start", "The first day on site of the last full inspection.", "date", 14),
    Column("Inspection end", "The last day on site of the last full inspection.", "date", 14),
    Column("Published", "When Ofsted published the last full inspection's report.", "date", 14),
    *_AREA_COLUMNS,
    Column("Previous overall effectiveness", "The overall effectiveness grade before the latest one.", width=22),
    Column("Previous overall date", "The last day on site of the inspection that gave the previous grade.",
           "date", 14),
    Column("Change", "The latest overall grade against the previous one: improved, declined or no change.",
           width=12),
    Column("Visits since", "Monitoring and focused visits after the last full inspection.", "number", 10),
    Column("Page", "This local authority's page on the site.", "url", 12),
    _SEND_OUTCOME,
    Column("Area SEND date", "The last day on site of that area SEND inspection.", "date", 14),
    Column("Next inspection expected", f"The kind of full inspection expected next, or why none is. {_EXPECTATION}",
           width=28),
    Column("Expected from", "The day the window for that inspection opens (the clock stopped during the 2020-21 "
           "pause in inspections).", "date", 14),
    Column("Expected by", "The day that window closes; past it, the inspection is overdue.", "date", 14),
    Column("Statistical neighbours", "The ten councils the Department for Education finds most like this one, most "
           "similar first (data-to-insight's la_lookup.csv).", width=40),
    Column("Neighbours' overall effectiveness", "How many of those neighbours stood at each overall effectiveness "
           "grade at their latest full inspection (SIF or ILACS).", width=34),
)  # fmt: skip
EVENT_COLUMNS = (
    Column("Local authority", "The council inspected or visited.", width=30),
    _LA_CODE,
    _REGION,
    Column("Kind", "Full inspection (by framework), monitoring visit, focused visit, joint targeted area "
           "inspection, area SEND inspection or LSCB review, read from the document itself.", width=28),
    Column("Start", "The first day on site.", "date", 12),
    Column("End", "The last day on site.", "date", 12),
    Column("Letter date", "The date of a visit's letter.", "date", 12),
    Column("Published", "When Ofsted published it (the reports site's date).", "date", 12),
    Column("Lead inspector", "As named in the document.", width=22),
    Column("Overall effectiveness", "The overall grade of a full inspection.", width=22),
    Column("Visit number", "A monitoring visit's number since the inspection it follows.", "number", 8),
    Column("Monitoring verdict", "A monitoring visit's finding on progress: insufficient, sufficient or good.",
           width=20),
    Column("Prior judgement", "The grade a visit follows up.", width=22),
    Column("Prior judgement date", "When that grade was given (a month is stored as its first day).", "date", 14),
    Column("Deterioration reported", "Whether a visit letter reports that practice has deteriorated.", width=12),
    Column("Priority actions", "How many priority actions a visit set.", "number", 10),
    Column("Report", "The document on Ofsted's site, where the record holds its address.", "url", 12),
    _SEND_OUTCOME,
    Column("Area SEND outcome as printed", "The outcome's sentence as the letter prints it.", width=40),
    Column("Written statement of action required", "Area SEND inspections of 2016-2022: Yes or No.", width=12),
    Column("Improvements", "How many things the document asks to improve (priorities included).", "number", 10),
    Column("JTAI theme", "The theme of a joint targeted area inspection, as printed.", width=30),
    Column("JTAI partners", "The agencies that joint inspection looked at.", width=30),
    Column("Prior judgement source", "Where the prior judgement comes from: the letter, or (when the letter states "
           "none) our records, the LA's latest full inspection before the visit.", width=14),
    _FRAMEWORK_VERSION,
    Column("Visit focus", "What a focused visit looked at (the front door, children in need and child protection, "
           "extra-familial risk, children in care, permanence, care leavers, placement decisions for older "
           "children, or practice during the pandemic).", width=30),
    Column("JTAI inspectorates", "The inspectorates that carried out a joint targeted area inspection.", width=30),
)  # fmt: skip
JUDGEMENT_COLUMNS = (
    Column("Local authority", "The council judged.", width=30),
    _LA_CODE,
    _REGION,
    Column("Area", "The area judged, under the name it is compared by across frameworks.", width=34),
    Column("Grade", "Ofsted's grade.", width=22),
    Column("Grade rank", "1 outstanding, 2 good, 3 requires improvement (or adequate), 4 inadequate.", "number", 8),
    Column("Inspection end", "The last day on site.", "date", 14),
    Column("Kind", "The kind of inspection that gave the grade.", width=28),
    Column("Previous grade", "The same local authority's previous grade of this area, under any framework.",
           width=22),
    Column("Previous date", "The last day on site of the inspection that gave the previous grade.", "date", 14),
    Column("Change", "Against the previous grade: improved, declined or no change.", width=12),
    Column("Report", "The report on Ofsted's site, where the record holds its address.", "url", 12),
    Column("Judged together", f"{_COMBINED} Says which area that one grade was also given for.", width=28),
)  # fmt: skip


def _latest(site: SiteData, page_url: Callable[[AuthorityProfile], str]) -> Table:
    rows = []
    for la in site.current:
        last, overall = la.last_inspection, la.overall
        rows.append(
            (
                la.urn or None, la.la_code, la.ons_code or None, la.region or None, la.name,
                last.url if last else None,
                _grade(overall.grade) if overall else _no_longer(la),
                words.kind_words(last.kind) if last else None,
                last.framework if last else None,
                last.lead_inspector if last else None,
                last.inspection_start if last else None,
                last.inspection_end if last else None,
                last.published if last else None,
                *(_grade(grade.grade) if (grade := la.current_grade(area)) else None for area in TABLE_AREAS[1:]),
                _grade(overall.previous_grade) if overall else None,
                overall.previous_date if overall else None,
                words.change_words(overall.direction) or None if overall else None,
                la.visits_since,
                page_url(la),
                _grade(la.send.outcome) if la.send else None,
                la.send.event_date if la.send else None,
                *_expected(la.outlook),
                "; ".join(neighbour.name for neighbour in la.neighbours) or None,
                words.grade_counts_words(la.neighbour_counts) or None,
            )
        )  # fmt: skip
    return Table(
        "latest",
        "Latest grades of every local authority",
        "One row per current local authority: its latest grades, its last full inspection and the visits since.",
        LATEST_COLUMNS,
        tuple(rows),
    )


def _no_longer(la: AuthorityProfile) -> str | None:
    return words.grade_words(NO_LONGER_GRADED) if la.overall_no_longer_graded else None


def _expected(outlook: Outlook | None) -> tuple[Any, Any, Any]:
    """The kind expected next and its window, or why there is none."""
    if outlook is None or outlook.expected_kind is None or outlook.window_start is None:
        return (words.outlook_words(outlook.status).capitalize() if outlook else None, None, None)
    return (words.kind_words(outlook.expected_kind), outlook.window_start, outlook.window_end)


def _event_row(la: AuthorityProfile, entry: Entry) -> tuple[Any, ...]:
    overall = next((grade.grade for grade in entry.grades if grade.judged_area == "overall"), None)
    send = entry.send
    return (
        la.name, la.la_code, la.region or None, words.kind_words(entry.kind), entry.inspection_start,
        entry.inspection_end, entry.event_date if entry.kind in ("monitoring_visit", "focused_visit") else None,
        entry.published, entry.lead_inspector, _grade(overall), entry.visit_number,
        words.verdict_words(entry.progress) or None, _grade(entry.prior_judgement), entry.prior_judgement_date,
        "Yes" if entry.deterioration else None, len(entry.priority_actions) or None, entry.url,
        _grade(send.outcome) if send else None, send.text if send else None, _yes_no(entry.wsoa_required),
        len(entry.improvements) or None, entry.jtai_theme, words.partner_words(entry.jtai_partners) or None,
        _SOURCE_WORDS.get(entry.prior_judgement_source or ""), entry.framework,
        words.focus_words(entry.visit_focus) or None,
        words.inspectorate_words(entry.jtai_inspectorates) or None,
    )  # fmt: skip


DISAGREES = "disagrees with our records"
_SOURCE_WORDS = {"letter": "Letter", "warehouse": "Our records"}


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else "Yes" if value else "No"


def _events(site: SiteData) -> Table:
    rows = [_event_row(la, entry) for la in site.authorities for entry in la.events]
    return Table(
        "events",
        "Every inspection and visit",
        "One row per inspection or visit of any local authority, current or former.",
        EVENT_COLUMNS,
        tuple(sorted(rows, key=lambda row: (row[0], row[5] or row[6] or date.min))),
    )


def _judgement_row(la: AuthorityProfile, point: HistoryPoint) -> tuple[Any, ...]:
    return (
        la.name, la.la_code, la.region or None, words.area_words(point.area), _grade(point.grade), point.grade_rank,
        point.event_date, words.kind_words(point.kind), _grade(point.previous_grade), point.previous_date,
        words.change_words(point.direction) or None, point.document_url,
        words.combined_words(point.area).capitalize() if point.combined else None,
    )  # fmt: skip


def _judgements(site: SiteData) -> Table:
    return Table(
        "judgements",
        "Every graded judgement",
        "One row per grade in every report: overall effectiveness and each area, with the same local authority's "
        "previous grade of that area.",
        JUDGEMENT_COLUMNS,
        tuple(_judgement_row(la, point) for la in site.authorities for point in la.history),
    )


PROBLEM_COLUMNS = (
    Column("Published", "When the document was published (the reports site's date, else the date printed in it, "
           "else the day it was first seen).", "date", 12),
    Column("Local authority", "The council the reports site or the document names, where known.", width=30),
    _LA_CODE,
    Column("Document", "The document's label on the reports site, else its file name.", width=36),
    Column("Status", "Quarantined (it failed a check), could not be read, download failed, not an inspection "
           "outcome (a press release, a missing report's page), or loaded but disagreeing with our records (a "
           "finding of `ofsted-watch check`).", width=18),
    Column("Why", "Each reason, with the check that failed.", width=60),
    Column("Report", "The document on Ofsted's site, where the record holds its address.", "url", 12),
)  # fmt: skip


def _problems(site: SiteData) -> Table:
    rows = []
    for problem in site.problems:
        entry, la = problem.entry, problem.authority
        rows.append(
            (
                entry.published, la.name if la else None, la.la_code if la else None, entry.label,
                status_words(entry.status), entry.problem, entry.url,
            )
        )  # fmt: skip
    for finding in site.findings:
        document, authority = finding.document, finding.authority
        rows.append(
            (
                document.published, authority.name if authority else None,
                authority.la_code if authority else None, document.label,
                DISAGREES, f"{finding.detail} (rule {finding.rule})", document.url,
            )
        )  # fmt: skip
    return Table(
        "problems",
        "Documents held back",
        "One row per document that holds no inspection or visit: quarantined, unreadable, never downloaded, or "
        "not an inspection outcome, with why; then one row per finding of the cross-checks on a loaded document.",
        PROBLEM_COLUMNS,
        tuple(rows),
    )


# --- writing ---


def write_workbook(path: Path, tables: Sequence[Table], created: datetime | None = None) -> None:
    """One sheet per table: an Excel table (filters, banded rows) under a frozen header, real dates, links; dated
    `created` (the site's build time, so the same data gives the same bytes), else now."""
    workbook = xlsxwriter.Workbook(str(path), {"default_date_format": DATE_FORMAT, "strings_to_urls": False})
    if created:
        workbook.set_properties({"created": created})
    try:
        for table in tables:
            _write_sheet(workbook, table)
    finally:
        workbook.close()


def _write_sheet(workbook: Any, table: Table) -> None:
    sheet = workbook.add_worksheet(table.name)
    links = 0
    for row_number, row in enumerate(table.rows, start=1):
        for column_number, (column, value) in enumerate(zip(table.columns, row, strict=True)):
            if value is None:
                continue
            if column.kind == "url" and links < MAX_LINKS_PER_SHEET and str(value).startswith("http"):
                sheet.write_url(
                    row_number, column_number, value, None, "Report" if column.title == "Report" else "Page"
                )
                links += 1
            elif column.kind == "date" and isinstance(value, date):
                sheet.write_datetime(row_number, column_number, value)
            elif column.kind == "number":
                sheet.write_number(row_number, column_number, value)
            else:
                sheet.write_string(row_number, column_number, str(value))
    for column_number, column in enumerate(table.columns):
        sheet.set_column(column_number, column_number, column.width)
    headers = [{"header": column.title} for column in table.columns]
    last_column = len(table.columns) - 1
    if table.rows:
        sheet.add_table(0, 0, len(table.rows), last_column, {"name": table.name, "columns": headers})
    else:  # an Excel table needs a row: an empty sheet gets its header and filters alone
        sheet.write_row(0, 0, [column.title for column in table.columns])
        sheet.autofilter(0, 0, 0, last_column)
    sheet.freeze_panes(1, 0)


def write_csv(path: Path, table: Table) -> None:
    """The table's rows with ISO dates and empty cells for missing values, UTF-8 with a BOM for Excel, and no
    text a spreadsheet program would run as a formula (`csv_safe`)."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([column.title for column in table.columns])
        writer.writerows(_csv_cells(row) for row in table.rows)


def _csv_cells(row: tuple[Any, ...]) -> Iterator[Any]:
    for value in row:
        if value is None:
            yield ""
        elif isinstance(value, date):
            yield value.isoformat()
        else:
            yield csv_safe(value) if isinstance(value, str) else value


def csv_safe(text: str) -> str:
    """OWASP's rule against CSV injection: a cell starting with `=`, `+`, `-` or `@` (or a tab or carriage
    return) is run as a formula by Excel, LibreOffice and Google Sheets, so such a text goes out after a single
    quote, which they show as text. Text comes from reports (an improvement, a name), never a formula of ours. The
    workbook needs none of this: it writes every text as a string (`write_string`), and keeps the value as is."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def write_downloads(folder: Path, site_tables: Sequence[Table], created: datetime) -> tuple[Download, ...]:
    """The workbook of the sheets and one CSV per table in `folder`; what each is, for the pages."""
    folder.mkdir(parents=True, exist_ok=True)
    write_workbook(folder / WORKBOOK, [table for table in site_tables if table.name in SHEETS], created)
    for table in site_tables:
        write_csv(folder / f"{table.name}.csv", table)
    return described_downloads(folder, site_tables)


def described_downloads(folder: Path, site_tables: Sequence[Table]) -> tuple[Download, ...]:
    """What each file write_downloads wrote in `folder` is, with its size, for the pages."""
    sheets = [table for table in site_tables if table.name in SHEETS]
    downloads = [
        Download(
            f"downloads/{WORKBOOK}",
            "Summary spreadsheet",
            "Excel",
            (folder / WORKBOOK).stat().st_size,
            "Sheets " + ", ".join(f"“{table.name}” ({len(table.rows)} rows)" for table in sheets) + ".",
        )
    ]
    for table in site_tables:
        downloads.append(
            Download(
                f"downloads/{table.name}.csv",
                f"{table.title} ({table.name}.csv)",
                "CSV",
                (folder / f"{table.name}.csv").stat().st_size,
                f"{table.description} {len(table.rows)} rows.",
            )
        )
    return tuple(downloads)
