"""The real corpus through backfill into a real DuckDB file: every file accounted for, reruns add nothing,
and the change views give the rows a person writes down from the answer key (ANSWERS.md) by hand."""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest
from pipeline_helpers import CorpusWarehouse
from test_site_build import text_of

from reports.digest import load_digest
from reports.period import week_of

pytestmark = [pytest.mark.corpus, pytest.mark.prefect]

D = date.fromisoformat


@pytest.fixture(scope="module")
def corpus_db(corpus_warehouse: CorpusWarehouse) -> tuple[Path, list[int]]:
    """The corpus folder backfilled twice into one warehouse (pipeline_helpers), and both exit codes."""
    return corpus_warehouse.db, list(corpus_warehouse.codes)


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_every_file_has_a_document_row_and_every_outcome_an_event(corpus_db: tuple[Path, list[int]]) -> None:
    db, codes = corpus_db
    assert codes == [0, 0]
    assert _rows(db, "SELECT count(*) FROM documents") == [(311,)]
    by_status = dict(_rows(db, "SELECT status, count(*) FROM documents GROUP BY status"))
    assert by_status == {"loaded": 308, "not_outcome": 3}
    assert _rows(db, "SELECT count(*) FROM events") == [(308,)]
    assert _rows(db, "SELECT count(*) FROM quarantine") == [(0,)]
    # The three 'Report not found' pages say why they hold no event.
    reasons = _rows(db, "SELECT reason FROM documents WHERE status = 'not_outcome'")
    assert all("Report not found" in str(reason) for (reason,) in reasons)


def test_a_second_backfill_adds_nothing(corpus_db: tuple[Path, list[int]]) -> None:
    db, _ = corpus_db
    runs = _rows(db, "SELECT flow, seen, new, failed, quarantined FROM runs ORDER BY started_at")
    assert runs == [("backfill", 311, 311, 0, 0), ("backfill", 311, 0, 0, 0)]
    assert _rows(db, "SELECT count(*) FROM judgements") == _rows(
        db, "SELECT count(*) FROM (SELECT DISTINCT * FROM judgements)"
    )


