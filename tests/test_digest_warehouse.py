"""The digest end to end from a real DuckDB file: records loaded by tasks.load, read by reports.digest.

The week 2026-W47 (16 to 22 November 2026) holds one document of every kind the digest sorts, for the
fictional councils of ofsted_watch/samples; the expected rows below are written from the records, by hand.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from test_warehouse_helpers import ilacs_combined, own_copy, with_sample_councils

from common.record import LocalAuthorityRef, Record, Visit
from common.subscribers import Audience
from expectations.core import Failure
from reports.digest import load_digest
from reports.model import AreaChange, Authority, DigestData, Document, GradeCount
from reports.period import iso_week
from reports.render import headline, render_html, render_text, subject
from samples.councils import SAMPLE_REFERENCE_CSV
from tasks.load import DocumentMeta, load_document
from warehouse.db import connect

WEEK = "2026-W47"
FILES = "https://files.ofsted.gov.uk/v1/file/"
WESSEX = LocalAuthorityRef("Wessex", "990")
MERCIA_VALE = LocalAuthorityRef("Mercia Vale", "991")
NORTHMOOR = LocalAuthorityRef("Northmoor", "992")
ELMET = LocalAuthorityRef("Elmet", "994")
KINGSMARSH = LocalAuthorityRef("Kingsmarsh", "995")
ANGLIA_FENS = LocalAuthorityRef("Anglia Fens", "996")
LYONESSE = LocalAuthorityRef("Isles of Lyonesse", "993")
URNS = {
    "990": "9990001",
    "991": "9990002",
    "992": "9990003",
    "993": "9990004",
    "994": "9990005",
    "995": "9990006",
    "996": "9990007",
}
SCRIPT_LABEL = "Children's services inspection <script>alert('x')</script>"
# As reports print the list: bullet glyphs, several items in one passage, typographic punctuation.
WESSEX_IMPROVEMENTS = (
    "\u25fc Leaders’ response to known weaknesses in the front door – too many referrals wait. Audits are weak. "
    "\u25fc The quality of supervision."
)
WESSEX_QUOTE = "Leaders’ response to known weaknesses in the front door – too many referrals wait."
ELMET_ACTIONS = [
    "Leaders should ensure that every child at risk of exploitation has a current plan.",
    "Managers should make sure that strategy meetings include police and health partners.",
]


def _ilacs(la: LocalAuthorityRef, start: date, end: date, overall: str, **areas: str) -> Record:
    """An ILACS record as the extractor gives it: before 2023, `in_care` is the combined area's grade."""
    return Record(
        file=f"{la.name}-{end}.pdf",
        kind="ilacs_standard",
        local_authority=la,
        inspection_start=start,
        inspection_end=end,
        overall=overall,
        judgements=areas,
        combined_judgements=ilacs_combined(start, areas),
    )


def _graded(la: LocalAuthorityRef, kind: str, start: date, end: date, overall: str | None, **areas: str) -> Record:
    record = _ilacs(la, start, end, overall, **areas)  # type: ignore[arg-type]
    record.kind = kind
    return record


def _visit(la: LocalAuthorityRef, kind: str, day: date, visit: Visit) -> Record:
    return Record(
        file=f"{la.name}-{kind}-{day}.pdf",
        kind=kind,
        local_authority=la,
        inspection_start=day,
        inspection_end=day,
        visit=visit,
    )


def _load(
    con: object,
    file_id: int,
    published: date,
    record: Record | None,
    label: str = "Children's services inspection",
    failures: list[Failure] | None = None,
    urn: str | None = None,
) -> None:
    la_code = record.local_authority.la_code if record and record.local_authority else None
    meta = DocumentMeta(
        document_id=f"{FILES}{file_id}",
        content_hash=hashlib.sha256(str(file_id).encode()).hexdigest(),
        size_bytes=1000 + file_id,
        published=published,
        site_label=label,
        provider_urn=urn or URNS.get(la_code or ""),
    )
    load_document(con, meta, record, failures or [])  # type: ignore[arg-type]


