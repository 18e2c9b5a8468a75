"""`ofsted-watch eval`: score extraction against a verified answer key, field by field.

Besides the fields of answers.csv, `--improvements` scores the list of improvements against a second key
(improvements.csv: the number of items and the first words of the first). `--errata` names corrections to the
keys, each with its reason: a row of a key that the document itself contradicts is scored against the
correction, and the score against the key as given is printed beside it.
"""

from __future__ import annotations

import csv
import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from common.record import Record

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
IMPROVEMENTS = "improvements"
NATIONAL_FRAMEWORK = "national_framework"
_HYPHEN = re.compile(r"\s*[-\u2010\u2011\u00ad]\s*")


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


@dataclass(frozen=True)
class Erratum:
    """A cell of a key that the document contradicts: the key's value, the document's, and why."""

    file: str
    column: str
    key_value: str
    corrected_value: str
    reason: str


@dataclass
class ListScore:
    name: str = IMPROVEMENTS
    rows: int = 0
    correct: int = 0
    correct_as_given: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)
    corrected: list[Erratum] = field(default_factory=list)
    stale: list[Erratum] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.rows if self.rows else 0.0

    @property
    def accuracy_as_given(self) -> float:
        return self.correct_as_given / self.rows if self.rows else 0.0


def same_words(key: str, item: str) -> bool:
    """Whether `item` starts with the key's words: blind to case, spacing, hyphenation and quote marks only."""
    expected, got = _words(key), _words(item)
    if not expected or not got.startswith(expected):
        return False
    # The key's last word is whole ('in key' is not 'in keyed'), unless the key cut it at a hyphen ('20-').
    return len(got) == len(expected) or not got[len(expected)].isalnum() or key.rstrip().endswith("-")


def improvements_match(row: dict[str, str], items: list[str]) -> bool:
    """The key's count exactly, and its first words at the start of the first item."""
    count = int(row["improvements_count"])
    if len(items) != count:
        return False
    return count == 0 or same_words(row["improvements_first"], items[0])


def national_framework_codes(record: Record) -> str:
    """The record's National Framework codes in the key's form: one per item, joined by ';', empty for none."""
    codes = record.improvements_national_framework or [None] * len(record.improvements)
    return ";".join(code or "" for code in codes)


def national_framework_match(row: dict[str, str], record: Record) -> bool:
    """The key's item count, and its code for every item in order."""
    return len(record.improvements) == int(row["items"]) and national_framework_codes(record) == row[NATIONAL_FRAMEWORK]


@dataclass(frozen=True)
class ListKey:
    """A key with a row per document of one list field: which columns it holds, when a row is keyed, how a record
    is scored against a row, and how both are shown in a mismatch."""

    name: str
    columns: tuple[str, ...]
    keyed: Callable[[dict[str, str]], bool]
    match: Callable[[dict[str, str], Record], bool]
    expected: Callable[[dict[str, str]], str]
    got: Callable[[Record], str]


IMPROVEMENTS_KEY = ListKey(
    IMPROVEMENTS,
    ("improvements_count", "improvements_first"),
    keyed=lambda row: bool((row.get("improvements_count") or "").strip()),
    match=lambda row, record: improvements_match(row, record.improvements),
    expected=lambda row: f"{row['improvements_count']}: {row['improvements_first']}",
    got=lambda record: f"{len(record.improvements)}: {record.improvements[0][:80] if record.improvements else ''}",
)
NATIONAL_FRAMEWORK_KEY = ListKey(
    NATIONAL_FRAMEWORK,
    ("items", NATIONAL_FRAMEWORK),
    keyed=lambda row: bool((row.get("items") or "").strip()),
    match=national_framework_match,
    expected=lambda row: f"{row['items']}: {row[NATIONAL_FRAMEWORK]}",
    got=lambda record: f"{len(record.improvements)}: {national_framework_codes(record)}",
)


