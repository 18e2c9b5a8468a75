"""Command implementations behind the CLI: one module per area, each importing only what it needs."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from common.config import Settings

if TYPE_CHECKING:
    from warehouse.db import WarehouseBusy


def say_waiting(name: str, settings: Settings) -> Callable[[WarehouseBusy], None]:
    """What a command prints (on stderr) when it starts waiting for another process to let go of the warehouse."""

    def say(busy: WarehouseBusy) -> None:
        print(
            f"{name}: the warehouse {busy.path} is in use by {busy.holder}: waiting for it "
            f"(at most {settings.lock_wait_seconds:.0f} s, OFSTED_WATCH_LOCK_WAIT_SECONDS)",
            file=sys.stderr,
            flush=True,
        )

    return say
