"""How soon a same-day alert arrives: a poll of the sample site that loads a downgrade (Wessex: good to
inadequate), through the real CLI against a running Prefect server, to a json:// webhook on 127.0.0.1.

Each run: fresh homes, a backfill of the sample site's history without the downgrade (which sends nothing), then
the downgrade is published and `ofsted-watch poll` runs. Measured: the poll flow's own time (its `runs` row,
start to the load's end), and the time from the flow's start, and from the command's start, to the alert's
arrival at the webhook. The target: the poll's own time plus under 2 s.
"""

from __future__ import annotations

import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from benchmarks.harness import Measurement, Sample, summarise
from benchmarks.ingest import BenchmarkFailed, PreparedPrefect, Workspace, run_cli
from common.authorities import EXTRA_REFERENCE_ENV
from samples.councils import SAMPLE_REFERENCE_CSV
from samples.site import SampleSite
from samples.timeline import demo_publications
from samples.webhook import Webhook
from warehouse.db import connect

DOWNGRADED = "Wessex"
# How long to wait for an alert that has not arrived when the poll command ends.
LATE_SECONDS = 30.0


def poll_to_alert(runs: int, prefect: PreparedPrefect) -> Measurement:
    """`runs` polls, each in fresh homes, each loading the downgrade; timings in seconds."""
    publications = demo_publications(date.today())
    downgrade = [p for p in publications if p.council.name == DOWNGRADED][-1]
    samples = []
    for _ in range(runs):
        with (
            tempfile.TemporaryDirectory(prefix="bench-alerts-") as scratch,
            SampleSite([p for p in publications if p is not downgrade]) as site,
            Webhook() as webhook,
        ):
            workspace = Workspace.create(Path(scratch), prefect)
            subscribers = Path(scratch) / "subscribers.toml"
            subscribers.write_text(f'[[subscriber]]\nname = "Bench"\nalerts = true\nnotify = ["{webhook.url()}"]\n')
            settings = {"OFSTED_WATCH_SUBSCRIBERS": str(subscribers), EXTRA_REFERENCE_ENV: str(SAMPLE_REFERENCE_CSV)}
            run_cli(workspace, "backfill", "--source", site.url, environment=settings)
            if webhook.posts:
                raise BenchmarkFailed("the backfill sent an alert")
            site.add(downgrade)
            started = time.time()
            result = run_cli(workspace, "poll", "--source", site.url, environment=settings)
            posts = webhook.wait_for(1, LATE_SECONDS)
            if len(posts) != 1:
                raise BenchmarkFailed(f"expected one alert, got {len(posts)}:\n{result.output[-2000:]}")
            flow_started, flow_seconds = _poll_run(workspace.db)
            arrived = posts[0].arrived
            samples.append(
                Sample(
                    seconds=arrived - started,
                    peak_mb=result.tree_peak_mb,
                    counts={"alerts": len(posts)},
                    timings={
                        "flow_seconds": flow_seconds,
                        "flow_start_to_alert": arrived - flow_started,
                        "command_seconds": result.seconds,
                    },
                )
            )
    return summarise(f"poll to alert (CLI, {prefect.configuration})", samples)


def _poll_run(db: Path) -> tuple[float, float]:
    """When the poll flow started (epoch seconds) and its own duration, from its `runs` row."""
    con = connect(db, read_only=True)
    try:
        row = con.execute(
            "SELECT started_at, duration_seconds FROM runs WHERE flow = 'poll' ORDER BY started_at DESC LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    if row is None or row[1] is None:
        raise BenchmarkFailed("the poll did not finish: no duration in `runs`")
    started: datetime = row[0]  # local wall-clock time, as the warehouse keeps it
    return started.timestamp(), float(row[1])