def score_list_key(
    key: ListKey, rows: list[dict[str, str]], records: dict[str, Record], errata: Iterable[Erratum] = ()
) -> ListScore:
    """Score the keyed rows, each against its corrected values where an erratum applies; an erratum whose key
    value the key no longer holds is stale and left out."""
    result = ListScore(name=key.name)
    by_cell = {(erratum.file, erratum.column): erratum for erratum in errata}
    for row in rows:
        if not key.keyed(row):
            continue
        result.rows += 1
        record = records[row["file"]]
        corrected = dict(row)
        for column in key.columns:
            erratum = by_cell.get((row["file"], column))
            if erratum is None:
                continue
            if (row.get(column) or "").strip() != erratum.key_value:
                result.stale.append(erratum)
                continue
            corrected[column] = erratum.corrected_value
            result.corrected.append(erratum)
        result.correct_as_given += key.match(row, record)
        if key.match(corrected, record):
            result.correct += 1
        else:
            result.mismatches.append(Mismatch(row["file"], key.name, key.expected(corrected), key.got(record)))
    return result


def read_errata(path: Path) -> list[Erratum]:
    return [
        Erratum(row["file"], row["column"], row["key_value"], row["corrected_value"], row["reason"])
        for row in _read_csv(path)
    ]


def run_eval(
    corpus: Path,
    answers: Path,
    min_accuracy: float,
    improvements: Path | None = None,
    errata: Path | None = None,
    national_framework: Path | None = None,
    letters: LettersKey | None = None,
) -> int:
    list_keys = [
        (key, path)
        for key, path in ((IMPROVEMENTS_KEY, improvements), (NATIONAL_FRAMEWORK_KEY, national_framework))
        if path
    ]
    keys = (answers, errata, letters.answers if letters else None, *(path for _, path in list_keys))
    missing = [path for path in keys if path is not None and not path.is_file()]
    folders = (corpus, letters.folder if letters else corpus)
    if missing or not all(folder.is_dir() for folder in folders):
        print(f"eval: need a corpus folder and the key CSVs (got {corpus}; missing: {', '.join(map(str, missing))})")
        return 2
    rows = _read_csv(answers)
    list_rows = [(key, _read_csv(path)) for key, path in list_keys]
    files = list(
        dict.fromkeys([row["file"] for row in rows] + [row["file"] for _, key_rows in list_rows for row in key_rows])
    )
    records = dict(zip(files, _extract_all([corpus / file for file in files]), strict=True))
    result = score(rows, [records[row["file"]] for row in rows])
    corrections = read_errata(errata) if errata else []
    listed = [score_list_key(key, key_rows, records, corrections) for key, key_rows in list_rows]
    _print_report(result, listed)
    failing = [
        name for name in SCORED_FIELDS if result.accuracy(name) < (1.0 if name in EXACT_FIELDS else min_accuracy)
    ]
    failing += [scored.name for scored in listed if scored.accuracy < min_accuracy]
    if letters is not None:
        failing += _eval_letters(letters, min_accuracy)
    if failing:
        print(f"FAIL: below threshold: {', '.join(failing)}")
        return 1
    print(f"OK: every field at or above {min_accuracy:.2%}; kind and overall at 100%")
    return 0


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _extract_all(paths: list[Path]) -> list[Record]:
    from tasks.extract import extract_path

    workers = min(len(paths), os.cpu_count() or 1)
    if workers <= 1:
        return [extract_path(path) for path in paths]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(extract_path, paths, chunksize=8))


def _print_report(result: Score, listed: list[ListScore]) -> None:
    for mismatch in result.mismatches + [m for scored in listed for m in scored.mismatches]:
        print(f"MISMATCH {mismatch.file} | {mismatch.field} | expected {mismatch.expected!r} | got {mismatch.got!r}")
    print(f"\n{result.rows} documents")
    print(f"{'field':<36}{'accuracy':>10}{'correct':>10}")
    for name in SCORED_FIELDS:
        print(f"{name:<36}{result.accuracy(name):>10.2%}{result.correct[name]:>10}")
    for scored in listed:
        _print_list_score(scored)


