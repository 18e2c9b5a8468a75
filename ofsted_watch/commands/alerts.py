"""`ofsted-watch alerts`: send (or, with --dry-run, show) the same-day alerts of the documents published in a
period, under the once-only record the poll uses. No Prefect: it calls tasks.alert directly.
"""

from __future__ import annotations

from contextlib import nullcontext
from datetime import date, timedelta

from common.config import Settings
from common.subscribers import SubscribersError

EXIT_OK, EXIT_SOME_FAILED, EXIT_NOTHING_DONE = 0, 1, 2
# Without --since: the last week of publications, today included.
DEFAULT_DAYS = 7


def run_alerts(
    settings: Settings, *, since: date | None, until: date | None, dry_run: bool, to: str | None, force: bool
) -> int:
    """Sending holds the warehouse's run lock (no poll alerts the same documents meanwhile); a dry run does not."""
    from tasks import alert
    from tasks.send import smtp_config, smtp_password
    from warehouse.db import WarehouseBusy, WarehouseMissing
    from warehouse.lock import run_lock

    last = until or date.today()
    first = since or last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        print(f"error: --since {first} is after --until {last}")
        return EXIT_NOTHING_DONE
    if settings.subscribers is None:
        print("error: no subscribers file (OFSTED_WATCH_SUBSCRIBERS): nobody to alert")
        return EXIT_NOTHING_DONE
    options = alert.Options(only=to, dry_run=dry_run, force=force)
    try:
        with nullcontext() if dry_run else run_lock(settings.db_path):
            smtp = None if dry_run else smtp_config(settings, smtp_password(settings))
            report = alert.send_published(settings, smtp, first, last, options)
    except (SubscribersError, WarehouseBusy, WarehouseMissing, ValueError) as error:
        print(f"error: {error}")
        return EXIT_NOTHING_DONE
    print(f"Alerts for publications from {first} to {last}: {report.documents} documents considered")
    for line in report.lines() or ["nothing to send"]:
        print(f"  {line}")
    return EXIT_SOME_FAILED if report.failed else EXIT_OK
