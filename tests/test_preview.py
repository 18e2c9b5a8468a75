"""`make digest-preview`: the screenshot is as tall as the page it photographs, whatever the week holds."""

from __future__ import annotations

import struct
from dataclasses import replace
from pathlib import Path

import pytest

from reports.render import render_html
from samples.digest import sample_digest
from samples.digest_preview import WINDOW_WIDTH, page_height, screenshot

pytestmark = pytest.mark.integration


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from the PNG's header chunk."""
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


def test_the_screenshot_is_sized_to_the_page(tmp_path: Path) -> None:
    busy = sample_digest()
    quiet = replace(busy, deteriorations=busy.deteriorations[:1], improvements=(), publications=(), visits=())
    sizes = {}
    for name, data in (("busy", busy), ("quiet", quiet)):
        html, png = tmp_path / f"{name}.html", tmp_path / f"{name}.png"
        html.write_text(render_html(data), encoding="utf-8")
        screenshot(html, png)
        sizes[name] = png_size(png)
        assert sizes[name] == (WINDOW_WIDTH, page_height(html))
    # A busier week is a taller picture; neither is the old fixed 2400 pixels.
    assert sizes["quiet"][1] + 800 < sizes["busy"][1]
    assert 2400 not in (sizes["quiet"][1], sizes["busy"][1])
    # The email itself never carries the measuring script.
    assert "<script" not in (tmp_path / "busy.html").read_text(encoding="utf-8")