def build_week_db(path: Path) -> Path:
    """A warehouse with earlier judgements and one week of every kind of publication."""
    con = connect(path)
    try:
        # Earlier judgements, for comparison and for the national picture a year before.
        _load(
            con,
            101,
            date(2023, 4, 20),
            _ilacs(
                WESSEX,
                date(2023, 2, 27),
                date(2023, 3, 10),
                "good",
                leaders="good",
                help_and_protection="good",
                in_care="good",
            ),
        )
        _load(
            con,
            102,
            date(2022, 7, 25),
            _ilacs(
                MERCIA_VALE,
                date(2022, 6, 6),
                date(2022, 6, 17),
                "requires_improvement",
                help_and_protection="good",
                in_care="requires_improvement",
            ),
        )
        _load(con, 103, date(2024, 5, 2), _ilacs(NORTHMOOR, date(2024, 3, 4), date(2024, 3, 15), "inadequate"))
        _load(con, 104, date(2023, 11, 1), _ilacs(ELMET, date(2023, 9, 18), date(2023, 9, 29), "requires_improvement"))
        _load(con, 105, date(2022, 2, 14), _ilacs(KINGSMARSH, date(2022, 1, 10), date(2022, 1, 21), "good"))
        _load(
            con,
            106,
            date(2021, 12, 1),
            _ilacs(ANGLIA_FENS, date(2021, 10, 4), date(2021, 10, 15), "requires_improvement"),
        )
        _load(
            con,
            107,
            date(2021, 7, 1),
            _ilacs(LYONESSE, date(2021, 5, 3), date(2021, 5, 14), "good", leaders="good", in_care="good"),
        )
        _load(
            con,
            108,
            date(2015, 6, 1),
            _graded(ELMET, "sif", date(2015, 3, 2), date(2015, 3, 25), "requires_improvement",
                    lscb="requires_improvement"),
        )  # fmt: skip
        # Week 46: not in the digest.
        _load(
            con,
            200,
            date(2026, 11, 13),
            _visit(ANGLIA_FENS, "monitoring_visit", date(2026, 10, 1), Visit(number=1, progress="sufficient")),
            "Monitoring visit",
        )
        # Week 47.
        wessex = _ilacs(
            WESSEX,
            date(2026, 9, 28),
            date(2026, 10, 9),
            "inadequate",
            leaders="requires_improvement",
            help_and_protection="inadequate",
            in_care="good",
        )
        wessex.improvements = [WESSEX_IMPROVEMENTS]
        _load(con, 301, date(2026, 11, 17), wessex)
        _load(
            con,
            302,
            date(2026, 11, 18),
            # Mixed: overall and children in care up, care leavers down from the combined grade of 2022.
            _ilacs(
                MERCIA_VALE,
                date(2026, 9, 21),
                date(2026, 10, 2),
                "good",
                help_and_protection="good",
                in_care="good",
                care_leavers="inadequate",
            ),
        )
        _load(
            con,
            303,
            date(2026, 11, 19),
            _visit(NORTHMOOR, "monitoring_visit", date(2026, 10, 22), Visit(number=4, progress="insufficient")),
            "Monitoring visit",
        )
        _load(
            con,
            304,
            date(2026, 11, 20),
            _visit(
                ELMET, "focused_visit", date(2026, 10, 29), Visit(priority_actions=ELMET_ACTIONS, focus="front_door")
            ),
            "Focused visit",
        )
        _load(
            con,
            305,
            date(2026, 11, 20),
            _ilacs(KINGSMARSH, date(2026, 10, 5), date(2026, 10, 16), "good"),
            SCRIPT_LABEL,
        )
        _load(
            con,
            306,
            date(2026, 11, 21),
            _visit(ANGLIA_FENS, "monitoring_visit", date(2026, 10, 30), Visit(number=2, progress="sufficient")),
            "Monitoring visit",
        )
        _load(
            con,
            307,
            date(2026, 11, 21),
            Record(file="press.pdf", kind="press_release"),
            "Press release",
            urn=URNS["990"],
        )
        _load(
            con,
            308,
            date(2026, 11, 22),
            _ilacs(ELMET, date(2026, 10, 1), date(2026, 10, 12), None),  # type: ignore[arg-type]
            failures=[
                Failure("full_inspection_has_overall", "overall", None, "a full inspection needs an overall grade")
            ],
        )
        _load(con, 309, date(2026, 11, 22), None, urn=URNS["992"])
        # Overall unchanged, an area down: a deterioration.
        _load(
            con,
            310,
            date(2026, 11, 18),
            _ilacs(LYONESSE, date(2026, 9, 7), date(2026, 9, 18), "good", leaders="requires_improvement",
                   in_care="good", care_leavers="good"),
        )  # fmt: skip
        # No overall grade, an area up, last judged eleven years before: an improvement.
        _load(
            con,
            311,
            date(2026, 11, 19),
            _graded(ELMET, "lscb_review", date(2026, 9, 14), date(2026, 9, 25), None, lscb="good"),
            "LSCB review",
        )
    finally:
        con.close()
    return path


