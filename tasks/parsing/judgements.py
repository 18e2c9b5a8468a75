"""The graded judgements of a full inspection, by framework: ILACS grid, SIF summary, pre-SIF main findings."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import takewhile

from common.frameworks import FORMAT_CHANGED_WORDS, Framework, frameworks_for_kind
from tasks.parsing.grades import GRADE_PHRASE, GradedRows, canonical_grade, read_graded_rows
from tasks.parsing.text import flat

_THE = r"(?:the\s+)?"
_EXPERIENCES = _THE + r"experiences\s+and\s+progress\s+of\s+"
_END = r"\s*[.:]?"
# The ILACS grid's row labels, every wording met or reasonably expected (a label may wrap at any word): tried in
# this order at the start of each row, so the combined row of 2018-23 comes before "children in care".
ILACS_LABELS = {
    "leaders": _THE + r"impact\s+of\s+leaders\s+on\s+(?:social\s+work\s+)?practice\s+with\s+children\s+and\s+families",
    "help_and_protection": _EXPERIENCES + r"children\s+who\s+need\s+help\s+and\s+protection",
    # Until 2023 children in care and care leavers were graded together: kept as `in_care` (combined).
    "in_care_combined": _EXPERIENCES + r"children\s+in\s+care\s+and\s+care\s+leavers",
    "in_care": _EXPERIENCES + r"children\s+in\s+care",
    # 'children care leavers' (sic) labels the row in reports from late 2025.
    "care_leavers": _EXPERIENCES + r"(?:(?:children|young\s+people)\s+)?(?:care\s+leavers|leaving\s+care)",
    "overall": r"overall\s+effectiveness",
}
_COMBINED = "in_care_combined"
_GRID_LABELS = tuple((area, re.compile(label + _END + r"\s*", re.IGNORECASE)) for area, label in ILACS_LABELS.items())
_GRID_HEADER = re.compile(r"^judgements?\s+grades?$", re.IGNORECASE)
# The grid follows its header within the first pages; its lines are short, and the first long line is prose.
_GRID_SEARCH_LINES = 400
_GRID_LINE_MAX_CHARS = 70
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")
# A grade, then at least eight words of a sentence: the summary, not another row.
_PROSE_AFTER_GRADE = re.compile(rf"({GRADE_PHRASE})\s+[A-Z]\S*(?:\s+\S+){{7,}}$", re.IGNORECASE)
SIF_LABELS = {
    "help_and_protection": r"children\s+who\s+need\s+help\s+and\s+protection",
    "looked_after_permanence": r"children\s+looked\s+after\s+and\s+achieving\s+permanence",
    "adoption": r"adoption\s+performance",
    "care_leavers": r"experiences\s+and\s+progress\s+of\s+care\s+leavers",
    "leadership_management_governance": r"leadership,?\s+management\s+and\s+governance",
}
PRE_SIF_LABELS = {
    "overall": r"overall\s+effectiveness",
    "capacity_to_improve": r"capacity\s+(?:to|for)\s+improve(?:ment)?",
    # Rows graded on the same scale that bound the cells above; not areas of the record.
    "_outcomes": r"outcomes\s+for\s+(?:looked\s+after\s+)?children\s+and\s+young\s+people",
    "_provision": r"quality\s+of\s+provision",
    "_leadership": r"leadership\s+and\s+management",
    "_safeguarding": r"(?:how\s+good\s+is\s+the\s+)?safeguarding(?:\s+services)?",
}
_SUBJECT = r"(?:children'?s\s+services?|the\s+(?:local\s+)?authority|services\s+for\s+children)"
_SIF_OVERALL = (
    rf"the\s+overall\s+judgement\s+is\s+(?:that\s+{_SUBJECT}\s+(?:(?:are|is)\s+)?)?",
    rf"children'?s\s+services?\s+in\s+[^.]{{2,120}}?\s+(?:(?:are|is)\s+)?(?=(?:{GRADE_PHRASE})\b)",
)
_OVERALL_ROW = (r"overall\s+effectiveness\s*(?:is\s+)?:?\s*",)
_LSCB = (
    r"(?:the\s+)?(?:effectiveness\s+of\s+the\s+)?(?:local\s+safeguarding\s+children'?s?\s+board|LSCB)"
    r"(?:\s*\(L?SCB\))?\s+(?:is\s+|are\s+)?(?:judged\s+(?:to\s+be\s+)?)?"
)


@dataclass
class Judgements:
    overall: str | None = None
    grades: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    # area -> the other areas its grade also covers (see Record.combined_judgements)
    combined: dict[str, list[str]] = field(default_factory=dict)
    # The framework the grades were given under (common/frameworks.py); for ILACS read from the grid.
    framework: str | None = None
    # Why a full inspection's grid fits no known framework: nothing of it is read (rule unknown_framework).
    unknown_framework: str | None = None


def read_judgements(kind: str, text: str) -> Judgements:
    """The grades of a report of `kind`, and the framework they were given under (None for an LSCB review)."""
    if kind.startswith("ilacs"):
        return _ilacs(text, kind)
    if kind in _ONE_FRAMEWORK_READERS:
        result = _ONE_FRAMEWORK_READERS[kind](text)
        # The SIF and the frameworks before it each had one grid: the kind decides the framework.
        (result.framework,) = (framework.code for framework in frameworks_for_kind(kind))
        return result
    if kind == "lscb_review":
        return _lscb_only(text)
    return Judgements()


def _ilacs(text: str, kind: str) -> Judgements:
    """An ILACS grid, read row by row, and the framework whose areas and scale it has (docs/frameworks.md)."""
    grid = _grid_region(text)
    if grid is None:
        return Judgements(problems=["overall: no judgement grid ('Judgement Grade' and its rows) found"])
    rows, unread = _grid_rows(grid)
    if unread:
        return _unknown_framework(rows, f"its grid holds {unread!r}, which is no label and grade of a known framework")
    combined = any(area == _COMBINED for area, _ in rows)
    grades = {("in_care" if area == _COMBINED else area): grade for area, grade in rows}
    found = _framework_grading(kind, grades, combined)
    if found is None:
        graded = ", ".join(f"{area} {grade}" for area, grade in grades.items()) or "nothing"
        return _unknown_framework([], f"its grid grades {graded}; no known framework grades exactly these")
    result = Judgements(overall=grades.pop("overall", None), grades=grades, framework=found.code)
    if combined:
        result.combined = {"in_care": ["care_leavers"]}
    return result


def _grid_region(text: str) -> str | None:
    """The grid's lines on one line: from the 'Judgement Grade' header to the first line of prose after it."""
    lines = [line.strip() for line in text.split("\n")]
    header = next((index for index, line in enumerate(lines[:_GRID_SEARCH_LINES]) if _GRID_HEADER.match(line)), None)
    if header is None:
        return None
    grid = list(takewhile(_is_grid_line, lines[header + 1 :]))
    return flat(" ".join(grid))


