"""Every setting is documented where operators look for it: docs/configuration.md and `.env.example`."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from common.config import PREFIX, Settings

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("document", ["docs/configuration.md", ".env.example"])
def test_every_setting_is_documented(document: str) -> None:
    text = (REPO / document).read_text(encoding="utf-8")
    missing = [PREFIX + f.name.upper() for f in fields(Settings) if PREFIX + f.name.upper() not in text]
    assert missing == [], f"{document} does not document {', '.join(missing)}"
