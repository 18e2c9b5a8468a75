"""Opening the warehouse: the migrations, the views, the LA reference data, transactions, and a friendly lock error.

Tables change through numbered migrations (`migrations/NNN_*.sql`, applied once each, in order). Views and
macros hold no data, so they are kept as their current definitions in `views/*.sql` and re-created whenever
those files change: one place to read (and edit) each view, and a merge of two changes to one view shows as a
conflict in that file instead of a later migration silently replacing an earlier one's definition.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from common.authorities import LocalAuthority, authority_index
from common.frameworks import frameworks
from common.themes import theme_rules, themes_of

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
VIEWS_DIR = Path(__file__).with_name("views")
_MIGRATION_NAME = re.compile(r"^(\d+)_[\w-]+\.sql$")
# DuckDB names the holder of a file lock: "Conflicting lock is held in /usr/bin/python3 (PID 1234)".
_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.*?) \(PID (?P<pid>\d+)\)")


class WarehouseBusy(Exception):
    """Another process holds the database's lock."""

    def __init__(self, path: Path, pid: int | None, program: str) -> None:
        self.path, self.pid, self.program = path, pid, program
        super().__init__(
            f"The warehouse {path} is in use by {self.holder}. Wait for it to finish (or stop it) and try again."
        )

    @property
    def holder(self) -> str:
        return f"process {self.pid} ({self.program})" if self.pid else "another process"

    def __reduce__(self) -> tuple[Any, ...]:
        """Picklable with its fields: Prefect may copy a task's exception."""
        return type(self), (self.path, self.pid, self.program)


class WarehouseHeld(WarehouseBusy):
    """Another process held the database past the wait, so a run could write nothing."""

    def __init__(self, path: Path, pid: int | None, program: str, waited_seconds: float) -> None:
        super().__init__(path, pid, program)
        self.waited_seconds = waited_seconds
        self.args = (
            f"The warehouse {path} was held by {self.holder} for {waited_seconds:.0f} s "
            "(OFSTED_WATCH_LOCK_WAIT_SECONDS). Close that connection (other tools should open the published "
            "snapshot, read-only: see docs/warehouse.md, 'Using the data from other tools') and run again.",
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.path, self.pid, self.program, self.waited_seconds)


