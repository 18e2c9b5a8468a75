"""Rendering the digest from hand-built data: words, dates, escaping, the empty week, size; periods; subscribers."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from common.subscribers import Audience, SubscribersError, load_subscribers, recipients
from reports import words
from reports.digest import first_item, quote_from
from reports.model import (
    AreaChange,
    Authority,
    DataProblem,
    DigestData,
    Document,
    Entry,
    NationalPicture,
    Period,
)
from reports.period import PeriodError, choose_period, iso_week, last_full_week
from reports.render import HTML_BUDGET_BYTES, build_message, headline, render_html, render_text, subject
from reports.words import date_range, grade_words, long_date
from samples.digest import sample_digest

WEEK_47 = Period(date(2026, 11, 16), date(2026, 11, 22))
NATIONAL = NationalPicture(as_of=date(2026, 11, 22), year_earlier=date(2025, 11, 22))
HOSTILE = "<script>alert('owned')</script>"


def test_grades_and_dates_read_as_words() -> None:
    assert grade_words("requires_improvement") == "Requires improvement to be good"
    assert long_date(date(2026, 11, 4)) == "4 November 2026"
    assert date_range(date(2026, 10, 28), date(2026, 11, 3)) == "28 October to 3 November 2026"
    assert date_range(date(2025, 12, 29), date(2026, 1, 4)) == "29 December 2025 to 4 January 2026"


def test_empty_week_says_so_in_one_line() -> None:
    empty = DigestData(period=WEEK_47, national=NATIONAL)
    line = "Ofsted published nothing about these local authorities' children's services from 16 to 22 November 2026."
    assert headline(empty) == line
    text = render_text(empty)
    assert text.count(line) == 1
    assert "DETERIORATIONS" not in text and "Deteriorations" not in render_html(empty)
    assert subject(empty) == "Ofsted watch 2026-W47: no deteriorations, 16 to 22 November 2026"


def test_hostile_text_is_escaped_in_html_and_kept_verbatim_in_text() -> None:
    bad = Authority("999", f"Council {HOSTILE}", "London")
    data = DigestData(
        period=WEEK_47,
        national=NATIONAL,
        deteriorations=(
            Entry(
                bad,
                "ilacs_standard",
                date(2026, 10, 9),
                Document(f"Inspection {HOSTILE}", "https://files.ofsted.gov.uk/v1/file/1?a=1&b=2"),
                overall=AreaChange("overall", "inadequate", "good", date(2022, 1, 1), date(2026, 10, 9)),
                quote=f"Quote {HOSTILE} & more",
            ),
        ),
        data_problems=(DataProblem(Document(HOSTILE), "quarantined", f"reason {HOSTILE}"),),
    )
    html = render_html(data)
    assert "<script>" not in html
    assert (
        html.count("&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;") == 5
    )  # name, label, quote, problem label and reason
    assert 'href="https://files.ofsted.gov.uk/v1/file/1?a=1&amp;b=2"' in html
    text = render_text(data)
    assert f"Quote {HOSTILE} & more" in text and "&lt;" not in text


def test_html_is_email_safe_and_under_100_kb_for_a_busy_week() -> None:
    """Ofsted publishes a dozen LA documents in a usual week; 48 is a very busy one: here 56 (12 deteriorations, 5
    improvements, 20 other publications, 15 visits, 4 data problems). All England, some 50 LAs may be expected
    soon (overdue, or their window opening within three months)."""
    sample = sample_digest()
    assert (len(sample.deteriorations), len(sample.publications)) == (4, 2)
    busy = replace(
        sample,
        deteriorations=sample.deteriorations * 3,
        improvements=sample.improvements * 5,
        publications=sample.publications * 10,
        visits=sample.visits * 15,
        data_problems=sample.data_problems * 4,
        expected_soon=sample.expected_soon * 25,
    )
    html = render_html(busy)
    assert len(html.encode()) < 96_000
    # As sent, quoted-printable ("=" becomes "=3D", long lines fold): still under Gmail's clipping limit (~102 KB),
    # which may count the encoded part.
    (sent,) = (
        part
        for part in build_message(busy, "a@example.org", "b@example.org").walk()
        if part.get_content_type() == "text/html"
    )
    assert len(str(sent.get_payload()).encode()) < 100_000
    lowered = html.lower()
    for forbidden in ("<script", "<img", "<style", "<link", "javascript:", "url("):
        assert forbidden not in lowered


def test_a_week_too_busy_for_tables_lists_each_area_in_a_line_and_keeps_every_fact() -> None:
    """64 publications, 32 of them deteriorations: the tables of areas would pass Gmail's clipping limit (about
    108 KB), so each area is a line."""
    sample = sample_digest()
    busier = replace(
        sample,
        deteriorations=sample.deteriorations * 8,
        improvements=sample.improvements * 8,
        publications=sample.publications * 8,
        visits=sample.visits * 8,
    )
    html = render_html(busier)
    assert len(html.encode()) < HTML_BUDGET_BYTES
    assert "AREA</td>" not in html and "AREA</td>" in render_html(sample)  # the usual week keeps its tables
    northmoor = next(e for e in sample.deteriorations if e.authority.name == "Northmoor")
    overall = northmoor.overall
    assert overall is not None and overall.previous_grade and overall.previous_date
    line = (
        f"<li>Overall effectiveness {words.direction_words(overall.direction)}: "
        f"{words.grade_words(overall.previous_grade)} ({words.long_date(overall.previous_date)}) &rarr; "
        f"<b>{words.grade_words(overall.grade)}</b></li>"
    )
    assert html.count(line) == 8


def test_message_has_subject_text_and_html_parts() -> None:
    message = build_message(sample_digest(), "Ofsted Watch <watch@example.org>", "dcs@example.org")
    assert message["Subject"] == "Ofsted watch 2026-W47: 4 deteriorations, 16 to 22 November 2026"
    assert message["X-Ofsted-Watch-Digest"] == "2026-W47"
    assert message["Message-ID"].endswith("@example.org>")
    assert message.get_content_type() == "multipart/alternative"
    plain, html = (part.get_content() for part in message.iter_parts())
    assert "Northmoor (North East): Standard inspection (ILACS) ending 9 October 2026" in plain
    assert "Area SEND outcome, down: Inconsistent experiences and outcomes (12 May 2023) -> Widespread" in plain
    assert "Theme: serious youth violence" in plain
    assert "<h1" in html


def test_audience_filters_by_la_codes() -> None:
    sample = sample_digest()
    mine = sample.for_audience(Audience(la_codes=("996",), la_names=("Anglia Fens",)))
    assert [e.authority.name for e in mine.deteriorations] == ["Anglia Fens"]
    assert mine.improvements == () and mine.publications == () and mine.visits == ()
    assert mine.scope == "Anglia Fens"
    assert mine.data_problems == ()  # Kingsmarsh's problem is not Anglia Fens's
    unknown = DataProblem(Document("mystery.pdf"), "could not be read", "no text")
    with_unknown = replace(sample, data_problems=(unknown,)).for_audience(Audience(la_codes=("904",)))
    assert with_unknown.data_problems == (unknown,)


def test_other_publication_without_an_authority_renders() -> None:
    data = DigestData(
        period=WEEK_47,
        national=NATIONAL,
        publications=(Entry(None, "not_outcome", None, Document("Press release"), note="No judgement"),),
    )
    assert "* Local authority not identified: Not an inspection outcome\n  No judgement\n" in render_text(data)


def test_a_long_gap_names_the_areas_when_not_all_share_it() -> None:
    day = date(2024, 5, 3)
    entry = Entry(
        Authority("999", "Somewhere"),
        "ilacs_standard",
        day,
        Document("Children's services inspection"),
        overall=AreaChange("overall", "good", "requires_improvement", date(2021, 2, 5), day),
        areas=(
            AreaChange("leaders", "good", "requires_improvement", date(2021, 2, 5), day),
            AreaChange("care_leavers", "requires_improvement", "outstanding", date(2016, 3, 18), day),
        ),
    )
    assert entry.long_gaps == ((2016, ("care_leavers",)),)
    assert entry.mixed
    text = render_text(DigestData(period=WEEK_47, national=NATIONAL, improvements=(entry,)))
    assert (
        "* Somewhere: Standard inspection (ILACS) ending 3 May 2024\n"
        "  Mixed: care leavers down; overall effectiveness, impact of leaders on social work practice up.\n"
        "  Last judged in 2016, more than 5 years before: care leavers.\n"
        "  - Overall effectiveness, up: Requires improvement to be good (5 February 2021) -> Good (3 May 2024)\n"
    ) in text


def test_quotes_are_the_first_item_of_a_bulleted_passage_and_never_a_fragment() -> None:
    passage = "\uf06e The timeliness of assessments. Plans are weak. \uf06e The quality of supervision."
    assert first_item(passage) == " The timeliness of assessments. Plans are weak. "
    assert quote_from(passage, ()) == "The timeliness of assessments."
    assert quote_from("\u25fc Strategy meetings – which are late.", ()) == "Strategy meetings – which are late."
    assert quote_from("focused visit in 2021, have largely been addressed.", ()) is None
    assert quote_from("Act now on plans.", ("Act now on plans.",)) is None


@pytest.mark.parametrize(
    ("week", "since", "until", "expected"),
    [
        ("2026-W47", None, None, (date(2026, 11, 16), date(2026, 11, 22))),
        ("2026W01", None, None, (date(2025, 12, 29), date(2026, 1, 4))),
        (None, date(2026, 11, 1), date(2026, 11, 20), (date(2026, 11, 1), date(2026, 11, 20))),
        (None, None, date(2026, 11, 20), (date(2026, 11, 14), date(2026, 11, 20))),
        (None, None, None, (date(2026, 11, 16), date(2026, 11, 22))),
    ],
)
def test_choose_period(week: str | None, since: date | None, until: date | None, expected: tuple[date, date]) -> None:
    period = choose_period(week, since, until, today=date(2026, 11, 25))
    assert (period.start, period.end) == expected


def test_period_keys_and_bad_periods() -> None:
    assert iso_week("2026-W47").key == "2026-W47"
    assert Period(date(2026, 11, 1), date(2026, 11, 20)).key == "2026-11-01..2026-11-20"
    assert last_full_week(date(2026, 11, 23)) == WEEK_47  # a Monday: the week just ended
    assert last_full_week(date(2026, 11, 29)) == WEEK_47  # a Sunday: that week has not ended
    for bad in ("2026-47", "2026-W54"):
        with pytest.raises(PeriodError):
            iso_week(bad)
    with pytest.raises(PeriodError, match="not both"):
        choose_period("2026-W47", date(2026, 11, 1), None, date(2026, 11, 25))


def test_subscribers_file(tmp_path: Path) -> None:
    path = tmp_path / "subscribers.toml"
    path.write_text(
        '[[subscriber]]\nemail = "all@example.org"\n\n'
        '[[subscriber]]\nemail = "nw@example.org"\nregion = "north west"\n\n'
        '[[subscriber]]\nemail = "two@example.org"\nla_codes = ["202", "206"]\n',
        encoding="utf-8",
    )
    everyone, north_west, two = load_subscribers(path)
    assert (everyone.email, everyone.audience.describe()) == ("all@example.org", "All England")
    assert north_west.audience == Audience(region="North West")
    assert two.audience.la_codes == ("202", "206")
    assert two.audience.describe() == "Camden, Islington"
    assert [s.email for s in recipients(path, ["me@example.org"])] == ["me@example.org"]
    assert recipients(None, []) == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[[subscriber]]\nemail = "a@example.org"\nregion = "Atlantis"', "unknown region 'Atlantis'"),
        ('[[subscriber]]\nemail = "a@example.org"\nla_codes = ["202", "000"]', "unknown LA code"),
        ('[[subscriber]]\nemail = "a@example.org"\nregion = "London"\nla_codes = ["202"]', "not both"),
        ('[[subscriber]]\nemail = "a@x.org"\n[[subscriber]]\nemail = "A@x.org"', "more than once"),
        ('[[subscriber]]\nemail = "nobody"', "must be an address"),
        ("[[subscriber]\n", "not valid TOML"),
    ],
)
def test_subscribers_file_mistakes_are_named(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "subscribers.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(SubscribersError, match=message):
        load_subscribers(path)