# Hand-written from the answer key: Barnsley (370), York (816), Sunderland (394). SIF areas compare as ILACS
# areas (leadership → leaders, children looked after → in_care); ILACS before 2023 grades children in care and
# care leavers as one area (the key's `in_care`), which is the judgement of care leavers too.
EXPECTED_CHANGES = {
    ("370", "overall", "requires_improvement", D("2014-06-25"), "good", D("2018-10-19"), "better"),
    ("370", "leaders", "requires_improvement", D("2014-06-25"), "good", D("2018-10-19"), "better"),
    ("370", "help_and_protection", "requires_improvement", D("2014-06-25"), "good", D("2018-10-19"), "better"),
    ("370", "in_care", "requires_improvement", D("2014-06-25"), "good", D("2018-10-19"), "better"),
    ("370", "overall", "good", D("2018-10-19"), "good", D("2023-09-15"), "same"),
    ("370", "leaders", "good", D("2018-10-19"), "good", D("2023-09-15"), "same"),
    ("370", "help_and_protection", "good", D("2018-10-19"), "requires_improvement", D("2023-09-15"), "worse"),
    ("370", "in_care", "good", D("2018-10-19"), "good", D("2023-09-15"), "same"),
    ("370", "care_leavers", "good", D("2014-06-25"), "good", D("2018-10-19"), "same"),
    ("370", "care_leavers", "good", D("2018-10-19"), "good", D("2023-09-15"), "same"),
    ("816", "overall", "good", D("2016-12-08"), "requires_improvement", D("2022-03-18"), "worse"),
    ("816", "leaders", "good", D("2016-12-08"), "requires_improvement", D("2022-03-18"), "worse"),
    (
        "816",
        "help_and_protection",
        "requires_improvement",
        D("2016-12-08"),
        "requires_improvement",
        D("2022-03-18"),
        "same",
    ),
    ("816", "in_care", "good", D("2016-12-08"), "requires_improvement", D("2022-03-18"), "worse"),
    ("816", "care_leavers", "good", D("2016-12-08"), "requires_improvement", D("2022-03-18"), "worse"),
    *(
        ("816", area, "requires_improvement", D("2022-03-18"), "outstanding", D("2025-03-07"), "better")
        for area in ("overall", "leaders", "help_and_protection", "in_care", "care_leavers")
    ),
    ("394", "overall", "inadequate", D("2015-06-04"), "inadequate", D("2018-05-18"), "same"),
    ("394", "leaders", "inadequate", D("2015-06-04"), "inadequate", D("2018-05-18"), "same"),
    ("394", "help_and_protection", "inadequate", D("2015-06-04"), "inadequate", D("2018-05-18"), "same"),
    ("394", "in_care", "inadequate", D("2015-06-04"), "requires_improvement", D("2018-05-18"), "better"),
    ("394", "care_leavers", "inadequate", D("2015-06-04"), "requires_improvement", D("2018-05-18"), "better"),
    ("394", "adoption", "inadequate", D("2015-06-04"), "good", D("2018-05-18"), "better"),
    ("394", "overall", "inadequate", D("2018-05-18"), "outstanding", D("2021-07-09"), "better"),
    ("394", "leaders", "inadequate", D("2018-05-18"), "outstanding", D("2021-07-09"), "better"),
    ("394", "help_and_protection", "inadequate", D("2018-05-18"), "good", D("2021-07-09"), "better"),
    ("394", "in_care", "requires_improvement", D("2018-05-18"), "outstanding", D("2021-07-09"), "better"),
    ("394", "care_leavers", "requires_improvement", D("2018-05-18"), "outstanding", D("2021-07-09"), "better"),
    ("394", "overall", "outstanding", D("2021-07-09"), "outstanding", D("2025-01-31"), "same"),
    ("394", "leaders", "outstanding", D("2021-07-09"), "outstanding", D("2025-01-31"), "same"),
    ("394", "help_and_protection", "good", D("2021-07-09"), "outstanding", D("2025-01-31"), "better"),
    ("394", "in_care", "outstanding", D("2021-07-09"), "outstanding", D("2025-01-31"), "same"),
    ("394", "care_leavers", "outstanding", D("2021-07-09"), "good", D("2025-01-31"), "worse"),
}

EXPECTED_DETERIORATIONS = {
    ("370", D("2023-09-15"), "help_and_protection", "good", "requires_improvement", "downgrade"),
    ("816", D("2022-03-18"), "overall", "good", "requires_improvement", "downgrade"),
    ("816", D("2022-03-18"), "leaders", "good", "requires_improvement", "downgrade"),
    ("816", D("2022-03-18"), "in_care", "good", "requires_improvement", "downgrade"),
    ("816", D("2022-03-18"), "care_leavers", "good", "requires_improvement", "downgrade"),
    ("394", D("2025-01-31"), "care_leavers", "outstanding", "good", "downgrade"),
    *(
        ("394", D("2015-06-04"), area, None, "inadequate", "first_inadequate")
        for area in ("overall", "leaders", "help_and_protection", "in_care", "care_leavers", "adoption", "lscb")
    ),
}


def test_judgement_changes_match_the_key(corpus_db: tuple[Path, list[int]]) -> None:
    db, _ = corpus_db
    rows = _rows(
        db,
        "SELECT la_code, area, previous_grade, previous_date, grade, event_date, direction "
        "FROM judgement_changes WHERE la_code IN ('370', '816', '394')",
    )
    assert set(rows) == EXPECTED_CHANGES
    assert len(rows) == len(EXPECTED_CHANGES)


def test_deteriorations_match_the_key(corpus_db: tuple[Path, list[int]]) -> None:
    db, _ = corpus_db
    rows = _rows(
        db,
        "SELECT la_code, event_date, area, previous_grade, grade, reason "
        "FROM deteriorations WHERE la_code IN ('370', '816', '394')",
    )
    assert set(rows) == EXPECTED_DETERIORATIONS
    assert len(rows) == len(EXPECTED_DETERIORATIONS)


