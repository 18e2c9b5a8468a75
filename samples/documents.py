"""Synthetic documents of every kind, for fictional councils, with their ground truth.

Each builder lays a document out the way the real ones are laid out (title block, dates, inspectors,
grading grid, improvement lists, letters' openings and signatures) and returns a `SampleDocument`: its pages,
the bytes (`to_pdf()`, or HTML for the "Report not found" page) and `expected`, the record an extractor
should produce, keyed like `Record.to_json_dict()` without `file` and `warnings`. For outcome kinds every key
is ground truth; for a press release or a non-document only `kind`, `is_ofsted_outcome` and
`local_authority` are.

All wording is our own; the phrasing patterns the extractor must recognise are parameters (`date_style`,
`inspector_style`, `grid_style`, `overall_style`, ...) so tests can cover each variant in the corpus notes.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import groupby
from typing import Any

from common.frameworks import Framework, frameworks_for_kind
from common.record import AreaSend, Jtai, Record, SendWeakness, Visit
from samples.councils import SampleCouncil, council
from samples.pdf import DRAWN_BULLET, PageItem, TableRow, write_pdf

Period = tuple[date, date]

# Ofsted's inspectors became His Majesty's on the accession of Charles III.
_HIS_MAJESTY_FROM = date(2022, 9, 8)
# ILACS graded care leavers separately from children in care from January 2023.
_SEPARATE_CARE_LEAVERS_FROM = date(2023, 1, 1)
_SHORT_INSPECTION_MAX_DAYS = 7

ILACS_GRADE_TEXT = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires_improvement": "Requires improvement to be good",
    "inadequate": "Inadequate",
}
SIF_GRADE_TEXT = {**ILACS_GRADE_TEXT, "requires_improvement": "Requires improvement"}
PRE_SIF_GRADE_TEXT = {**ILACS_GRADE_TEXT, "adequate": "Adequate"}

ILACS_LABELS = {
    "leaders": "The impact of leaders on social work practice with children and families",
    "help_and_protection": "The experiences and progress of children who need help and protection",
    "in_care_and_care_leavers": "The experiences and progress of children in care and care leavers",
    "in_care": "The experiences and progress of children in care",
    "care_leavers": "The experiences and progress of care leavers",
}
SIF_LABELS = {
    "help_and_protection": "1. Children who need help and protection",
    "looked_after_permanence": "2. Children looked after and achieving permanence",
    "adoption": "2.1 Adoption performance",
    "care_leavers": "2.2 Experiences and progress of care leavers",
    "leadership_management_governance": "3. Leadership, management and governance",
}
SIF_TITLE = "Inspection of services for children in need of help and protection, children looked after and care leavers"
LSCB_TITLE = "Review of the effectiveness of the Local Safeguarding Children Board"
FOCUSED_VISIT_IMPROVE_HEADING = "What needs to improve in this area of social work practice"

_ORDINALS = (
    "first", "second", "third", "fourth", "fifth", "sixth",
    "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
)  # fmt: skip
_MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec")

# Sentences for the body of reports and letters: neutral, with no verdict words a parser could mistake for a
# judgement, a visit's progress or a decline. One uses "good" in running text on purpose: it is not a grade.
_PRACTICE_SENTENCES = (
    "Social workers visit children regularly and take time to understand what daily life is like for them.",
    "Managers hold frequent case discussions, although the actions agreed are not always followed up.",
    "Assessments draw on the history of each family and set out what needs to change.",
    "Children's plans are reviewed on time, and most families understand what is expected of them.",
    "Partner agencies share information quickly when concerns about a child first arise.",
    "Caseloads have reduced this year, which gives practitioners more time for direct work.",
    "Independent reviewing officers know their children and challenge delay when they see it.",
    "Leaders use performance information each week to track the timeliness of key visits.",
    "Young people leaving care are helped to find somewhere suitable to live and to stay in education.",
    "Direct work with brothers and sisters helps them to make sense of why decisions were made.",
    "The local offer for care-experienced young people has been refreshed with their help.",
    "Audits are completed regularly, but some still focus on compliance rather than on children's lives.",
    "Most children benefit from good relationships with their social workers.",
    "Recording is up to date in most cases, and the child's voice is visible in case notes.",
    "Early help is available in every locality and is easy for families to reach.",
    "Staff say that they feel supported and that senior leaders are visible and approachable.",
)
IMPROVEMENT_ITEMS = (
    "The consistency of management oversight so that plans for children progress without delay.",
    "The quality of written plans, so that families know what must change and by when.",
    "The response to children who go missing from home or care, including timely return interviews.",
    "The timeliness of permanence decisions for children who cannot return to their families.",
    "The range of suitable local homes for children in care.",
    "How well audits identify weaknesses in practice and lead to learning for staff.",
    "The stability of the workforce, so that children do not have frequent changes of social worker.",
    "The help offered to care leavers to understand their health histories.",
    "The quality and frequency of supervision for frontline practitioners.",
    "The recording of the reasons for key decisions on children's files.",
)
PRIORITY_ACTION_ITEMS = (
    "Children referred with safeguarding concerns must be seen and assessed without delay.",
    "Managers must oversee the plans of every child at risk of significant harm.",
    "Strategy discussions must take place promptly whenever risk of harm is identified.",
)


@dataclass(frozen=True)
class SampleDocument:
    """A synthetic document: its pages (or HTML), and the record an extractor should produce from it."""

    kind: str
    title: str
    expected: dict[str, Any]
    pages: list[list[PageItem]] = field(default_factory=list)
    html: str | None = None

    def to_pdf(self, *, compress: bool = True) -> bytes:
        if self.html is not None:
            raise ValueError(f"{self.title!r} is an HTML page, not a PDF")
        return write_pdf(self.pages, compress=compress, title=self.title)

    def to_bytes(self, *, compress: bool = True) -> bytes:
        """What a site serves for this document: the PDF, or the HTML page."""
        return self.html.encode("utf-8") if self.html is not None else self.to_pdf(compress=compress)

    def expected_record(self, file: str) -> Record:
        """`expected` as a `Record` named `file`."""
        return Record.from_json_dict({**self.expected, "file": file})


# ----------------------------------------------------------------------------------------------------
# Phrasing helpers


def curly(text: str) -> str:
    """Typeset apostrophes as the reports print them."""
    return text.replace("'", "’")


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def format_period(start: date, end: date, style: str = "to") -> str:
    """One date range in a named house style.

    - to: '2 to 13 December 2024', '20 February to 3 March 2023'
    - to_full: '19 November 2018 to 30 November 2018'
    - and: '18 and 19 November 2020'
    - dash: '8 – 12 July 2013', '18 November – 10 December 2014'
    - dash_full: '14 November 2016 – 8 December 2016'
    - dash_tight: '9–24 November 2017', '26 February 2018–22 March 2018'
    - hyphen: '14 January 2014- 5 February 2014'
    - abbreviated: '18 Feb 2014 to 7 Mar 2014'
    - numeric: '12/09/2016 to 06/10/2016'
    - numeric_unpadded: '1/06/2015 – 25/06/2015'
    - box_dash, minus, figure_dash: '2 ─ 13 December 2024', '2 − 13 …', '2 ‒ 13 …' (dashes some fonts map oddly)
    - until: '2 December 2024 until 13 December 2024'
    - comma_list: every day, a comma before the last month's: '29 and 30 September, and 1 October 2020'
    """
    if start == end and not style.startswith("numeric"):
        return long_date(start)
    same_month = (start.year, start.month) == (end.year, end.month)
    compact_start = str(start.day) if same_month else (f"{start.day} {start:%B}" if start.year == end.year else None)
    start_text = compact_start or long_date(start)
    formats: dict[str, Callable[[], str]] = {
        "to": lambda: f"{start_text} to {long_date(end)}",
        "comma_list": lambda: _comma_list(start, end),
        "to_full": lambda: f"{long_date(start)} to {long_date(end)}",
        "and": lambda: f"{start_text} and {long_date(end)}",
        "dash": lambda: f"{start_text} – {long_date(end)}",
        "dash_full": lambda: f"{long_date(start)} – {long_date(end)}",
        "dash_tight": lambda: f"{start.day if same_month else long_date(start)}–{long_date(end)}",
        "hyphen": lambda: f"{long_date(start)}- {long_date(end)}",
        "abbreviated": lambda: f"{_abbreviated(start)} to {_abbreviated(end)}",
        "numeric": lambda: f"{start:%d/%m/%Y} to {end:%d/%m/%Y}",
        "numeric_unpadded": lambda: f"{start.day}/{start:%m/%Y} – {end.day}/{end:%m/%Y}",
        "box_dash": lambda: f"{start_text} ─ {long_date(end)}",
        "minus": lambda: f"{start_text} − {long_date(end)}",
        "figure_dash": lambda: f"{start_text} ‒ {long_date(end)}",
        "until": lambda: f"{long_date(start)} until {long_date(end)}",
    }
    if style not in formats:
        raise ValueError(f"unknown date style {style!r}; known: {', '.join(formats)}")
    return formats[style]()


DATE_STYLES = (
    "to",
    "to_full",
    "and",
    "dash",
    "dash_full",
    "dash_tight",
    "hyphen",
    "abbreviated",
    "numeric",
    "numeric_unpadded",
    "box_dash",
    "minus",
    "figure_dash",
    "until",
)


def _abbreviated(day: date) -> str:
    return f"{day.day} {_MONTH_ABBREVIATIONS[day.month - 1]} {day.year}"


def format_periods(periods: Sequence[Period], style: str = "to") -> str:
    """Split inspections: '5 to 9 December 2022 and 14 to 15 February 2023'."""
    return " and ".join(format_period(start, end, style) for start, end in periods)


def _comma_list(start: date, end: date) -> str:
    days = [start + timedelta(days=offset) for offset in range((end - start).days + 1)]
    months = [list(group) for _, group in groupby(days, key=lambda day: day.month)]
    return ", and ".join(f"{_in_words([str(day.day) for day in group])} {group[0]:%B}" for group in months) + (
        f" {end.year}"
    )


def days_on_site(periods: Sequence[Period]) -> int:
    """Calendar days of each range, added up: '8 to 12 July and 7 to 8 August' is 5 + 2 = 7."""
    return sum((end - start).days + 1 for start, end in periods)


def inspector_title(on: date, *, plural: bool = False) -> str:
    monarch = "His" if on >= _HIS_MAJESTY_FROM else "Her"
    return f"{monarch} Majesty's Inspector{'s' if plural else ''}"


INSPECTOR_STYLES = ("comma_title", "hmi", "no_comma", "two_lines", "on_site", "bare")


def lead_inspector_lines(names: Sequence[str], on: date, style: str = "comma_title") -> list[str]:
    """The 'Lead inspector' line(s) of a title block; two names give 'Lead inspectors: A, …, and B, …'."""
    title = inspector_title(on)
    if len(names) == 2:
        return [f"Lead inspectors: {names[0]}, {title}, and {names[1]}, {title}"]
    (name,) = names
    lines = {
        "comma_title": [f"Lead inspector: {name}, {title}"],
        "hmi": [f"Lead inspector: {name} HMI"],
        "no_comma": [f"Lead inspector: {name} {title}"],
        "two_lines": [f"Lead inspector: {name}", title],
        "on_site": [f"Lead inspector on site: {name}, {title}"],
        "bare": [f"Lead inspector: {name}"],
    }
    if style not in lines:
        raise ValueError(f"unknown inspector style {style!r}; known: {', '.join(lines)}")
    return lines[style]


def prose(seed: str, sentences: int = 4) -> str:
    """A deterministic paragraph of neutral practice sentences."""
    picker = random.Random(seed)
    return " ".join(picker.sample(_PRACTICE_SENTENCES, sentences))


def _numbered(seed: str, count: int, start: int = 1) -> list[PageItem]:
    return [f"{start + index}. {prose(f'{seed}-{index}')}" for index in range(count)]


def _bullets(items: Sequence[str], glyph: str = "•") -> list[PageItem]:
    return [f"{glyph} {item}" for item in items]


# ----------------------------------------------------------------------------------------------------
# Lists of improvements

# The glyphs of ILACS lists: '◼' from 2020, Wingdings' square (read as U+F06E) before; a drawn square that is
# no text at all; '•'. Sub-points under an item are set with a minus sign.
ILACS_BULLETS = ("◼", "\uf06e", DRAWN_BULLET, "•")
SUB_POINT = "−"
SUB_POINTS = (
    "children who are privately fostered;",
    "disabled children who receive short breaks;",
    "young people who are remanded to custody.",
)
_STRENGTHS = (
    "Leaders know their services well and act quickly when performance dips.",
    "Children who go missing are offered a return interview by someone they trust.",
)


def _listed(items: Sequence[str], glyph: str, sub_points: Mapping[int, Sequence[str]], sub_glyph: str) -> list[str]:
    """One line per item, each followed by its sub-points."""
    lines: list[str] = []
    for index, item in enumerate(items):
        lines.append(f"{glyph} {item}" if glyph else item)
        lines += [f"{sub_glyph} {point}" for point in sub_points.get(index, ())]
    return lines


def _with_sub_points(items: Sequence[str], sub_points: Mapping[int, Sequence[str]]) -> list[str]:
    """What the extractor should read: each item with its sub-points run on."""
    return [" ".join((item, *sub_points.get(index, ()))) for index, item in enumerate(items)]


def _break_inside(lines: Sequence[str], index: int, footer: Sequence[str] = ()) -> tuple[list[str], list[str]]:
    """The lines split in the middle of line `index`: a page break (after `footer`) falls inside that item."""
    words = lines[index].split(" ")
    middle = max(2, len(words) // 2)
    before = [*lines[:index], " ".join(words[:middle]), *footer]
    return before, [" ".join(words[middle:]), *lines[index + 1 :]]


def _typeset(pages: list[list[PageItem]]) -> list[list[PageItem]]:
    return [[curly(item) if isinstance(item, str) else _typeset_row(item) for item in page] for page in pages]


def _typeset_row(row: TableRow) -> TableRow:
    return TableRow(tuple(curly(line) for line in row.label_lines), row.value, row.value_on_line, row.value_x)


def _finish(
    record: Record,
    pages: list[list[PageItem]],
    title: str,
    *,
    curly_quotes: bool = True,
    fields: Sequence[str] | None = None,
) -> SampleDocument:
    """Typeset the pages and the record's text the same way, and keep the ground-truth fields."""
    record.improvements_priority = record.improvements_priority or [False] * len(record.improvements)
    if curly_quotes:
        pages = _typeset(pages)
        record.improvements = [curly(item) for item in record.improvements]
        if record.visit:
            record.visit.priority_actions = [curly(item) for item in record.visit.priority_actions]
        record.lead_inspector = curly(record.lead_inspector) if record.lead_inspector else None
    expected = {key: value for key, value in record.to_json_dict().items() if key not in ("file", "warnings")}
    if fields is not None:
        expected = {key: expected[key] for key in fields}
    return SampleDocument(
        kind=record.kind, title=curly(title) if curly_quotes else title, expected=expected, pages=pages
    )


