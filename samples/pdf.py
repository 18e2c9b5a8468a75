"""A small, dependency-free PDF writer for synthetic test documents.

Text is set in the standard Type1 Helvetica with WinAnsiEncoding (cp1252), so no font is embedded and every
PDF reader can extract the text. Items are written to the content stream in reading order, which is the order
pdfium returns them in.

The list glyphs of real reports are outside WinAnsi: each of `SYMBOLS` is drawn from a standard font and read
back through a one-character ToUnicode map, as a real report's symbol font is ('◼'; Wingdings' square, which
readers see as the private-use U+F06E; the minus sign of ILACS sub-points). `DRAWN_BULLET` at the start of a
line is drawn as a small filled square that is no text at all: a bullet whose glyph a reader cannot extract.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
LEFT_MARGIN, RIGHT_MARGIN, TOP_MARGIN, BOTTOM_MARGIN = 56, 56, 60, 56
FONT_SIZE = 11
LEADING = 14
TEXT_WIDTH = PAGE_WIDTH - LEFT_MARGIN - RIGHT_MARGIN
LINES_PER_PAGE = (PAGE_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN) // LEADING
# Where a table row's value column starts, as in the "Judgement / Grade" grid of an ILACS report.
VALUE_COLUMN_X = 330
# Character -> (standard font, the byte it is drawn with there).
SYMBOLS = {"◼": ("ZapfDingbats", 0x6E), "\uf06e": ("ZapfDingbats", 0x6E), "−": ("Helvetica", 0x2D)}
DRAWN_BULLET = "\u25aa"
_DRAWN_BULLET_INDENT = 12

# Helvetica advance widths (1/1000 em) for ASCII 32..126, from the standard AFM metrics.
_ASCII_WIDTHS = (
    (278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278)
    + (556,) * 10
    + (278, 278, 584, 584, 584, 556, 1015)
    + (667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833)
    + (722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611)
    + (278, 278, 278, 469, 556, 333)
    + (556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833)
    + (556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500)
    + (334, 260, 334, 584)
)
_DEFAULT_WIDTH = 556  # close enough for the few non-ASCII characters documents use
# Characters outside WinAnsiEncoding that real reports set between dates, given codes cp1252 leaves unused and
# named in the font's /Differences, so a reader maps them back by glyph name (Adobe Glyph List).
_EXTRA_GLYPHS = {"−": (0x81, "minus"), "‒": (0x8D, "figuredash"), "─": (0x8F, "SF100000")}
_FONT_ENCODING = (
    "<< /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences ["
    + " ".join(f"{code} /{name}" for code, name in _EXTRA_GLYPHS.values())
    + "] >>"
)


@dataclass(frozen=True)
class TableRow:
    """A two-column row: a label, possibly wrapped over several lines, and a value in the right-hand column.

    `value_on_line` is the index of the label line whose baseline the value shares (negative counts from the
    end, so -1 is the label's last line). `None` puts the value on its own line below the label, as some grids
    do. The value column starts at `value_x`; a value too wide for it wraps onto the following lines
    ("Requires improvement / to be good").
    """

    label_lines: tuple[str, ...]
    value: str
    value_on_line: int | None = -1
    value_x: float = VALUE_COLUMN_X

    def __post_init__(self) -> None:
        if not self.label_lines:
            raise ValueError("a table row needs at least one label line")
        if self.value_on_line is not None and not -len(self.label_lines) <= self.value_on_line < len(self.label_lines):
            raise ValueError(f"value_on_line {self.value_on_line} is outside the {len(self.label_lines)} label lines")

    @classmethod
    def wrapped(
        cls,
        label: str,
        value: str,
        *,
        label_width: float,
        value_on_line: int | None = -1,
        value_x: float = VALUE_COLUMN_X,
    ) -> TableRow:
        """A row whose label is wrapped to `label_width` points."""
        return cls(tuple(wrap_text(label, label_width)), value, value_on_line, value_x)


PageItem = str | TableRow


def text_width(text: str, font_size: float = FONT_SIZE) -> float:
    """Width of `text` in points when set in Helvetica."""
    units = sum(_ASCII_WIDTHS[ord(ch) - 32] if 32 <= ord(ch) <= 126 else _DEFAULT_WIDTH for ch in text)
    return units * font_size / 1000


def wrap_text(text: str, width: float = TEXT_WIDTH, font_size: float = FONT_SIZE) -> list[str]:
    """Break `text` at spaces into lines no wider than `width`; a single over-long word keeps its own line."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, font_size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else [""]


@dataclass(frozen=True)
class _Placed:
    """One run of text at a position on a page, in reading order."""

    x: float
    line: int  # 0 is the first line under the top margin
    text: str


def layout(pages: Sequence[Sequence[PageItem]]) -> list[list[_Placed]]:
    """Place every item; a page whose items overflow continues on new pages. Table rows are never split."""
    physical: list[list[_Placed]] = []
    for items in pages:
        placed: list[_Placed] = []
        line = 0
        for height, runs in (_runs(item) for item in items):
            if line + height > LINES_PER_PAGE and line > 0:
                physical.append(placed)
                placed, line = [], 0
            placed.extend(_Placed(run.x, line + run.line, run.text) for run in runs)
            line += height
        physical.append(placed)
    return _split_tall_paragraphs(physical)


def _runs(item: PageItem) -> tuple[int, list[_Placed]]:
    """An item's height in lines and its runs, relative to the item's first line."""
    if isinstance(item, str):
        lines = wrap_text(item)
        return len(lines), [_Placed(LEFT_MARGIN, index, text) for index, text in enumerate(lines)]
    label_width = item.value_x - LEFT_MARGIN - 12
    runs = [_Placed(LEFT_MARGIN, index, text) for index, text in enumerate(item.label_lines)]
    labels = len(item.label_lines)
    first_value_line = labels if item.value_on_line is None else item.value_on_line % labels
    value_lines = wrap_text(item.value, PAGE_WIDTH - RIGHT_MARGIN - item.value_x)
    runs += [_Placed(item.value_x, first_value_line + i, text) for i, text in enumerate(value_lines)]
    too_wide = [text for text in item.label_lines if text_width(text) > label_width]
    if too_wide:
        raise ValueError(f"table label line too wide for its column: {too_wide[0]!r}")
    return max(labels, first_value_line + len(value_lines)), runs


def _split_tall_paragraphs(physical: list[list[_Placed]]) -> list[list[_Placed]]:
    """A single paragraph taller than a page spills its extra lines onto further pages."""
    result: list[list[_Placed]] = []
    for placed in physical:
        while any(run.line >= LINES_PER_PAGE for run in placed):
            result.append([run for run in placed if run.line < LINES_PER_PAGE])
            placed = [
                _Placed(run.x, run.line - LINES_PER_PAGE, run.text) for run in placed if run.line >= LINES_PER_PAGE
            ]
        result.append(placed)
    return result


def encode_text(text: str) -> bytes:
    """A PDF literal string in WinAnsiEncoding (curly quotes and dashes map to their cp1252 codes), plus the
    few extra dashes of `_EXTRA_GLYPHS`."""
    raw = bytearray()
    for character in text:
        if character in _EXTRA_GLYPHS:
            raw.append(_EXTRA_GLYPHS[character][0])
            continue
        try:
            raw += character.encode("cp1252")
        except UnicodeEncodeError as error:
            raise ValueError(f"character {character!r} cannot be set in WinAnsiEncoding (in {text!r})") from error
    escaped = bytes(raw).replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)").replace(b"\r", b"\\r")
    return b"(" + escaped + b")"


