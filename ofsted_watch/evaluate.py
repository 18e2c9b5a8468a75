"""`ofsted-watch eval`: score extraction against a verified answer key, field by field."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ofsted_watch.record import Record

SCORED_FIELDS = (
    "kind",
    "la_code",
    "inspection_start",
    "inspection_end",
    "published",
    "lead_inspector",
    "overall",
    "leaders",
    "help_and_protection",
    "in_care",
    "care_leavers",
    "looked_after_permanence",
    "adoption",
    "leadership_management_governance",
    "lscb",
    "capacity_to_improve",
)
# These must be perfect, whatever --min-accuracy says.
EXACT_FIELDS = ("kind", "overall")


@dataclass
class Mismatch:
    file: str
    field: str
    expected: str
    got: str


@dataclass
class Score:
    rows: int = 0
    correct: dict[str, int] = field(default_factory=dict)
    mismatches: list[Mismatch] = field(default_factory=list)

    def accuracy(self, name: str) -> float:
        return self.correct.get(name, 0) / self.rows if self.rows else 0.0


def answer_values(record: Record) -> dict[str, str]:
    """A record in the key's columns: empty string for nothing."""
    values = {
        "kind": record.kind,
        "la_code": record.local_authority.la_code if record.local_authority else "",
        "inspection_start": _iso(record.inspection_start),
        "inspection_end": _iso(record.inspection_end),
        "published": _iso(record.published),
        "lead_inspector": record.lead_inspector or "",
        "overall": record.overall or "",
    }
    for area in SCORED_FIELDS[7:]:
        values[area] = record.judgements.get(area, "")
    return values


def score(rows: list[dict[str, str]], records: Iterable[Record]) -> Score:
    result = Score(rows=len(rows), correct=dict.fromkeys(SCORED_FIELDS, 0))
    for row, record in zip(rows, records, strict=True):
        got = answer_values(record)
        for name in SCORED_FIELDS:
            expected = (row.get(name) or "").strip()
            if _same(name, expected, got[name]):
                result.correct[name] += 1
            else:
                result.mismatches.append(Mismatch(row["file"], name, expected, got[name]))
    return result


def run_eval(corpus: Path, answers: Path, min_accuracy: float) -> int:
    if not answers.is_file() or not corpus.is_dir():
        print(f"eval: need a corpus folder and an answers CSV (got {corpus}, {answers})")
        return 2
    with answers.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    records = _extract_all([corpus / row["file"] for row in rows])
    result = score(rows, records)
    _print_report(result)
    failing = [
        name for name in SCORED_FIELDS if result.accuracy(name) < (1.0 if name in EXACT_FIELDS else min_accuracy)
    ]
    if failing:
        print(f"FAIL: below threshold: {', '.join(failing)}")
        return 1
    print(f"OK: every field at or above {min_accuracy:.2%}; kind and overall at 100%")
    return 0


def _extract_all(paths: list[Path]) -> list[Record]:
    from tasks.extract import extract_path

    workers = min(len(paths), os.cpu_count() or 1)
    if workers <= 1:
        return [extract_path(path) for path in paths]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(extract_path, paths, chunksize=8))


def _print_report(result: Score) -> None:
    for mismatch in result.mismatches:
        print(f"MISMATCH {mismatch.file} | {mismatch.field} | expected {mismatch.expected!r} | got {mismatch.got!r}")
    print(f"\n{result.rows} documents")
    print(f"{'field':<36}{'accuracy':>10}{'correct':>10}")
    for name in SCORED_FIELDS:
        print(f"{name:<36}{result.accuracy(name):>10.2%}{result.correct[name]:>10}")


def _same(name: str, expected: str, got: str) -> bool:
    if name == "lead_inspector":
        return " ".join(expected.split()).lower() == " ".join(got.split()).lower()
    return expected == got


def _iso(value: object) -> str:
    return value.isoformat() if value is not None else ""  # type: ignore[attr-defined]