def _is_grid_line(line: str) -> bool:
    """A row (a label, then its grade: one line of text or HTML), or a short piece of one as a PDF wraps it; the
    summary's first line is long or holds a sentence break."""
    short = len(line) <= _GRID_LINE_MAX_CHARS and not _SENTENCE_BREAK.search(line)
    return short or _label_at(flat(line), 0) is not None


def _grid_rows(grid: str) -> tuple[list[tuple[str, str]], str | None]:
    """(area, grade) for each row, in order; and the text of the first row that is not a known label with one
    grade beside it (None when every row is)."""
    rows: list[tuple[str, str]] = []
    position = 0
    while position < len(grid):
        label = _label_at(grid, position)
        following = _next_label(grid, label[1] if label else position)
        grade = _cell_grade(grid[label[1] : following], last=following == len(grid)) if label else None
        if label is None or grade is None:
            return rows, grid[position:following][:160]
        rows.append((label[0], grade))
        position = following
    return rows, None


def _cell_grade(cell: str, last: bool) -> str | None:
    """The cell's grade; the last cell may run on into the summary's first words when its line was short."""
    grade = canonical_grade(cell)
    if grade or not last:
        return grade
    lead = _PROSE_AFTER_GRADE.match(cell.strip())
    return canonical_grade(lead.group(1)) if lead else None


def _label_at(grid: str, position: int) -> tuple[str, int] | None:
    for area, pattern in _GRID_LABELS:
        match = pattern.match(grid, position)
        if match:
            return area, match.end()
    return None


def _next_label(grid: str, start: int) -> int:
    found = [match.start() for _, pattern in _GRID_LABELS if (match := pattern.search(grid, start))]
    return min(found, default=len(grid))