def _content_stream(runs: Iterable[_Placed]) -> bytes:
    commands = [b"BT", f"/F1 {FONT_SIZE} Tf".encode()]
    squares: list[bytes] = []
    x, y = 0.0, 0.0
    for run in runs:
        target_y = PAGE_HEIGHT - TOP_MARGIN - run.line * LEADING
        run_x, text = run.x, run.text
        if text.startswith(DRAWN_BULLET):
            squares.append(f"{run_x:g} {target_y + 1:g} 5 5 re f".encode())
            run_x, text = run_x + _DRAWN_BULLET_INDENT, text[1:].lstrip()
        # Td moves relative to the start of the previous line.
        commands.append(f"{run_x - x:g} {target_y - y:g} Td ".encode() + _show(text))
        x, y = run_x, target_y
    commands.append(b"ET")
    return b"\n".join(commands + squares)


def _show(text: str) -> bytes:
    """Text-showing operators for `text`: Helvetica, switching to a symbol's own font for each symbol."""
    shown: list[bytes] = []
    plain = ""
    for character in text:
        if character not in SYMBOLS:
            plain += character
            continue
        if plain:
            shown.append(encode_text(plain) + b" Tj")
            plain = ""
        code = SYMBOLS[character][1]
        shown.append(f"/{_symbol_font(character)} {FONT_SIZE} Tf <{code:02X}> Tj /F1 {FONT_SIZE} Tf".encode())
    if plain or not shown:
        shown.append(encode_text(plain) + b" Tj")
    return b" ".join(shown)