def _record(kind: str, la: SampleCouncil, periods: Sequence[Period], **fields: Any) -> Record:
    """A record of `kind` for `la`, spanning the first start to the last end of `periods`."""
    return Record(
        file="",
        kind=kind,
        local_authority=la.ref,
        inspection_start=periods[0][0],
        inspection_end=periods[-1][1],
        **fields,
    )


def _letter_head(la: SampleCouncil, letter_date: date) -> list[PageItem]:
    first_name = la.director.split()[0]
    return [
        "Ofsted",
        "Regional Office, 1 Example Row, Exampleton EX1 1AA",
        "T 0300 000 0000   www.gov.uk/ofsted",
        "",
        long_date(letter_date),
        "",
        la.director,
        "Director of Children's Services",
        la.title,
        la.address,
        "",
        f"Dear {first_name}",
        "",
    ]


def _signature(name: str, on: date) -> list[PageItem]:
    return ["", "Yours sincerely", "", name, inspector_title(on)]


def default_improvements(count: int, offset: int = 0) -> list[str]:
    """`count` of IMPROVEMENT_ITEMS, from the one at `offset` on (round again past the last)."""
    return [IMPROVEMENT_ITEMS[(offset + index) % len(IMPROVEMENT_ITEMS)] for index in range(count)]


# ----------------------------------------------------------------------------------------------------
# ILACS (2018 onwards)

ILACS_TITLE_STYLES = ("local_authority", "council", "social_care_2018", "local_authority_social_care")
# Where a grid row sets its grade: on its own line after the label, on the label's last line, on its first.
GRID_STYLES = {"own_line": None, "last_line": -1, "first_line": 0}


def ilacs_report(
    la: SampleCouncil,
    periods: Sequence[Period],
    *,
    grades: Mapping[str, str],
    overall: str | None = None,
    lead_inspectors: Sequence[str] = ("Rowan Ashdown",),
    improvements: Sequence[str] | None = None,
    title_style: str | None = None,
    date_style: str = "to",
    date_label: str = "Inspection dates:",
    inspector_style: str = "comma_title",
    grid_style: str = "own_line",
    label_width: float = 200,
    deputy: str | None = None,
    cover_page: bool = False,
    running_header: bool = False,
    bullet: str | None = None,
    sub_points: Mapping[int, Sequence[str]] | None = None,
    improvements_prose: str | None = None,
    list_across_pages: bool = False,
    care_leavers_label: str | None = None,
    national_framework: Sequence[tuple[str, str | None]] | None = None,
    footnote_marker: str | None = None,
) -> SampleDocument:
    """An ILACS report: title block, 'Judgement / Grade' grid, summary, 'What needs to improve?', sections.

    `grades` maps leaders, help_and_protection, in_care and (from 2023) care_leavers to grade keys.
    Inspections of more than seven days on site are `ilacs_standard`, the rest `ilacs_short`. `label_width`
    sets how the grid's labels wrap (200 points: two lines; 130: three). `deputy` prints a 'Deputy lead
    inspector' decoy before the lead; `running_header` prints the council and a later date above the title.

    The list of improvements: `bullet` is its glyph (one of `ILACS_BULLETS`; by default '◼' from 2020 and the
    Wingdings square before); `sub_points` maps an item's index to sub-points set under it; `improvements_prose`
    replaces the list with a paragraph (an outstanding council's: no item); `list_across_pages` breaks the page
    inside the second item, so the running header and the dates line fall between its lines.

    From April 2026 (`ilacs_2026`) the grid has no overall row and `overall` must be None. `care_leavers_label`
    prints another wording of the care leavers row; `national_framework` gives each item a reference as printed
    and its code ('(Outcome 4, national framework)', 'outcome_4'); `footnote_marker` 'glued' or 'own_line' puts
    the footnote's '1' after the list's heading.
    """
    start, end = periods[0][0], periods[-1][1]
    framework = ilacs_framework(start)
    if (overall is None) == framework.grades_overall:
        raise ValueError(f"{framework.code} {'grades' if framework.grades_overall else 'makes no'} overall judgement")
    separate = start >= _SEPARATE_CARE_LEAVERS_FROM
    areas = (
        ("leaders", "help_and_protection", "in_care", "care_leavers")
        if separate
        else ("leaders", "help_and_protection", "in_care")
    )
    missing = [area for area in areas if area not in grades]
    if missing:
        raise ValueError(f"grades missing for {missing} (inspection starting {start})")
    dates_text = format_periods(periods, date_style)
    improvements = list(improvements if improvements is not None else default_improvements(4))
    title_lines = _ilacs_title(la, title_style or ("social_care_2018" if start.year < 2020 else "local_authority"))

    first: list[PageItem] = []
    if running_header:
        # A date that is not the inspection's, above the real date line.
        first += [f"{la.title} {long_date(end + timedelta(days=40))}", ""]
    first += [*title_lines, f"{date_label} {dates_text}"]
    if deputy:
        first.append(f"Deputy lead inspector: {deputy}, {inspector_title(end)}")
    first += lead_inspector_lines(lead_inspectors, end, inspector_style)
    first.append(TableRow(("Judgement",), "Grade"))
    labels = {**{area: _ilacs_label(area, separate) for area in areas}, **_care_leavers(care_leavers_label)}
    for area in areas:
        first.append(
            TableRow.wrapped(
                labels[area],
                _printed(grades[area]),
                label_width=label_width,
                value_on_line=GRID_STYLES[grid_style],
            )
        )
    if overall is not None:
        first.append(TableRow(("Overall effectiveness",), _printed(overall)))
    first.append("")
    first += [prose(f"{la.name}-summary-{index}", 5) for index in range(2)]

    glyph = bullet if bullet is not None else ("◼" if start.year >= 2020 else "\uf06e")
    points = sub_points or {}
    references = list(national_framework or [])
    printed = (
        [f"{item} {reference}" for item, (reference, _) in zip(improvements, references, strict=True)]
        if references
        else improvements
    )
    listed = [improvements_prose] if improvements_prose else _listed(printed, glyph, points, SUB_POINT)
    heading = _IMPROVE_HEADINGS[footnote_marker]
    later: list[list[PageItem]] = [[*heading, *listed, ""]]
    if list_across_pages:
        before, after = _break_inside(listed, 1)
        later = [[*heading, *before], [*after, ""]]
    for index, area in enumerate(areas):
        if index % 2 == 0 and (index or list_across_pages):
            later.append([])
        later[-1] += [f"{labels[area]}: {_printed(grades[area]).lower()}", *_numbered(f"{la.name}-{area}", 3)]
    header = f"Inspection of {la.name} local authority children's services"
    pages = [first] + [[header, f"{dates_text} {number}", *page] for number, page in enumerate(later, start=2)]
    if cover_page:
        pages.insert(0, ["Ofsted", "", la.title, "Local authority children's services", "Inspection report"])

    kind = "ilacs_standard" if days_on_site(periods) > _SHORT_INSPECTION_MAX_DAYS else "ilacs_short"
    record = _record(
        kind,
        la,
        periods,
        lead_inspector="; ".join(lead_inspectors),
        overall=overall,
        judgements={area: grades[area] for area in areas},
        improvements=[] if improvements_prose else _with_sub_points(improvements, points),
        combined_judgements={} if separate else {"in_care": ["care_leavers"]},
        framework=framework.code,
        improvements_national_framework=[code for _, code in references],
    )
    return _finish(record, pages, f"Inspection of {la.name} local authority children's services")


