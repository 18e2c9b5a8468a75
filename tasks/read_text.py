"""Read a document's text, page by page: PDF (pypdfium2), HTML or plain text. Decides by the bytes, not the name."""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from common.text import normalise

# Bounds on hostile input: a document over these is refused with a reason rather than read.
MAX_PAGES = 400
MAX_TEXT_CHARS = 4_000_000
# pdfium inflates a stream whole, in memory, when it reads it: a small PDF whose streams inflate to gigabytes
# (a decompression bomb) would take that much memory. Streams are inflated here first, a piece at a time, and a
# PDF whose streams add up to more than this is refused. Real reports inflate to a few MB.
MAX_INFLATED_BYTES = 256 * 1024 * 1024
INFLATE_PIECE_BYTES = 1024 * 1024
# A stream's dictionary ends just before the `stream` keyword; its object starts at the last `N G obj`.
_STREAM_KEYWORD = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_OBJECT_START = re.compile(rb"\d+\s+\d+\s+obj\b")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+)")
_DIRECT_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
_DICTIONARY_WINDOW = 4096
_FLATE = frozenset({b"FlateDecode", b"Fl"})
_ASCII_HEX = frozenset({b"ASCIIHexDecode", b"AHx"})
_ASCII_85 = frozenset({b"ASCII85Decode", b"A85"})
_RUN_LENGTH = frozenset({b"RunLengthDecode", b"RL"})
_LZW = frozenset({b"LZWDecode", b"LZW"})


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

    bomb = inflation_refusal(data)
    if bomb:
        return DocumentText(format="pdf", error=bomb)
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


def inflation_refusal(data: bytes, limit: int = MAX_INFLATED_BYTES) -> str | None:
    """Why the PDF's compressed streams are refused (they inflate to more than `limit` bytes), else None.

    Cheap: each stream is inflated a piece at a time and the pieces are only counted, never kept. Filter chains
    (Flate on Flate, ASCII hex or base-85 then Flate, Flate then run-length or LZW) are followed; image filters
    (DCT, JPX, CCITT, JBIG2) end the count for that stream: pdfium decodes those only to render, never for text.
    """
    total = 0
    for filters, body in _filtered_streams(data):
        for piece in _decoded(body, filters, limit - total):
            total += len(piece)
            if total > limit:
                return f"PDF streams inflate to more than {limit // 2**20} MB (a decompression bomb?)"
    return None


def _filtered_streams(data: bytes) -> Iterator[tuple[list[bytes], bytes]]:
    """(filter names, raw body) of every stream with a /Filter, found by its `stream` keyword.

    The body runs to the next `endstream` after its declared /Length: a false /Length or an `endstream`
    inside the data can only make it longer, and zlib ignores what follows the end of its data.
    """
    for keyword in _STREAM_KEYWORD.finditer(data):
        window = data[max(0, keyword.start() - _DICTIONARY_WINDOW) : keyword.start()]
        starts = list(_OBJECT_START.finditer(window))
        dictionary = window[starts[-1].end() :] if starts else window
        found = _FILTER.search(dictionary)
        if not found:
            continue
        length = _DIRECT_LENGTH.search(dictionary)
        end = data.find(b"endstream", keyword.end() + (int(length[1]) if length else 0))
        body = data[keyword.end() : end if end >= 0 else len(data)]
        yield re.findall(rb"/([^\s/\[\]]+)", found[1]), body


def _decoded(body: bytes, filters: list[bytes], limit: int) -> Iterable[bytes]:
    """The stream's bytes after its leading general-purpose filters, a piece at a time, up to about `limit`."""
    pieces: Iterable[bytes] = (body,)
    for name in filters:
        if name in _FLATE:
            pieces = _inflate(pieces, limit)
        elif name in _RUN_LENGTH:
            pieces = _streamed(_RunLength(), pieces, limit)
        elif name in _LZW:
            pieces = _streamed(_Lzw(), pieces, limit)
        elif name in _ASCII_HEX or name in _ASCII_85:  # these only shrink the data: decode it whole
            pieces = (_ascii_decoded(name, b"".join(pieces)),)
        else:
            break
    return pieces


