"""The graded judgements of a full inspection, by framework: ILACS grid, SIF summary, pre-SIF main findings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tasks.parsing.grades import GRADE_PHRASE, GradedRows, canonical_grade, read_graded_rows
from tasks.parsing.text import flat

_THE = r"(?:the\s+)?"
_EXPERIENCES = _THE + r"experiences\s+and\s+progress\s+of\s+"
ILACS_LABELS = {
    "leaders": _THE + r"impact\s+of\s+leaders\s+on\s+social\s+work\s+practice\s+with\s+children\s+and\s+families\.?",
    "help_and_protection": _EXPERIENCES + r"children\s+who\s+need\s+help\s+and\s+protection",
    "in_care": _EXPERIENCES + r"children\s+in\s+care(?P<combined>\s+and\s+care\s+leavers)?",
    "care_leavers": _EXPERIENCES + r"care\s+leavers",
    "overall": r"overall\s+effectiveness",
}
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


def read_judgements(kind: str, text: str) -> Judgements:
    if kind.startswith("ilacs"):
        return _ilacs(text)
    if kind == "sif":
        return _sif(text)
    if kind == "pre_sif":
        return _pre_sif(text)
    if kind == "lscb_review":
        return _lscb_only(text)
    return Judgements()


def _ilacs(text: str) -> Judgements:
    body = flat(text)
    grid_end = re.search(rf"overall\s+effectiveness\s+({GRADE_PHRASE})\b", body, re.IGNORECASE)
    if grid_end is None:
        return Judgements(problems=["overall: no 'Overall effectiveness' grade in a judgement grid"])
    grid = body[max(0, grid_end.start() - 1200) : grid_end.end()]
    grid = grid[_grid_start(grid) :]
    combined = re.search(ILACS_LABELS["in_care"], grid, re.IGNORECASE)
    labels = dict(ILACS_LABELS)
    is_combined = bool(combined and combined.group("combined"))
    if is_combined:
        # Until 2023 children in care and care leavers were graded together, as `in_care`.
        del labels["care_leavers"]
    result = _result(read_graded_rows(grid, labels))
    if is_combined and "in_care" in result.grades:
        result.combined = {"in_care": ["care_leavers"]}
    return result


def _grid_start(grid: str) -> int:
    header = list(re.finditer(r"judgements?\s+grade", grid, re.IGNORECASE))
    return header[-1].end() if header else 0


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


def _first_grade_after(patterns: tuple[str, ...], body: str) -> str | None:
    best: tuple[int, str] | None = None
    for pattern in patterns:
        match = re.search(rf"{pattern}({GRADE_PHRASE})\b", body, re.IGNORECASE)
        if match and (best is None or match.start() < best[0]):
            grade = canonical_grade(match.group(1))
            if grade:
                best = (match.start(), grade)
    return best[1] if best else None
