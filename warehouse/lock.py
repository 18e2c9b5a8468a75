"""The run lock: one `poll`, `backfill`, `demo` or `digest --send` at a time on a warehouse.

DuckDB locks the database file only while a connection is open, and a flow opens one per step, so without this
two runs could interleave their steps. A run holds this lock from start to finish. It is an `flock` on
`<database>.lock`: the kernel releases it when the holder ends, however it ends (a SIGKILL included), so a dead
run never leaves a stale lock. The file keeps the holder's PID and command line for the message the next run
prints; it is never deleted (deleting a lock file races with a process about to lock it).
"""

from __future__ import annotations

import fcntl
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from warehouse.db import WarehouseBusy, command_line

# Locks this process holds, with how deeply: `demo` holds the lock and runs `backfill` and `poll` inside it.
_held: dict[Path, int] = {}


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock").resolve()


@contextmanager
def run_lock(db_path: Path) -> Iterator[None]:
    """Hold the warehouse's run lock for the block; raise WarehouseBusy (naming the holder) if another has it."""
    path = lock_path(db_path)
    if path in _held:
        _held[path] += 1
        try:
            yield
        finally:
            _held[path] -= 1
        return
    descriptor = _acquire(path, db_path)
    _held[path] = 1
    try:
        yield
    finally:
        del _held[path]
        os.close(descriptor)  # releases the flock


def _acquire(path: Path, db_path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(descriptor, 4096, 0).decode(errors="replace")
        os.close(descriptor)
        pid, _, program = holder.strip().partition(" ")
        raise WarehouseBusy(db_path, int(pid) if pid.isdigit() else None, program or "unknown") from None
    me = os.getpid()
    os.ftruncate(descriptor, 0)
    os.pwrite(descriptor, f"{me} {command_line(me) or ' '.join(sys.argv)}\n".encode(), 0)
    return descriptor