def _print_list_score(result: ListScore) -> None:
    for erratum in result.corrected:
        print(
            f"ERRATUM {erratum.file} | {erratum.column} | key {erratum.key_value!r} -> {erratum.corrected_value!r}"
            f" | {erratum.reason}"
        )
    for erratum in result.stale:
        print(f"STALE ERRATUM {erratum.file} | {erratum.column}: the key no longer says {erratum.key_value!r}")
    print(f"{result.name:<36}{result.accuracy:>10.2%}{result.correct:>10}   of {result.rows} keyed reports")
    if result.corrected:
        print(
            f"{'':<36}{result.accuracy_as_given:>10.2%}{result.correct_as_given:>10}   against the key as given"
            f" ({len(result.corrected)} cells corrected)"
        )


def _words(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().translate(str.maketrans("‘’“”", "''\"\""))
    return " ".join(_HYPHEN.sub("", text).split())


def _same(name: str, expected: str, got: str) -> bool:
    if name == "lead_inspector":
        return " ".join(expected.split()).lower() == " ".join(got.split()).lower()
    return expected == got


def _iso(value: object) -> str:
    return value.isoformat() if value is not None else ""  # type: ignore[attr-defined]


# Issue 35: letters and joint inspections (focused visits, JTAIs, area SEND reports), scored against their own key
# (letters.csv). A cell the key leaves empty is not scored, so each field has its own count of keyed rows.
LETTER_FIELDS = (
    "kind",
    "la_code",
    "inspection_start",
    "inspection_end",
    "letter_date",
    "visit_focus",
    "jtai_inspectorates",
    "send_outcome",
)


@dataclass(frozen=True)
class LettersKey:
    """A folder of letters and its key (the columns of letters.csv)."""

    folder: Path
    answers: Path


@dataclass
class LettersScore:
    keyed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LETTER_FIELDS, 0))
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LETTER_FIELDS, 0))
    mismatches: list[Mismatch] = field(default_factory=list)

    def accuracy(self, name: str) -> float:
        return self.correct[name] / self.keyed[name] if self.keyed[name] else 1.0


def letter_values(record: Record) -> dict[str, str]:
    """A record in the letters key's columns: empty string for nothing, a list joined by ';'."""
    values = answer_values(record)
    return {
        "kind": values["kind"],
        "la_code": values["la_code"],
        "inspection_start": values["inspection_start"],
        "inspection_end": values["inspection_end"],
        "letter_date": _iso(record.letter_date),
        "visit_focus": (record.visit.focus if record.visit else None) or "",
        "jtai_inspectorates": ";".join(record.jtai.inspectorates) if record.jtai else "",
        "send_outcome": (record.area_send.outcome if record.area_send else None) or "",
    }


def score_letters(rows: list[dict[str, str]], records: Iterable[Record]) -> LettersScore:
    result = LettersScore()
    for row, record in zip(rows, records, strict=True):
        got = letter_values(record)
        for name in LETTER_FIELDS:
            expected = (row.get(name) or "").strip()
            if not expected:
                continue
            result.keyed[name] += 1
            if expected == got[name]:
                result.correct[name] += 1
            else:
                result.mismatches.append(Mismatch(row["file"], name, expected, got[name]))
    return result


def _eval_letters(letters: LettersKey, min_accuracy: float) -> list[str]:
    """Score the letters, print the report and name the fields below the threshold."""
    rows = _read_csv(letters.answers)
    result = score_letters(rows, _extract_all([letters.folder / row["file"] for row in rows]))
    for mismatch in result.mismatches:
        print(f"MISMATCH {mismatch.file} | {mismatch.field} | expected {mismatch.expected!r} | got {mismatch.got!r}")
    print(f"\n{len(rows)} letters ({letters.answers})")
    print(f"{'field':<36}{'accuracy':>10}{'correct':>10}{'keyed':>8}")
    for name in LETTER_FIELDS:
        print(f"{name:<36}{result.accuracy(name):>10.2%}{result.correct[name]:>10}{result.keyed[name]:>8}")
    return [f"letters {name}" for name in LETTER_FIELDS if result.accuracy(name) < min_accuracy]
