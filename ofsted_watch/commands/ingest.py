"""`backfill`, `poll`, `reprocess`, `serve` and `demo`: the commands that run flows through Prefect.

Prefect is imported only here, inside the functions: its settings must be in the environment first, and
commands that need no orchestration never pay for it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from common.config import PREFIX, Settings, load_settings
from common.frameworks import FORMAT_CHANGED_WORDS
from ofsted_watch.commands import say_waiting

# Prefect's defaults that do not suit a command line tool (see docs/deployment.md, "Keeping a Prefect server running").
PREFECT_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # The temporary API server needs 15-30 s to start on a small machine; Prefect's default gives up sooner.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    # The run summary and failures are printed here; Prefect's per-task lines would bury them.
    "PREFECT_LOGGING_LEVEL": "WARNING",
}
# Without PREFECT_API_URL, Prefect starts a temporary API server as the command's child and stops it at the end,
# sometimes while it is still recording the last task states: it then prints screens of tracebacks about the
# cancelled writes, after a run that is complete and recorded in the warehouse. Only its critical errors are shown.
TEMPORARY_SERVER_DEFAULTS = {"PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL"}
EXIT_OK, EXIT_SOME_FAILED, EXIT_NOTHING_DONE = 0, 1, 2


def run_backfill(
    settings: Settings, since: date | None, until: date | None, la_codes: list[str], alerts: bool = False
) -> int:
    prepare_prefect()
    from flows.ingest import backfill_flow

    return _run_flow(
        "backfill",
        settings,
        lambda: backfill_flow(
            source=settings.source,
            since=since,
            until=until,
            la_codes=la_codes,
            home=str(settings.home),
            db=str(settings.db_path),
            alerts=alerts,
        ),
    )


def run_poll(settings: Settings) -> int:
    prepare_prefect()
    from flows.ingest import poll_flow

    return _run_flow(
        "poll", settings, lambda: poll_flow(source=settings.source, home=str(settings.home), db=str(settings.db_path))
    )


def run_reprocess(settings: Settings, kinds: list[str], la_codes: list[str]) -> int:
    prepare_prefect()
    from flows.ingest import reprocess_flow

    return _run_flow(
        "reprocess",
        settings,
        lambda: reprocess_flow(kinds=kinds, la_codes=la_codes, home=str(settings.home), db=str(settings.db_path)),
    )


def run_serve(settings: Settings) -> int:
    """Serve the schedules against the Prefect server PREFECT_API_URL names, or against one started here: the
    temporary server Prefect would otherwise start runs no scheduler, so no scheduled run would ever start."""
    prepare_prefect(logging_level="INFO", temporary_server=False)
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    from flows.deployments import serve
    from flows.prefect_server import PrefectServer, PrefectServerFailed

    if get_current_settings().api.url:
        serve(settings)
        return EXIT_OK
    log = settings.logs_dir / "prefect-server.log"
    print(f"serve: PREFECT_API_URL is not set; starting a Prefect server on port {settings.prefect_port} (log: {log})")
    try:
        with PrefectServer(settings.prefect_port, log) as server:
            print(f"serve: the Prefect server and its UI: {server.api_url.removesuffix('/api')}", flush=True)
            # The variable reaches the flow-run processes the runner starts; the settings, this process.
            with (
                _environment({"PREFECT_API_URL": server.api_url}),
                temporary_settings({PREFECT_API_URL: server.api_url}),
            ):
                serve(settings)
    except PrefectServerFailed as error:
        print(f"serve: {error}", file=sys.stderr)
        return EXIT_NOTHING_DONE
    return EXIT_OK


def run_demo(settings: Settings) -> int:
    """Offline: a sample site on 127.0.0.1, backfill of all but the last week, then a poll, then the digest."""
    from warehouse.db import WarehouseBusy
    from warehouse.lock import run_lock

    try:
        with run_lock(settings.db_path):  # from clearing the old warehouse to the digest: one run
            return _demo(settings)
    except WarehouseBusy as error:
        print(f"demo: {error}", file=sys.stderr)
        return EXIT_NOTHING_DONE


def _demo(settings: Settings) -> int:
    from common.authorities import EXTRA_REFERENCE_ENV
    from ofsted_watch.commands.digest import run_digest
    from samples.councils import SAMPLE_REFERENCE_CSV
    from samples.site import SampleSite
    from samples.timeline import demo_publications
    from samples.webhook import Webhook

    if not _clear_previous_demo(settings):
        return EXIT_NOTHING_DONE
    today = date.today()
    publications = demo_publications(today)
    last_week = [p for p in publications if p.published > today - timedelta(days=7)]
    # The fictional councils' reference, and no politeness limit: the site is our own, on 127.0.0.1. The website
    # is built whatever the environment says: the demo shows every way in.
    demo_environment = {
        EXTRA_REFERENCE_ENV: str(SAMPLE_REFERENCE_CSV),
        "OFSTED_WATCH_MAX_RPS": str(DEMO_MAX_RPS),
        "OFSTED_WATCH_REBUILD_SITE": "true",
    }
    with (
        _environment(demo_environment),
        SampleSite([p for p in publications if p not in last_week]) as site,
        Webhook() as chat,
        # The flows read their settings from the environment, as a scheduled run does.
        _environment({SUBSCRIBERS_ENV: str(_demo_subscribers(settings, chat.url("alerts")))}),
    ):
        subscribed = load_settings(home=settings.home, db=settings.db)
        on_site = subscribed.with_overrides(source=site.url)
        print(f"Sample reports site at {site.url} ({len(publications) - len(last_week)} publications)")
        codes = [run_backfill(on_site, None, None, [])]
        site.add(*last_week)
        print(f"Published {len(last_week)} more; polling")
        codes.append(run_poll(on_site))
        for post in chat.delivered:
            print(f"  the demo's chat webhook ({chat.url('alerts')}) received: {post.body['title']}")
        since = today - timedelta(weeks=DEMO_DIGEST_WEEKS)
        codes.append(run_digest(subscribed, week=None, since=since, until=today, send=False, force=False, to=[]))
    _print_demo_guide(settings)
    return max(codes)


def _demo_subscribers(settings: Settings, chat_url: str) -> Path:
    """The demo's subscribers: the all-England digest for the sender's address (written to the outbox), and a
    chat channel on 127.0.0.1 that gets the poll's same-day alerts of deteriorations."""
    path = settings.home / "demo-subscribers.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'[[subscriber]]\nemail = "{settings.mail_from}"\n\n'
        f'[[subscriber]]\nname = "Demo team chat"\nalerts = ["deterioration"]\nnotify = ["{chat_url}"]\n',
        encoding="utf-8",
    )
    return path