def _inflate(pieces: Iterable[bytes], limit: int) -> Iterator[bytes]:
    inflater = zlib.decompressobj()
    produced = 0
    try:
        for piece in pieces:
            pending = piece
            while produced <= limit:
                out = inflater.decompress(pending, INFLATE_PIECE_BYTES)
                pending = inflater.unconsumed_tail
                if not out:
                    break
                produced += len(out)
                yield out
                if inflater.eof:
                    return
    except zlib.error:  # broken data: pdfium reads what inflates before the damage, and so do we
        return


class _RunLength:
    """RunLengthDecode: a length byte n, then n + 1 bytes to copy (n < 128) or one byte to repeat 257 - n times
    (n > 128); 128 ends the data. Up to 64 times its input: 50 MB of it would be 3.2 GB."""

    # Input fed at once: at most 64 times as much output.
    chunk = 16 * 1024

    def __init__(self) -> None:
        self.pending = b""  # a run cut by the end of the last chunk
        self.ended = False

    def feed(self, data: bytes) -> bytes:
        data, at, out = self.pending + data, 0, bytearray()
        while at < len(data):
            length = data[at]
            if length == 128:
                self.ended = True
                break
            run_end = at + (length + 2 if length < 128 else 2)
            if run_end > len(data):
                break
            out += data[at + 1 : run_end] if length < 128 else data[at + 1 : run_end] * (257 - length)
            at = run_end
        self.pending = data[at:]
        return bytes(out)


class _Lzw:
    """LZWDecode (PDF 32000-1, 7.4.4) with the default EarlyChange 1: codes of 9 to 12 bits, 256 clears the
    table, 257 ends the data. Up to ~2,700 times its input."""

    chunk = 1024
    clear, end, max_width = 256, 257, 12

    def __init__(self) -> None:
        self.table = [bytes([byte]) for byte in range(256)] + [b"", b""]
        self.width, self.buffer, self.bits, self.previous = 9, 0, 0, b""
        self.ended = False

    def feed(self, data: bytes) -> bytes:
        out = bytearray()
        for byte in data:
            self.buffer, self.bits = (self.buffer << 8) | byte, self.bits + 8
            if self.bits >= self.width:
                self.bits -= self.width
                code, self.buffer = self.buffer >> self.bits, self.buffer & ((1 << self.bits) - 1)
                out += self._entry(code)
                if self.ended:
                    break
        return bytes(out)

    def _entry(self, code: int) -> bytes:
        table = self.table
        if code == self.clear:
            del table[258:]
            self.width, self.previous = 9, b""
            return b""
        if code == self.end or code > len(table) or (code == len(table) and not self.previous):
            self.ended = True  # the end, or damage: pdfium stops there too
            return b""
        entry = table[code] if code < len(table) else self.previous + self.previous[:1]
        if self.previous and len(table) < 1 << self.max_width:
            table.append(self.previous + entry[:1])
        if len(table) + 1 >= 1 << self.width and self.width < self.max_width:
            self.width += 1
        self.previous = entry
        return entry


def _streamed(decoder: _RunLength | _Lzw, pieces: Iterable[bytes], limit: int) -> Iterator[bytes]:
    """The decoder's output, fed its input a chunk at a time so that no output piece is large."""
    produced = 0
    for piece in pieces:
        for start in range(0, len(piece), decoder.chunk):
            out = decoder.feed(piece[start : start + decoder.chunk])
            produced += len(out)
            yield out
            if decoder.ended or produced > limit:
                return


def _ascii_decoded(name: bytes, body: bytes) -> bytes:
    try:
        if name in _ASCII_HEX:
            digits = re.sub(rb"[^0-9A-Fa-f]", b"", body.split(b">", 1)[0])
            return binascii.unhexlify(digits + b"0" * (len(digits) % 2))
        return base64.a85decode(body.strip().removeprefix(b"<~").split(b"~>", 1)[0], ignorechars=b" \t\n\r\x0b\x0c")
    except ValueError:  # binascii.Error is a ValueError
        return b""


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
