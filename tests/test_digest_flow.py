"""The `digest` flow through Prefect's real engine: subscribers from TOML, delivery through aiosmtpd."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_digest_warehouse import build_week_db
from test_send import Mailbox, _free_port

from samples.councils import SAMPLE_REFERENCE_CSV

pytestmark = [pytest.mark.prefect, pytest.mark.integration]


def test_digest_flow_sends_each_subscriber_their_councils(
    prefect_harness: None, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aiosmtpd.controller import Controller

    from flows.digest import digest_flow

    monkeypatch.setenv("OFSTED_WATCH_LA_REFERENCE", str(SAMPLE_REFERENCE_CSV))
    db = build_week_db(home / "ofsted-watch.duckdb")
    subscribers = home / "subscribers.toml"
    subscribers.write_text(
        '[[subscriber]]\nemail = "all@example.org"\n\n'
        '[[subscriber]]\nemail = "sw@example.org"\nregion = "South West"\n',
        encoding="utf-8",
    )
    handler, port = Mailbox(), _free_port()
    for name, value in {"SUBSCRIBERS": subscribers, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": port}.items():
        monkeypatch.setenv(f"OFSTED_WATCH_{name}", str(value))
    monkeypatch.setenv("OFSTED_WATCH_SMTP_SECURITY", "plain")
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        summary = digest_flow(home=str(home), db=str(db), week="2026-W47")
        again = digest_flow(home=str(home), db=str(db), week="2026-W47")
    finally:
        controller.stop()
    assert summary["sent"] == ["2026-W47 to all@example.org", "2026-W47 to sw@example.org"]
    assert again["sent"] == [] and len(again["already_sent"]) == 2
    subjects = sorted(str(message["Subject"]) for message in handler.messages)
    assert subjects == [
        "Ofsted watch 2026-W47 [South West]: 2 deteriorations, 16 to 22 November 2026",
        "Ofsted watch 2026-W47: 4 deteriorations, 16 to 22 November 2026",
    ]
