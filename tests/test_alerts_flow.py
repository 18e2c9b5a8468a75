"""Same-day alerts through Prefect's real engine, to real receivers on 127.0.0.1: an HTTP server taking Apprise's
json:// posts (samples.webhook) and aiosmtpd, after polls of the sample site."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import cast

import pytest
from pipeline_helpers import backfill, poll, warehouse
from test_send import Mailbox, _free_port

from common.config import load_settings
from ofsted_watch.commands.alerts import run_alerts
from samples.councils import council
from samples.documents import ilacs_report
from samples.site import SampleSite
from samples.timeline import SamplePublication, demo_publications
from samples.webhook import Webhook

pytestmark = [pytest.mark.prefect, pytest.mark.integration]

TODAY = date.today()
DIRECTOR = "director@example.org"
# Secrets in a URL: a password and a custom header Apprise prints in clear even when asked to mask.
PASSWORD, TOKEN = "s3cret-pa55word", "tok-5f0c2a9e7d"
# Wessex's report of the demo's last weeks is under the April 2026 framework: no overall judgement, so the title
# names the judgements that went down, worst first.
WESSEX = (
    "Wessex: impact of leaders on social work practice good → inadequate; children who need help and protection "
    "good → inadequate; 2 more areas"
)
NORTHMOOR = "Northmoor: monitoring visit 2, insufficient progress"


@pytest.fixture()
def publications() -> list[SamplePublication]:
    return demo_publications(TODAY)


def _latest(publications: list[SamplePublication], la: str) -> SamplePublication:
    return [p for p in publications if p.council.name == la][-1]


class Smtp(Mailbox):
    """The digest tests' mailbox, with the port its server listens on."""

    def __init__(self, port: int) -> None:
        super().__init__()
        self.port = port


@pytest.fixture()
def mailbox() -> Iterator[Smtp]:
    from aiosmtpd.controller import Controller

    handler = Smtp(_free_port())
    controller = Controller(handler, hostname="127.0.0.1", port=handler.port)
    controller.start()
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture()
def hooks() -> Iterator[tuple[Webhook, Webhook, Webhook]]:
    with Webhook() as everyone, Webhook() as south_west, Webhook() as flaky:
        yield everyone, south_west, flaky


def _subscribe(home: Path, monkeypatch: pytest.MonkeyPatch, mailbox: Smtp, body: str) -> Path:
    path = home / "subscribers.toml"
    path.write_text(body, encoding="utf-8")
    for name, value in {
        "SUBSCRIBERS": str(path),
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(mailbox.port),
        "SMTP_SECURITY": "plain",
        "MAIL_FROM": "Ofsted Watch <watch@example.org>",
    }.items():
        monkeypatch.setenv(f"OFSTED_WATCH_{name}", value)
    return path


def _subscribers(everyone: Webhook, south_west: Webhook, flaky: Webhook) -> str:
    return (
        f'[[subscriber]]\nemail = "{DIRECTOR}"\nalerts = true\n'
        f'notify = ["{everyone.url("all", f"watch:{PASSWORD}@")}?+X-Token={TOKEN}"]\n\n'
        f'[[subscriber]]\nname = "South West team"\nregion = "South West"\nalerts = ["all"]\n'
        f'notify = ["{south_west.url("sw")}"]\n\n'
        f'[[subscriber]]\nname = "Flaky receiver"\nalerts = ["deterioration"]\nnotify = ["{flaky.url("flaky")}"]\n'
    )


def _chat_subscriber(name: str, alerts: str, hook: Webhook) -> str:
    return f'[[subscriber]]\nname = "{name}"\nalerts = {alerts}\nnotify = ["{hook.url()}"]\n'


@contextmanager
def _history_without(publication: SamplePublication, publications: list[SamplePublication]) -> Iterator[SampleSite]:
    """The sample site with its history backfilled (no alerts), all but `publication`."""
    with SampleSite([p for p in publications if p is not publication]) as site:
        assert backfill(site) == 0
        yield site


def _texts(message: EmailMessage) -> tuple[str, str]:
    text = cast(EmailMessage, message.get_body(preferencelist=("plain",))).get_content()
    html = cast(EmailMessage, message.get_body(preferencelist=("html",))).get_content()
    return text, html


