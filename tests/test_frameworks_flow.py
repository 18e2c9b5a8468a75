"""The April 2026 framework through the whole pipeline: a fictional council's report with no overall judgement,
inadequate for the impact of leaders, gives deteriorations judgement by judgement, the same-day inadequate alert
and a national picture that counts its old overall grade apart; and a warehouse built by the extractor before
frameworks were data, which quarantined such a report, loads it at the next poll."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from test_reprocess import backfill_with_code, code_before_the_change

from common.config import load_settings
from common.frameworks import FORMAT_CHANGED_WORDS, UNKNOWN_FRAMEWORK
from flows.ingest import backfill_flow
from ofsted_watch.commands.ingest import run_backfill, run_poll
from reports.alerts import INADEQUATE, load_alerts
from reports.digest import load_digest
from reports.period import week_of
from reports.render import render_html, render_text
from samples import documents
from samples.councils import SAMPLE_REFERENCE_CSV, council

pytestmark = [pytest.mark.prefect, pytest.mark.integration]

POST_REFORM = "ilacs_2026_no_overall"  # Wessex, May 2026: leaders and help and protection inadequate
BEFORE = date(2022, 5, 20)  # Wessex's inspection before it, under the 2018 grid: good throughout


def write_reports(root: Path) -> dict[str, Path]:
    """Wessex's two reports in the corpus layout (`<URN>_<name>/<label> - <date>.pdf`), by name."""
    wessex = council("Wessex")
    earlier = documents.build(
        "ilacs_standard",
        la=wessex,
        periods=[(date(2022, 5, 9), BEFORE)],
        overall="good",
        grades=dict.fromkeys(("leaders", "help_and_protection", "in_care"), "good"),
    )
    folder = root / f"{wessex.urn}_{wessex.name.lower()}"
    folder.mkdir(parents=True)
    paths = {
        "earlier": folder / "children's services inspection - 30 june 2022.pdf",
        POST_REFORM: folder / "children's services inspection - 22 june 2026.pdf",
    }
    paths["earlier"].write_bytes(earlier.to_bytes())
    paths[POST_REFORM].write_bytes(documents.variant(POST_REFORM).to_bytes())
    return paths


def rows(home: Path, query: str, *parameters: object) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(home / "ofsted-watch.duckdb"), read_only=True) as con:
        return con.execute(query, list(parameters)).fetchall()


def test_a_post_reform_report_inadequate_for_leaders_deteriorates_alerts_and_counts_apart(
    ingest_env: Path, tmp_path: Path
) -> None:
    home = ingest_env
    paths = write_reports(tmp_path / "source")
    assert run_backfill(load_settings(source=str(tmp_path / "source")), None, None, []) == 0
    report = str(paths[POST_REFORM])

    assert rows(home, "SELECT framework, overall FROM events WHERE document_id = ?", report) == [("ilacs_2026", None)]
    # Judgement by judgement against the 2018 grid (care leavers against the grade it shared with children in
    # care); overall effectiveness, no longer judged, is compared with nothing.
    assert set(
        rows(home, "SELECT area, previous_grade, grade, direction FROM judgement_changes WHERE document_id = ?", report)
    ) == {
        ("leaders", "good", "inadequate", "worse"),
        ("help_and_protection", "good", "inadequate", "worse"),
        ("in_care", "good", "requires_improvement", "worse"),
        ("care_leavers", "good", "good", "same"),
    }
    assert set(rows(home, "SELECT area, reason FROM deteriorations WHERE document_id = ?", report)) == {
        ("leaders", "downgrade"),
        ("help_and_protection", "downgrade"),
        ("in_care", "downgrade"),
    }

    # The national picture on any later day: Wessex's 2022 overall grade is history, counted apart.
    def picture(day: str, area: str) -> tuple[Any, ...]:
        (row,) = rows(
            home,
            "SELECT judged, good, inadequate, no_longer_graded, not_yet_judged FROM national_picture(?) "
            "WHERE region = 'England' AND area = ?",
            date.fromisoformat(day),
            area,
        )
        return row

    before, after = picture("2026-01-31", "overall"), picture("2026-12-01", "overall")
    assert (before[0] - after[0], before[1] - after[1], after[3], after[4] - before[4]) == (1, 1, 1, 0)
    assert picture("2026-12-01", "leaders")[2] == picture("2026-01-31", "leaders")[2] + 1
    assert picture("2027-06-30", "overall")[3] == 1

    # The same-day alert: no overall judgement to be inadequate, but the impact of leaders is.
    with duckdb.connect(str(home / "ofsted-watch.duckdb"), read_only=True) as con:
        (alert,) = load_alerts(con, [report], date(2026, 6, 22))
    assert INADEQUATE in alert.triggers
    assert not alert.entry.grades_overall and alert.entry.overall is None
    assert "impact of leaders on social work practice good → inadequate" in alert.title


