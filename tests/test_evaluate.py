"""`ofsted-watch eval` scores improvements against their key, with documented corrections to the key."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from common.record import Jtai, LocalAuthorityRef, Record, Visit
from ofsted_watch.cli import app
from ofsted_watch.evaluate import (
    IMPROVEMENTS_KEY,
    SCORED_FIELDS,
    Erratum,
    improvements_match,
    same_words,
    score_letters,
    score_list_key,
)
from samples import documents as docs

ERRATA = Path(__file__).parents[1] / "ofsted_watch" / "data" / "key_errata.csv"


@pytest.mark.parametrize(
    ("key", "item"),
    [
        (
            "The engagement of multi-agency partners, including in key",
            "The engagement of multi-agency partners, including in key decision-making meetings.",
        ),
        ("Senior leaders’ oversight of performance", "Senior leaders' oversight of performance to ensure"),
        ("The response to 16- and 17-year-olds who", "The response to 16-and 17-year-olds who present as homeless."),
        ("The quality of decision-making", "the quality of decision- making for children"),
        (
            "Re-establish contact with the high proportion of 20-",
            "Re-establish contact with the high proportion of 20-and 21-year-olds",
        ),
        (
            "The effectiveness of the response to domestic abuse.",
            "The effectiveness of the response to domestic abuse.",
        ),
    ],
)
def test_first_words_match_whatever_the_spacing_case_hyphenation_or_quotes(key: str, item: str) -> None:
    assert same_words(key, item)


@pytest.mark.parametrize(
    ("key", "item"),
    [
        ("The quality of plans in key", "The quality of plans in keyed services"),  # a word is whole
        ("The quality of plans", "The quality of written plans"),
        ("The quality of plans", "◼ The quality of plans"),  # a glyph kept in the item is wrong
        ("The quality of plans", ""),
    ],
)
def test_first_words_are_not_matched_loosely(key: str, item: str) -> None:
    assert not same_words(key, item)


def test_count_must_be_exact() -> None:
    row = {"file": "a.pdf", "improvements_count": "2", "improvements_first": "The quality"}
    assert improvements_match(row, ["The quality of plans.", "Supervision."])
    assert not improvements_match(row, ["The quality of plans. ◼ Supervision."])
    assert improvements_match({**row, "improvements_count": "0", "improvements_first": ""}, [])


def test_errata_correct_a_cell_and_report_both_scores_and_stale_ones() -> None:
    rows = [
        {"file": "a.pdf", "improvements_count": "3", "improvements_first": "Improve plans"},
        {"file": "b.pdf", "improvements_count": "1", "improvements_first": "Improve visits"},
        {"file": "c.pdf", "improvements_count": "", "improvements_first": ""},  # not keyed
    ]
    records = {
        "a.pdf": Record(file="a.pdf", improvements=["Improve plans.", "Improve audits."]),
        "b.pdf": Record(file="b.pdf", improvements=["Improve visits."]),
        "c.pdf": Record(file="c.pdf"),
    }
    errata = [
        Erratum("a.pdf", "improvements_count", "3", "2", "two items on page 4"),
        Erratum("b.pdf", "improvements_count", "4", "1", "the key was fixed since"),
    ]
    result = score_list_key(IMPROVEMENTS_KEY, rows, records, errata)
    assert (result.rows, result.correct, result.correct_as_given) == (2, 2, 1)
    assert [e.file for e in result.corrected] == ["a.pdf"] and [e.file for e in result.stale] == ["b.pdf"]
    without = score_list_key(IMPROVEMENTS_KEY, rows, records)
    assert (without.correct, [m.file for m in without.mismatches]) == (1, ["a.pdf"])


def test_shipped_errata_name_improvement_cells_with_reasons() -> None:
    with ERRATA.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert reader.fieldnames == ["file", "column", "key_value", "corrected_value", "reason"]
    assert all(row["column"] in ("improvements_count", "improvements_first", "national_framework") for row in rows)
    assert all(row["reason"].strip() and row["key_value"] != row["corrected_value"] for row in rows)


def _write_corpus(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Two synthetic reports in the corpus layout, and both keys for them in the corpus's columns."""
    corpus = tmp_path / "corpus"
    samples = {
        "9990001_wessex/children's services inspection - 1 may 2023.pdf": docs.build("ilacs_standard"),
        "9990003_northmoor/children's services inspection - 22 january 2015.pdf": docs.build(
            "sif", improvements_layout="priority", priority_items=docs.PRIORITY_ACTION_ITEMS[:1], first_number=11
        ),
    }
    answers, improvements = tmp_path / "answers.csv", tmp_path / "improvements.csv"
    with answers.open("w", newline="") as a_handle, improvements.open("w", newline="") as i_handle:
        answer_writer = csv.DictWriter(a_handle, ["file", *SCORED_FIELDS])
        improvement_writer = csv.DictWriter(i_handle, ["file", "kind", "improvements_count", "improvements_first"])
        answer_writer.writeheader()
        improvement_writer.writeheader()
        for name, sample in samples.items():
            (corpus / name).parent.mkdir(parents=True)
            (corpus / name).write_bytes(sample.to_pdf())
            expected = sample.expected
            judgements = expected["judgements"]
            answer_writer.writerow(
                {
                    "file": name,
                    "kind": expected["kind"],
                    "la_code": expected["local_authority"]["la_code"],
                    "inspection_start": expected["inspection_start"],
                    "inspection_end": expected["inspection_end"],
                    "published": expected["published"] or "",
                    "lead_inspector": expected["lead_inspector"],
                    "overall": expected["overall"],
                    **{area: judgements.get(area, "") for area in SCORED_FIELDS[7:]},
                }
            )
            items = expected["improvements"]
            first = " ".join(items[0].split()[:8])
            improvement_writer.writerow(
                {"file": name, "kind": expected["kind"], "improvements_count": len(items), "improvements_first": first}
            )
    return corpus, answers, improvements