DEMO_MAX_RPS = 50.0
SUBSCRIBERS_ENV = PREFIX + "SUBSCRIBERS"
# The demo's digest spans the sample timeline's recent weeks, so each kind of change shows in one email.
DEMO_DIGEST_WEEKS = 6
DEMO_QUERIES = (
    "SELECT local_authority, area, previous_grade, grade, event_date FROM judgement_changes "
    "WHERE direction = 'worse' ORDER BY event_date DESC",
    "SELECT local_authority, area, grade, event_date, kind, current, latest_framework FROM latest_judgements "
    "WHERE area = 'overall' ORDER BY local_authority",
    "SELECT local_authority, event_date, kind, reason FROM deteriorations ORDER BY event_date DESC LIMIT 10",
)


def _clear_previous_demo(settings: Settings) -> bool:
    """Each demo starts from an empty warehouse: its site's port, and so its document URLs, change every run.

    Only a warehouse that holds nothing but an earlier demo's documents is removed.
    """
    from warehouse import queries
    from warehouse.db import WarehouseBusy, connect

    path = settings.db_path
    if not path.exists():
        return True
    try:
        with connect(path, read_only=True) as con:
            known = queries.known_documents(con)
    except WarehouseBusy as error:
        print(f"demo: {error}", file=sys.stderr)
        return False
    foreign = [document for document in known if not document.startswith("http://127.0.0.1:")]
    if foreign:
        print(
            f"demo: {path} holds {len(foreign)} documents that are not the demo's; "
            "run the demo with --home pointing at another folder.",
            file=sys.stderr,
        )
        return False
    path.unlink()
    path.with_name(path.name + ".wal").unlink(missing_ok=True)
    return True


def _print_demo_guide(settings: Settings) -> None:
    from common.authorities import EXTRA_REFERENCE_ENV
    from samples.councils import SAMPLE_REFERENCE_CSV

    db = settings.db_path
    print(f"\nThe warehouse: {db}")
    print(f"Its published snapshot, for other tools (open it read-only): {settings.snapshot_path}")
    print(f"The digest (.html and .eml): {settings.outbox_dir}")
    print(f"The website (rebuilt by each run): open {settings.site_path / 'index.html'}")
    print(
        "  or rebuild and serve it on 127.0.0.1 (the sample reference places the fictional councils on the map):\n"
        f"  {EXTRA_REFERENCE_ENV}={SAMPLE_REFERENCE_CSV} ofsted-watch site --home {settings.home} --serve"
    )
    print("Try:")
    for query in DEMO_QUERIES:
        print(f'  ofsted-watch sql --db {db} "{query}"')


