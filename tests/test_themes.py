"""Improvements in the warehouse: priorities, the digest's quote, themes and `ofsted-watch stats --themes`."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import duckdb
from test_warehouse_helpers import ilacs, load, url, version_one_warehouse
from typer.testing import CliRunner

from common.themes import THEMES_CSV, theme_rules
from ofsted_watch.cli import app
from samples import documents as docs
from tasks.extract import extract_document
from warehouse import queries
from warehouse.db import connect, sync_theme_rules

pytest_plugins = ["test_warehouse_helpers"]  # the warehouse fixtures: con, history

WORKFORCE = "Reduce caseloads so that social workers have time to see children."
MISSING = "Offer every child who goes missing a return home interview."
UNTAGGED = "Answer letters from the public within ten working days."
PLANS = "The quality of child protection plans and the supervision of social workers."
HEALTH = "The timeliness of initial health assessments for children who come into care."
CARERS = "Recruit more foster carers who can look after brothers and sisters together."


def _themes(con: duckdb.DuckDBPyConnection, document: str) -> list[tuple[object, ...]]:
    return con.execute(
        "SELECT position, theme FROM improvement_themes WHERE document_id = ? ORDER BY position, theme", [document]
    ).fetchall()


def test_sif_priorities_are_marked_and_quoted_first(con: duckdb.DuckDBPyConnection) -> None:
    sample = docs.build(
        "sif", improvements_layout="priority", priority_items=docs.PRIORITY_ACTION_ITEMS[:2], first_number=11
    )
    record = extract_document(sample.to_pdf(), "sif.pdf", provider_urn="80478")
    load(con, url("sif"), record, date(2015, 1, 22))
    rows = con.execute("SELECT position, text, priority FROM improvements ORDER BY position").fetchall()
    assert [(text, priority) for _, text, priority in rows] == [
        *[(item, True) for item in docs.PRIORITY_ACTION_ITEMS[:2]],
        *[(item, False) for item in docs.IMPROVEMENT_ITEMS[4:7]],
    ]
    # The digest's quote is the first priority item; without priorities, the first item.
    later = ilacs("382", date(2019, 6, 3), date(2019, 6, 14), "good", leaders="good", help_and_protection="good",
                  in_care="good")  # fmt: skip
    later.improvements = [WORKFORCE, MISSING]
    later.improvements_priority = [False, True]
    load(con, url("ilacs"), later, date(2019, 8, 1))
    load(con, url("plain"), ilacs("873", date(2019, 6, 3), date(2019, 6, 14), "good"), date(2019, 8, 1))
    quotes = dict(con.execute("SELECT document_id, quote FROM improvement_quotes").fetchall())
    assert quotes == {
        url("sif"): docs.PRIORITY_ACTION_ITEMS[0],
        url("ilacs"): MISSING,
        url("plain"): "Improve planning for children in 873.",
    }
    digest_quotes = {
        row["document_id"]: row["quote"] for row in queries.changes_between(con, date(2015, 1, 1), date(2019, 12, 31))
    }
    assert digest_quotes[url("sif")] == docs.PRIORITY_ACTION_ITEMS[0] and digest_quotes[url("ilacs")] == MISSING


def test_a_visit_without_priority_improvements_still_quotes_its_priority_action(
    history: duckdb.DuckDBPyConnection,
) -> None:
    rows = queries.changes_between(history, date(2019, 12, 1), date(2019, 12, 31))
    assert {row["quote"] for row in rows} == {"Strengthen the oversight of children at risk of harm."}


def test_each_item_gets_the_themes_whose_rules_match_and_none_is_forced(con: duckdb.DuckDBPyConnection) -> None:
    record = ilacs("382", date(2019, 6, 3), date(2019, 6, 14), "good", leaders="good", help_and_protection="good",
                   in_care="good")  # fmt: skip
    # A rule's `unless` stops it: a health assessment is no social work assessment, foster carers no workforce.
    record.improvements = [WORKFORCE, MISSING, UNTAGGED, PLANS, HEALTH, CARERS]
    load(con, url("a"), record, date(2019, 8, 1))
    assert _themes(con, url("a")) == [
        (0, "workforce"),
        (1, "exploitation_missing"),
        (2, None),
        (3, "assessment_planning"),
        (3, "oversight"),
        (4, "health_education"),
        (5, "permanence_sufficiency"),
    ]
    (row,) = con.execute(
        "SELECT la_code, local_authority, region, kind, year, label FROM improvement_themes WHERE position = 0"
    ).fetchall()
    assert row == ("382", "Kirklees", "Yorkshire and the Humber", "ilacs_standard", 2019, "Workforce and caseloads")


def _two_regions(path: Path) -> None:
    con = connect(path)
    kirklees = ilacs("382", date(2019, 6, 3), date(2019, 6, 14), "good", leaders="good", help_and_protection="good",
                     in_care="good")  # fmt: skip
    kirklees.improvements = [WORKFORCE, MISSING, UNTAGGED]
    cambs = ilacs("873", date(2021, 3, 1), date(2021, 3, 12), "good", leaders="good", help_and_protection="good",
                  in_care="good")  # fmt: skip
    cambs.improvements = [WORKFORCE, "Recruit and keep experienced managers."]
    cambs_2019 = ilacs("873", date(2019, 1, 7), date(2019, 1, 18), "good", leaders="good",
                       help_and_protection="good", in_care="good")  # fmt: skip
    cambs_2019.improvements = [UNTAGGED]
    load(con, url("kirklees"), kirklees, date(2019, 8, 1))
    load(con, url("cambs"), cambs, date(2021, 5, 1))
    load(con, url("cambs-2019"), cambs_2019, date(2019, 3, 1))
    con.close()


def _stats(path: Path, *options: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["stats", "--themes", "--db", str(path), *options])
    return result.exit_code, result.output


def test_stats_themes_counts_by_year_nationally_and_by_region(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    _two_regions(path)
    code, output = _stats(path, "--format", "json")
    assert code == 0, output
    rows = [(r["year"], r["area"], r["theme"], r["items"], r["reports"], r["councils"], r["share"])
            for r in json.loads(output)]  # fmt: skip
    assert rows == [
        # 2019: Kirklees asked two themes; Cambridgeshire's one item has none, but its report counts in the share.
        (2019, "England", "exploitation_missing", 1, 1, 1, 0.5),
        (2019, "England", "workforce", 1, 1, 1, 0.5),
        (2019, "Yorkshire and the Humber", "exploitation_missing", 1, 1, 1, 1.0),
        (2019, "Yorkshire and the Humber", "workforce", 1, 1, 1, 1.0),
        (2021, "England", "workforce", 2, 1, 1, 1.0),
        (2021, "East of England", "workforce", 2, 1, 1, 1.0),
    ]

    code, output = _stats(path, "--region", "East of England", "--since", "2020-01-01", "--format", "csv")
    assert code == 0, output
    assert list(csv.reader(output.splitlines())) == [
        ["year", "area", "theme", "label", "items", "reports", "councils", "share"],
        ["2021", "England", "workforce", "Workforce and caseloads", "2", "1", "1", "1.0"],
        ["2021", "East of England", "workforce", "Workforce and caseloads", "2", "1", "1", "1.0"],
    ]
    code, output = _stats(path)
    assert code == 0 and output.splitlines()[0].split() == ["year", "area", "theme", "label", "items", "reports",
                                                             "councils", "share"]  # fmt: skip


def test_stats_refuses_unknown_regions_formats_and_a_missing_choice(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    _two_regions(path)
    result = CliRunner().invoke(app, ["stats", "--themes", "--db", str(path), "--region", "Atlantis"])
    assert result.exit_code == 2 and "unknown region 'Atlantis'; known: East Midlands" in result.output
    assert _stats(path, "--format", "xml")[0] == 2
    assert CliRunner().invoke(app, ["stats", "--db", str(path)]).exit_code == 2


def test_the_taxonomy_is_data_one_label_per_theme_and_loaded_on_open(con: duckdb.DuckDBPyConnection) -> None:
    rules = theme_rules()
    labels: dict[str, set[str]] = {}
    for rule in rules:
        labels.setdefault(rule.theme, set()).add(rule.label)
    assert all(len(names) == 1 for names in labels.values()) and 12 <= len(labels) <= 20
    stored = con.execute("SELECT theme, label, pattern, unless FROM theme_rules").fetchall()
    assert sorted(stored, key=str) == sorted(((r.theme, r.label, r.pattern, r.unless) for r in rules), key=str)
    # Every expression is valid RE2: matching runs without error.
    matched = (
        "SELECT count(*) FROM theme_rules WHERE regexp_matches('', pattern, 'i') OR regexp_matches('', unless, 'i')"
    )
    assert con.execute(matched).fetchone() == (0,)

    record = ilacs("382", date(2019, 6, 3), date(2019, 6, 14), "good", leaders="good", help_and_protection="good",
                   in_care="good")  # fmt: skip
    record.improvements = [WORKFORCE, MISSING]
    load(con, url("a"), record, date(2019, 8, 1))
    # A changed taxonomy tags every item held again (here: the shipped one put back over a damaged copy).
    con.execute("DELETE FROM theme_rules WHERE theme = 'workforce'")
    con.execute("DELETE FROM improvement_tags")
    sync_theme_rules(con)
    assert con.execute("SELECT count(*) FROM theme_rules").fetchone() == (len(rules),)
    tags = con.execute("SELECT position, theme FROM improvement_tags ORDER BY ALL").fetchall()
    assert tags == [(0, "workforce"), (1, "exploitation_missing")]
    assert THEMES_CSV.read_text(encoding="utf-8").startswith("theme,label,pattern,unless\n")


def test_an_older_warehouse_gains_the_priority_column_false(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    old = version_one_warehouse(path)
    old.execute("INSERT INTO improvements VALUES ('doc', 0, 'Improve supervision.')")
    old.close()
    con = connect(path)
    assert con.execute("SELECT text, priority FROM improvements").fetchall() == [("Improve supervision.", False)]
    # Held items are tagged on the upgrade, as if loaded now.
    assert con.execute("SELECT position, theme FROM improvement_tags").fetchall() == [(0, "oversight")]
    con.close()


def test_migration_8_tags_the_items_a_warehouse_already_holds(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    con = connect(path)
    record = ilacs("382", date(2019, 6, 3), date(2019, 6, 14), "good", leaders="good", help_and_protection="good",
                   in_care="good")  # fmt: skip
    record.improvements = [PLANS, UNTAGGED, HEALTH]
    load(con, url("a"), record, date(2019, 8, 1))
    expected = con.execute("SELECT * FROM improvement_tags ORDER BY ALL").fetchall()
    # As a warehouse of version 7 was: its rules synced, its items loaded, no tags.
    con.execute("DROP TABLE improvement_tags")
    con.execute("DELETE FROM schema_version WHERE version = 8")
    con.close()

    con = connect(path)
    assert con.execute("SELECT * FROM improvement_tags ORDER BY ALL").fetchall() == expected
    assert expected == [
        (url("a"), 0, "assessment_planning"),
        (url("a"), 0, "oversight"),
        (url("a"), 2, "health_education"),
    ]
    con.close()
