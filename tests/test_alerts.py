"""Same-day alerts from hand-built entries: titles, triggers, filters, the chat and email renderings; the
subscribers file's alert keys and their mistakes; secrets kept out of what is shown."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from common.subscribers import Audience, Subscriber, SubscribersError, load_subscribers, safe_url
from reports.alerts import DocumentAlert, alert_title, build_alert_message, message_title, render_chat
from reports.model import AreaChange, Authority, Document, Entry
from tasks.alert import channels_of, redact

KNOWSLEY = Authority("340", "Knowsley", "North West", neighbours=(("good", 6), ("inadequate", 1)))
DOCUMENT = Document(
    "Children's services inspection", "https://files.ofsted.gov.uk/v1/file/50250000", date(2026, 11, 20)
)


def _inspection(overall: AreaChange | None, *areas: AreaChange, authority: Authority = KNOWSLEY) -> Entry:
    return Entry(authority, "ilacs_standard", date(2026, 10, 9), DOCUMENT, overall=overall, areas=areas)


def _change(area: str, before: str | None, now: str) -> AreaChange:
    return AreaChange(area, now, before, date(2022, 3, 4) if before else None, date(2026, 10, 9))


def _alert(entry: Entry, reasons: tuple[str, ...] = ()) -> DocumentAlert:
    entry = Entry(**{**entry.__dict__, "deterioration_reasons": reasons})
    return DocumentAlert("https://files.ofsted.gov.uk/v1/file/1", 1, entry, alert_title(entry))


@pytest.mark.parametrize(
    ("entry", "title"),
    [
        (
            _inspection(_change("overall", "requires_improvement", "inadequate")),
            "Knowsley: overall effectiveness requires improvement → inadequate",
        ),
        (
            _inspection(_change("overall", None, "inadequate")),
            "Knowsley: overall effectiveness inadequate, first judgement",
        ),
        (_inspection(_change("overall", "good", "good")), "Knowsley: overall effectiveness good, unchanged"),
        (
            _inspection(
                _change("overall", "good", "good"),
                _change("leaders", "good", "outstanding"),
                _change("care_leavers", "good", "requires_improvement"),
                _change("in_care", "good", "requires_improvement"),
            ),
            "Knowsley: care leavers good → requires improvement; children in care good → requires improvement; "
            "1 more area",
        ),
        (
            Entry(KNOWSLEY, "monitoring_visit", date(2026, 10, 9), DOCUMENT, verdict="insufficient", number=2),
            "Knowsley: monitoring visit 2, insufficient progress",
        ),
        (
            Entry(KNOWSLEY, "focused_visit", None, DOCUMENT, verdict="deterioration", priority_actions=("A.", "B.")),
            "Knowsley: focused visit, practice has deteriorated, 2 priority actions",
        ),
        (
            Entry(KNOWSLEY, "focused_visit", None, DOCUMENT, priority_actions=("A.",), focus="care_leavers"),
            "Knowsley: focused visit: care leavers, 1 priority action",
        ),
        (Entry(KNOWSLEY, "jtai", date(2026, 10, 9), DOCUMENT), "Knowsley: joint targeted area inspection"),
        (
            Entry(KNOWSLEY, "jtai", date(2026, 10, 9), DOCUMENT, theme="Children at risk of exploitation"),
            "Knowsley: joint targeted area inspection, children at risk of exploitation",
        ),
        (
            Entry(KNOWSLEY, "area_send", date(2026, 10, 9), DOCUMENT, send_outcome="systemic_failings"),
            "Knowsley: area SEND inspection, widespread and/or systemic failings",
        ),
        (
            Entry(None, "not_outcome", None, DOCUMENT),
            "Local authority not identified: Children's services inspection, no judgement",
        ),
        (
            Entry(KNOWSLEY, "monitoring_visit", date(2026, 10, 9), DOCUMENT, verdict="not_stated", number=1),
            "Knowsley: monitoring visit 1, verdict not stated",
        ),
        (
            Entry(KNOWSLEY, "unread", None, DOCUMENT),
            "Knowsley: Ofsted published a document that could not be read, Children's services inspection",
        ),
    ],
)
def test_the_title_says_what_happened(entry: Entry, title: str) -> None:
    assert alert_title(entry) == title


def test_triggers_and_filters_pick_what_concerns_a_subscriber() -> None:
    downgrade = _alert(_inspection(_change("overall", "good", "inadequate")), ("downgrade",))
    unchanged_inadequate = _alert(_inspection(_change("overall", "inadequate", "inadequate")))
    upgrade = _alert(_inspection(_change("overall", "requires_improvement", "good")))
    area_down = _alert(_inspection(_change("overall", "requires_improvement", "good"), _change("leaders", "good",
                       "requires_improvement")), ("downgrade",))  # fmt: skip

    def picks(alerts: tuple[str, ...], audience: Audience | None = None) -> list[DocumentAlert]:
        subscriber = Subscriber("a@example.org", audience or Audience(), alerts)
        return [a for a in (downgrade, unchanged_inadequate, upgrade, area_down) if a.concerns(subscriber)]

    assert picks(("deterioration",)) == [downgrade, area_down]  # any row of the deteriorations view
    assert picks(("inadequate",)) == [downgrade, unchanged_inadequate]
    assert picks(("all",)) == [downgrade, unchanged_inadequate, upgrade, area_down]
    assert picks(("inadequate", "deterioration")) == [downgrade, unchanged_inadequate, area_down]
    assert picks(("all",), Audience(region="North West")) == picks(("all",))
    assert picks(("all",), Audience(region="London")) == []
    assert picks(("all",), Audience(la_codes=("340",))) == picks(("all",))
    assert picks(()) == []


def test_a_document_nobody_could_read_concerns_its_las_subscribers_whatever_their_triggers() -> None:
    from common.subscribers import Audience, Subscriber

    unread = _alert(Entry(KNOWSLEY, "unread", None, DOCUMENT))
    ordinary = _alert(Entry(KNOWSLEY, "monitoring_visit", date(2026, 10, 9), DOCUMENT, verdict="sufficient"))
    theirs = Subscriber(None, Audience(la_codes=(KNOWSLEY.la_code,)), alerts=("inadequate",), name="k")
    elsewhere = Subscriber(None, Audience(la_codes=("999",)), alerts=("all",), name="e")
    assert (unread.concerns(theirs), ordinary.concerns(theirs)) == (True, False)
    assert unread.concerns(elsewhere) is False


def test_chat_is_short_markdown_and_the_email_carries_both_parts() -> None:
    visit = Entry(
        KNOWSLEY,
        "monitoring_visit",
        date(2026, 10, 9),
        DOCUMENT,
        verdict="insufficient",
        number=2,
        priority_actions=("See children <at risk> promptly & record it.", "B.", "C.", "D."),
    )
    downgrade = _inspection(_change("overall", "good", "inadequate"), _change("leaders", "good", "inadequate"))
    alerts = [_alert(downgrade, ("downgrade",)), _alert(visit, ("insufficient_progress",))]
    assert message_title(alerts) == "Knowsley: overall effectiveness good → inadequate (and 1 more publication)"
    chat = render_chat(alerts)
    assert chat.splitlines()[:10] == [
        "**Knowsley: overall effectiveness good → inadequate**",
        "",
        "Standard inspection (ILACS), ending 9 October 2026; published 20 November 2026",
        "",
        "- Overall effectiveness: Good → Inadequate (down)",
        "- Impact of leaders on social work practice: Good → Inadequate (down)",
        "",
        "Statistical neighbours: 6 good, 1 inadequate",
        "",
        f"[Children's services inspection (PDF)]({DOCUMENT.url})",
    ]
    assert "- Priority action: See children <at risk> promptly & record it." in chat  # as written, not escaped
    assert "- and 1 more priority action" in chat
    assert f"[Children's services inspection (PDF)]({DOCUMENT.url})" in chat

    message = build_alert_message(alerts, "Ofsted Watch <watch@example.org>", "dcs@example.org", "North West")
    assert message["Subject"] == f"Ofsted watch alert: {message_title(alerts)}"
    assert (
        message["X-Ofsted-Watch-Alert"] == "https://files.ofsted.gov.uk/v1/file/1 https://files.ofsted.gov.uk/v1/file/1"
    )
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    assert text["Content-Transfer-Encoding"] == html["Content-Transfer-Encoding"] == "quoted-printable"
    assert "  - Overall effectiveness, down: Good (4 March 2022) -> Inadequate (9 October 2026)" in text.get_content()
    assert "See children &lt;at risk&gt; promptly &amp; record it." in html.get_content()
    assert "A same-day alert from ofsted-watch for North West" in html.get_content()


def _subscribers(tmp_path: Path, body: str) -> list[Subscriber]:
    path = tmp_path / "subscribers.toml"
    path.write_text(body, encoding="utf-8")
    return load_subscribers(path)


def test_subscribers_take_alerts_by_email_and_apprise_urls(tmp_path: Path) -> None:
    digest_only, both, chat_only = _subscribers(
        tmp_path,
        '[[subscriber]]\nemail = "a@example.org"\n\n'
        '[[subscriber]]\nemail = "b@example.org"\nalerts = true\nnotify = ["slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#general"]\n\n'
        '[[subscriber]]\nname = "Team"\nregion = "london"\nalerts = ["inadequate", "all", "inadequate"]\n'
        'notify = ["json://user:pa55word-long@hooks.example.org/ofsted?+X-Token=abcdef123456"]\n',
    )  # fmt: skip
    assert (digest_only.alerts, digest_only.notify, digest_only.key) == ((), (), "a@example.org")
    assert both.alerts == ("deterioration",) and both.key == "b@example.org"
    assert (chat_only.email, chat_only.key, chat_only.alerts) == (None, "Team", ("inadequate", "all"))
    assert chat_only.audience == Audience(region="London")
    email, slack = channels_of(both)
    assert (email.key, email.target) == ("email", "b@example.org")
    assert slack.key.startswith("notify-") and slack.target == "slack://T...2/A...D/T...Q/%23general/"
    (hook,) = channels_of(chat_only)
    assert hook.target == "json://user:****@hooks.example.org/ofsted"
    assert "abcdef123456" not in repr(hook) and "pa55word" not in repr(hook)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            'email = "a@x.org"\nalerts = ["downgrade"]',
            r"subscriber 1 \(a@x.org\): unknown alert trigger\(s\) downgrade",
        ),
        ('email = "a@x.org"\nalerts = "yes"', "'alerts' must be true, false or a list"),
        (
            'name = "Team"\nalerts = true\nnotify = ["msteams://abc/def/ghi"]',
            r"\(Team\): notify URL 1 \(msteams://…\) "
            "is not one Apprise can use",
        ),
        ('name = "Team"\nalerts = true\nnotify = ["json://secret-token@"]', r"notify URL 1 \(json://…\)"),
        ('name = "Team"\nalerts = true', r"\(Team\): nothing to send to"),
        ('region = "London"', r"\(no name or email\): nothing to send to"),
        ('name = "Team"\nnotify = ["json://127.0.0.1/x"]', "set 'alerts' too"),
        (
            'name = "a@x.org"\nnotify = ["json://127.0.0.1/x"]\nalerts = true\n[[subscriber]]\nemail = "A@x.org"',
            "listed more than once",
        ),
    ],
)
def test_alert_mistakes_stop_the_run_naming_the_subscriber_and_no_secret(
    tmp_path: Path, body: str, message: str
) -> None:
    with pytest.raises(SubscribersError, match=message) as raised:
        _subscribers(tmp_path, "[[subscriber]]\n" + body)
    assert "secret-token" not in str(raised.value) and "abc/def" not in str(raised.value)


def test_urls_are_shown_without_their_secrets() -> None:
    url = "json://watch:pa55word-long@127.0.0.1:8080/hooks/5f0c2a9e7d11?+Authorization=Bearer%20tok-5f0c2a9e7d"
    assert safe_url(url) == "json://watch:****@127.0.0.1:8080/hooks/5f0c2a9e7d11"
    assert safe_url("workflows://prod.westus.logic.azure.com:443/abcdefgh12/xyzsignature99") == (
        "workflow://prod.westus.logic.azure.com:443/a...2/x...9/"
    )
    said = "Failed to send to 127.0.0.1 (pa55word-long, /hooks/5f0c2a9e7d11, Bearer tok-5f0c2a9e7d): error=500."
    assert redact(said, url) == "Failed to send to 127.0.0.1 (****, /hooks/****, ****): error=500."
