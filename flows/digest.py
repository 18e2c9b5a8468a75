"""The `digest` flow: last week's digest for every subscriber, into the outbox, then delivered.

Each step is a plain function of `reports/` or `tasks/send.py` wrapped as a task here; `ofsted-watch digest`
calls the same functions without Prefect. Nothing is cached: a digest must reflect the warehouse as it is now,
and sending is not something to replay from a cache.
"""

from __future__ import annotations

from contextlib import nullcontext
from datetime import date
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from common.config import Settings, load_settings
from reports.digest import digest_for
from reports.period import choose_period
from tasks import send as delivery
from tasks.send import digest_recipients, smtp_password
from warehouse.db import Waiting
from warehouse.lock import run_lock

load_digest_task = task(name="load digest", cache_policy=NO_CACHE)(digest_for)
write_digests_task = task(name="write digests", cache_policy=NO_CACHE)(delivery.write_digests)
enqueue_task = task(name="queue digests", cache_policy=NO_CACHE)(delivery.enqueue)
# No task retries: a message the server refuses stays queued and the next run sends it.
deliver_task = task(name="deliver queue", cache_policy=NO_CACHE)(delivery.deliver_queue)


@flow(name="digest")
def digest_flow(
    home: str | None = None,
    db: str | None = None,
    week: str | None = None,
    send: bool = True,
    force: bool = False,
) -> dict[str, Any]:
    """Render the week's digest (default: the last full Monday-Sunday week) and send it to every subscriber."""
    settings = load_settings(home=home, db=db)
    with run_lock(settings.db_path) if send else nullcontext():  # see ofsted_watch.commands.digest.run_digest
        return _digest(settings, week, send, force)


def _digest(settings: Settings, week: str | None, send: bool, force: bool) -> dict[str, Any]:
    period = choose_period(week, None, None, date.today())
    subscribers = digest_recipients(settings, [])
    # Like every run, wait while another process (an analyst's tool) holds the warehouse.
    wait = Waiting(settings.lock_wait_seconds)
    data = load_digest_task(Path(settings.db_path), period, settings.site_base_url, wait)
    entries = write_digests_task(data, subscribers, settings.mail_from, settings.outbox_dir)
    smtp = delivery.smtp_config(settings, smtp_password(settings)) if send else None
    summary: dict[str, Any] = {
        "week": period.key,
        "deteriorations": len(data.deteriorations),
        "written": [str(entry.eml) for entry in entries],
        "sent": [],
        "already_sent": [],
        "failed": [],
    }
    if smtp is not None:
        # Without subscribers only the sender's copy was written: nothing new to queue, but older queued
        # messages still go out.
        subscribed = entries if settings.subscribers else []
        queued = enqueue_task(subscribed, period.key, settings.outbox_dir, settings.db_path, force, wait)
        delivered = deliver_task(settings.outbox_dir, smtp, settings.db_path, wait)
        summary.update(sent=delivered.sent, already_sent=queued.already_sent, failed=delivered.failed)
    _publish(summary)
    return summary


def _publish(summary: dict[str, Any]) -> None:
    lines = [
        f"# Digest {summary['week']}",
        f"- deteriorations: {summary['deteriorations']}",
        f"- written to the outbox: {len(summary['written'])}",
        f"- sent: {len(summary['sent'])}; already sent: {len(summary['already_sent'])}",
        *(f"- FAILED {name}: {reason}" for name, reason in summary["failed"]),
    ]
    create_markdown_artifact("\n".join(lines), key="digest-summary", description="Digest run summary")


if __name__ == "__main__":
    digest_flow()
