"""The scheduled deployments: poll daily at 07:00 and the digest on Mondays at 08:00, London time.

`ofsted-watch serve` serves these from one long-running process; prefect.yaml deploys the same flows with the
same schedules to a work pool.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from prefect.schedules import Cron

if TYPE_CHECKING:
    from prefect.deployments.runner import RunnerDeployment

    from ofsted_watch.config import Settings

TIMEZONE = "Europe/London"
POLL_CRON = "0 7 * * *"
DIGEST_CRON = "0 8 * * 1"


def build_deployments(settings: Settings) -> list[RunnerDeployment]:
    """The poll and digest deployments, reading and writing the warehouse named by `settings`."""
    from flows.digest import digest_flow
    from flows.ingest import poll_flow

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
    ]


def _scheduled(flow: Any, name: str, cron: str, parameters: dict[str, str], description: str) -> RunnerDeployment:
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
