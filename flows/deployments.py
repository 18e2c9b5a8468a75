"""The scheduled deployments, London time: poll daily at 07:00, the digest on Mondays at 08:00, and a re-check of
every file on Sundays at 06:00.

`ofsted-watch serve` serves these from one long-running process; prefect.yaml deploys the same flows with the
same schedules to a work pool.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from prefect.schedules import Cron

if TYPE_CHECKING:
    from prefect.deployments.runner import RunnerDeployment

    from common.config import Settings

TIMEZONE = "Europe/London"
POLL_CRON = "0 7 * * *"
DIGEST_CRON = "0 8 * * 1"
# A poll asks only for files it does not hold: a report replaced under a URL already held is caught by a backfill,
# which asks for every file conditionally (so it downloads only what changed). With alerts: a replaced report
# whose alert says something new (a corrected grade) is news.
RECHECK_CRON = "0 6 * * 0"


def build_deployments(settings: Settings) -> list[RunnerDeployment]:
    """The poll, digest and re-check deployments, reading and writing the warehouse named by `settings`."""
    from flows.digest import digest_flow
    from flows.ingest import backfill_flow, poll_flow

    where = {"home": str(settings.home), "db": str(settings.db_path)}
    return [
        _scheduled(
            poll_flow,
            "daily-poll",
            POLL_CRON,
            {"source": settings.source, **where},
            "Find, fetch and ingest what the reports site published since the last run.",
        ),
        _scheduled(digest_flow, "weekly-digest", DIGEST_CRON, where, "Render and send last week's digest."),
        _scheduled(
            backfill_flow,
            "weekly-recheck",
            RECHECK_CRON,
            {"source": settings.source, **where, "alerts": True},
            "Ask for every file again, conditionally: catch reports replaced under a URL already held.",
        ),
    ]


def _scheduled(flow: Any, name: str, cron: str, parameters: dict[str, Any], description: str) -> RunnerDeployment:
    """`flow.to_deployment` (typed as maybe-async: called here, from sync code, it returns the deployment)."""
    deployment: RunnerDeployment = flow.to_deployment(
        name=name,
        schedule=Cron(cron, timezone=TIMEZONE),
        parameters=parameters,
        description=description,
        tags=["ofsted-watch"],
    )
    return deployment


def serve(settings: Settings) -> None:
    """Register the deployments and run their schedules until interrupted."""
    from prefect import serve as prefect_serve

    prefect_serve(*build_deployments(settings))
