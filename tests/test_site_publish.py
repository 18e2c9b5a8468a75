"""Putting a new site in place: a reader never finds the folder missing or half written, on either path."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import NoReturn

import pytest
from site_helpers import NO_SNAPSHOT

from reports.site import publish
from reports.site.publish import replace_tree, site_folder, staging_folder

SWAPS = 40


def _tree(folder: Path, build: int) -> Path:
    """A small site: every page names its build and ends with the closing tag a half-written file lacks."""
    folder.mkdir(exist_ok=True)
    for name in ("index.html", "data.html"):
        (folder / name).write_text(f"<html>build {build}" + " " * 20_000 + "</html>", encoding="utf-8")
    return folder


def _watch(target: Path, stop: threading.Event, seen: list[str], problems: list[str]) -> None:
    """Read the live site as a web server would, as fast as possible, until told to stop."""
    while not stop.is_set():
        try:
            text = (target / "index.html").read_text(encoding="utf-8")
        except FileNotFoundError:
            problems.append("missing")
            continue
        if not text.endswith("</html>"):
            problems.append("half written")
        seen.append(text[:20])


def _swap_repeatedly(target: Path) -> tuple[list[str], list[str]]:
    replace_tree(_tree(staging_folder(target), 0), target)
    stop, seen, problems = threading.Event(), [], []
    reader = threading.Thread(target=_watch, args=(target, stop, seen, problems))
    reader.start()
    try:
        for build in range(1, SWAPS + 1):
            replace_tree(_tree(staging_folder(target), build), target)
    finally:
        stop.set()
        reader.join()
    return seen, problems


def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    first, second = _tree(tmp_path / "a", 1), _tree(tmp_path / "b", 2)
    assert publish.exchange(first, second)
    assert (first / "index.html").read_text().startswith("<html>build 2")
    assert (second / "index.html").read_text().startswith("<html>build 1")


def test_readers_never_see_the_site_missing_or_half_written(tmp_path: Path) -> None:
    target = tmp_path / "site"
    seen, problems = _swap_repeatedly(target)
    assert problems == []
    assert len(seen) > SWAPS  # the reader really read while the swaps ran
    assert (target / "index.html").read_text().startswith(f"<html>build {SWAPS}")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]  # no old trees or staging left


def test_without_an_atomic_exchange_two_renames_still_never_show_half_a_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A filesystem without RENAME_EXCHANGE: the folder may be missing for an instant, never half written."""
    monkeypatch.setattr(publish, "exchange", lambda first, second: False)
    target = tmp_path / "site"
    _, problems = _swap_repeatedly(target)
    assert set(problems) <= {"missing"}
    assert (target / "index.html").read_text().startswith(f"<html>build {SWAPS}")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]


def test_a_symlinked_site_folder_is_replaced_where_it_points(tmp_path: Path) -> None:
    real = _tree(tmp_path / "real", 1)
    link = tmp_path / "public"
    link.symlink_to(real)
    target = site_folder(link)
    assert target == real.resolve()
    replace_tree(_tree(staging_folder(target), 2), target)
    assert link.is_symlink() and (link / "index.html").read_text().startswith("<html>build 2")


def test_staging_folders_of_dead_builds_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "site"
    dead = tmp_path / ".site.building-999999999"
    dead.mkdir()
    (dead / "index.html").write_text("half")
    live = tmp_path / f".site.building-{os.getppid()}"  # a running process's build is left alone
    live.mkdir()
    staging = staging_folder(target)
    assert staging.name == f".site.building-{os.getpid()}" and staging.is_dir()
    assert not dead.exists() and live.exists()


def test_a_build_that_fails_leaves_the_old_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reports.site import build

    db = tmp_path / "warehouse.duckdb"
    from warehouse.db import connect

    connect(db).close()
    target = _tree(tmp_path / "site", 1)

    def broken(*args: object) -> NoReturn:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build, "write_site", broken)
    with pytest.raises(OSError, match="No space left"):
        build.build_site(db, NO_SNAPSHOT, target)
    assert (target / "index.html").read_text().startswith("<html>build 1")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site", "warehouse.duckdb"]