def test_combined_grades_are_the_keys_ilacs_without_care_leavers_and_migration_003_finds_them_too(
    corpus_db: tuple[Path, list[int]], shared_dir: Path, tmp_path: Path
) -> None:
    """The extractor marks the grades it read under the combined label; a warehouse loaded before that existed
    gets the same marks from migration 003's rule (an ILACS inspection before 2023 grading no care leavers)."""
    from warehouse.db import connect

    db, _ = corpus_db
    with (shared_dir / "corpus" / "answers.csv").open(encoding="utf-8") as handle:
        key = {
            row["file"]
            for row in csv.DictReader(handle)
            if row["kind"].startswith("ilacs") and row["in_care"] and not row["care_leavers"]
        }
    marked = "SELECT document_id FROM judgements WHERE area = 'in_care' AND combined_with = ['care_leavers'] ORDER BY 1"
    flagged = {f"{Path(document).parent.name}/{Path(document).name}" for (document,) in _rows(db, marked)}
    assert len(key) == 104 and flagged == key
    assert _rows(db, "SELECT count(*) FROM judgements WHERE combined_with IS NOT NULL") == [(104,)]

    old = tmp_path / "before-003.duckdb"
    shutil.copyfile(db, old)
    with duckdb.connect(str(old)) as con:
        con.execute("ALTER TABLE judgements DROP COLUMN combined_with")
        con.execute("DELETE FROM schema_version WHERE version = 3")
    connect(old).close()  # a writable open upgrades it
    assert _rows(old, marked) == _rows(db, marked)


def test_themes_tagged_at_load_are_what_the_rules_give_in_duckdb(corpus_db: tuple[Path, list[int]]) -> None:
    """Tags are computed with Python's `re` when an item loads; the rules in DuckDB's RE2 give the same on every
    real item (the rules keep to the syntax both share, so an analyst re-running one in SQL gets what we got)."""
    db, _ = corpus_db
    tagged = _rows(db, "SELECT document_id, position, theme FROM improvement_tags ORDER BY ALL")
    in_sql = _rows(
        db,
        "SELECT DISTINCT i.document_id, i.position, r.theme FROM improvements AS i JOIN theme_rules AS r "
        "ON regexp_matches(i.text, r.pattern, 'i') AND NOT coalesce(regexp_matches(i.text, r.unless, 'i'), false) "
        "ORDER BY ALL",
    )
    assert len(tagged) > 2000
    assert tagged == in_sql


def test_an_la_inspected_under_ilacs_shows_no_sif_only_area_among_its_current_grades(
    corpus_warehouse: CorpusWarehouse,
) -> None:
    """On the real corpus, 93 LAs' latest grade of adoption, their LSCB or capacity to improve is from a framework
    that ended: kept in latest_judgements, never among current grades (page, all-LAs table, latest.csv of the site
    the backfill built)."""
    db, site = corpus_warehouse.db, corpus_warehouse.site
    not_current = _rows(
        db,
        "SELECT area, count(DISTINCT la_code) FROM latest_judgements WHERE NOT current GROUP BY area ORDER BY area",
    )
    # The five LAs last inspected under the April 2026 framework keep their overall grade only as history.
    assert not_current == [("adoption", 91), ("capacity_to_improve", 2), ("lscb", 93), ("overall", 5)]
    assert _rows(db, "SELECT count(*) FROM latest_judgements WHERE current AND area IN ('adoption', 'lscb')") == [(0,)]
    with (site / "downloads" / "latest.csv").open(encoding="utf-8-sig") as handle:
        latest = list(csv.DictReader(handle))
    assert not [column for column in latest[0] if "Adoption" in column or "Safeguarding" in column]
    pages = {row["LA code"]: row["Page"] for row in latest}
    checked = 0
    for (la_code,) in _rows(db, "SELECT DISTINCT la_code FROM latest_judgements WHERE NOT current"):
        html = (site / pages[la_code]).read_text(encoding="utf-8")
        current = html.split("<h2>Current grades</h2>")[1].split("</table>")[0]
        assert "Adoption performance" not in current and "Local Safeguarding" not in current
        assert "Capacity to improve" not in current
        assert '<h3 id="no-longer-graded">' in html
        checked += 1
    torbay_page = (site / "la" / "torbay.html").read_text(encoding="utf-8")
    torbay = text_of(torbay_page.split('id="no-longer-graded"')[1].split("</table>")[0])
    assert "Adoption performance Good 5 July 2018 Single inspection (SIF)" in torbay
    assert "Local Safeguarding Children Board Inadequate 5 November 2015 Single inspection (SIF)" in torbay
    assert checked == 94  # 93 with a SIF-only area; North Northamptonshire (formed 2021) for overall alone