def test_a_poll_alerts_each_channel_once_and_a_failing_receiver_at_the_next_poll(
    ingest_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    publications: list[SamplePublication],
    mailbox: Smtp,
    hooks: tuple[Webhook, Webhook, Webhook],
) -> None:
    everyone, south_west, flaky = hooks
    _subscribe(ingest_env, monkeypatch, mailbox, _subscribers(everyone, south_west, flaky))
    wessex, northmoor = _latest(publications, "Wessex"), _latest(publications, "Northmoor")
    with SampleSite([p for p in publications if p not in (wessex, northmoor)]) as site:
        assert backfill(site) == 0  # history: no alerts
        assert everyone.posts == south_west.posts == flaky.posts == [] and mailbox.messages == []

        site.add(wessex, northmoor)
        flaky.fail(times=1)
        assert poll(site) == 1  # loaded, and one channel failed: recorded, and retried by the next poll
        first = capsys.readouterr().out

        # One message per channel for both documents, worst news and earliest first.
        (email,) = mailbox.messages
        assert email["To"] == DIRECTOR
        assert email["Subject"] == f"Ofsted watch alert: {WESSEX} (and 1 more publication)"
        text, html = _texts(email)
        assert "Impact of leaders on social work practice, down: Good (" in text and ") -> Inadequate (" in text
        assert "No overall effectiveness judgement" in text
        assert NORTHMOOR in text and f"Report: {site.file_url(wessex.file_id)}" in text
        assert WESSEX in html and f'href="{site.file_url(northmoor.file_id)}"' in html
        (post,) = everyone.posts
        assert post.body["title"] == f"{WESSEX} (and 1 more publication)"
        assert post.body["type"] == "warning"
        assert f"**{WESSEX}**" in post.body["message"]
        assert "- Impact of leaders on social work practice: Good → Inadequate (down)" in post.body["message"]
        assert f"**{NORTHMOOR}**" in post.body["message"]
        assert post.headers["X-Token"] == TOKEN  # the URL as written reached the receiver
        # The region's channel: only its region, but every publication ("all").
        (regional,) = south_west.posts
        assert regional.body["title"] == WESSEX and "Northmoor" not in regional.body["message"]
        (refused,) = flaky.posts
        assert refused.answered == 500

        assert "alerts: 3 sent, 1 failed" in first
        assert "FAILED to Flaky receiver by json://127.0.0.1:" in first and "error=500" in first
        with warehouse(ingest_env) as con:
            notes, pending = con.execute("SELECT notes, alerts FROM runs ORDER BY started_at DESC LIMIT 1").fetchone()
            sends = con.execute(
                "SELECT subscriber, target, status, attempts FROM alert_sends ORDER BY subscriber, document_id"
            ).fetchall()
        assert pending == "done"
        assert f"Flaky receiver by json://127.0.0.1:{flaky.port}/flaky: Failed to send JSON POST" in notes
        assert ("Flaky receiver", f"json://127.0.0.1:{flaky.port}/flaky", "failed", 1) in sends
        assert (DIRECTOR, f"json://watch:****@127.0.0.1:{everyone.port}/all", "sent", 1) in sends
        assert (DIRECTOR, DIRECTOR, "sent", 1) in sends
        assert len(sends) == 2 + 2 + 1 + 2  # director: 2 channels x 2; South West: 1; flaky: 2 (failed)

        # The next poll: nothing new, so only the failed channel is sent, once.
        assert poll(site) == 0
        second = capsys.readouterr().out
        assert [p.answered for p in flaky.posts] == [500, 200]
        assert flaky.posts[1].body["title"] == f"{WESSEX} (and 1 more publication)"
        assert len(everyone.posts) == len(south_west.posts) == len(mailbox.messages) == 1
        assert "alerts: 1 sent, 0 failed" in second

        # And the one after: nothing at all.
        assert poll(site) == 0
        assert len(flaky.posts) == 2 and len(everyone.posts) == len(south_west.posts) == len(mailbox.messages) == 1
    with warehouse(ingest_env) as con:
        stored = str(con.execute("SELECT list(a) FROM (SELECT alert_sends::VARCHAR AS a FROM alert_sends)").fetchone())
        stored += str(con.execute("SELECT list(notes) FROM runs").fetchone())
    for said in (first, second, stored):
        assert PASSWORD not in said and TOKEN not in said


def test_a_failed_alert_step_leaves_the_load_and_the_next_poll_sends(
    ingest_env: Path, monkeypatch: pytest.MonkeyPatch, publications: list[SamplePublication], mailbox: Smtp
) -> None:
    wessex = _latest(publications, "Wessex")
    with Webhook() as hook, _history_without(wessex, publications) as site:
        subscribers = _subscribe(ingest_env, monkeypatch, mailbox, _chat_subscriber("Team", '["downgrades"]', hook))
        site.add(wessex)
        assert poll(site) == 1
        with warehouse(ingest_env) as con:
            status = con.execute("SELECT status FROM documents WHERE document_id = ?", [site.file_url(wessex.file_id)])
            assert status.fetchone() == ("loaded",)  # the load stands
            notes, pending = con.execute("SELECT notes, alerts FROM runs ORDER BY started_at DESC LIMIT 1").fetchone()
        assert pending == "pending"
        assert "send alerts failed" in notes and "subscriber 1 (Team): unknown alert trigger(s) downgrades" in notes
        assert hook.posts == []

        subscribers.write_text(_chat_subscriber("Team", '["inadequate"]', hook))
        assert poll(site) == 0
        (post,) = hook.posts
        assert post.body["title"] == WESSEX


