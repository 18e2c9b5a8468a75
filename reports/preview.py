"""`make digest-preview`: render a digest to HTML and photograph it with headless Chromium.

    python -m reports.preview --out digest-preview.png [--db PATH] [--week 2026-W47]

By default it photographs the newest digest in the outbox (what `make demo` wrote, so the picture is the email a
subscriber gets). With `--db` or `--week` it renders the given or latest week of that database (the demo's in
OFSTED_WATCH_HOME by default); with no database, a realistic sample week.
Chromium is Debian's package: `apt-get install -y chromium` when it is missing.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ofsted_watch.config import load_settings
from reports.model import DigestData
from reports.render import render_html

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
WINDOW_WIDTH = 720
# Tall enough for a busy week; the white below the email is part of the picture, not a bug.
WINDOW_HEIGHT = 2400
CHROMIUM_TIMEOUT_SECONDS = 120


def chromium_path() -> str:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit(
        "Chromium not found: install Debian's package with `apt-get update && apt-get install -y chromium`"
    )


def screenshot(html_file: Path, png_file: Path, height: int = WINDOW_HEIGHT) -> None:
    """Photograph a local HTML file, offline: Chromium is told not to phone home or fetch anything."""
    with tempfile.TemporaryDirectory(prefix="digest-preview-") as profile:
        command = [
            chromium_path(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            f"--screenshot={png_file.resolve()}",
            f"--window-size={WINDOW_WIDTH},{height}",
            html_file.resolve().as_uri(),
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT_SECONDS)
    if result.returncode != 0 or not png_file.exists():
        raise SystemExit(f"Chromium failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


def preview_data(db: Path | None, week: str | None) -> DigestData:
    """The digest of the given or latest week in the database, or the sample when there is no database."""
    settings = load_settings(db=db)
    if not settings.db_path.exists():
        if db is not None:
            raise SystemExit(f"no database at {db}")
        from reports.sample import sample_digest

        return sample_digest()
    from reports.digest import latest_week_digest

    return latest_week_digest(settings.db_path, week)


def newest_outbox_digest() -> Path | None:
    outbox = load_settings().outbox_dir
    digests = sorted(outbox.glob("digest-*.html"), key=lambda path: path.stat().st_mtime) if outbox.is_dir() else []
    return digests[-1] if digests else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path("digest-preview.png"), help="PNG to write.")
    parser.add_argument("--db", type=Path, default=None, help="DuckDB file (default: the demo's, if any).")
    parser.add_argument("--week", default=None, help="ISO week, e.g. 2026-W47 (default: the latest).")
    args = parser.parse_args(argv)
    written = newest_outbox_digest() if args.db is None and args.week is None else None
    if written is not None:
        screenshot(written, args.out)
        print(f"{written} ({written.stat().st_size:,} bytes): {args.out}")
        return 0
    data = preview_data(args.db, args.week)
    html_file = args.out.with_suffix(".html")
    html_file.write_text(render_html(data), encoding="utf-8")
    screenshot(html_file, args.out)
    print(f"{data.period.key}, {data.scope}: {html_file} ({html_file.stat().st_size:,} bytes), {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
