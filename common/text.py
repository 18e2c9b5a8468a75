"""Text in one spelling: the quotes, dashes, spaces and bullets of PDFs and web pages, and of what people type."""

from __future__ import annotations

import re
import unicodedata

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
        "\u2009": " ",
        "\u2013": "–",
        "\u2014": "–",
        "\u2012": "–",
        "\u2010": "-",
        "\u2011": "-",
        "\u00ad": "",
        "\r": "",
        "\ufffe": "",
        "\ufeff": "",
        "\x02": "",
        "\uf0b7": "•",
        "\uf0a7": "•",
        "\u25cf": "•",
        "\ufffd": "•",
    }
)


def normalise(text: str) -> str:
    """One spelling for quotes, dashes, spaces and bullets, so parsers match one pattern each."""
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    return re.sub(r"[ \t]+", " ", text)
