"""Settings from `OFSTED_WATCH_*` environment variables, overridable by CLI options.

Every setting has one name: the environment variable is `OFSTED_WATCH_` + the field name in upper case.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

PREFIX = "OFSTED_WATCH_"
LIVE_SOURCE = "https://reports.ofsted.gov.uk"


@dataclass(frozen=True)
class Settings:
    home: Path = Path("./data")
    db: Path | None = None
    source: str = LIVE_SOURCE
    max_rps: float = 2.0
    timeout_seconds: float = 30.0
    max_download_bytes: int = 50 * 1024 * 1024
    smtp_host: str | None = None
    smtp_port: int | None = None
    smtp_security: str = "starttls"
    smtp_user: str | None = None
    smtp_password: str | None = field(default=None, repr=False)
    # Name of a Prefect Secret block holding the SMTP password, used when smtp_password is not set.
    smtp_password_block: str | None = None
    mail_from: str = "ofsted-watch@localhost"
    subscribers: Path | None = None
    outbox: Path | None = None
    # Where `serve` runs its own Prefect server when PREFECT_API_URL names none.
    prefect_port: int = 4200
    # The public site: where it is built, and the address it is published at (for the feed's absolute links).
    site_dir: Path | None = None
    site_base_url: str | None = None
    # Whether a poll, backfill or reprocess that changed the warehouse rebuilds the site as its last step. Off, the
    # site is built only by `ofsted-watch site` (as by a job of its own, or for a team that publishes none).
    rebuild_site: bool = True
    # Where each run publishes the read-only snapshot analysts' tools open (default: $home/published).
    published_dir: Path | None = None
    # How long a run waits for another process (an analyst's tool) to let go of the warehouse file.
    lock_wait_seconds: float = 600.0

    @property
    def db_path(self) -> Path:
        return self.db or self.home / "ofsted-watch.duckdb"

    @property
    def raw_dir(self) -> Path:
        """Content-addressed store of every fetched file."""
        return self.home / "raw"

    @property
    def outbox_dir(self) -> Path:
        return self.outbox or self.home / "outbox"

    @property
    def site_path(self) -> Path:
        return self.site_dir or self.home / "site"

    @property
    def snapshot_path(self) -> Path:
        """The published snapshot of the warehouse: what readers open while a run writes."""
        return (self.published_dir or self.home / "published") / "ofsted-watch.duckdb"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    def with_overrides(self, **overrides: Any) -> Settings:
        """Apply CLI options; None means 'not given on the command line'."""
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(self, **{k: _coerce(k, v) for k, v in given.items()})


_TRUE, _FALSE = ("true", "yes", "on", "1"), ("false", "no", "off", "0")


def _coerce(name: str, raw: Any) -> Any:
    """A setting's value from its text; ValueError naming the variable when the text is not of its kind."""
    kind = str({f.name: f.type for f in fields(Settings)}[name])
    if not isinstance(raw, str):
        return raw
    if "Path" in kind:
        return Path(raw)
    try:
        if "float" in kind:
            return float(raw)
        if "int" in kind:
            return int(raw)
    except ValueError:
        raise ValueError(f"{PREFIX}{name.upper()} is {raw!r}, not a number") from None
    if kind == "bool":
        return _switch(name, raw)
    return raw


def _switch(name: str, raw: str) -> bool:
    word = raw.strip().lower()
    if word not in _TRUE + _FALSE:
        raise ValueError(f"{PREFIX}{name.upper()} is {raw!r}: say true or false")
    return word in _TRUE


def load_settings(environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
    env = os.environ if environ is None else environ
    from_env = {
        f.name: _coerce(f.name, env[PREFIX + f.name.upper()])
        for f in fields(Settings)
        if env.get(PREFIX + f.name.upper())
    }
    return Settings(**from_env).with_overrides(**overrides)
