"""`make site-preview`: photograph the home page, the table of every LA, one LA's page and the visit tables in
headless Chromium.

    python -m samples.site_preview [--site DIR] [--out-dir DIR] [--la SLUG] [--width PX] [--max-height N]
                                   [--page NAME]...

The site is served on 127.0.0.1 (as the browser tests do) and photographed with Playwright driving Debian's
Chromium (`/usr/bin/chromium`; Playwright's own browser download is never used). By default it photographs the
site the demo built (`site/` in OFSTED_WATCH_HOME); --site names another build. The LA page is the given one,
else the LA with the most documents. --width photographs at another viewport width (390 or 320 for a phone);
the files are then named with it (`site-la-390.png`). `--max-height` keeps the top of a taller page (the
pictures in `docs/`). `--page` photographs only the pages named (home, table, la, visits; repeatable).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from common.config import load_settings
from reports.site.serve import serving
from samples.digest_preview import chromium_path

WIDTH = 1280
PAGES = (("home", "index.html"), ("table", "authorities.html"), ("visits", "visits.html"))
PAGE_NAMES = ("home", "table", "la", "visits")


def busiest_authority(site: Path) -> str:
    """The LA page with the most documents listed (a page worth looking at)."""
    pages = sorted(
        (site / "la").glob("*.html"),
        key=lambda page: (page.read_text(encoding="utf-8").count('class="item'), page.name),
    )
    if not pages:
        raise SystemExit(f"no LA pages in {site}")
    return pages[-1].stem


def photograph(
    site: Path,
    out_dir: Path,
    la: str | None = None,
    width: int = WIDTH,
    max_height: int | None = None,
    only: tuple[str, ...] = PAGE_NAMES,
) -> list[Path]:
    """One full-page PNG per page type of `only` (at most `max_height` pixels tall: the page's top), taken from
    the site served on 127.0.0.1 at `width` CSS px."""
    from playwright.sync_api import sync_playwright

    out_dir.mkdir(parents=True, exist_ok=True)
    # The busiest LA is looked for only when its page is asked for.
    la_page = [("la", f"la/{la or busiest_authority(site)}.html")] if "la" in only else []
    pages = [(name, path) for name, path in (*PAGES, *la_page) if name in only]
    written = []
    with serving(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path())
        try:
            page = browser.new_page(viewport={"width": width, "height": 900})
            suffix = "" if width == WIDTH else f"-{width}"
            for name, path in pages:
                page.goto(url + path)
                target = out_dir / f"site-{name}{suffix}.png"
                if max_height is None:
                    page.screenshot(path=str(target), full_page=True)
                else:
                    height = min(page.evaluate("document.documentElement.scrollHeight"), max_height)
                    page.screenshot(
                        path=str(target), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height}
                    )
                written.append(target)
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, default=None, help="A built site (default: the demo's).")
    parser.add_argument("--out-dir", type=Path, default=Path("."), help="Where the PNGs go.")
    parser.add_argument("--la", default=None, help="The LA page to photograph, by its file name without .html.")
    parser.add_argument("--width", type=int, default=WIDTH, help="The viewport's width in CSS px (default 1280).")
    parser.add_argument(
        "--max-height", type=int, default=None, help="At most this many pixels: the top of a taller page."
    )
    parser.add_argument(
        "--page", action="append", choices=PAGE_NAMES, default=None, help="Only this page (repeatable; default all)."
    )
    args = parser.parse_args(argv)
    site = args.site or load_settings().site_path
    if not (site / "index.html").is_file():
        raise SystemExit(f"no site at {site}: run `make demo` first, or give --site")
    for png in photograph(site, args.out_dir, args.la, args.width, args.max_height, tuple(args.page or PAGE_NAMES)):
        print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
