"""Judgements: each grade is read next to its own label, never from running text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tasks.parsing.text import flat

GRADE_PHRASE = r"requires?\s+improvement(?:\s+to\s+be\s+good)?|outstanding|inadequate|adequate|good|not\s+judged"
_GRADE = re.compile(rf"(?:{GRADE_PHRASE})", re.IGNORECASE)
NOT_JUDGED = "not_judged"


def canonical_grade(phrase: str) -> str | None:
    """'Requires improvement to be good' -> 'requires_improvement'; None when it is not exactly one grade."""
    cleaned = flat(phrase).strip(" .,:;*").lower()
    if not _GRADE.fullmatch(cleaned):
        return None
    if cleaned.startswith("require"):
        return "requires_improvement"
    if cleaned.startswith("not"):
        return NOT_JUDGED
    return cleaned


@dataclass
class GradedRows:
    grades: dict[str, str] = field(default_factory=dict)
    # area -> why its grade could not be read
    problems: dict[str, str] = field(default_factory=dict)


def read_graded_rows(text: str, labels: dict[str, str], *, stop: str | None = None) -> GradedRows:
    """Read a table of `label grade` rows from `text` (labels may wrap, grades may sit on the next line).

    `labels` maps area -> label regex. Each label's grade is the text between the end of that label and the
    start of the next label (or `stop`); it must be exactly one grade phrase, or the area is reported as a
    problem and left empty.
    """
    body = flat(text)
    found: list[tuple[int, int, str]] = []
    for area, pattern in labels.items():
        match = re.search(pattern, body, re.IGNORECASE)
        if match:
            found.append((match.start(), match.end(), area))
    found.sort()
    ends = [start for start, _, _ in found[1:]]
    if stop:
        stop_match = re.search(stop, body, re.IGNORECASE)
        ends.append(stop_match.start() if stop_match else len(body))
    else:
        ends.append(len(body))
    result = GradedRows()
    for (_, label_end, area), cell_end in zip(found, ends, strict=True):
        cell = _strip_numbering(body[label_end:cell_end])
        grade = canonical_grade(cell) or _leading_grade(cell)
        if grade is None:
            result.problems[area] = f"no grade next to its label (found {cell[:60]!r})"
        elif grade != NOT_JUDGED:
            result.grades[area] = grade
    for area in labels:
        if area not in {a for _, _, a in found}:
            result.problems.setdefault(area, "label not found")
    return result


def _strip_numbering(cell: str) -> str:
    """Drop the next row's number ('2.', '2.1') and footnote marks that trail a cell."""
    return re.sub(r"(?:\s+\d+(?:\.\d+)*\.?)+\s*$", "", cell).strip()


def _leading_grade(cell: str) -> str | None:
    """A cell whose grade is followed by the table's running text, cut at the first sentence-like break."""
    match = re.match(rf"({GRADE_PHRASE})(?:\.?\s+(?:[A-Z]|\d)|\.?$)", cell, re.IGNORECASE)
    return canonical_grade(match.group(1)) if match else None