def prepare_prefect(logging_level: str | None = None, temporary_server: bool = True) -> None:
    """Prefect reads its settings when first imported: set the defaults before that, unless the user set them.
    `temporary_server=False` for `serve`, whose long-lived server's errors belong in its log."""
    defaults = {**PREFECT_DEFAULTS, **(TEMPORARY_SERVER_DEFAULTS if temporary_server else {})}
    for name, value in defaults.items():
        os.environ.setdefault(name, value)
    if logging_level:
        os.environ["PREFECT_LOGGING_LEVEL"] = logging_level


def _run_flow(name: str, settings: Settings, run: Callable[[], dict[str, Any]]) -> int:
    """Run a flow under the warehouse's run lock, once the warehouse is free (both before Prefect starts, so a
    busy warehouse costs no Prefect start-up)."""
    from flows.ingest import NothingDone
    from warehouse.db import WarehouseBusy
    from warehouse.lock import run_lock

    try:
        with run_lock(settings.db_path):
            _wait_for_warehouse(name, settings)
            with _progress_bar():
                summary = run()
    except (NothingDone, WarehouseBusy) as error:
        print(f"{name}: {error}", file=sys.stderr)
        return EXIT_NOTHING_DONE
    print_summary(summary)
    return int(summary["exit_code"])


def _wait_for_warehouse(name: str, settings: Settings) -> None:
    """Wait (up to OFSTED_WATCH_LOCK_WAIT_SECONDS) while another process, such as an analyst's tool, holds the
    warehouse file. Past the wait the run is kept as failed, for the next run to record and report."""
    from warehouse import held_runs
    from warehouse.db import WarehouseBusy, connect

    started = datetime.now()
    try:
        connect(settings.db_path, wait_seconds=settings.lock_wait_seconds, on_wait=say_waiting(name, settings)).close()
    except WarehouseBusy as error:
        held_runs.hold(settings.db_path, held_runs.HeldRun.of(name, settings.source, started, str(error)))
        raise


def print_summary(summary: dict[str, Any]) -> None:
    counts = ", ".join(
        f"{summary[key]} {label}"
        for key, label in (
            ("seen", "listed"),
            ("downloaded", "downloaded"),
            ("new", "new or changed"),
            ("loaded", "loaded"),
            ("not_outcome", "not Ofsted outcomes"),
            ("quarantined", "quarantined"),
            ("failed", "failed"),
        )
    )
    print(f"{summary['flow']} of {summary['source']}: {counts} in {summary['seconds']} s")
    for document in summary["format_changes"]:
        print(f"  {FORMAT_CHANGED_WORDS}: {document} reads as a full inspection no known framework fits (quarantined)")
    for failure in summary["failures"]:
        print(f"  failed: {failure['url']}: {failure['reason']}")
    if summary["failures"]:
        print("  (failures are recorded and retried by the next poll)")
    alerts = summary.get("alerts")
    if alerts is not None:
        print(f"  alerts: {len(alerts['sent'])} sent, {len(alerts['failed'])} failed")
        for sent in alerts["sent"]:
            print(f"    sent to {sent['subscriber']} by {sent['target']}: {'; '.join(sent['titles'])}")
        for failed in alerts["failed"]:
            print(f"    FAILED to {failed['subscriber']} by {failed['target']} (tried again at the next poll): "
                  f"{failed['error']}")  # fmt: skip
    for failure in summary["after_load_failures"]:
        print(f"  FAILED after the load (which stands): {failure['step']}: {failure['reason']}")
    if summary["snapshot"]:
        print(f"  published the snapshot for other tools: {summary['snapshot']['path']}")
    if summary["site"]:
        print(f"  rebuilt the site, {summary['site']['pages']} pages: {summary['site']['path']}")
    for run in summary["held_runs"]:
        print(f"  recorded now, an earlier run that could not record itself: {run['description']}")


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for the block, then restore what was there."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def _progress_bar() -> Iterator[None]:
    """A bar per stage on an interactive terminal; nothing when output is piped or logged."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from flows import progress

    bars = Progress(
        TextColumn("{task.description:>9}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        disable=not sys.stderr.isatty(), transient=False,
    )  # fmt: skip

    class RichListener:
        def __init__(self) -> None:
            self.tasks: dict[str, Any] = {}

        def stage(self, name: str, total: int) -> None:
            self.tasks[name] = bars.add_task(name, total=total)

        def advance(self, name: str) -> None:
            bars.advance(self.tasks[name])

    listener = RichListener()
    progress.listen(listener)
    try:
        with bars:
            yield
    finally:
        progress.stop_listening(listener)
