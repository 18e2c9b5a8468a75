"""Delivering the digest through a real SMTP server on 127.0.0.1 (aiosmtpd): once per week and recipient,
kept in the outbox queue on failure and delivered by the next run."""

from __future__ import annotations

import email
import socket
import subprocess
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any, cast

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from pipeline_helpers import Holder
from test_digest_warehouse import ELMET_ACTIONS, FILES, WESSEX_QUOTE, week_file
from test_warehouse_helpers import own_copy

from common.config import Settings, load_settings
from ofsted_watch.commands.digest import run_digest
from samples.councils import SAMPLE_REFERENCE_CSV
from tasks.send import queued_messages
from warehouse.db import command_line, connect
from warehouse.snapshot import publish

pytestmark = pytest.mark.integration
WEEK = "2026-W47"
DIRECTOR = "director@wessex.example"


class Mailbox:
    """An SMTP handler that keeps what it accepts (parsed, and as the bytes received), or refuses every message
    while `refuse` is set."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.received: list[bytes] = []
        self.refuse = False

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.refuse:
            return "451 4.3.0 Mailbox temporarily unavailable"
        content = cast(bytes, envelope.original_content or envelope.content)
        self.received.append(content)
        self.messages.append(cast(EmailMessage, BytesParser(policy=policy.default).parsebytes(content)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture()
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    handler, port = Mailbox(), _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def week_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield from week_file(tmp_path_factory, "ofsted-watch.duckdb")


@pytest.fixture()
def week_db(home: Path, monkeypatch: pytest.MonkeyPatch, week_template: Path) -> Path:
    monkeypatch.setenv("OFSTED_WATCH_LA_REFERENCE", str(SAMPLE_REFERENCE_CSV))
    return own_copy(week_template, home)


def _settings(port: int | None, **more: Any) -> Settings:
    smtp = {"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_security": "plain"} if port else {}
    return load_settings(mail_from="Ofsted Watch <watch@example.org>", **{**smtp, **more})


def _digest(settings: Settings, force: bool = False, send: bool = True) -> int:
    return run_digest(settings, week=WEEK, since=None, until=None, send=send, force=force, to=[DIRECTOR])


def _sends(db: Path) -> list[tuple[str, str]]:
    con = connect(db, read_only=True)
    try:
        return [
            (week, recipient) for week, recipient in con.execute("SELECT week, recipient FROM digest_sends").fetchall()
        ]
    finally:
        con.close()


def test_digest_arrives_as_multipart_with_both_parts(week_db: Path, mailbox: tuple[Mailbox, int]) -> None:
    handler, port = mailbox
    assert _digest(_settings(port)) == 0
    (message,) = handler.messages
    assert message["Subject"] == "Ofsted watch 2026-W47: 4 deteriorations, 16 to 22 November 2026"
    assert message["To"] == DIRECTOR
    assert message.get_content_type() == "multipart/alternative"
    text = cast(EmailMessage, message.get_body(preferencelist=("plain",))).get_content()
    html = cast(EmailMessage, message.get_body(preferencelist=("html",))).get_content()
    assert "  - Overall effectiveness, down: Good (10 March 2023) -> Inadequate (9 October 2026)" in text
    assert (
        "  - Children who need help and protection, down: Good (10 March 2023) -> Inadequate (9 October 2026)" in text
    )
    assert f"  - {ELMET_ACTIONS[0]}" in text
    assert f"Report: {FILES}301" in text
    for file_id in (301, 302, 303, 304, 305, 306):
        assert f'<a href="{FILES}{file_id}"' in html
    assert ">Good</b><br><span" in html and ">Inadequate</b><br><span" in html  # grade badges, each with its date
    assert _sends(week_db) == [(WEEK, DIRECTOR)]
    assert queued_messages(_settings(port).outbox_dir) == []


def test_the_text_part_reads_as_text_however_it_is_decoded(week_db: Path, mailbox: tuple[Mailbox, int]) -> None:
    """Real characters, not escapes; quotes without bullet glyphs; lists with '-'. A message parsed as text (as
    many mail tools and Python's compat32 API do) decoded an 8bit part's '◼' into '\\u25fc'."""
    handler, port = mailbox
    assert _digest(_settings(port)) == 0
    (received,) = handler.received
    received.decode("ascii")  # 7-bit on the wire: nothing for a hop or a reader to mangle
    as_text = email.message_from_string(received.decode("ascii"))
    (plain_part,) = [part for part in as_text.walk() if part.get_content_type() == "text/plain"]
    assert plain_part.get_content_charset() == "utf-8"
    decoded = cast(bytes, plain_part.get_payload(decode=True)).decode("utf-8")
    parsed = cast(EmailMessage, handler.messages[0].get_body(preferencelist=("plain",))).get_content()
    for text in (decoded, parsed):
        text = text.replace("\r\n", "\n")
        assert f'  "{WESSEX_QUOTE}"\n' in text  # ’ and – as themselves
        assert "\\u" not in text and "\u25fc" not in text and "=E2" not in text
        assert f"  2 priority actions:\n  - {ELMET_ACTIONS[0]}\n  - {ELMET_ACTIONS[1]}\n" in text


def test_sending_twice_sends_once_unless_forced(week_db: Path, mailbox: tuple[Mailbox, int]) -> None:
    handler, port = mailbox
    assert _digest(_settings(port)) == 0
    assert _digest(_settings(port)) == 0
    assert len(handler.messages) == 1
    assert _digest(_settings(port), force=True) == 0
    assert len(handler.messages) == 2
    assert _sends(week_db) == [(WEEK, DIRECTOR)]


def test_a_refused_message_stays_queued_and_the_next_run_delivers_it(
    week_db: Path, mailbox: tuple[Mailbox, int], capsys: pytest.CaptureFixture[str]
) -> None:
    handler, port = mailbox
    settings = _settings(port)
    handler.refuse = True
    assert _digest(settings) == 1
    assert "451 4.3.0 Mailbox temporarily unavailable" in capsys.readouterr().out
    (queued,) = queued_messages(settings.outbox_dir)
    assert queued.name == "digest-2026-W47-director_at_wessex.example.eml"
    assert handler.messages == [] and _sends(week_db) == []

    handler.refuse = False
    # The next run is for another week and nobody: it still delivers what is queued.
    assert run_digest(settings, week="2026-W48", since=None, until=None, send=True, force=False, to=[]) == 0
    (message,) = handler.messages
    assert message["X-Ofsted-Watch-Digest"] == WEEK
    assert queued_messages(settings.outbox_dir) == []
    assert _sends(week_db) == [(WEEK, DIRECTOR)]


def test_an_unreachable_server_keeps_the_message(week_db: Path) -> None:
    settings = _settings(_free_port())  # nothing listens there
    assert _digest(settings) == 1
    assert len(queued_messages(settings.outbox_dir)) == 1
    assert _sends(week_db) == []


def test_without_smtp_the_digest_is_written_to_the_outbox(week_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = _settings(None)
    assert _digest(settings) == 0
    html = settings.outbox_dir / "digest-2026-W47-director_at_wessex.example.html"
    eml = html.with_suffix(".eml")
    out = capsys.readouterr().out
    assert str(html) in out and str(eml) in out and "no SMTP server configured" in out
    assert "Wessex" in html.read_text(encoding="utf-8")
    parsed = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    assert parsed["Subject"].startswith("Ofsted watch 2026-W47: 4 deteriorations")
    assert queued_messages(settings.outbox_dir) == [] and _sends(week_db) == []


def test_while_the_warehouse_is_held_the_digest_is_read_from_the_snapshot_but_not_sent(
    week_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = _settings(None)
    snapshot = publish(week_db, settings.snapshot_path)
    with Holder(week_db, seconds=60) as holder:
        assert _digest(settings, send=False) == 0
        captured = capsys.readouterr()
        assert captured.err == (
            f"digest: the warehouse {week_db} is in use by process {holder.pid} ({command_line(holder.pid)}): "
            f"reading the snapshot published {snapshot.published_at:%Y-%m-%d %H:%M:%S} ({snapshot.path})\n"
        )
        assert "Digest 2026-W47 (4 deteriorations), written to the outbox:" in captured.out
        # Sending reads the warehouse itself: it waits, like every run, then gives up.
        assert _digest(_settings(None, lock_wait_seconds=1)) == 2
        captured = capsys.readouterr()
        assert f"held by process {holder.pid}" in captured.out and "for 1 s" in captured.out
        assert captured.err.startswith(f"digest: the warehouse {week_db} is in use by process {holder.pid}")


def test_digest_send_waits_for_another_process_to_let_go_of_the_warehouse_then_sends(
    week_db: Path, mailbox: tuple[Mailbox, int], capsys: pytest.CaptureFixture[str]
) -> None:
    handler, port = mailbox
    with Holder(week_db, seconds=2) as holder:
        assert _digest(_settings(port, lock_wait_seconds=60)) == 0
        released = holder.released()
    captured = capsys.readouterr()
    assert "waiting for it (at most 60 s, OFSTED_WATCH_LOCK_WAIT_SECONDS)" in captured.err
    assert "sent: 2026-W47 to director@wessex.example" in captured.out
    assert len(handler.messages) == 1 and _sends(week_db) == [("2026-W47", DIRECTOR)]
    assert released > 0


def test_starttls_with_login(
    week_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """STARTTLS against a server with a self-signed certificate the client is told to trust."""
    import ssl

    from aiosmtpd.smtp import AuthResult, LoginPassword

    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)

    def authenticate(server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any) -> AuthResult:
        good = isinstance(data, LoginPassword) and (data.login, data.password) == (b"watch", b"s3cret")
        return AuthResult(success=good, handled=False)  # aiosmtpd answers 535 itself

    handler, port = Mailbox(), _free_port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        tls_context=server_tls,
        require_starttls=True,
        authenticator=authenticate,
        auth_required=True,
    )
    controller.start()
    try:
        settings = _settings(port, smtp_security="starttls", smtp_user="watch", smtp_password="s3cret")
        assert _digest(settings) == 0
        assert len(handler.messages) == 1
        wrong = _settings(port, smtp_security="starttls", smtp_user="watch", smtp_password="Wr0ngHorse")
        assert _digest(wrong, force=True) == 1
        out = capsys.readouterr().out
        assert "535" in out
        assert "Wr0ngHorse" not in out + caplog.text and "Wr0ngHorse" not in repr(wrong)
    finally:
        controller.stop()
