"""Parser tests: small PDF and Word files with Persian text, written by the tests themselves.

The PDF is built by hand: one page, a Type0 font with a ToUnicode map that gives every character
of the text its own glyph code, so a PDF reader extracts the exact Unicode text (the glyphs are
not embedded; nothing here is meant to be looked at). Keep digits out of the lines: pypdf
reorders a number inside right-to-left text its own way.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest


def _pdf_objects(lines: list[str]) -> list[bytes]:
    chars = sorted({c for line in lines for c in line})
    code = {c: i + 1 for i, c in enumerate(chars)}
    cmap_entries = "\n".join(f"<{code[c]:04X}> <{ord(c):04X}>" for c in chars)
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CMapName /Khabar def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(chars)} beginbfchar\n{cmap_entries}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()
    shows = []
    for number, line in enumerate(lines):
        # PDF writers place right-to-left glyphs left to right (visual order); PDF readers
        # turn them back into reading order
        hexes = "".join(f"{code[c]:04X}" for c in reversed(line))
        shows.append(f"BT /F1 12 Tf 72 {760 - 18 * number} Td <{hexes}> Tj ET")
    content = "\n".join(shows).encode()
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /KhabarTest /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /KhabarTest "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/DW 500 >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    ]


def _write_pdf(path: Path, lines: list[str]) -> Path:
    """A one-page PDF whose text layer is ``lines`` (an empty list: a page with no text)."""
    objects = _pdf_objects(lines) if lines else [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())
    return path


def _write_docx(path: Path, paragraphs: list[str]) -> Path:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


@pytest.fixture(scope="session")
def write_pdf() -> Callable[[Path, list[str]], Path]:
    return _write_pdf


@pytest.fixture(scope="session")
def write_docx() -> Callable[[Path, list[str]], Path]:
    return _write_docx