def test_eval_scores_improvements_beside_the_other_fields(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from samples.councils import SAMPLE_REFERENCE_CSV

    monkeypatch.setenv("OFSTED_WATCH_LA_REFERENCE", str(SAMPLE_REFERENCE_CSV))
    corpus, answers, improvements = _write_corpus(tmp_path)
    common = ["eval", "--corpus", str(corpus), "--answers", str(answers), "--min-accuracy", "0.99"]

    result = CliRunner().invoke(app, [*common, "--improvements", str(improvements)])
    assert result.exit_code == 0, result.output
    assert "improvements                           100.00%         2   of 2 keyed reports" in result.output

    # A key that disagrees with a document fails the gate, and an erratum naming the document's value fixes it.
    rows = list(csv.DictReader(improvements.open()))
    wrong = rows[1]["improvements_count"]
    rows[1]["improvements_count"] = str(int(wrong) + 1)
    with improvements.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    failed = CliRunner().invoke(app, [*common, "--improvements", str(improvements)])
    assert failed.exit_code == 1 and "FAIL: below threshold: improvements" in failed.output
    assert f"MISMATCH {rows[1]['file']} | improvements | expected '{int(wrong) + 1}: " in failed.output

    errata = tmp_path / "errata.csv"
    errata.write_text(
        "file,column,key_value,corrected_value,reason\n"
        f"{rows[1]['file']},improvements_count,{int(wrong) + 1},{wrong},one item fewer on page 2\n"
    )
    fixed = CliRunner().invoke(app, [*common, "--improvements", str(improvements), "--errata", str(errata)])
    assert fixed.exit_code == 0, fixed.output
    assert "50.00%         1   against the key as given (1 cells corrected)" in fixed.output
    assert f"ERRATUM {rows[1]['file']} | improvements_count | key '{int(wrong) + 1}' -> '{wrong}'" in fixed.output


def test_eval_refuses_a_missing_key(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["eval", "--corpus", str(tmp_path), "--answers", str(tmp_path / "a.csv"), "--improvements", "x.csv"]
    )
    assert result.exit_code == 2 and "missing" in result.output


def test_letters_are_scored_on_the_cells_their_key_fills() -> None:
    rows = [
        {"file": "fv.pdf", "kind": "focused_visit", "la_code": "850", "inspection_start": "2020-09-29",
         "inspection_end": "2020-10-01", "letter_date": "", "visit_focus": "care_leavers", "jtai_inspectorates": "",
         "send_outcome": ""},
        {"file": "jtai.pdf", "kind": "jtai", "la_code": "850", "inspection_start": "", "inspection_end": "",
         "letter_date": "2023-05-03", "visit_focus": "", "jtai_inspectorates": "ofsted;cqc;hmicfrs",
         "send_outcome": ""},
    ]  # fmt: skip
    la = LocalAuthorityRef("Hampshire", "850")
    records = [
        Record(file="fv.pdf", kind="focused_visit", local_authority=la, inspection_start=date(2020, 9, 29),
               inspection_end=date(2020, 10, 1), letter_date=date(2020, 11, 3), visit=Visit(focus="covid")),
        Record(file="jtai.pdf", kind="jtai", local_authority=la, letter_date=date(2023, 5, 3),
               jtai=Jtai(inspectorates=["ofsted", "cqc", "hmicfrs"])),
    ]  # fmt: skip
    result = score_letters(rows, records)
    assert result.keyed == {"kind": 2, "la_code": 2, "inspection_start": 1, "inspection_end": 1, "letter_date": 1,
                            "visit_focus": 1, "jtai_inspectorates": 1, "send_outcome": 0}  # fmt: skip
    assert [(m.file, m.field, m.expected, m.got) for m in result.mismatches] == [
        ("fv.pdf", "visit_focus", "care_leavers", "covid")
    ]
    assert (result.accuracy("visit_focus"), result.accuracy("jtai_inspectorates"), result.accuracy("send_outcome")) == (
        0.0,
        1.0,
        1.0,
    )


def test_eval_scores_the_letters_beside_the_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--letters DIR` (its key DIR/letters.csv) reports the letters after the corpus, and fails below the gate."""
    from samples.councils import SAMPLE_REFERENCE_CSV

    monkeypatch.setenv("OFSTED_WATCH_LA_REFERENCE", str(SAMPLE_REFERENCE_CSV))
    corpus, answers, _ = _write_corpus(tmp_path)
    letters = tmp_path / "letters"
    samples = {
        "9990001_wessex/children's services focused visit - 3 november 2020.pdf": "focused_visit_comma_list_dates",
        "9990005_elmet/area send full inspection - 31 january 2025.pdf": "area_send_previous_inspection_and_revisit",
    }
    rows = []
    for name, variant in samples.items():
        sample = docs.VARIANTS[variant]()
        (letters / name).parent.mkdir(parents=True)
        (letters / name).write_bytes(sample.to_pdf())
        expected = sample.expected
        rows.append(
            {"file": name, "kind": expected["kind"], "la_code": expected["local_authority"]["la_code"],
             "inspection_start": expected["inspection_start"], "inspection_end": expected["inspection_end"],
             "letter_date": "", "visit_focus": (expected["visit"] or {}).get("focus") or "", "jtai_inspectorates": "",
             "send_outcome": (expected["area_send"] or {}).get("outcome") or ""}
        )  # fmt: skip
    with (letters / "letters.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    command = ["eval", "--corpus", str(corpus), "--answers", str(answers), "--min-accuracy", "0.99"]

    result = CliRunner().invoke(app, [*command, "--letters", str(letters)])
    assert result.exit_code == 0, result.output
    assert "2 letters (" in result.output
    assert "inspection_start                       100.00%         2       2" in result.output
    assert "visit_focus                            100.00%         1       1" in result.output

    rows[0]["visit_focus"] = "care_leavers"
    with (letters / "key.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    failed = CliRunner().invoke(
        app, [*command, "--letters", str(letters), "--letters-answers", str(letters / "key.csv")]
    )
    assert failed.exit_code == 1 and "FAIL: below threshold: letters visit_focus" in failed.output
