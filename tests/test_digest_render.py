"""Rendering the digest from hand-built data: words, dates, escaping, the empty week, size; periods; subscribers."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from ofsted_watch.subscribers import Audience, SubscribersError, load_subscribers, recipients
from reports.model import (
    AreaChange,
    Authority,
    ChangedEvent,
    DataProblem,
    DigestData,
    Document,
    NationalPicture,
    Period,
    Publication,
)
from reports.period import PeriodError, choose_period, iso_week, last_full_week
from reports.render import build_message, headline, render_html, render_text, subject
from reports.sample import sample_digest
from reports.words import date_range, grade_words, long_date

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
            ChangedEvent(
                bad,
                "ilacs_standard",
                date(2026, 10, 9),
                Document(f"Inspection {HOSTILE}", "https://files.ofsted.gov.uk/v1/file/1?a=1&b=2"),
                areas=(AreaChange("overall", "inadequate", "good", date(2022, 1, 1)),),
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
    """Ofsted publishes a dozen LA documents in a usual week; 48 is a very busy one."""
    sample = sample_digest()
    busy = replace(
        sample,
        deteriorations=sample.deteriorations * 4,
        improvements=sample.improvements * 5,
        publications=sample.publications * 20,
        visits=sample.visits * 15,
        data_problems=sample.data_problems * 4,
    )
    html = render_html(busy)
    assert len(html.encode()) < 100_000
    lowered = html.lower()
    for forbidden in ("<script", "<img", "<style", "<link", "javascript:", "url("):
        assert forbidden not in lowered


def test_message_has_subject_text_and_html_parts() -> None:
    message = build_message(sample_digest(), "Ofsted Watch <watch@example.org>", "dcs@example.org")
    assert message["Subject"] == "Ofsted watch 2026-W47: 4 deteriorations, 16 to 22 November 2026"
    assert message["X-Ofsted-Watch-Digest"] == "2026-W47"
    assert message["Message-ID"].endswith("@example.org>")
    assert message.get_content_type() == "multipart/alternative"
    plain, html = (part.get_content() for part in message.iter_parts())
    assert "Northmoor (North East): Standard inspection (ILACS) ending 9 October 2026" in plain
    assert "Area SEND outcome: Inconsistent experiences and outcomes (12 May 2023) -> Widespread" in plain
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
        publications=(Publication(None, "not_outcome", None, Document("Press release"), note="No judgement"),),
    )
    assert "* Local authority not identified: Not an inspection outcome\n  No judgement\n" in render_text(data)


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