# The footnote that ties a list to the National Framework (from 2025): its marker glued to the heading or below it.
_IMPROVE_HEADINGS: dict[str | None, list[str]] = {
    None: ["What needs to improve?"],
    "glued": ["What needs to improve?1"],
    "own_line": ["What needs to improve?", "1"],
}


def _printed(grade: str) -> str:
    """A grade as an ILACS grid prints it; a word of no ILACS scale (report_card_report) as given."""
    return ILACS_GRADE_TEXT.get(grade, grade)


def report_card_report(la: SampleCouncil, periods: Sequence[Period], grades: Mapping[str, str]) -> SampleDocument:
    """An ILACS-like report graded on a scale no known framework has ('Strong standard', as schools' report cards
    since November 2025): what a renewed framework may look like. Its truth: a full inspection whose grades are
    not read, and no framework (rule unknown_framework)."""
    document = ilacs_report(la, periods, grades=grades)
    document.expected.update(overall=None, judgements={}, framework=None, combined_judgements={})
    return document


def ilacs_framework(start: date) -> Framework:
    """The ILACS framework an inspection that starts on `start` is made under (common/frameworks.py)."""
    return next(f for f in frameworks_for_kind("ilacs_standard") if f.in_force_on(start))


def _care_leavers(label: str | None) -> dict[str, str]:
    return {"care_leavers": label} if label else {}


def _ilacs_label(area: str, separate_care_leavers: bool) -> str:
    if area == "in_care" and not separate_care_leavers:
        return ILACS_LABELS["in_care_and_care_leavers"]
    return ILACS_LABELS[area]


def _ilacs_title(la: SampleCouncil, style: str) -> list[PageItem]:
    titles: dict[str, list[PageItem]] = {
        "local_authority": [f"Inspection of {la.name} local authority", "children's services"],
        "council": [f"Inspection of {la.title} children's services"],
        "social_care_2018": [la.title, "Inspection of children's social care services"],
        "local_authority_social_care": [
            la.title,
            "Inspection of local authority children's social care services",
        ],
    }
    if style not in titles:
        raise ValueError(f"unknown ILACS title style {style!r}; known: {', '.join(titles)}")
    return titles[style]


# ----------------------------------------------------------------------------------------------------
# SIF (2013-2018) and the LSCB review

SIF_OVERALL_STYLES = ("judgement_that", "judgement_is", "services_in", "singular")
LSCB_STYLES = ("section", "summary", "appended")


def sif_overall_sentence(la: SampleCouncil, overall: str, style: str) -> str:
    """The SIF headline judgement in one of the wordings reports use."""
    verb_phrase = {
        "outstanding": "are outstanding",
        "good": "are good",
        "requires_improvement": "require improvement",
        "inadequate": "are inadequate",
    }[overall]
    if style == "judgement_that":
        return f"The overall judgement is that children's services {verb_phrase}"
    if style == "judgement_is":
        if overall == "requires_improvement":
            return "The overall judgement is that children's services require improvement"
        return f"The overall judgement is {overall}"
    if style == "services_in":
        phrase = "require improvement to be good" if overall == "requires_improvement" else verb_phrase
        return f"Children's services in {la.name} {phrase}"
    if style == "singular":
        singular = {"requires_improvement": "requires improvement"}.get(overall, f"is {overall}")
        return f"The overall judgement is that children's service {singular}"
    raise ValueError(f"unknown SIF overall style {style!r}; known: {', '.join(SIF_OVERALL_STYLES)}")


def lscb_sentence(grade: str, *, effectiveness_wording: bool) -> str:
    verdict = "requires improvement" if grade == "requires_improvement" else f"is {grade}"
    subject = "The effectiveness of the LSCB" if effectiveness_wording else "The Local Safeguarding Children Board"
    return f"{subject} {verdict}"


def sif_report(
    la: SampleCouncil,
    periods: Sequence[Period],
    *,
    published: date,
    overall: str,
    grades: Mapping[str, str | None],
    lscb: str | None = "requires_improvement",
    lead_inspector: str = "Morgan Ellery",
    lead_hmi_suffix: bool = False,
    deputy: str = "Sasha Penrose",
    deputy_first: bool = False,
    improvements: Sequence[str] | None = None,
    date_style: str = "dash",
    date_label: str = "Inspection date:",
    overall_style: str = "judgement_that",
    overall_wrapped: bool = False,
    lscb_style: str = "section",
    label_width: float = 260,
    grid_style: str = "last_line",
    capitalised: bool = False,
    renumber_last: bool = False,
    reinspection: bool = False,
    cover_page: bool = False,
    improvements_layout: str = "numbered",
    priority_items: Sequence[str] = (),
    first_number: int = 1,
    sub_points: Mapping[int, Sequence[str]] | None = None,
    sub_headings: bool = False,
    strengths: bool = False,
    list_across_pages: bool = False,
    contents: bool = False,
    contents_page_numbers: bool = True,
) -> SampleDocument:
    """A single inspection framework report, usually with the LSCB review combined.

    `grades` maps each SIF area to a grade key, or to None for 'Not judged'. `lscb` None (or a re-inspection)
    leaves the LSCB review out. The lead inspector is named only in 'The inspection team' near the end.

    The list of improvements (see `sif_improvement_lines`) is followed by the summary for children and young
    people; `contents` adds a contents page naming the list's heading and page (without `contents_page_numbers`,
    the heading's line has no page number beside it); an LSCB section carries the board's own recommendations,
    which are not the local authority's.
    """
    if lscb_style not in LSCB_STYLES:
        raise ValueError(f"unknown LSCB style {lscb_style!r}; known: {', '.join(LSCB_STYLES)}")
    if reinspection:
        lscb = None
    grade_text = _sif_grade_text(capitalised)
    dates_text = format_periods(periods, date_style)
    title = (
        f"Re-inspection of services{SIF_TITLE.removeprefix('Inspection of services')}" if reinspection else SIF_TITLE
    )
    overall_text = sif_overall_sentence(la, overall, overall_style)
    first: list[PageItem] = [la.title, title]
    if lscb is not None:
        first += ["and", LSCB_TITLE]
    first += [f"{date_label} {dates_text}", f"Report published: {long_date(published)}"]
    first += overall_text.rsplit(" ", 1) if overall_wrapped else [overall_text]
    first += [
        "",
        "This judgement reflects the help, care and protection that children and families receive.",
        "The judgements on the areas of the service that make up overall effectiveness are:",
    ]
    labels = list(SIF_LABELS.items())
    for index, (area, label) in enumerate(labels):
        if renumber_last and index == len(labels) - 1:
            label = "1." + label.split(".", 1)[1]
        grade = grades.get(area)
        value = grade_text[grade] if grade else ("Not Judged" if capitalised else "Not judged")
        first.append(TableRow.wrapped(label, value, label_width=label_width, value_on_line=GRID_STYLES[grid_style]))
    if lscb is not None and lscb_style == "summary":
        first += ["", lscb_sentence(lscb, effectiveness_wording=True)]

    improvements = list(improvements if improvements is not None else default_improvements(3, offset=4))
    points = sub_points or {}
    listed = sif_improvement_lines(
        improvements,
        layout=improvements_layout,
        priority_items=priority_items,
        first_number=first_number,
        sub_points=points,
        sub_headings=sub_headings,
    )
    after_list: list[PageItem] = []
    if strengths:
        number = first_number + len(priority_items) + len(improvements)
        after_list += [
            "The local authority has the following strengths:",
            *[f"{number + index}. {strength}" for index, strength in enumerate(_STRENGTHS)],
        ]
    after_list += [
        "Summary for children and young people",
        *_bullets([prose(f"{la.name}-sif-children-{index}", 2) for index in range(2)], "\uf06e"),
        "",
    ]
    summary: list[PageItem] = [
        "The local authority",
        "Summary of findings",
        *_bullets([prose(f"{la.name}-sif-summary-{index}", 2) for index in range(3)]),
    ]
    list_pages: list[list[PageItem]] = [[*summary, *listed, *after_list]]
    if list_across_pages:
        # The break falls inside the first area for improvement, after the page's number.
        first_area = f"{first_number + len(priority_items)}."
        inside = next(index for index, line in enumerate(listed) if line.startswith(first_area))
        before, after = _break_inside(listed, inside, footer=["4"])
        list_pages = [[*summary, *before], [*after, *after_list]]
    judgements_page: list[PageItem] = ["Inspection judgements about the local authority"]
    for area, label in SIF_LABELS.items():
        judgements_page += [label.split(" ", 1)[1], *_numbered(f"{la.name}-sif-{area}", 2)]
    pages = [first, *list_pages, judgements_page]
    if contents:
        heading = "Recommendations" if improvements_layout == "recommendations" else SIF_IMPROVE_HEADING
        entry = f"{heading} 4" if contents_page_numbers else heading
        pages.insert(
            1,
            ["Contents", "The local authority 2", "Summary of findings 3", entry, "Information about this area 6"],
        )
    if lscb is not None and lscb_style == "section":
        pages.append(
            [
                "The Local Safeguarding Children Board (LSCB)",
                lscb_sentence(lscb, effectiveness_wording=False),
                *_numbered(f"{la.name}-lscb", 3),
                "Recommendations",
                *[f"{index}. {action}" for index, action in enumerate(LSCB_RECOMMENDATIONS, start=1)],
            ]
        )
    pages.append(_inspection_team(lead_inspector, lead_hmi_suffix, deputy, deputy_first))
    if lscb is not None and lscb_style == "appended":
        pages += _lscb_pages(la, dates_text, date_label, published, lscb, lead_inspector)
    if cover_page:
        pages.insert(0, ["Ofsted", "", la.title, "Children's services inspection report"])

    judgements = {area: grade for area, grade in grades.items() if grade}
    if lscb is not None:
        judgements["lscb"] = lscb
    record = _record(
        "sif",
        la,
        periods,
        framework="sif",
        published=published,
        lead_inspector=lead_inspector,
        overall=overall,
        judgements=judgements,
        improvements=[*priority_items, *_with_sub_points(improvements, points)],
        improvements_priority=[True] * len(priority_items) + [False] * len(improvements),
    )
    return _finish(record, pages, f"{la.title}: {title}")


