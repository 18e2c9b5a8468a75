"""Putting a built site in place without a reader ever seeing half of it.

The new tree is written beside the old one (same parent folder, so the same filesystem), then swapped in:

- **Linux, local filesystems** (ext4, xfs, btrfs, tmpfs…): `renameat2(RENAME_EXCHANGE)` exchanges the two
  directory names in one atomic step. A web server or a person opening a path sees the old tree or the new
  one, never neither nor a mixture of one folder; the old tree then sits under the staging name and is removed.
- **Elsewhere** (a filesystem or kernel without RENAME_EXCHANGE, such as some network shares, or not Linux):
  the old tree is renamed aside and the new one renamed into place: two renames, each atomic, with an instant
  between them in which the folder is missing (a request then gets "not found", never a half-written page).

The output folder stays a plain directory (no symlink to follow), so it can be served as it is, copied to a
static host or zipped. When the folder given is itself a symlink, the folder it points to is replaced.
A build that fails leaves the old site untouched; a staging folder left by a killed build is removed by the
next one.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# Errors meaning "this filesystem or kernel cannot exchange": fall back to two renames.
_CANNOT_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP}
_STAGING = ".{name}.building-"


def site_folder(out: Path) -> Path:
    """The folder to replace: `out`, or where it points when it is a symlink."""
    return out.resolve() if out.is_symlink() else out.absolute()


def staging_folder(target: Path) -> Path:
    """A fresh, empty folder beside the target for this process's build; stale ones of dead builds go first."""
    target.parent.mkdir(parents=True, exist_ok=True)
    prefix = _STAGING.format(name=target.name)
    for stale in target.parent.glob(prefix + "*"):
        pid = stale.name.removeprefix(prefix).split("-")[0]
        if not (pid.isdigit() and _alive(int(pid))):
            shutil.rmtree(stale, ignore_errors=True)
    staging = target.parent / f"{prefix}{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    return staging


def replace_tree(built: Path, target: Path) -> None:
    """Put the built tree at `target` atomically (see the module's notes); `built` is gone afterwards."""
    if not target.exists():
        os.rename(built, target)
        return
    if exchange(built, target):
        shutil.rmtree(built)  # now the old tree
        return
    aside = built.with_name(built.name + "-old")
    os.rename(target, aside)
    os.rename(built, target)
    shutil.rmtree(aside)


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step; False when the platform or filesystem cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in _CANNOT_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(second))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def link_from_live(source: str | Path, target: str | Path) -> None:
    """A file of the live site in the new one: a hard link (no copy; the old tree's removal leaves it), a copy
    where the filesystem has no links."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
