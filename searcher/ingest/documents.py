"""PDF and Word (.docx) files: their text, never their bytes.

The text is extracted with pypdf or python-docx (imported only when such a file is read) and
then read like any text file (a news page when it carries «کد خبر» or a date line, else plain
text). A file whose reader is not installed, or a PDF with no text layer (a scan), is skipped
with a reason that says what to do (in the message itself: the indexing summary shows a skipped
file's message, not its hint).
"""

from __future__ import annotations

import io

from searcher.errors import ParseError

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip()[:5] == PDF_MAGIC


def is_docx(data: bytes, name: str) -> bool:
    """A Word document: a zip archive holding word/document.xml (.docx by name or content)."""
    if data[:4] != ZIP_MAGIC:
        return False
    return name.lower().endswith(".docx") or b"word/document.xml" in data[:65536]


def pdf_text(data: bytes, name: str) -> str:
    """The text of every page, pages a blank line apart."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:
        raise ParseError(f"{name}: reading PDF files needs pypdf, which is not installed: "
                         "pip install pypdf, then index again") from None
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ParseError(f"{name}: the PDF is password-protected: save an unprotected copy "
                             "and index that")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ParseError(f"{name}: not a readable PDF ({exc})",
                         hint="the file may be damaged or incomplete; it is skipped") from None
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if not text:
        raise ParseError(f"{name}: the PDF has no text layer (a scanned image?): run OCR on it "
                         "first (e.g. ocrmypdf -l fas in.pdf out.pdf) and index the result")
    return text


def docx_text(data: bytes, name: str) -> str:
    """The document's paragraphs, a blank line apart."""
    try:
        import docx
    except ImportError:
        raise ParseError(f"{name}: reading Word files needs python-docx, which is not "
                         "installed: pip install python-docx, then index again") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zip, XML and its own errors alike
        raise ParseError(f"{name}: not a readable Word document ({exc})",
                         hint="the file may be damaged, or an old .doc renamed; the file is "
                              "skipped") from None
    text = "\n\n".join(p.text.strip() for p in document.paragraphs if p.text.strip())
    if not text:
        raise ParseError(f"{name}: the Word document has no text")
    return text