SIF_IMPROVE_HEADING = "What does the local authority need to improve?"
# How SIF reports lay out their list: 'numbered' and 'recommendations' (2015-18) under one heading; 'priority'
# (2014-15) with 'Priority and immediate action' first, then 'Areas for improvement'; 'bullets' likewise, with
# the Wingdings square instead of numbers (a few 2014 reports).
SIF_IMPROVEMENT_LAYOUTS = ("numbered", "recommendations", "priority", "bullets")
SIF_SUB_HEADINGS = ("Quality of practice", "Leadership, management and governance")
NO_PRIORITY_ACTION = "The inspection did not find any areas for priority and immediate action."
LSCB_RECOMMENDATIONS = (
    "The board should evaluate the impact of its multi-agency training on frontline practice.",
    "The board should publish its annual report on time.",
)


def sif_improvement_lines(
    improvements: Sequence[str],
    *,
    layout: str = "numbered",
    priority_items: Sequence[str] = (),
    first_number: int = 1,
    sub_points: Mapping[int, Sequence[str]] | None = None,
    sub_headings: bool = False,
) -> list[str]:
    """The lines of a SIF list of improvements, from its heading.

    Numbers start at `first_number`, as paragraph numbers run on through a report. In the 'priority' and
    'bullets' layouts `priority_items` come under 'Priority and immediate action' (none: a sentence saying so);
    `sub_headings` groups the areas for improvement under two sub-headings; `sub_points` sets bullets under an
    area's item.
    """
    if layout not in SIF_IMPROVEMENT_LAYOUTS:
        raise ValueError(f"unknown SIF improvements layout {layout!r}; known: {', '.join(SIF_IMPROVEMENT_LAYOUTS)}")
    if priority_items and layout in ("numbered", "recommendations"):
        raise ValueError(f"the {layout!r} layout has no priority items")
    numbers = iter(range(first_number, first_number + len(priority_items) + len(improvements)))

    def items(texts: Sequence[str], points: Mapping[int, Sequence[str]]) -> list[str]:
        lines: list[str] = []
        for index, text in enumerate(texts):
            if sub_headings and index in (0, len(texts) // 2):
                lines.append(SIF_SUB_HEADINGS[0 if index == 0 else 1])
            glyph = "\uf06e" if layout == "bullets" else f"{next(numbers)}."
            lines += _listed([text], glyph, {0: points.get(index, ())}, "•")
        return lines

    heading = "Recommendations" if layout == "recommendations" else SIF_IMPROVE_HEADING
    if layout in ("numbered", "recommendations"):
        return [heading, *items(improvements, sub_points or {})]
    priority = items(priority_items, {}) if priority_items else [NO_PRIORITY_ACTION]
    return [
        heading,
        "Priority and immediate action",
        *priority,
        "Areas for improvement",
        *items(improvements, sub_points or {}),
    ]


def _sif_grade_text(capitalised: bool) -> dict[str, str]:
    return {**SIF_GRADE_TEXT, "requires_improvement": "Requires Improvement"} if capitalised else SIF_GRADE_TEXT


def _inspection_team(lead: str, hmi_suffix: bool, deputy: str, deputy_first: bool) -> list[PageItem]:
    lead_line = f"Lead inspector: {lead}{' HMI' if hmi_suffix else ''}"
    deputy_line = f"Deputy lead inspector: {deputy}"
    return [
        "Information about this inspection",
        "Inspectors spoke to children, young people, parents and carers, and to staff and managers across "
        "the service. The lead inspector met the director of children's services and the chief executive at "
        "the start and end of the inspection.",
        "",
        "The inspection team",
        *([deputy_line, lead_line] if deputy_first else [lead_line, deputy_line]),
        "Team inspectors: Jo Fairbairn, Priya Castell, Owen Tregear",
    ]


def _lscb_pages(
    la: SampleCouncil, dates_text: str, date_label: str, published: date, grade: str, lead: str
) -> list[list[PageItem]]:
    """A stand-alone LSCB review: its own title block, judgement, findings and team."""
    return [
        [
            f"{la.name} Local Safeguarding Children Board",
            LSCB_TITLE,
            f"{date_label} {dates_text}",
            f"Report published: {long_date(published)}",
            lscb_sentence(grade, effectiveness_wording=False),
            "",
            *_numbered(f"{la.name}-lscb-review", 3),
        ],
        ["The inspection team", f"Review lead: {lead}", f"Lead inspector: {lead}"],
    ]


def lscb_review(
    la: SampleCouncil,
    periods: Sequence[Period],
    *,
    published: date,
    grade: str,
    lead_inspector: str = "Morgan Ellery",
    date_style: str = "dash",
) -> SampleDocument:
    """A stand-alone review of the LSCB; its grade is the `lscb` judgement (there is no overall grade)."""
    pages = _lscb_pages(la, format_periods(periods, date_style), "Inspection date:", published, grade, lead_inspector)
    record = _record(
        "lscb_review",
        la,
        periods,
        published=published,
        lead_inspector=lead_inspector,
        judgements={"lscb": grade},
    )
    return _finish(record, pages, f"{la.name} Local Safeguarding Children Board: {LSCB_TITLE}")


# ----------------------------------------------------------------------------------------------------
# Older frameworks (before the SIF)


def pre_sif_report(
    la: SampleCouncil,
    periods: Sequence[Period],
    *,
    published: date,
    overall: str = "adequate",
    capacity_to_improve: str = "good",
    other_grades: Mapping[str, str] | None = None,
    reporting_inspector: str = "Alys Penhallow",
    date_style: str = "dash",
) -> SampleDocument:
    """An 'Inspection of looked after children services': a cover page, a 'Record of main findings' table."""
    rows = {
        "Outcomes for looked after children and young people": "adequate",
        "Quality of provision": "adequate",
        "Leadership and management": "adequate",
        **(other_grades or {}),
    }
    dates_text = format_periods(periods, date_style)
    running = f"{la.title} Inspection of looked after children services"
    cover: list[PageItem] = [
        "Inspection of looked after children",
        "services",
        la.title,
        f"Inspection dates: {dates_text}",
        f"Reporting inspector {reporting_inspector} HMI",
        "Age group: All",
        f"Published: {long_date(published)}",
    ]
    notice: list[PageItem] = [
        "© Crown copyright",
        "This report may be copied for non-commercial use if the source and date are acknowledged.",
    ]
    about: list[PageItem] = [
        f"{running} 2",
        "About this inspection",
        f"1. {prose(f'{la.name}-about', 3)}",
        "The inspection judgements and what they mean",
        "2. Every judgement uses the same four-point scale.",
        TableRow(("Outstanding (Grade 1)",), "A service that far exceeds what is required"),
        TableRow(("Good (Grade 2)",), "A service that does more than is required"),
        TableRow(("Adequate (Grade 3)",), "A service that does only what is required"),
        TableRow(("Inadequate (Grade 4)",), "A service that does not do what is required"),
        "Capacity to improve",
        *_numbered(f"{la.name}-capacity", 2, start=3),
    ]
    findings: list[PageItem] = [
        f"{running} 9",
        "Record of main findings",
        "Services for looked after children",
        TableRow(("Overall effectiveness",), PRE_SIF_GRADE_TEXT[overall]),
        TableRow(("Capacity to improve",), PRE_SIF_GRADE_TEXT[capacity_to_improve]),
        *[
            # As printed: a one-line label shares its line with the grade, a wrapped one has the grade below.
            TableRow.wrapped(
                label, PRE_SIF_GRADE_TEXT[grade], label_width=200, value_on_line=-1 if len(label) < 36 else None
            )
            for label, grade in rows.items()
        ],
    ]
    record = _record(
        "pre_sif",
        la,
        periods,
        framework="pre_sif",
        published=published,
        lead_inspector=reporting_inspector,
        overall=overall,
        judgements={"capacity_to_improve": capacity_to_improve},
    )
    return _finish(
        record, [cover, notice, about, findings], f"{la.title}: Inspection of looked after children services"
    )


# ----------------------------------------------------------------------------------------------------
# Visits (letters)

# Visit letters changed their wording over the years (docs/ofsted-letters.md): the ILACS letters of 2018-2020,
# the pandemic's interim visits of autumn 2020 to spring 2021 (carried out remotely, some titled 'assurance
# visit'), and the letters from 2021 on.
VISIT_ERAS = ("2018", "pandemic", "2021")

PROGRESS_SENTENCES = {
    "insufficient": "The local authority is making insufficient progress in improving services for {focus}.",
    "sufficient": "The local authority is making progress in improving services for {focus}.",
    "good": "The local authority is making good progress in improving services for {focus}.",
}
_PROGRESS_BY_ERA = {
    "2018": PROGRESS_SENTENCES,
    "pandemic": {
        "insufficient": "Leaders have not made sufficient progress in improving services for {focus}, and the "
        "pandemic has held their plans back further.",
        "sufficient": "Despite the pressures of the pandemic, leaders have continued to make progress in improving "
        "services for {focus}.",
        "good": "Even during the pandemic, leaders have made strong progress in improving services for {focus}.",
    },
    "2021": {
        "insufficient": "Progress has been too slow: leaders have made insufficient progress in improving the help "
        "given to {focus}.",
        "sufficient": "Leaders are making steady progress in improving the help given to {focus}.",
        "good": "Leaders have made considerable progress in improving the help given to {focus}.",
    },
}
_MONITORING_DECLINE = {
    "2018": "The experiences of {focus} have deteriorated since the inspection, and some are left at risk.",
    "pandemic": "The help given to {focus} has deteriorated during the pandemic.",
    "2021": "There has been a deterioration in the quality of help for {focus} since the last visit.",
}


# A monitoring letter without a verdict sentence: its findings told in prose, in no wording the extractor knows
# as a verdict (the two real letters that were quarantined for it read so).
FINDINGS_IN_PROSE = (
    "Inspectors saw stronger management oversight of plans for {focus}, although the quality of assessments "
    "still varies between teams. Leaders know where practice is weakest and have put new audit arrangements in "
    "place."
)
# How a letter states the judgement of the last full inspection (docs/ofsted-letters.md): `since` in the visit
# sentence, the others as a sentence of their own; `none` states none.
PRIOR_WORDINGS = ("since", "last_inspection", "date_first", "rated", "none")
_PRIOR_SENTENCES = {
    "last_inspection": "At the last inspection in {month}, services were judged {grade}.",
    "date_first": "In {month}, the local authority's children's services were judged {grade} overall.",
    "rated": "The local authority was rated {grade} overall at its last inspection in {month}.",
}
_GRADE_AS_PRINTED = {"requires_improvement": "requires improvement to be good"}


def _era(era: str) -> str:
    if era not in VISIT_ERAS:
        raise ValueError(f"unknown visit era {era!r}; known: {', '.join(VISIT_ERAS)}")
    return era


def monitoring_visit_letter(
    la: SampleCouncil,
    periods: Sequence[Period],
    *,
    letter_date: date,
    number: int | None,
    progress: str | None,
    prior_judgement_month: date,
    inspectors: Sequence[str] = ("Imogen Hale", "Felix Oduya"),
    focus: str = "children in care",
    deterioration: bool = False,
    date_style: str = "and",
    era: str = "2018",
    prior_judgement: str = "inadequate",
    prior_wording: str = "since",
) -> SampleDocument:
    """A monitoring visit letter to a council judged inadequate: its number, progress and signatory, in the
    wording of its era (VISIT_ERAS). `number` None: the letter numbers no visit; `progress` None: its findings
    are prose with no verdict sentence; `prior_wording` one of PRIOR_WORDINGS (`none`: no prior judgement)."""
    dates_text = format_periods(periods, date_style)
    names = " and ".join(inspectors)
    team = inspector_title(letter_date, plural=len(inspectors) > 1)
    ordinal = _ORDINALS[number - 1] if number else "latest"
    grade_words = _GRADE_AS_PRINTED.get(prior_judgement, prior_judgement)
    prior = {"grade": grade_words, "month": f"{prior_judgement_month:%B %Y}"}
    judged = f"judged {prior['grade']} in {prior['month']}"
    title, opening = {
        "2018": (
            f"Monitoring visit of {la.title} children's services",
            f"This letter sets out what inspectors found during the monitoring visit to {la.title} children's "
            f"services on {dates_text}. This was the {ordinal} monitoring visit since the local authority was "
            f"{judged}. The visit was carried out by {names}, {team}.",
        ),
        "pandemic": (
            f"Monitoring visit to {la.title} children's services",
            f"This letter reports on the monitoring visit to {la.title} children's services, carried out remotely "
            f"on {dates_text} under Ofsted's interim arrangements during the COVID-19 pandemic. It was the "
            f"{ordinal} monitoring visit since the local authority was {judged}. {names}, {team}, carried out the "
            "visit.",
        ),
        "2021": (
            f"Monitoring visit to {la.name} children's services",
            f"This letter summarises what we found during the monitoring visit to {la.name} children's services "
            f"on {dates_text}. This monitoring visit was the {ordinal} since the local authority was {judged}. "
            f"{team} for this visit were {names}.",
        ),
    }[_era(era)]
    if prior_wording != "since":
        # The visit sentence without its 'since …' clause; the judgement, if stated, in a sentence of its own.
        opening = opening.replace(f" since the local authority was {judged}", "")
        opening += f" {_PRIOR_SENTENCES[prior_wording].format(**prior)}" if prior_wording != "none" else ""
    findings = _PROGRESS_BY_ERA[era][progress] if progress else FINDINGS_IN_PROSE
    body: list[PageItem] = [
        *_letter_head(la, letter_date),
        title,
        "",
        opening,
        "",
        findings.format(focus=focus),
    ]
    if deterioration:
        body.append(_MONITORING_DECLINE[era].format(focus=focus))
    body += [
        "",
        "Areas covered by the visit",
        f"Inspectors reviewed the experiences of {focus}, looking at planning, management oversight and the "
        "use of performance information.",
        "",
        "Headline findings" if era == "2021" else "Findings and evaluation of progress",
        prose(f"{la.name}-mv-{number}-1", 5),
        prose(f"{la.name}-mv-{number}-2", 4),
        "",
        "Ofsted will take the findings from this visit into account at the next monitoring visit.",
        *_signature(inspectors[0], letter_date),
    ]
    record = _record(
        "monitoring_visit",
        la,
        periods,
        letter_date=letter_date,
        lead_inspector=inspectors[0],
        visit=Visit(
            number=number,
            progress=progress,
            prior_judgement=prior_judgement if prior_wording != "none" else None,
            prior_judgement_date=prior_judgement_month.replace(day=1) if prior_wording != "none" else None,
            deterioration=deterioration,
            prior_judgement_area="overall" if prior_wording != "none" else None,
        ),
    )
    return _finish(record, [body], title)


_FOCUSED_TREND = {
    "2018": (
        "Leaders have continued to strengthen services for {focus} since the last inspection in {year}.",
        "Services for {focus} have deteriorated since the last inspection in {year}.",
    ),
    "pandemic": (
        "Leaders have kept a close watch on services for {focus} throughout the pandemic.",
        "Since the pandemic began, the quality of help for {focus} has declined.",
    ),
    "2021": (
        "Leaders have built on the strengths found at the last inspection in {year}.",
        "There has been a deterioration in the help given to {focus} since the last inspection in {year}.",
    ),
}


# The focus code (common.record.VISIT_FOCUSES) of each area the sample letters name.
_FOCUS_CODES = {
    "children in need of help and protection": "children_in_need_child_protection",
    "children in care": "children_in_care",
    "care leavers": "care_leavers",
}


def focused_visit_letter(
    la: SampleCouncil,
    periods: Sequence[Period],
    *,
    letter_date: date,
    inspectors: Sequence[str] = ("Bethan Quayle", "Marcus Ilori"),
    improvements: Sequence[str] | None = None,
    priority_actions: Sequence[str] = (),
    deterioration: bool = False,
    last_inspection_year: int = 2018,
    focus: str = "children in need of help and protection",
    date_style: str = "and",
    era: str = "2018",
    assurance: bool = False,
    prior_judgement: tuple[str, date] | None = None,
) -> SampleDocument:
    """A focused visit letter: what needs to improve, optional areas for priority action, and any decline, in the
    wording of its era. `assurance` titles a pandemic-era letter 'Assurance visit'; `prior_judgement` (grade,
    month) states the last inspection's judgement, as letters from 2021 may."""
    title = inspector_title(letter_date)
    named = ", and ".join(f"{name}, {title}" for name in inspectors)
    improvements = list(improvements if improvements is not None else default_improvements(4, offset=2))
    visit_word = "assurance" if assurance else "focused"
    dates_text = format_periods(periods, date_style)
    heading, opening = {
        "2018": (
            f"Focused visit to {la.name} local authority children's services",
            f"This letter reports what inspectors found during a focused visit to {la.name} local authority "
            f"children's services on {dates_text}. The visit was carried out by {named}.",
        ),
        "pandemic": (
            f"{visit_word.capitalize()} visit to {la.name} children's services",
            f"This letter sets out the findings of the {visit_word} visit to {la.name} children's services on "
            f"{dates_text}, carried out under Ofsted's interim arrangements during the COVID-19 pandemic. The visit "
            f"was carried out by {named}.",
        ),
        "2021": (
            f"Focused visit to {la.name} children's services",
            f"This letter summarises the findings of the focused visit to {la.name} children's services on "
            f"{dates_text}. {inspector_title(letter_date, plural=len(inspectors) > 1)} for this visit were "
            f"{' and '.join(inspectors)}.",
        ),
    }[_era(era)]
    if prior_judgement:
        grade, month = prior_judgement
        opening += f" At the last inspection, in {month:%B %Y}, the local authority was judged to be " + (
            f"{ILACS_GRADE_TEXT[grade].lower()}."
        )
    scope = (
        f"Inspectors looked at how leaders have kept {focus} safe and made decisions about them during the pandemic."
        if era == "pandemic"
        else f"During the visit, inspectors examined the help given to {focus}."
    )
    trend = _FOCUSED_TREND[era][deterioration].format(focus=focus, year=last_inspection_year)
    body: list[PageItem] = [
        *_letter_head(la, letter_date),
        heading,
        "",
        opening,
        "",
        scope,
        "",
        "Overview" if era == "2018" else "Headline findings",
        trend,
        prose(f"{la.name}-fv-overview", 4),
        "",
    ]
    if len(priority_actions) == 1 and era != "2018":
        body += ["Area for priority action", priority_actions[0], ""]
    elif priority_actions:
        body += ["Areas for priority action", *_bullets(priority_actions), ""]
    improve_heading = {
        "2018": FOCUSED_VISIT_IMPROVE_HEADING,
        "pandemic": "Areas for improvement",
        "2021": FOCUSED_VISIT_IMPROVE_HEADING + "?",
    }[era]
    body += [
        improve_heading,
        *_bullets(improvements),
        "",
        "Main findings" if era == "2021" else "Findings",
        *_bullets([prose(f"{la.name}-fv-finding-{index}", 3) for index in range(3)]),
        "",
        "Ofsted will take these findings into account when planning the next inspection.",
        *_signature(inspectors[0], letter_date),
    ]
    record = _record(
        "focused_visit",
        la,
        periods,
        letter_date=letter_date,
        lead_inspector=inspectors[0],
        visit=Visit(
            prior_judgement=prior_judgement[0] if prior_judgement else None,
            prior_judgement_date=prior_judgement[1].replace(day=1) if prior_judgement else None,
            priority_actions=list(priority_actions),
            deterioration=deterioration,
            focus=_FOCUS_CODES[focus],
            prior_judgement_area="overall" if prior_judgement else None,
        ),
        # Everything the letter asks to improve: its priority actions first, as priorities.
        improvements=[*priority_actions, *improvements],
        improvements_priority=[True] * len(priority_actions) + [False] * len(improvements),
    )
    return _finish(record, [body], heading)


# ----------------------------------------------------------------------------------------------------
# Joint inspections

# JTAIs until 2020 inspected the response to abuse and neglect with a 'deep dive' theme; from 2022 each has a
# theme of its own. The partner agencies each era names, as the letters word them.
JTAI_ERAS = ("deep_dive", "themed")
_PARTNER_WORDS = {
    "local_authority": "the local authority",
    "health": "health services",
    "police": "the police",
    "youth_justice": "the youth offending service",
    "probation": "probation services",
    "education": "schools and other education settings",
}
_JTAI_PARTNERS = {
    "deep_dive": ("local_authority", "health", "police", "probation", "youth_justice"),
    "themed": ("police", "local_authority", "education", "health"),
}
# The inspectorates each era's opening names.
_JTAI_INSPECTORATES = {"deep_dive": ["ofsted", "cqc", "hmicfrs", "hmip"], "themed": ["ofsted", "cqc", "hmicfrs"]}


def _in_words(words: Sequence[str]) -> str:
    """'a, b and c'."""
    return ", ".join(words[:-1]) + f" and {words[-1]}" if len(words) > 1 else words[0]


def jtai_letter(
    la: SampleCouncil,
    periods: Sequence[Period],
    *,
    letter_date: date,
    theme: str = "children living with domestic abuse",
    improvements: Sequence[str] | None = None,
    era: str | None = None,
    partners: Sequence[str] | None = None,
) -> SampleDocument:
    """A joint targeted area inspection letter, signed by the inspectorates: it names no lead inspector.

    `era` (JTAI_ERAS) defaults to a deep dive before 2022 and a themed JTAI after; `partners` are codes of
    common.record.JTAI_PARTNERS, in the order the letter names them.
    """
    era = era or ("themed" if periods[0][0].year >= 2022 else "deep_dive")
    if era not in JTAI_ERAS:
        raise ValueError(f"unknown JTAI era {era!r}; known: {', '.join(JTAI_ERAS)}")
    partners = list(partners if partners is not None else _JTAI_PARTNERS[era])
    improvements = list(improvements if improvements is not None else default_improvements(3, offset=5))
    agencies = _in_words([_PARTNER_WORDS[code] for code in partners])
    dates_text = format_periods(periods, "to")
    monarch = inspector_title(letter_date).split()[0]
    if era == "deep_dive":
        title = f"Joint targeted area inspection of the multi-agency response to abuse and neglect in {la.name}"
        opening = [
            f"From {dates_text}, Ofsted, the Care Quality Commission, {monarch} Majesty's Inspectorate of "
            f"Constabulary and Fire & Rescue Services and {monarch} Majesty's Inspectorate of Probation jointly "
            f"inspected the multi-agency response to abuse and neglect in {la.name}. The inspection included a "
            f"‘deep dive’ focus on the response to {theme}.",
            f"The inspectorates looked at how well {agencies} work together to protect children in {la.name}.",
        ]
        improve_heading = "Areas for improvement"
    else:
        title = f"Joint targeted area inspection of {la.name}"
        opening = [
            f"This letter sets out the findings of the joint targeted area inspection (JTAI) of the multi-agency "
            f"response to {theme} in {la.name}. The inspection took place from {dates_text}. Inspectors from "
            f"Ofsted, the Care Quality Commission and {monarch} Majesty's Inspectorate of Constabulary and Fire & "
            "Rescue Services carried it out.",
            f"The agencies within the scope of this inspection were {agencies}.",
        ]
        improve_heading = "What needs to improve?"
    body: list[PageItem] = [
        long_date(letter_date),
        "",
        la.director,
        "Director of Children's Services",
        la.title,
        "",
        title,
        "",
        *opening,
        "",
        "Headline findings",
        prose(f"{la.name}-jtai", 5),
        "",
        improve_heading,
        *_bullets(improvements),
        "",
        "Yours sincerely",
        "Ofsted  Care Quality Commission  HMICFRS  HMI Probation",
    ]
    record = _record(
        "jtai",
        la,
        periods,
        letter_date=letter_date,
        improvements=improvements,
        jtai=Jtai(theme=theme, partners=partners, inspectorates=_JTAI_INSPECTORATES[era]),
    )
    return _finish(record, [body], title)


# The 2023 framework's three outcomes, as its reports state them (the first sentence is the outcome).
SEND_OUTCOME_SENTENCES = {
    "positive": (
        "The local area partnership's SEND arrangements typically lead to positive experiences and outcomes for "
        "children and young people with special educational needs and/or disabilities (SEND).",
        "The local area partnership is taking action where improvements are needed.",
    ),
    "inconsistent": (
        "The local area partnership's arrangements lead to inconsistent experiences and outcomes for children "
        "and young people with special educational needs and/or disabilities (SEND).",
        "The local area partnership must work jointly to make improvements.",
    ),
    "systemic_failings": (
        "There are widespread and/or systemic failings leading to significant concerns about the experiences and "
        "outcomes of children and young people with special educational needs and/or disabilities (SEND), which "
        "the local area partnership must address urgently.",
    ),
}
WSOA_SENTENCE = (
    "Following this inspection, Her Majesty's Chief Inspector (HMCI) has determined that a written statement of "
    "action (WSOA) is required because of significant areas of weakness in the area's practice."
)
SEND_WEAKNESSES = (
    "Leaders' limited understanding of how well the needs of children and young people with SEND are identified.",
    "The quality and timeliness of education, health and care plans.",
    "Weak joint commissioning between the local authority and health services.",
    "The lack of a clear and well-used local offer for families.",
)


def area_send_letter(
    la: SampleCouncil,
    periods: Sequence[Period],
    *,
    letter_date: date,
    outcome: str | None = None,
    lead_inspector: str = "Ffion Aldous",
    improvements: Sequence[str] | None = None,
    weaknesses: Sequence[str] = SEND_WEAKNESSES[:3],
    previous_inspection: Period | None = None,
    previous_revisit: date | None = None,
) -> SampleDocument:
    """An area SEND inspection. From 2023 an 'Area SEND inspection of … Local Area Partnership' report stating
    one of three outcomes (SEND_OUTCOME_SENTENCES); before, a 'Joint local area SEND inspection in …' letter that
    states a written statement of action when one is required (outcome 'wsoa_required', listing `weaknesses`) and
    nothing when none is ('no_wsoa'). `outcome` defaults by the inspection's year. A 2023-framework report names
    its `previous_inspection` (dates), or, with a `previous_revisit`, says in a sentence when the previous full
    inspection was and when its revisit."""
    outcome = outcome or ("inconsistent" if periods[0][0].year >= 2023 else "no_wsoa")
    if outcome in SEND_OUTCOME_SENTENCES:
        previous = (previous_inspection, previous_revisit)
        return _area_send_2023(la, periods, letter_date, outcome, lead_inspector, improvements, previous)
    if outcome not in ("wsoa_required", "no_wsoa"):
        raise ValueError(f"not an area SEND inspection outcome: {outcome!r}")
    required = outcome == "wsoa_required"
    improvements = list(improvements if improvements is not None else default_improvements(2, offset=7))
    title = f"Joint local area SEND inspection in {la.name}"
    (start, _), (_, end) = periods[0], periods[-1]
    body: list[PageItem] = [
        *_letter_head(la, letter_date),
        title,
        "",
        f"Between {long_date(start)} and {long_date(end)}, Ofsted and the Care Quality Commission (CQC) jointly "
        f"inspected the local area of {la.name} to judge the effectiveness of the area in implementing the "
        "special educational needs and disability reforms of the Children and Families Act 2014.",
        "",
    ]
    if required:
        body += [
            WSOA_SENTENCE,
            "The local authority and the clinical commissioning group must submit the statement jointly. It must "
            "explain how the area will tackle the following areas of significant weakness:",
            *_bullets(weaknesses),
            "",
        ]
    body += [
        "Main findings",
        prose(f"{la.name}-send-2016", 4),
        "",
        "Areas for improvement",
        *_bullets(improvements),
        *_signature(lead_inspector, letter_date),
    ]
    send = AreaSend(
        framework="2016",
        outcome=outcome,
        outcome_text=WSOA_SENTENCE if required else None,
        wsoa_required=required,
        weaknesses=[SendWeakness(w.rstrip(".")) for w in weaknesses] if required else [],
    )
    return _send_document(la, periods, letter_date, lead_inspector, improvements, send, body, title)


def _send_document(
    la: SampleCouncil,
    periods: Sequence[Period],
    letter_date: date,
    lead_inspector: str,
    improvements: list[str],
    send: AreaSend,
    body: list[PageItem],
    title: str,
) -> SampleDocument:
    record = _record(
        "area_send",
        la,
        periods,
        letter_date=letter_date,
        lead_inspector=lead_inspector,
        improvements=improvements,
        area_send=send,
    )
    return _finish(record, [body], title)


def _area_send_2023(
    la: SampleCouncil,
    periods: Sequence[Period],
    letter_date: date,
    outcome: str,
    lead_inspector: str,
    improvements: Sequence[str] | None,
    previous: tuple[Period | None, date | None],
) -> SampleDocument:
    improvements = list(improvements if improvements is not None else default_improvements(2, offset=7))
    title = f"Area SEND inspection of {la.name} Local Area Partnership"
    body: list[PageItem] = [
        long_date(letter_date),
        "",
        title,
        "",
        f"Inspection dates: {format_periods(periods, 'to')}",
    ]
    previous_inspection, previous_revisit = previous
    if previous_inspection and previous_revisit:
        body.append(
            f"Dates of previous inspection: The previous full inspection was on {long_date(previous_inspection[0])}. "
            f"There was a subsequent revisit on {long_date(previous_revisit)}."
        )
    elif previous_inspection:
        body.append(f"Dates of previous inspection: {format_period(*previous_inspection)}")
    body += [
        f"Lead inspector: {lead_inspector}, {inspector_title(letter_date)}",
        "",
        "Inspection outcome",
        *SEND_OUTCOME_SENTENCES[outcome],
        "",
        "Information about the local area partnership",
        f"{la.title} and the NHS integrated care board for the area are jointly responsible for planning and "
        f"commissioning services for children and young people with SEND in {la.name}.",
        prose(f"{la.name}-send", 4),
        "",
        "What is the local area partnership doing well?",
        prose(f"{la.name}-send-well", 3),
        "",
    ]
    if outcome == "systemic_failings":
        body += ["Areas for priority action", *_bullets(PRIORITY_ACTION_ITEMS[:1]), ""]
    body += ["Areas for improvement", *_bullets(improvements)]
    send = AreaSend(
        framework="2023",
        outcome=outcome,
        outcome_text=SEND_OUTCOME_SENTENCES[outcome][0],
        previous_inspection=previous_inspection[0] if previous_inspection else None,
        previous_revisit=previous_revisit,
    )
    return _send_document(la, periods, letter_date, lead_inspector, improvements, send, body, title)


_COUNT_WORDS = ("no", "one", "two", "three", "four", "five", "six")
_WEAKNESS_VERDICTS = {
    "sufficient": "The area has made sufficient progress in addressing this area of significant weakness.",
    "insufficient": "The area has not made sufficient progress in addressing this area of significant weakness.",
}


def send_revisit_letter(
    la: SampleCouncil,
    periods: Sequence[Period],
    *,
    letter_date: date,
    weaknesses: Sequence[tuple[str, str]],
    wsoa_issued: date,
    lead_inspector: str = "Ffion Aldous",
) -> SampleDocument:
    """A revisit after a written statement of action (2018-2022): whether the area made sufficient progress in
    addressing each area of significant weakness, given as (weakness, 'sufficient' | 'insufficient')."""
    title = f"Joint local area SEND revisit in {la.name}"
    (start, _), (_, end) = periods[0], periods[-1]
    made = sum(progress == "sufficient" for _, progress in weaknesses)
    if made == len(weaknesses):
        summary = "The area has made sufficient progress in addressing all of the significant weaknesses identified "
        summary += "at the initial inspection."
    else:
        summary = (
            f"The area has made sufficient progress in addressing {_COUNT_WORDS[made]} of the "
            f"{_COUNT_WORDS[len(weaknesses)]} significant weaknesses identified at the initial inspection."
        )
    body: list[PageItem] = [
        *_letter_head(la, letter_date),
        title,
        "",
        f"Between {long_date(start)} and {long_date(end)}, Ofsted and the Care Quality Commission (CQC) revisited "
        f"the local area of {la.name} to decide whether sufficient progress had been made in addressing each of "
        "the areas of significant weakness set out in the written statement of action (WSOA) issued on "
        f"{long_date(wsoa_issued)}.",
        "",
        f"The WSOA was declared fit for purpose on {long_date(wsoa_issued + timedelta(days=90))}. {summary} This "
        "letter outlines what inspectors found.",
        "",
        "Main findings",
    ]
    for index, (weakness, progress) in enumerate(weaknesses):
        body += [f"• {weakness}", "", prose(f"{la.name}-revisit-{index}", 3), "", _WEAKNESS_VERDICTS[progress], ""]
    body += _signature(lead_inspector, letter_date)
    insufficient = made < len(weaknesses)
    send = AreaSend(
        framework="2016",
        revisit=True,
        outcome="insufficient_progress" if insufficient else "sufficient_progress",
        outcome_text=summary if insufficient else None,
        weaknesses=[SendWeakness(w.rstrip("."), progress) for w, progress in weaknesses],
    )
    return _send_document(la, periods, letter_date, lead_inspector, [], send, body, title)


# ----------------------------------------------------------------------------------------------------
# Not Ofsted outcomes, and publications of a kind not read


def press_release(la: SampleCouncil, *, published: date, councillor: str = "Cllr Jenna Hartwell") -> SampleDocument:
    """A council's news article about an Ofsted monitoring visit: it quotes inspectors, grades nothing."""
    body: list[PageItem] = [
        f"{la.title} news",
        f"Inspectors note progress in {la.name} children's services",
        f"Published {long_date(published)}",
        "",
        f"Ofsted inspectors spent two days in {la.name} last month on a monitoring visit looking at help "
        "and protection for children, and their letter has now been published.",
        "",
        f'{councillor}, Cabinet Member for Children and Families, said: "I want to thank our social '
        "workers and managers. Inspectors saw the difference they are making, and we will keep going until "
        'every child gets the help they need."',
        "",
        f"The council's Director of Children's Services, {la.director}, said: \"There is more to do, "
        'but this visit shows we are heading in the right direction."',
        "",
        "Other news: resurfacing work on the ring road starts on Monday.",
    ]
    record = Record(file="", kind="press_release", local_authority=la.ref)
    return _finish(record, [body], f"{la.title} news", curly_quotes=False, fields=_NON_OUTCOME_FIELDS)


def press_round_up(
    councils: Sequence[SampleCouncil], *, published: date, magazine: str = "Children's Services Weekly"
) -> SampleDocument:
    """A magazine's round-up of several councils' visits: a dateline, one paragraph and a link per council, and
    neither letterhead nor signature. Not an Ofsted outcome, and about no one LA."""
    body: list[PageItem] = [
        magazine,
        f"{published:%A} {long_date(published)}",
        "Ofsted: the latest visits to children's services",
        "",
        "Ofsted has published the letters from its latest round of visits to councils. Here is what inspectors "
        "found in each.",
        "",
    ]
    for index, la in enumerate(councils):
        body += [
            la.title,
            f"Inspectors spent two days on a focused visit to {la.name} children's services in "
            f"{published - timedelta(weeks=6):%B} to look at the help given to children in need.",
            prose(f"{la.name}-round-up-{index}", 2),
            "The full report can be read here.",
            "",
        ]
    record = Record(file="", kind="press_release", local_authority=None)
    return _finish(record, [body], "Ofsted: the latest visits", fields=_NON_OUTCOME_FIELDS)


def contact_referral_letter(la: SampleCouncil, periods: Sequence[Period], *, letter_date: date) -> SampleDocument:
    """An unannounced inspection of contact, referral and assessment (2009-2013): an Ofsted letter of a kind this
    project does not read. It must come out `unknown`, its title in the warning, and never as an ILACS report."""
    title = f"Inspection of contact, referral and assessment arrangements within {la.title} children's services"
    body: list[PageItem] = [
        *_letter_head(la, letter_date),
        title,
        "",
        f"This letter sets out the findings of the unannounced inspection of contact, referral and assessment "
        f"arrangements in {la.title}, carried out on {format_periods(periods, 'and')}.",
        "",
        "Areas of strength",
        *_bullets([prose(f"{la.name}-ucra-strength", 1)]),
        "",
        "Areas for development",
        *_bullets(default_improvements(2, offset=1)),
        *_signature("Imogen Hale", letter_date),
    ]
    record = Record(file="", kind="unknown", local_authority=None)
    return _finish(record, [body], title, fields=_NON_OUTCOME_FIELDS)


_NON_OUTCOME_FIELDS = ("kind", "is_ofsted_outcome", "local_authority")

_NOT_FOUND_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Report not found - Ofsted reports</title>
</head>
<body>
<header><a href="/">Find an inspection report</a></header>
<main>
<h1>Report not found</h1>
<p>We could not find the report you asked for. It may have been moved or withdrawn.</p>
<p><a href="/search">Search for another report</a></p>
</main>
</body>
</html>
"""


def report_not_found_page() -> SampleDocument:
    """The HTML page the reports site serves under a '.pdf' link when a file has gone."""
    expected = {"kind": "unknown", "is_ofsted_outcome": False, "local_authority": None}
    return SampleDocument(kind="unknown", title="Report not found", expected=expected, html=_NOT_FOUND_HTML)


# ----------------------------------------------------------------------------------------------------
# One default document of every kind


def _ilacs_default(periods: Sequence[Period]) -> Callable[..., SampleDocument]:
    def build(**params: Any) -> SampleDocument:
        defaults: dict[str, Any] = {
            "la": council("Wessex"),
            "periods": periods,
            "grades": {
                "leaders": "good",
                "help_and_protection": "requires_improvement",
                "in_care": "good",
                "care_leavers": "outstanding",
            },
            "overall": "good",
        }
        return ilacs_report(**{**defaults, **params})

    return build


def _with_defaults(builder: Callable[..., SampleDocument], **defaults: Any) -> Callable[..., SampleDocument]:
    def build(**params: Any) -> SampleDocument:
        return builder(**{**defaults, **params})

    return build


_SIF_GRADES = {
    "help_and_protection": "requires_improvement",
    "looked_after_permanence": "requires_improvement",
    "adoption": "good",
    "care_leavers": "inadequate",
    "leadership_management_governance": "requires_improvement",
}

BUILDERS: dict[str, Callable[..., SampleDocument]] = {
    "ilacs_standard": _ilacs_default([(date(2023, 3, 6), date(2023, 3, 17))]),
    "ilacs_short": _ilacs_default([(date(2023, 10, 9), date(2023, 10, 13))]),
    "sif": _with_defaults(
        sif_report,
        la=council("Northmoor"),
        periods=[(date(2014, 11, 10), date(2014, 12, 4))],
        published=date(2015, 1, 22),
        overall="requires_improvement",
        grades=_SIF_GRADES,
    ),
    "pre_sif": _with_defaults(
        pre_sif_report,
        la=council("Anglia Fens"),
        periods=[(date(2013, 6, 3), date(2013, 6, 7))],
        published=date(2013, 7, 12),
    ),
    "lscb_review": _with_defaults(
        lscb_review,
        la=council("Elmet"),
        periods=[(date(2016, 5, 9), date(2016, 6, 2))],
        published=date(2016, 7, 14),
        grade="good",
    ),
    "monitoring_visit": _with_defaults(
        monitoring_visit_letter,
        la=council("Northmoor"),
        periods=[(date(2020, 3, 3), date(2020, 3, 4))],
        letter_date=date(2020, 3, 27),
        number=2,
        progress="insufficient",
        prior_judgement_month=date(2019, 6, 1),
        deterioration=True,
    ),
    "focused_visit": _with_defaults(
        focused_visit_letter,
        la=council("Elmet"),
        periods=[(date(2019, 9, 10), date(2019, 9, 11))],
        letter_date=date(2019, 10, 4),
        priority_actions=PRIORITY_ACTION_ITEMS[:2],
        deterioration=True,
    ),
    "jtai": _with_defaults(
        jtai_letter,
        la=council("Kingsmarsh"),
        periods=[(date(2019, 3, 4), date(2019, 3, 8))],
        letter_date=date(2019, 4, 25),
    ),
    "area_send": _with_defaults(
        area_send_letter,
        la=council("Mercia Vale"),
        periods=[(date(2023, 11, 6), date(2023, 11, 10))],
        letter_date=date(2023, 12, 15),
    ),
    "press_release": _with_defaults(press_release, la=council("Wessex"), published=date(2020, 12, 3)),
    "unknown": report_not_found_page,
}


def _councils(*names: str) -> list[SampleCouncil]:
    return [council(name) for name in names]


# Named documents beyond each kind's default: every era of visit letter, every area SEND outcome and revisit,
# both eras of JTAI, and the edge cases (a magazine's round-up, an Ofsted letter of a kind not read).
VARIANTS: dict[str, Callable[[], SampleDocument]] = {
    "monitoring_visit_pandemic": lambda: monitoring_visit_letter(
        council("Northmoor"), [(date(2020, 11, 3), date(2020, 11, 4))], letter_date=date(2020, 12, 1), number=4,
        progress="sufficient", prior_judgement_month=date(2019, 6, 1), era="pandemic",
    ),
    "monitoring_visit_pandemic_insufficient": lambda: monitoring_visit_letter(
        council("Northmoor"), [(date(2021, 2, 9), date(2021, 2, 10))], letter_date=date(2021, 3, 5), number=5,
        progress="insufficient", prior_judgement_month=date(2019, 6, 1), era="pandemic", deterioration=True,
    ),
    "monitoring_visit_pandemic_good": lambda: monitoring_visit_letter(
        council("Anglia Fens"), [(date(2020, 10, 6), date(2020, 10, 7))], letter_date=date(2020, 11, 2), number=6,
        progress="good", prior_judgement_month=date(2017, 6, 1), era="pandemic", focus="care leavers",
    ),
    "monitoring_visit_2021": lambda: monitoring_visit_letter(
        council("Kingsmarsh"), [(date(2022, 5, 10), date(2022, 5, 11))], letter_date=date(2022, 6, 8), number=3,
        progress="sufficient", prior_judgement_month=date(2021, 7, 1), era="2021",
    ),
    "monitoring_visit_2021_insufficient": lambda: monitoring_visit_letter(
        council("Kingsmarsh"), [(date(2023, 3, 7), date(2023, 3, 8))], letter_date=date(2023, 4, 4), number=7,
        progress="insufficient", prior_judgement_month=date(2021, 7, 1), era="2021", deterioration=True,
        inspectors=("Imogen Hale",),
    ),
    "monitoring_visit_2021_good": lambda: monitoring_visit_letter(
        council("Wessex"), [(date(2024, 9, 17), date(2024, 9, 18))], letter_date=date(2024, 10, 15), number=11,
        progress="good", prior_judgement_month=date(2022, 1, 1), era="2021", focus="care leavers",
    ),
    "focused_visit_pandemic_assurance": lambda: focused_visit_letter(
        council("Wessex"), [(date(2020, 10, 13), date(2020, 10, 14))], letter_date=date(2020, 11, 10),
        era="pandemic", assurance=True,
    ),
    "focused_visit_pandemic": lambda: focused_visit_letter(
        council("Elmet"), [(date(2021, 2, 2), date(2021, 2, 3))], letter_date=date(2021, 3, 2), era="pandemic",
        priority_actions=PRIORITY_ACTION_ITEMS[:1], deterioration=True,
    ),
    "focused_visit_2021": lambda: focused_visit_letter(
        council("Isles of Lyonesse"), [(date(2022, 7, 12), date(2022, 7, 13))], letter_date=date(2022, 8, 10),
        era="2021", prior_judgement=("requires_improvement", date(2019, 3, 1)),
        priority_actions=PRIORITY_ACTION_ITEMS[1:], last_inspection_year=2019,
    ),
    "focused_visit_2021_single_action": lambda: focused_visit_letter(
        council("Anglia Fens"), [(date(2023, 11, 21), date(2023, 11, 22))], letter_date=date(2023, 12, 19),
        era="2021", priority_actions=PRIORITY_ACTION_ITEMS[2:], deterioration=True, last_inspection_year=2019,
        focus="children in care",
    ),
    "jtai_themed": lambda: jtai_letter(
        council("Wessex"), [(date(2023, 3, 20), date(2023, 3, 24))], letter_date=date(2023, 5, 3),
        theme="identification of initial need and risk",
    ),
    "jtai_serious_youth_violence": lambda: jtai_letter(
        council("Elmet"), [(date(2024, 1, 15), date(2024, 1, 19))], letter_date=date(2024, 2, 28),
        theme="serious youth violence", partners=("police", "local_authority", "education", "youth_justice", "health"),
    ),
    "jtai_deep_dive_exploitation": lambda: jtai_letter(
        council("Anglia Fens"), [(date(2016, 2, 1), date(2016, 2, 5))], letter_date=date(2016, 3, 18),
        theme="child sexual exploitation and children missing from home, care or education",
    ),
    "area_send_positive": lambda: area_send_letter(
        council("Kingsmarsh"), [(date(2024, 2, 5), date(2024, 2, 9))], letter_date=date(2024, 3, 22),
        outcome="positive",
    ),
    "area_send_systemic_failings": lambda: area_send_letter(
        council("Anglia Fens"), [(date(2024, 6, 10), date(2024, 6, 14))], letter_date=date(2024, 7, 26),
        outcome="systemic_failings", previous_inspection=(date(2018, 1, 15), date(2018, 1, 19)),
    ),
    # The trap of issue 35: the previous inspection's date, in a sentence, must not pass for the report's own.
    "area_send_previous_inspection_and_revisit": lambda: area_send_letter(
        council("Elmet"), [(date(2024, 11, 18), date(2024, 11, 22))], letter_date=date(2025, 1, 31),
        outcome="positive", previous_inspection=(date(2018, 3, 19), date(2018, 3, 19)),
        previous_revisit=date(2020, 3, 24),
    ),
    # Dates as a list with commas (issue 35: no real letter of ../shared/letters has one).
    "focused_visit_comma_list_dates": lambda: focused_visit_letter(
        council("Wessex"), [(date(2020, 9, 29), date(2020, 10, 1))], letter_date=date(2020, 11, 3),
        date_style="comma_list",
    ),
    "area_send_2016_wsoa": lambda: area_send_letter(
        council("Anglia Fens"), [(date(2018, 1, 15), date(2018, 1, 19))], letter_date=date(2018, 3, 9),
        outcome="wsoa_required",
    ),
    "area_send_2016_no_wsoa": lambda: area_send_letter(
        council("Wessex"), [(date(2017, 5, 8), date(2017, 5, 12))], letter_date=date(2017, 6, 30),
    ),
    "send_revisit_sufficient": lambda: send_revisit_letter(
        council("Elmet"), [(date(2021, 5, 19), date(2021, 5, 21))], letter_date=date(2021, 6, 25),
        weaknesses=[(weakness, "sufficient") for weakness in SEND_WEAKNESSES[:3]], wsoa_issued=date(2018, 11, 29),
    ),
    "send_revisit_insufficient": lambda: send_revisit_letter(
        council("Anglia Fens"), [(date(2019, 10, 15), date(2019, 10, 17))], letter_date=date(2019, 11, 22),
        weaknesses=list(zip(SEND_WEAKNESSES, ("sufficient", "insufficient", "sufficient", "insufficient"),
                            strict=True)),
        wsoa_issued=date(2018, 3, 9),
    ),
    # Since April 2026: four judgements and no overall; each improvement cites the National Framework.
    "ilacs_2026_no_overall": lambda: ilacs_report(
        council("Wessex"), [(date(2026, 5, 4), date(2026, 5, 15))],
        grades={"leaders": "inadequate", "help_and_protection": "inadequate", "in_care": "requires_improvement",
                "care_leavers": "good"},
        improvements=default_improvements(3), footnote_marker="own_line",
        national_framework=[("(Outcome four, National Framework)", "outcome_4"),
                            ("(enabler: leaders drive conditions for effective practice, national framework)",
                             "enabler_2"),
                            ("(Principle 1)", "principle_1")],
    ),
    # Late 2025: care leavers' row misprinted 'children care leavers', the footnote marker glued to the heading.
    "ilacs_2025_children_care_leavers": lambda: ilacs_report(
        council("Elmet"), [(date(2025, 10, 6), date(2025, 10, 17))], overall="good",
        grades={"leaders": "good", "help_and_protection": "requires_improvement", "in_care": "outstanding",
                "care_leavers": "outstanding"},
        care_leavers_label="The experiences and progress of children care leavers", footnote_marker="glued",
        improvements=default_improvements(2),
        national_framework=[("(National Framework, Outcome 1).", "outcome_1"), ("(outcome 2, national framework)",
                                                                                "outcome_2")],
    ),
    "press_round_up": lambda: press_round_up(_councils("Wessex", "Elmet", "Kingsmarsh"), published=date(2024, 4, 10)),
    "contact_referral_letter": lambda: contact_referral_letter(
        council("Northmoor"), [(date(2011, 5, 10), date(2011, 5, 11))], letter_date=date(2011, 5, 20)
    ),
}  # fmt: skip


def variant(name: str) -> SampleDocument:
    """A named document of VARIANTS."""
    if name not in VARIANTS:
        raise ValueError(f"no sample variant {name!r}; known: {', '.join(VARIANTS)}")
    return VARIANTS[name]()


def build(kind: str, **params: Any) -> SampleDocument:
    """A sample document of `kind`, with defaults for everything not given."""
    if kind not in BUILDERS:
        raise ValueError(f"no sample builder for kind {kind!r}; known: {', '.join(BUILDERS)}")
    return BUILDERS[kind](**params)


def build_pdf(kind: str, *, compress: bool = True, **params: Any) -> bytes:
    """The bytes of a sample document of `kind` (HTML for `unknown`)."""
    return build(kind, **params).to_bytes(compress=compress)
