"""Progress of a flow run, for whoever watches it: the CLI draws a bar, a served deployment nobody.

Flows report stages and steps here; `ofsted_watch.commands.ingest` installs a listener while it runs one.
"""

from __future__ import annotations

from typing import Protocol


class ProgressListener(Protocol):
    def stage(self, name: str, total: int) -> None: ...

    def advance(self, name: str) -> None: ...


_listeners: list[ProgressListener] = []


def listen(listener: ProgressListener) -> None:
    _listeners.append(listener)


def stop_listening(listener: ProgressListener) -> None:
    _listeners.remove(listener)


def stage(name: str, total: int) -> None:
    for listener in _listeners:
        listener.stage(name, total)


def advance(name: str) -> None:
    for listener in _listeners:
        listener.advance(name)