ILACS_AREAS = ("leaders", "help_and_protection", "in_care", "care_leavers")


def _key_without_overall(shared_dir: Path) -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    """la_code -> (the key's row for its report under the April 2026 framework, the key's row for its report
    before), from answers.csv: what a person reads off the two reports."""
    with (shared_dir / "corpus" / "answers.csv").open(encoding="utf-8-sig") as handle:
        ilacs = [row for row in csv.DictReader(handle) if row["kind"].startswith("ilacs")]
    ilacs.sort(key=lambda row: row["inspection_end"])
    found = {}
    for row in ilacs:
        if not row["overall"] and row["inspection_start"] >= "2026-04-01":
            earlier = [other for other in ilacs if other["la_code"] == row["la_code"] and other is not row]
            found[row["la_code"]] = (
                row,
                [other for other in earlier if other["inspection_end"] < row["inspection_end"]][-1],
            )
    return found


def test_reports_under_the_2026_framework_compare_judgement_by_judgement_and_leave_overall_behind(
    corpus_warehouse: CorpusWarehouse, shared_dir: Path
) -> None:
    """The corpus's five reports of inspections from April 2026, with their LAs' earlier reports: four judgements
    against the previous ones (care leavers against the combined grade before 2023), overall compared with
    nothing, and the earlier overall shown as 'No longer graded' in the warehouse, on the LA page and in the
    digest of the week each was published."""
    db, site = corpus_warehouse.db, corpus_warehouse.site
    key = _key_without_overall(shared_dir)
    assert len(key) == 5
    for la_code, (now, before) in key.items():
        end = D(now["inspection_end"])
        changes = _rows(
            db,
            "SELECT area, previous_grade, grade FROM judgement_changes "
            f"WHERE la_code = '{la_code}' AND event_date = DATE '{end}'",
        )
        expected = {(area, before[area] or before["in_care"], now[area]) for area in ILACS_AREAS}
        assert set(changes) == expected, la_code
        assert _rows(db, f"SELECT framework FROM events WHERE la_code = '{la_code}' AND event_date = DATE '{end}'") == [
            ("ilacs_2026",)
        ]
        # The last overall grade is the earlier report's, kept as history only.
        assert _rows(
            db,
            f"SELECT grade, current, latest_framework FROM latest_judgements WHERE la_code = '{la_code}' "
            "AND area = 'overall'",
        ) == [(before["overall"], False, "ilacs_2026")]

    with (site / "downloads" / "latest.csv").open(encoding="utf-8-sig") as handle:
        latest = {row["LA code"]: row for row in csv.DictReader(handle)}
    for la_code in key:
        row = latest[la_code]
        assert (row["Overall effectiveness"], row["Framework version"]) == ("No longer graded", "ilacs_2026")
        html = (site / row["Page"]).read_text(encoding="utf-8")
        current = html.split("<h2>Current grades</h2>")[1].split("</table>")[0]
        former = html.split('<h3 id="no-longer-graded">')[1].split("</table>")[0]
        assert "Overall effectiveness" not in current and "Overall effectiveness" in former
        assert "not judged by the later ILACS 2026" in former

    with duckdb.connect(str(db), read_only=True) as con:
        for la_code, (now, before) in key.items():
            (published,) = _rows(
                db,
                f"SELECT p.published FROM document_publication AS p JOIN events USING (document_id) "
                f"WHERE la_code = '{la_code}' AND framework = 'ilacs_2026'",
            )[0]
            digest = load_digest(con, week_of(published))
            (entry,) = [
                entry
                for section in (digest.deteriorations, digest.improvements, digest.publications)
                for entry in section
                if entry.authority and entry.authority.la_code == la_code
            ]
            assert entry.overall is None and not entry.grades_overall
            shown = {(change.area, change.previous_grade, change.grade) for change in entry.areas}
            assert shown == {(area, before[area] or before["in_care"], now[area]) for area in ILACS_AREAS}
            assert entry.judged_inadequate == ("inadequate" in [now[area] for area in ILACS_AREAS])