def test_a_warehouse_built_by_the_previous_extractor_loads_its_quarantined_report_at_the_next_poll(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prefect_api: str
) -> None:
    old_code = tmp_path / "before"
    code_before_the_change(old_code, "common/frameworks.py")
    source = tmp_path / "source"
    paths = write_reports(source)
    report = str(paths[POST_REFORM])
    old = backfill_with_code(old_code, source, home, prefect_api)
    # The extractor before frameworks were data wanted an overall grade of every ILACS report.
    assert old.returncode == 1, old.stdout + old.stderr
    assert ("overall_present",) in rows(home, "SELECT rule FROM quarantine WHERE document_id = ?", report)

    monkeypatch.setenv("OFSTED_WATCH_LA_REFERENCE", str(SAMPLE_REFERENCE_CSV))
    assert run_poll(load_settings(source=str(source))) == 0
    assert rows(home, "SELECT count(*) FROM quarantine") == [(0,)]
    assert rows(home, "SELECT status FROM documents WHERE document_id = ?", report) == [("loaded",)]
    assert rows(home, "SELECT area, grade FROM judgements WHERE document_id = ? ORDER BY area", report) == [
        ("care_leavers", "good"),
        ("help_and_protection", "inadequate"),
        ("in_care", "requires_improvement"),
        ("leaders", "inadequate"),
    ]
    assert rows(home, "SELECT document_id, framework FROM events ORDER BY event_date") == [
        (str(paths["earlier"]), "ilacs_2018"),
        (report, "ilacs_2026"),
    ]
    # Healed once: the next poll has nothing to re-read.
    assert run_poll(load_settings(source=str(source))) == 0
    assert rows(home, "SELECT seen, new, loaded FROM runs ORDER BY started_at DESC LIMIT 1") == [(2, 0, 0)]


def test_a_report_on_a_scale_no_framework_has_says_the_format_may_have_changed_everywhere(
    ingest_env: Path, tmp_path: Path
) -> None:
    """A renewed framework graded like schools' report cards: quarantined under unknown_framework, and the run's
    record, its summary and the week's digest all say Ofsted's format may have changed."""
    home = ingest_env
    kingsmarsh = council("Kingsmarsh")
    folder = tmp_path / "source" / f"{kingsmarsh.urn}_{kingsmarsh.name.lower()}"
    folder.mkdir(parents=True)
    report = folder / "children's services inspection - 20 october 2026.pdf"
    grades = {"leaders": "Strong standard", "help_and_protection": "Expected standard", "in_care": "Needs attention",
              "care_leavers": "Exceptional"}  # fmt: skip
    report.write_bytes(
        documents.report_card_report(kingsmarsh, [(date(2026, 9, 7), date(2026, 9, 18))], grades).to_bytes()
    )

    summary = backfill_flow(source=str(tmp_path / "source"))
    assert summary["format_changes"] == [str(report)]
    assert rows(home, "SELECT rule FROM quarantine WHERE document_id = ?", str(report)) == [(UNKNOWN_FRAMEWORK,)]
    (notes,) = rows(home, "SELECT notes FROM runs ORDER BY started_at DESC LIMIT 1")[0]
    assert str(notes).startswith(f"{FORMAT_CHANGED_WORDS}: no known framework fits {report}")

    with duckdb.connect(str(home / "ofsted-watch.duckdb"), read_only=True) as con:
        (published,) = con.execute("SELECT published FROM document_publication").fetchone() or (None,)
        digest = load_digest(con, week_of(published))
    assert digest.format_changes == 1
    assert f"{FORMAT_CHANGED_WORDS}: 1 report below reads as a full inspection" in render_text(digest)
    assert FORMAT_CHANGED_WORDS in html.unescape(render_html(digest))
