"""`ofsted-watch digest`: render the week's digest for each recipient into the outbox; with --send, deliver it.

No Prefect run here: the same functions the `digest` flow wraps are called directly, so a manual digest
takes a second, not the temporary API server's start-up.
"""

from __future__ import annotations

import sys
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from common.config import Settings
from common.subscribers import SubscribersError
from ofsted_watch.commands import say_waiting
from tasks.send import digest_recipients, smtp_password

if TYPE_CHECKING:
    from reports.model import DigestData, Period
    from warehouse.db import Waiting

EXIT_OK, EXIT_SOME_FAILED, EXIT_NOTHING_DONE = 0, 1, 2


def run_digest(
    settings: Settings,
    *,
    week: str | None,
    since: date | None,
    until: date | None,
    send: bool,
    force: bool,
    to: list[str],
) -> int:
    """With --send, under the warehouse's run lock: the digest sent reflects no half-finished poll."""
    from warehouse.db import WarehouseBusy
    from warehouse.lock import run_lock

    options = _Options(week, since, until, send, force, to)
    try:
        with run_lock(settings.db_path) if send else nullcontext():
            return _digest(settings, options)
    except WarehouseBusy as error:
        print(f"error: {error}")
        return EXIT_NOTHING_DONE


@dataclass(frozen=True)
class _Options:
    week: str | None
    since: date | None
    until: date | None
    send: bool
    force: bool
    to: list[str]


def _read_digest(settings: Settings, period: Period, send: bool) -> DigestData:
    """To send, the warehouse itself (under the run lock), waiting like every run while another process (an
    analyst's tool) holds it; to look, the warehouse else its published snapshot, as `sql` reads, saying so on
    stderr."""
    from reports.digest import digest_for, load_digest
    from warehouse.reading import open_for_reading

    if send:
        return digest_for(settings.db_path, period, settings.site_base_url, waiting(settings))
    with open_for_reading(settings.db_path, settings.snapshot_path) as reading:
        note = reading.note()
        if note:
            print(f"digest: {note}", file=sys.stderr)
        return load_digest(reading.con, period, settings.site_base_url)


def waiting(settings: Settings) -> Waiting:
    """How `digest --send` waits for the warehouse: as every run does (OFSTED_WATCH_LOCK_WAIT_SECONDS)."""
    from warehouse.db import Waiting

    return Waiting(settings.lock_wait_seconds, say_waiting("digest", settings))


def _digest(settings: Settings, options: _Options) -> int:
    from reports.period import PeriodError, choose_period
    from reports.words import plural
    from tasks import send as delivery
    from warehouse.db import WarehouseBusy, WarehouseMissing
    from warehouse.reading import SnapshotMissing

    try:
        period = choose_period(options.week, options.since, options.until, date.today())
        subscribers = digest_recipients(settings, options.to)
        smtp = delivery.smtp_config(settings, smtp_password(settings)) if options.send else None
        data = _read_digest(settings, period, options.send)
    except (PeriodError, SubscribersError, WarehouseBusy, WarehouseMissing, SnapshotMissing, ValueError) as error:
        print(f"error: {error}")
        return EXIT_NOTHING_DONE

    entries = delivery.write_digests(data, subscribers, settings.mail_from, settings.outbox_dir)
    print(f"Digest {period.key} ({plural(len(data.deteriorations), 'deterioration')}), written to the outbox:")
    for entry in entries:
        print(f"  {entry.recipient}: {entry.html} {entry.eml}")
    if not options.send:
        return EXIT_OK
    if smtp is None:
        print("Nothing sent: no SMTP server configured (OFSTED_WATCH_SMTP_HOST); the digests stay in the outbox.")
        return EXIT_OK
    subscribed = entries if (options.to or settings.subscribers) else []
    if not subscribed:
        print("No subscribers (set OFSTED_WATCH_SUBSCRIBERS or give --to): only earlier queued digests are sent.")
    try:
        wait = waiting(settings)
        queued = delivery.enqueue(subscribed, period.key, settings.outbox_dir, settings.db_path, options.force, wait)
        delivered = delivery.deliver_queue(settings.outbox_dir, smtp, settings.db_path, wait)
    except WarehouseBusy as error:
        print(f"error: {error}")
        return EXIT_NOTHING_DONE
    for line in (*queued.lines(), *delivered.lines()):
        print(line)
    if delivered.failed:
        return EXIT_SOME_FAILED
    return EXIT_OK if subscribed or delivered.sent else EXIT_NOTHING_DONE