def _symbol_font(character: str) -> str:
    return f"S{list(SYMBOLS).index(character)}"


def _symbol_fonts(first_id: int) -> tuple[dict[int, bytes], bytes]:
    """A font and its ToUnicode map for each symbol, from object `first_id` on; and their resource entries."""
    objects: dict[int, bytes] = {}
    entries = b""
    for index, (character, (base_font, code)) in enumerate(SYMBOLS.items()):
        font_id, cmap_id = first_id + 2 * index, first_id + 2 * index + 1
        encoding = b" /Encoding /WinAnsiEncoding" if base_font == "Helvetica" else b""
        objects[font_id] = (
            f"<< /Type /Font /Subtype /Type1 /BaseFont /{base_font}".encode()
            + encoding
            + f" /ToUnicode {cmap_id} 0 R >>".encode()
        )
        objects[cmap_id] = _stream(_to_unicode(code, character))
        entries += f" /{_symbol_font(character)} {font_id} 0 R".encode()
    return objects, entries


def _to_unicode(code: int, character: str) -> bytes:
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <00> <FF> endcodespacerange\n"
        f"1 beginbfchar <{code:02X}> <{ord(character):04X}> endbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()


def _stream(data: bytes, *, compress: bool = False) -> bytes:
    filter_entry = b""
    if compress:
        data = zlib.compress(data)
        filter_entry = b" /Filter /FlateDecode"
    return f"<< /Length {len(data)}".encode() + filter_entry + b" >>\nstream\n" + data + b"\nendstream"


def _pdf_text_string(text: str) -> bytes:
    """A document-information string: UTF-16BE with a byte-order mark, written as hex."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def write_pdf(pages: Sequence[Sequence[PageItem]], *, compress: bool = True, title: str | None = None) -> bytes:
    """A PDF of the given pages: each a list of lines (wrapped to the page width) and table rows."""
    placed_pages = layout(pages)
    font_id, pages_id, catalog_id = 1, 2, 3
    objects: dict[int, bytes] = {
        font_id: f"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding {_FONT_ENCODING} >>".encode(),
        catalog_id: f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode(),
    }
    symbol_objects, symbol_entries = _symbol_fonts(4)
    objects.update(symbol_objects)
    next_id = 4 + len(symbol_objects)
    page_ids = []
    for runs in placed_pages:
        objects[next_id] = _stream(_content_stream(runs), compress=compress)
        objects[next_id + 1] = (
            f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] ".encode()
            + f"/Resources << /Font << /F1 {font_id} 0 R".encode()
            + symbol_entries
            + f" >> >> /Contents {next_id} 0 R >>".encode()
        )
        page_ids.append(next_id + 1)
        next_id += 2
    kids = " ".join(f"{page_id} 0 R" for page_id in page_ids)
    objects[pages_id] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()
    info_id = None
    if title is not None:
        info_id = next_id
        objects[info_id] = b"<< /Title " + _pdf_text_string(title) + b" /Producer (ofsted-watch samples) >>"
    return serialise_objects(objects, catalog_id, info_id)


def serialise_objects(objects: dict[int, bytes], root_id: int, info_id: int | None) -> bytes:
    # The binary comment line tells transfer tools the file is not plain text.
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for object_id in sorted(objects):
        offsets[object_id] = len(out)
        out += f"{object_id} 0 obj\n".encode() + objects[object_id] + b"\nendobj\n"
    xref_at = len(out)
    size = max(objects) + 1
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for object_id in range(1, size):
        out += f"{offsets[object_id]:010d} 00000 n \n".encode()
    info = f" /Info {info_id} 0 R" if info_id is not None else ""
    out += f"trailer\n<< /Size {size} /Root {root_id} 0 R{info} >>\nstartxref\n{xref_at}\n%%EOF\n".encode()
    return bytes(out)
