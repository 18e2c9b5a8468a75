"""Read a document's text, page by page: PDF (pypdfium2), HTML or plain text. Decides by the bytes, not the name."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Bounds on hostile input: a document over these is refused with a reason rather than read.
MAX_PAGES = 400
MAX_TEXT_CHARS = 4_000_000

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


@dataclass
class DocumentText:
    """The text of a document, or why there is none."""

    pages: list[str] = field(default_factory=list)
    format: str = "unknown"
    error: str | None = None

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def text(self) -> str:
        return "\n".join(self.pages)


def normalise(text: str) -> str:
    """One spelling for quotes, dashes, spaces and bullets, so parsers match one pattern each."""
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    return re.sub(r"[ \t]+", " ", text)


def sniff_format(data: bytes) -> str:
    head = data[:1024].lstrip().lower()
    if head.startswith(b"%pdf") or b"%pdf-" in data[:1024]:
        return "pdf"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head or b"<body" in head:
        return "html"
    if b"\x00" in data[:4096]:
        return "binary"
    return "text"


def read_document(data: bytes) -> DocumentText:
    if not data:
        return DocumentText(error="empty file (0 bytes)")
    kind = sniff_format(data)
    if kind == "pdf":
        return _read_pdf(data)
    if kind == "html":
        return DocumentText(pages=[normalise(_html_text(data))], format="html")
    if kind == "text":
        return DocumentText(pages=[normalise(_plain(data.decode("utf-8", errors="replace")))], format="text")
    return DocumentText(format=kind, error="not a PDF, HTML or text document")


def _read_pdf(data: bytes) -> DocumentText:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        return DocumentText(format="pdf", error=f"unreadable PDF: {_pdfium_reason(error)}")
    try:
        if len(pdf) > MAX_PAGES:
            return DocumentText(format="pdf", error=f"PDF has {len(pdf)} pages, over the limit of {MAX_PAGES}")
        pages: list[str] = []
        total = 0
        for index in range(len(pdf)):
            page = pdf[index]
            text = page.get_textpage().get_text_range()
            total += len(text)
            if total > MAX_TEXT_CHARS:
                return DocumentText(format="pdf", error=f"PDF text exceeds {MAX_TEXT_CHARS} characters")
            pages.append(normalise(text))
        if not any(p.strip() for p in pages):
            return DocumentText(pages=pages, format="pdf", error="PDF has no text layer (scanned images?)")
        return DocumentText(pages=pages, format="pdf")
    finally:
        pdf.close()


def _pdfium_reason(error: Exception) -> str:
    message = str(error)
    if "password" in message.lower() or "security" in message.lower():
        return "encrypted (password required)"
    return message


def _plain(text: str) -> str:
    """Text exported from a PDF may carry inline HTML and Markdown emphasis: keep the words only."""
    return re.sub(r"</?[a-zA-Z][^>]{0,200}>|\*\*|__", "", text)


def _html_text(data: bytes) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    for hidden in soup(["script", "style", "noscript", "template"]):
        hidden.decompose()
    return re.sub(r"\n\s*\n+", "\n", soup.get_text("\n"))