def test_alerts_command_dry_run_sends_nothing_then_sends_once_and_force_resends(
    ingest_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    publications: list[SamplePublication],
    mailbox: Smtp,
) -> None:
    with Webhook() as hook, SampleSite(publications) as site:
        _subscribe(
            ingest_env, monkeypatch, mailbox, _chat_subscriber("North East", "true", hook) + 'region = "North East"\n'
        )
        assert backfill(site) == 0
        capsys.readouterr()
        settings = load_settings()
        since = TODAY - timedelta(days=7)

        def alerts(dry_run: bool = False, force: bool = False) -> tuple[int, str]:
            code = run_alerts(settings, since=since, until=None, to=None, dry_run=dry_run, force=force)
            return code, capsys.readouterr().out

        code, shown = alerts(dry_run=True)
        assert code == 0 and f"would send to North East by json://127.0.0.1:{hook.port}/hook: {NORTHMOOR}" in shown
        assert hook.posts == []
        with warehouse(ingest_env) as con:
            assert con.execute("SELECT count(*) FROM alert_sends").fetchone() == (0,)

        assert alerts()[0] == 0
        assert [post.body["title"] for post in hook.posts] == [NORTHMOOR]
        code, again = alerts()
        assert code == 0 and len(hook.posts) == 1 and "1 alerts already sent" in again
        assert alerts(force=True)[0] == 0 and len(hook.posts) == 2
        assert run_alerts(settings, since=since, until=None, dry_run=True, to="nobody", force=False) == 2
        assert "no subscriber with alerts is named 'nobody'" in capsys.readouterr().out


def test_with_the_site_s_base_url_an_alert_links_the_la_s_page(
    ingest_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    publications: list[SamplePublication],
    mailbox: Smtp,
) -> None:
    """Chat, email text and HTML each carry the page's address, and the site the backfill built has that page."""
    base = "https://intranet.example.org/ofsted/"
    monkeypatch.setenv("OFSTED_WATCH_SITE_BASE_URL", base)
    monkeypatch.delenv("OFSTED_WATCH_REBUILD_SITE")  # the backfill builds the site, as by default
    page = f"{base}la/northmoor.html"
    with Webhook() as hook, SampleSite(publications) as site:
        subscribers = _chat_subscriber("North East", "true", hook) + f'region = "North East"\nemail = "{DIRECTOR}"\n'
        _subscribe(ingest_env, monkeypatch, mailbox, subscribers)
        assert backfill(site) == 0
        settings = load_settings()
        since = TODAY - timedelta(days=7)
        assert run_alerts(settings, since=since, until=None, to=None, dry_run=False, force=False) == 0
    capsys.readouterr()
    (post,) = hook.posts
    assert post.body["title"] == NORTHMOOR and f"[Northmoor’s page]({page})" in post.body["message"]
    (message,) = mailbox.messages
    text, html = _texts(message)
    assert f"Page: {page}" in text and f'<a href="{page}"' in html
    assert (settings.site_path / "la" / "northmoor.html").is_file()


def test_a_revised_report_alerts_again_only_when_its_alert_says_something_else(
    ingest_env: Path, monkeypatch: pytest.MonkeyPatch, publications: list[SamplePublication], mailbox: Smtp
) -> None:
    wessex = _latest(publications, "Wessex")
    with Webhook() as hook, _history_without(wessex, publications) as site:
        _subscribe(ingest_env, monkeypatch, mailbox, _chat_subscriber("All", '["all"]', hook))
        site.add(wessex)
        assert poll(site) == 0 and [p.body["title"] for p in hook.posts] == [WESSEX]

        def revised(leaders: str, style: str) -> bytes:
            grades = {"leaders": leaders, "help_and_protection": "inadequate", "in_care": "requires_improvement",
                      "care_leavers": "requires_improvement"}  # fmt: skip
            expected = wessex.document.expected
            days = (date.fromisoformat(expected["inspection_start"]), date.fromisoformat(expected["inspection_end"]))
            return ilacs_report(council("Wessex"), [days], grades=grades, date_style=style).to_bytes()

        # Re-published with another layout, same outcome: a new version, and no news.
        site.replace_content(wessex.file_id, revised("inadequate", "to_full"))
        assert backfill(site, alerts=True) == 0
        assert len(hook.posts) == 1
        # Corrected: a judgement changed. The weekly re-check (a backfill with alerts) tells them.
        site.replace_content(wessex.file_id, revised("requires_improvement", "to"))
        assert backfill(site, alerts=True) == 0
        assert [p.body["title"] for p in hook.posts][1:] == [
            "Wessex: impact of leaders on social work practice good → requires improvement; children who need help "
            "and protection good → inadequate; 2 more areas"
        ]
        with warehouse(ingest_env) as con:
            assert con.execute("SELECT version, status FROM alert_sends").fetchall() == [(3, "sent")]