class WarehouseMissing(Exception):
    """A read-only open of a database that does not exist yet."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"No warehouse at {path}: run `ofsted-watch backfill` or `poll` first.")

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.path,)


# Waiting for a holder: the first retry soon (a reader's query is often short), then less and less often.
FIRST_RETRY_SECONDS = 0.2
LONGEST_RETRY_SECONDS = 2.0


@dataclass(frozen=True)
class Waiting:
    """How long a step waits for another process to let go of the warehouse, and what it says when it starts."""

    seconds: float = 0.0
    on_wait: Callable[[WarehouseBusy], None] | None = None

    def connect(self, path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        return connect(path, read_only, self.seconds, self.on_wait)


NO_WAIT = Waiting()


def connect(
    path: Path,
    read_only: bool = False,
    wait_seconds: float = 0.0,
    on_wait: Callable[[WarehouseBusy], None] | None = None,
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse. A writable open brings the schema and the LA reference up to date.

    While another process holds the file (DuckDB allows one writer, or readers only), try again for up to
    `wait_seconds`, calling `on_wait` once when the wait starts. Raises WarehouseBusy when another process holds
    the lock and there is no wait (WarehouseHeld when the wait ran out), WarehouseMissing for a read-only open
    of no file.
    """
    started, delay, told = time.monotonic(), FIRST_RETRY_SECONDS, False
    while True:
        try:
            return _connect(path, read_only)
        except WarehouseBusy as busy:
            waited = time.monotonic() - started
            if wait_seconds <= 0:
                raise
            if waited >= wait_seconds:
                raise WarehouseHeld(busy.path, busy.pid, busy.program, waited) from busy
            if on_wait is not None and not told:
                on_wait(busy)
                told = True
            time.sleep(min(delay, wait_seconds - waited))
            delay = min(delay * 2, LONGEST_RETRY_SECONDS)


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    if read_only and not path.exists():
        raise WarehouseMissing(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as error:
        raise _busy_or_reraise(path, error) from error
    # No progress bar: DuckDB draws one on the terminal for a long statement, into our commands' output.
    con.execute("SET enable_progress_bar = false")
    if not read_only:
        migrate(con)
        apply_views(con)
        sync_local_authorities(con)
        sync_stat_neighbours(con)
        sync_theme_rules(con)
        sync_frameworks(con)
    return con


def _busy_or_reraise(path: Path, error: duckdb.IOException) -> Exception:
    match = _LOCK_HOLDER.search(str(error))
    if not match:
        return error
    pid = int(match["pid"])
    return WarehouseBusy(path, pid, command_line(pid) or match["program"])


def command_line(pid: int) -> str | None:
    """The holder's full command line ('ofsted-watch poll'), where the OS shows it."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return raw.replace(b"\0", b" ").decode(errors="replace").strip() or None


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing: commit on success, roll back on any exception."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def migration_files() -> list[tuple[int, Path]]:
    found = []
    for path in MIGRATIONS_DIR.glob("*.sql"):
        match = _MIGRATION_NAME.match(path.name)
        if match:
            found.append((int(match[1]), path))
    return sorted(found)


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = scalar(con, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'")
    return int(scalar(con, "SELECT coalesce(max(version), 0) FROM schema_version")) if exists else 0


def scalar(con: duckdb.DuckDBPyConnection, query: str, parameters: list[object] | None = None) -> Any:
    """The first column of the first row, or None. Fetches everything: DuckDB keeps a half-read result open."""
    rows = con.execute(query, parameters or []).fetchall()
    return rows[0][0] if rows else None


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply every migration the database has not recorded, in order, each in its own transaction; return the
    version. Not only those above the highest applied: migrations developed side by side may land out of order."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version "
        "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    applied = {version for (version,) in con.execute("SELECT version FROM schema_version").fetchall()}
    for version, path in migration_files():
        if version in applied:
            continue
        with transaction(con):
            con.execute(path.read_text(encoding="utf-8"))
            con.execute("INSERT INTO schema_version VALUES (?, ?, current_localtimestamp())", [version, path.name])
    return schema_version(con)


def view_files() -> list[Path]:
    """The view and macro definitions, applied in file-name order (a view may use one defined before it)."""
    return sorted(VIEWS_DIR.glob("*.sql"))


def views_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in view_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def apply_views(con: duckdb.DuckDBPyConnection) -> bool:
    """Re-create every view and macro when their definitions changed since the last writable open.

    All of ours are dropped first, so a view deleted from `views/` leaves the database too. One transaction:
    a reader never sees a half-applied set. Returns whether anything was applied.
    """
    con.execute("CREATE TABLE IF NOT EXISTS schema_views (fingerprint VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)")
    fingerprint = views_fingerprint()
    if scalar(con, "SELECT max(fingerprint) FROM schema_views") == fingerprint:
        return False
    with transaction(con):
        _drop_views_and_macros(con)
        for path in view_files():
            con.execute(path.read_text(encoding="utf-8"))
        con.execute("DELETE FROM schema_views")
        con.execute("INSERT INTO schema_views VALUES (?, current_localtimestamp())", [fingerprint])
    return True


def _drop_views_and_macros(con: duckdb.DuckDBPyConnection) -> None:
    views = con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'").fetchall()
    for (name,) in views:
        con.execute(f'DROP VIEW IF EXISTS "{name}"')
    macros = con.execute(
        "SELECT DISTINCT function_name, function_type FROM duckdb_functions() "
        "WHERE NOT internal AND schema_name = 'main' AND function_type IN ('macro', 'table_macro')"
    ).fetchall()
    for name, kind in macros:
        con.execute(f'DROP MACRO {"TABLE " if kind == "table_macro" else ""}IF EXISTS "{name}"')


def sync_local_authorities(con: duckdb.DuckDBPyConnection) -> None:
    """Upsert the LA reference (shipped CSV plus OFSTED_WATCH_LA_REFERENCE) when it differs; never delete rows."""
    rows = [_authority_row(la) for la in authority_index().all]
    stored = {_hashable(row) for row in con.execute("SELECT * FROM local_authorities").fetchall()}
    changed = [row for row in rows if _hashable(row) not in stored]
    if not changed:
        return
    with transaction(con):
        insert_rows(con, "local_authorities", changed, verb="INSERT OR REPLACE")


def sync_stat_neighbours(con: duckdb.DuckDBPyConnection) -> None:
    """Make each LA's statistical neighbours those of the reference, when they differ.

    An LA the reference lists gets exactly its listed neighbours (none, for an abolished LA); rows of LAs the
    reference no longer lists are kept, as local_authorities keeps their rows.
    """
    wanted = {la.la_code: list(la.stat_neighbours) for la in authority_index().all}
    stored: dict[str, list[str]] = {}
    for la_code, neighbour in con.execute(
        "SELECT la_code, neighbour_la_code FROM stat_neighbours ORDER BY la_code, rank"
    ).fetchall():
        stored.setdefault(la_code, []).append(neighbour)
    changed = [code for code, neighbours in wanted.items() if stored.get(code, []) != neighbours]
    if not changed:
        return
    with transaction(con):
        con.execute("DELETE FROM stat_neighbours WHERE la_code IN (SELECT unnest(?))", [changed])
        rows = [(code, neighbour, rank) for code in changed for rank, neighbour in enumerate(wanted[code], 1)]
        insert_rows(con, "stat_neighbours", rows)


def sync_theme_rules(con: duckdb.DuckDBPyConnection) -> None:
    """Replace the theme rules when the shipped taxonomy differs (they are the project's, never edited in place),
    and tag every improvement again by the new rules."""
    rows = sorted(((rule.theme, rule.label, rule.pattern, rule.unless) for rule in theme_rules()), key=str)
    if sorted(con.execute("SELECT theme, label, pattern, unless FROM theme_rules").fetchall(), key=str) == rows:
        return
    items = con.execute("SELECT document_id, position, text FROM improvements").fetchall()
    tags = [(document_id, position, theme) for document_id, position, text in items for theme in themes_of(text)]
    with transaction(con):
        con.execute("DELETE FROM theme_rules")
        insert_rows(con, "theme_rules", rows)
        con.execute("DELETE FROM improvement_tags")
        insert_rows(con, "improvement_tags", tags)


def sync_frameworks(con: duckdb.DuckDBPyConnection) -> None:
    """Replace the frameworks when the shipped table (common/data/frameworks.csv) differs."""
    rows = [framework.as_row() for framework in frameworks()]
    held = con.execute("SELECT * FROM frameworks ORDER BY in_force_from").fetchall()
    if [_hashable(row) for row in held] == [_hashable(row) for row in rows]:
        return
    with transaction(con):
        con.execute("DELETE FROM frameworks")
        insert_rows(con, "frameworks", rows)


def insert_rows(
    con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[tuple[object, ...]], verb: str = "INSERT"
) -> None:
    """One statement, a list parameter per column, unnested side by side: executemany costs a round trip per
    row, and a VALUES list a bound parameter per value (7 times slower for a document's 300 passages)."""
    if not rows:
        return
    columns = [list(column) for column in zip(*rows, strict=True)]
    unnested = ", ".join(f"unnest(${number})" for number in range(1, len(columns) + 1))
    con.execute(f"{verb} INTO {table} SELECT {unnested}", columns)


def _hashable(row: tuple[object, ...]) -> tuple[object, ...]:
    return tuple(tuple(value) if isinstance(value, list) else value for value in row)


def _authority_row(la: LocalAuthority) -> tuple[object, ...]:
    return (
        la.la_code,
        la.name,
        la.ons_code or None,
        la.urn or None,
        la.region or None,
        la.la_type or None,
        list(la.variants),
        list(la.predecessors),
        list(la.successors),
        date.fromisoformat(la.valid_from) if la.valid_from else None,
        date.fromisoformat(la.valid_to) if la.valid_to else None,
    )