def _framework_grading(kind: str, grades: dict[str, str], combined: bool) -> Framework | None:
    """The framework that grades exactly these areas (overall included or not), on its own scale."""
    return next(
        (
            framework
            for framework in frameworks_for_kind(kind)
            if framework.judged == set(grades)
            and bool(framework.combined_areas) == combined
            and set(grades.values()) <= set(framework.grade_scale)
        ),
        None,
    )


def _unknown_framework(rows: list[tuple[str, str]], why: str) -> Judgements:
    """A grid no known framework has: nothing of it is kept, and the record says why (rule unknown_framework)."""
    read = "; ".join(f"{area} {grade}" for area, grade in rows)
    detail = f" (rows read before it: {read})" if read else ""
    return Judgements(unknown_framework=f"{why}{detail}: {FORMAT_CHANGED_WORDS}")


def _sif(text: str) -> Judgements:
    body = flat(text)
    overall = _first_grade_after(_SIF_OVERALL, body) or _first_grade_after(_OVERALL_ROW, body)
    areas = _sif_areas(body)
    lscb = _lscb_grade(body)
    if lscb:
        areas.grades["lscb"] = lscb
    result = _result(areas)
    result.overall = overall
    if overall is None:
        result.problems.append("overall: no overall judgement sentence found")
    return result


def _sif_areas(body: str) -> GradedRows:
    first = re.search(SIF_LABELS["help_and_protection"], body, re.IGNORECASE)
    last_label = rf"{SIF_LABELS['leadership_management_governance']}\s*({GRADE_PHRASE})\b"
    last = re.compile(last_label, re.IGNORECASE).search(body, first.end()) if first else None
    if not (first and last):
        return GradedRows(problems=dict.fromkeys(SIF_LABELS, "no summary table of area judgements"))
    return read_graded_rows(body[first.start() : last.end()], SIF_LABELS)


def _lscb_grade(body: str) -> str | None:
    for match in re.finditer(rf"{_LSCB}({GRADE_PHRASE})\b", body, re.IGNORECASE):
        # 'An LSCB requires improvement if it…' defines the grade; it does not award it.
        following = body[match.end() : match.end() + 12].lower()
        if not re.match(r"\s*(?:if|when|where)\b", following):
            return canonical_grade(match.group(1))
    return None


def _lscb_only(text: str) -> Judgements:
    grade = _lscb_grade(flat(text))
    result = Judgements(grades={"lscb": grade} if grade else {})
    if grade is None:
        result.problems.append("lscb: no judgement on the board's effectiveness found")
    return result


def _pre_sif(text: str) -> Judgements:
    body = flat(text)
    findings = list(re.finditer(r"record\s+of\s+main\s+findings", body, re.IGNORECASE))
    # Without a findings table (2012-13 protection inspections), the first graded 'Overall effectiveness' row.
    start = findings[-1].end() if findings else _first_graded_overall(body)
    if start is None:
        return Judgements(problems=["overall: no 'Record of main findings' table or graded overall effectiveness"])
    table = body[start : start + 1500]
    rows = read_graded_rows(table, PRE_SIF_LABELS)
    return _result(
        GradedRows(
            grades={a: g for a, g in rows.grades.items() if not a.startswith("_")},
            problems={a: why for a, why in rows.problems.items() if not a.startswith("_")},
        )
    )


def _first_graded_overall(body: str) -> int | None:
    match = re.search(rf"overall\s+effectiveness\s*(?:is\s*)?:?\s*(?={GRADE_PHRASE})", body, re.IGNORECASE)
    return match.start() if match else None


def _result(rows: GradedRows) -> Judgements:
    """The record's shape: `overall` on its own, each unreadable area as an 'area: why' warning."""
    grades = dict(rows.grades)
    overall = grades.pop("overall", None)
    return Judgements(overall=overall, grades=grades, problems=[f"{a}: {why}" for a, why in rows.problems.items()])


_ONE_FRAMEWORK_READERS: dict[str, Callable[[str], Judgements]] = {"sif": _sif, "pre_sif": _pre_sif}


def _first_grade_after(patterns: tuple[str, ...], body: str) -> str | None:
    best: tuple[int, str] | None = None
    for pattern in patterns:
        match = re.search(rf"{pattern}({GRADE_PHRASE})\b", body, re.IGNORECASE)
        if match and (best is None or match.start() < best[0]):
            grade = canonical_grade(match.group(1))
            if grade:
                best = (match.start(), grade)
    return best[1] if best else None
