"""`make digest-preview`: render a digest to HTML and photograph it with headless Chromium.

    python -m samples.digest_preview --out digest-preview.png [--db PATH] [--week 2026-W47] [--max-height N]

By default it photographs the newest digest in the outbox (what `make demo` wrote, so the picture is the email a
subscriber gets). With `--db` or `--week` it renders the given or latest week of that database (the demo's in
OFSTED_WATCH_HOME by default); with no database, a realistic sample week. `--max-height` keeps the top of a
taller page (the README's picture, `docs/digest.png`).
Chromium is Debian's package: `apt-get install -y chromium` when it is missing.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common.config import load_settings
from reports.model import DigestData
from reports.render import render_html

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
WINDOW_WIDTH = 720
# The window that measures the page: a page shorter than it is photographed at this height.
MEASURING_HEIGHT = 400
CHROMIUM_TIMEOUT_SECONDS = 120
# Appended to a copy of the page (never to the email): it writes the laid-out height into the DOM Chromium dumps.
_MEASURE = (
    "<script>document.documentElement.setAttribute('data-page-height',"
    " Math.ceil(document.documentElement.scrollHeight));</script>"
)
_MEASURED = re.compile(r'data-page-height="(\d+)"')


def chromium_path() -> str:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit(
        "Chromium not found: install Debian's package with `apt-get update && apt-get install -y chromium`"
    )


def screenshot(html_file: Path, png_file: Path, height: int | None = None) -> None:
    """Photograph a local HTML file as tall as its page (or `height`), offline."""
    height = height or page_height(html_file)
    _chromium(
        f"--screenshot={png_file.resolve()}", f"--window-size={WINDOW_WIDTH},{height}", html_file.resolve().as_uri()
    )
    if not png_file.exists():
        raise SystemExit(f"Chromium wrote no screenshot to {png_file}")


def page_height(html_file: Path) -> int:
    """The page's height in pixels at the screenshot's width, measured by Chromium on a copy of the page."""
    with tempfile.TemporaryDirectory(prefix="digest-measure-") as folder:
        copy = Path(folder) / html_file.name
        copy.write_text(html_file.read_text(encoding="utf-8") + _MEASURE, encoding="utf-8")
        dom = _chromium("--dump-dom", f"--window-size={WINDOW_WIDTH},{MEASURING_HEIGHT}", copy.as_uri())
    measured = _MEASURED.search(dom)
    if not measured:
        raise SystemExit(f"Chromium did not measure {html_file}")
    return max(int(measured.group(1)), MEASURING_HEIGHT)


def _chromium(*arguments: str) -> str:
    """Run headless Chromium, offline: told not to phone home or fetch anything. Returns what it printed."""
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
            *arguments,
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT_SECONDS)
    if result.returncode != 0:
        raise SystemExit(f"Chromium failed ({result.returncode}): {result.stderr.strip()[-2000:]}")
    return result.stdout


def preview_data(db: Path | None, week: str | None) -> DigestData:
    """The digest of the given or latest week in the database, or the sample when there is no database."""
    settings = load_settings(db=db)
    if not settings.db_path.exists():
        if db is not None:
            raise SystemExit(f"no database at {db}")
        from samples.digest import sample_digest

        return sample_digest()
    from reports.digest import latest_week_digest

    return latest_week_digest(settings.db_path, week)


def newest_outbox_digest() -> Path | None:
    outbox = load_settings().outbox_dir
    digests = sorted(outbox.glob("digest-*.html"), key=lambda path: path.stat().st_mtime) if outbox.is_dir() else []
    return digests[-1] if digests else None


def _height(html_file: Path, max_height: int | None) -> int | None:
    """The page's own height (None: measured by `screenshot`), or at most `max_height`."""
    return None if max_height is None else min(page_height(html_file), max_height)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path("digest-preview.png"), help="PNG to write.")
    parser.add_argument("--db", type=Path, default=None, help="DuckDB file (default: the demo's, if any).")
    parser.add_argument("--week", default=None, help="ISO week, e.g. 2026-W47 (default: the latest).")
    parser.add_argument(
        "--max-height", type=int, default=None, help="At most this many pixels: the top of a taller page."
    )
    args = parser.parse_args(argv)
    written = newest_outbox_digest() if args.db is None and args.week is None else None
    if written is not None:
        screenshot(written, args.out, _height(written, args.max_height))
        print(f"{written} ({written.stat().st_size:,} bytes): {args.out}")
        return 0
    data = preview_data(args.db, args.week)
    html_file = args.out.with_suffix(".html")
    html_file.write_text(render_html(data), encoding="utf-8")
    screenshot(html_file, args.out, _height(html_file, args.max_height))
    print(f"{data.period.key}, {data.scope}: {html_file} ({html_file.stat().st_size:,} bytes), {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