@pytest.fixture()
def sample_councils(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OFSTED_WATCH_LA_REFERENCE", str(SAMPLE_REFERENCE_CSV))


def week_file(tmp_path_factory: pytest.TempPathFactory, name: str = "week.duckdb") -> Iterator[Path]:
    """A module's fixture: build_week_db's file (see with_sample_councils)."""
    yield from with_sample_councils(build_week_db, tmp_path_factory.mktemp("week") / name)


@pytest.fixture(scope="module")
def week_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield from week_file(tmp_path_factory)


@pytest.fixture()
def week_db(sample_councils: None, week_template: Path, tmp_path: Path) -> Path:
    return own_copy(week_template, tmp_path)


@pytest.fixture()
def week(week_db: Path) -> DigestData:
    con = connect(week_db, read_only=True)
    try:
        return load_digest(con, iso_week(WEEK))
    finally:
        con.close()


def _doc(file_id: int, published: date, label: str = "Children's services inspection") -> Document:
    return Document(label, f"{FILES}{file_id}", published)


def test_every_document_of_the_week_lands_in_exactly_one_section(week: DigestData) -> None:
    assert [e.document.url for e in week.deteriorations] == [
        f"{FILES}301",
        f"{FILES}310",
        f"{FILES}303",
        f"{FILES}304",
    ]
    assert [e.document.url for e in week.improvements] == [f"{FILES}302", f"{FILES}311"]
    assert [p.document.url for p in week.publications] == [f"{FILES}305", f"{FILES}307"]
    assert [v.document.url for v in week.visits] == [f"{FILES}306"]
    assert [p.document.url for p in week.data_problems] == [f"{FILES}308", f"{FILES}309"]


def test_the_headline_counts_every_publication_and_its_parts_add_up(week: DigestData) -> None:
    sections = (week.deteriorations, week.improvements, week.publications, week.visits, week.data_problems)
    urls = [entry.document.url for section in sections for entry in section]
    published_this_week = [f"{FILES}{number}" for number in range(301, 312)]
    assert sorted(urls) == published_this_week  # each once
    assert week.publication_count == 11 == sum(len(section) for section in sections)
    assert headline(week) == (
        "11 publications from 16 to 22 November 2026: 4 deteriorations, 2 improvements, 2 other publications, "
        "1 other visit, 2 documents we could not load."
    )


def test_a_publication_goes_by_its_overall_grade_then_by_its_areas(week: DigestData) -> None:
    wessex, lyonesse, northmoor, elmet_visit = week.deteriorations
    mercia, elmet_lscb = week.improvements
    # Overall down.
    assert wessex.overall == AreaChange("overall", "inadequate", "good", date(2023, 3, 10), date(2026, 10, 9))
    # Overall unchanged, leaders down: a deterioration, the unchanged overall still shown.
    assert lyonesse.overall == AreaChange("overall", "good", "good", date(2021, 5, 14), date(2026, 9, 18))
    assert [(c.area, c.direction) for c in lyonesse.areas] == [("leaders", "worse")]
    # Overall up with care leavers down: an improvement that reads as mixed.
    assert mercia.overall is not None and mercia.overall.direction == "better"
    assert [(c.area, c.direction) for c in mercia.areas] == [("in_care", "better"), ("care_leavers", "worse")]
    assert mercia.mixed and not wessex.mixed
    # No overall grade, an area up.
    assert elmet_lscb.overall is None
    assert [(c.area, c.previous_grade, c.grade) for c in elmet_lscb.areas] == [("lscb", "requires_improvement", "good")]
    # Visits go by their concerns.
    assert northmoor.concerns == ("insufficient_progress",)
    assert elmet_visit.concerns == ("priority_actions",)
    assert week.visits[0].concerns == ()


def test_deteriorations_carry_old_and_new_grades_with_both_dates(week: DigestData) -> None:
    wessex, _, northmoor, elmet = week.deteriorations
    # With its statistical neighbours' overall grades on the week's last day: Mercia Vale (this week) and the
    # Isles of Lyonesse (this week, unchanged) good, Anglia Fens and Elmet requires improvement, Northmoor
    # inadequate.
    neighbours = (("good", 2), ("requires_improvement", 2), ("inadequate", 1))
    assert wessex.authority == Authority("990", "Wessex", "South West", neighbours)
    assert wessex.kind == "ilacs_standard"
    assert wessex.event_date == date(2026, 10, 9)
    assert wessex.document == _doc(301, date(2026, 11, 17))
    assert wessex.areas == (
        AreaChange("leaders", "requires_improvement", "good", date(2023, 3, 10), date(2026, 10, 9)),
        AreaChange("help_and_protection", "inadequate", "good", date(2023, 3, 10), date(2026, 10, 9)),
    )
    assert wessex.quote == WESSEX_QUOTE  # the first item, its first sentence, without the bullet
    assert (northmoor.authority and northmoor.authority.name, northmoor.kind, northmoor.verdict, northmoor.number) == (
        "Northmoor",
        "monitoring_visit",
        "insufficient",
        4,
    )
    assert northmoor.areas == () and northmoor.overall is None
    assert (elmet.authority and elmet.authority.name, elmet.kind, elmet.priority_actions) == (
        "Elmet",
        "focused_visit",
        tuple(ELMET_ACTIONS),
    )
    assert elmet.quote is None  # the quote would repeat the first priority action


def test_a_combined_grade_is_the_previous_judgement_of_care_leavers(week: DigestData) -> None:
    mercia = week.improvements[0]
    in_care, care_leavers = mercia.areas
    assert care_leavers == AreaChange(
        "care_leavers", "inadequate", "requires_improvement", date(2022, 6, 17), date(2026, 10, 2),
        previous_combined=True,
    )  # fmt: skip
    assert in_care.previous_combined and not in_care.combined


def test_a_previous_judgement_over_five_years_old_is_called_out(week: DigestData) -> None:
    elmet_lscb = week.improvements[1]
    (lscb,) = elmet_lscb.areas
    assert lscb.previous_date == date(2015, 3, 25) and lscb.long_gap
    assert elmet_lscb.long_gaps == ((2015, ()),)
    assert week.improvements[0].long_gaps == ()  # Mercia Vale's were four years before
    text = render_text(week)
    assert (
        "* Elmet (Yorkshire and the Humber): LSCB review ending 25 September 2026\n"
        "  Statistical neighbours: 2 good, 1 requires improvement, 2 inadequate\n"
        "  Last judged in 2015, more than 5 years before.\n"
        "  - Local Safeguarding Children Board, up: Requires improvement to be good (25 March 2015) -> "
        "Good (25 September 2026)\n"
    ) in text
    assert "Last judged in 2015, more than 5 years before.</strong>" in render_html(week)


def test_others_visits_and_problems(week: DigestData) -> None:
    kingsmarsh, press = week.publications
    assert kingsmarsh.authority and kingsmarsh.authority.name == "Kingsmarsh"
    assert kingsmarsh.overall == AreaChange("overall", "good", "good", date(2022, 1, 21), date(2026, 10, 16))
    assert kingsmarsh.areas == ()
    assert kingsmarsh.document.label == SCRIPT_LABEL
    assert (press.authority and press.authority.name, press.kind, press.overall) == ("Wessex", "not_outcome", None)
    assert press.note == "No judgement: not an inspection report or visit letter"
    (anglia,) = week.visits
    assert (anglia.authority and anglia.authority.name, anglia.verdict, anglia.number) == (
        "Anglia Fens",
        "sufficient",
        2,
    )
    quarantined, unreadable = week.data_problems
    assert quarantined.authority and quarantined.authority.name == "Elmet"
    assert quarantined.status == "quarantined"
    assert quarantined.reason == "a full inspection needs an overall grade"
    assert unreadable.authority and unreadable.authority.name == "Northmoor"
    assert (unreadable.status, unreadable.reason) == ("could not be read", "no text could be read")


def test_national_picture_counts_current_overall_grades_now_and_a_year_before(week: DigestData) -> None:
    national = week.national
    assert (national.as_of, national.year_earlier) == (date(2026, 11, 22), date(2025, 11, 22))
    # Now: Wessex and Northmoor inadequate; Mercia Vale, Kingsmarsh and Lyonesse good; Elmet and Anglia Fens RI.
    # A year before: Wessex, Kingsmarsh and Lyonesse good; Mercia Vale, Elmet and Anglia Fens RI; Northmoor
    # inadequate. Mercia Vale County (abolished 2021) is not counted.
    assert national.counts == (
        GradeCount("good", 3, 3),
        GradeCount("requires_improvement", 2, 3),
        GradeCount("inadequate", 2, 1),
    )


def test_rendered_week_shows_every_expected_row(week: DigestData) -> None:
    html, text = render_html(week), render_text(week)
    assert subject(week) == "Ofsted watch 2026-W47: 4 deteriorations, 16 to 22 November 2026"
    for row in (
        "* Wessex (South West): Standard inspection (ILACS) ending 9 October 2026",
        "  - Overall effectiveness, down: Good (10 March 2023) -> Inadequate (9 October 2026)",
        "  - Impact of leaders on social work practice, down: Good (10 March 2023) -> "
        "Requires improvement to be good (9 October 2026)",
        "* Northmoor (North East): Monitoring visit 4 ending 22 October 2026",
        "Verdict: Insufficient progress",
        # A focused visit says what it looked at (issue 35).
        "* Elmet (Yorkshire and the Humber): Focused visit: the front door ending 29 October 2026",
        "  - " + ELMET_ACTIONS[1],
        # The mixed entry with its LA's neighbours: Kingsmarsh good, Elmet and Anglia Fens requires improvement,
        # Wessex (this week) and Northmoor inadequate.
        "* Mercia Vale (West Midlands): Standard inspection (ILACS) ending 2 October 2026\n"
        "  Statistical neighbours: 1 good, 2 requires improvement, 2 inadequate\n"
        "  Mixed: care leavers down; overall effectiveness, children in care up.",
        # Anglia Fens, requires improvement on 15 October 2021: a standard inspection 30 to 42 months later.
        "* Anglia Fens (East of England): Standard inspection (ILACS) expected, window 15 April 2024 to "
        "15 April 2025: overdue\n",
        "  - Overall effectiveness, up: Requires improvement to be good (17 June 2022) -> Good (2 October 2026)",
        "  - Care leavers, down: Requires improvement to be good (17 June 2022, judged with children in care) -> "
        "Inadequate (2 October 2026)",
        "  Overall effectiveness: Good, unchanged since 21 January 2022\n  Report: ",
        f"Report: {FILES}305",
        "* Anglia Fens (East of England): Monitoring visit 2 ending 30 October 2026",
        "Quarantined: a full inspection needs an overall grade\n",  # the reason in words; the rule stays in the table
        "Could not be read: no text could be read",
        "Good: 3 now, 3 a year earlier",
        "11 publications from 16 to 22 November 2026: 4 deteriorations, 2 improvements, "
        "2 other publications, 1 other visit, 2 documents we could not load.",
    ):
        assert row in text, row
    assert f'<a href="{FILES}301"' in html
    assert f"&ldquo;{WESSEX_QUOTE}&rdquo;" in html
    assert "17 June 2022, judged with children in care</span>" in html
    assert "<script>" not in html
    assert "Children&#39;s services inspection &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; (PDF)" in html
    assert "13 November" not in text  # week 46's visit


def test_region_filter_keeps_only_that_regions_councils(week: DigestData) -> None:
    south_west = week.for_audience(Audience(region="South West"))
    assert [e.authority and e.authority.name for e in south_west.deteriorations] == ["Wessex", "Isles of Lyonesse"]
    assert south_west.improvements == ()
    assert [p.document.url for p in south_west.publications] == [f"{FILES}307"]
    assert south_west.visits == () and south_west.data_problems == ()
    assert south_west.national == week.national
    assert subject(south_west) == "Ofsted watch 2026-W47 [South West]: 2 deteriorations, 16 to 22 November 2026"
    assert headline(south_west).startswith("3 publications from 16 to 22 November 2026: 2 deteriorations")


def test_reports_from_a_folder_count_apart_though_they_look_alike(sample_councils: None, tmp_path: Path) -> None:
    """A folder source gives no URL, and a week's reports often share their label and publication date (the
    corpus's 2024-W28 held six such files): each is still one publication."""
    con = connect(tmp_path / "folder.duckdb")
    try:
        for la in (WESSEX, NORTHMOOR, KINGSMARSH):
            urn = URNS[la.la_code]
            path = f"/corpus/{urn}_{la.name.lower()}/children's services inspection - 12 july 2024.pdf"
            meta = DocumentMeta(path, hashlib.sha256(path.encode()).hexdigest(), 1000, published=date(2024, 7, 12),
                                site_label="children's services inspection", provider_urn=urn)  # fmt: skip
            load_document(con, meta, _ilacs(la, date(2024, 5, 13), date(2024, 5, 24), "good"), [])
        data = load_digest(con, iso_week("2024-W28"))
    finally:
        con.close()
    assert [entry.document for entry in data.publications] == [
        Document("children's services inspection", None, date(2024, 7, 12))
    ] * 3
    assert data.publication_count == 3
    assert headline(data) == (
        "3 publications from 8 to 14 July 2024: no deteriorations, no improvements, 3 other publications, "
        "no other visits, no documents we could not load."
    )


def test_with_the_site_s_base_url_each_entry_links_its_la_s_page(week_db: Path, tmp_path: Path) -> None:
    """The page each link names is the one the site writes (reports.pages gives both their names)."""
    from reports.site.build import build_site

    con = connect(week_db, read_only=True)
    try:
        linked = load_digest(con, iso_week(WEEK), "https://intranet.example.org/ofsted/")
    finally:
        con.close()
    wessex = next(entry for entry in linked.deteriorations if entry.authority and entry.authority.name == "Wessex")
    page = "https://intranet.example.org/ofsted/la/wessex.html"
    assert wessex.authority is not None and wessex.authority.page == page
    assert all(entry.authority.page for entry in linked.deteriorations if entry.authority)
    text, html = render_text(linked), render_html(linked)
    assert f"  Page: {page}" in text
    assert f'<a href="{page}"' in html and "Wessex’s page</a>" in html
    site = build_site(week_db, tmp_path / "no-snapshot.duckdb", tmp_path / "site")
    pages = {entry.authority.page for section in (linked.deteriorations, linked.improvements) for entry in section
             if entry.authority}  # fmt: skip
    assert pages and all((site.path / str(url).removeprefix("https://intranet.example.org/ofsted/")).is_file()
                         for url in pages)  # fmt: skip
    con = connect(week_db, read_only=True)
    try:
        plain = load_digest(con, iso_week(WEEK))  # no base URL: no page link (a relative one would lead nowhere)
    finally:
        con.close()
    assert "Page: " not in render_text(plain)
    assert all(entry.authority.page is None for entry in plain.deteriorations if entry.authority)
