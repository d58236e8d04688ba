"""Turn a file's bytes into text: UTF-8 (with or without BOM), UTF-16/32 with a BOM, UTF-16
without one, Windows-1256.

Older Persian archives were written by Windows software in Windows-1256, and nothing in the file
says so. Every byte sequence decodes under cp1256, so it is accepted only when the result reads
as Arabic-script text; anything else is reported as undecodable rather than indexed as mojibake.
UTF-16 without a byte-order mark is recognised by its NUL bytes (ASCII) or its 0x06 bytes
(Persian) falling on every other byte. Text that is UTF-8 but for a few damaged bytes keeps
what is good: the bad bytes become U+FFFD and are counted (``Decoded.replaced``).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from searcher.errors import ParseError

# Checked longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Share of the non-ASCII characters of a cp1256 reading that must be Arabic-script letters or
# Persian punctuation. Latin-1 French or random bytes read as cp1256 stay far below it.
_ARABIC_SHARE = 0.8
# Share of control characters above which text is taken for binary data.
_CONTROL_SHARE = 0.01

# UTF-8 with at most this share of its bytes undecodable is damaged UTF-8 (the bad bytes are
# replaced); a Windows-1256 file read as UTF-8 fails on nearly every Persian letter.
_DAMAGED_SHARE = 0.001
# Share of a UTF-16 reading (without BOM) that must be ASCII text or Arabic script.
_TEXT_SHARE = 0.95

# C0 and C1 control characters other than tab, newlines, vertical tab and form feed.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_PERSIAN_MARKS = frozenset("\u200c\u200d\u200e\u200f«»")

REENCODE_HINT = "re-save the file as UTF-8 (most editors offer it under 'Save as' / 'Encoding')"


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text (BOM stripped, newlines as LF) and the codec that produced it."""

    text: str
    encoding: str
    replaced: int = 0  # places where undecodable bytes became U+FFFD
    first_replaced: int = -1  # byte offset of the first of them


def decode(data: bytes, name: str) -> str:
    """Decode ``data`` read from the file ``name``; raise ParseError when it is not text.

    >>> decode("سلام\\r\\nدنيا".encode("cp1256"), "a.txt")
    'سلام\\nدنيا'
    """
    return decode_detailed(data, name).text


def decode_detailed(data: bytes, name: str) -> Decoded:
    """Like :func:`decode`, also saying which encoding was detected."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _finish(_strict(data, codec, name), codec, name)
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16:
            return _finish(*utf16, name)
        if data.count(0) > _CONTROL_SHARE * len(data):
            raise _binary(name, "NUL bytes, and not UTF-16 text")
    try:
        return _finish(data.decode("utf-8"), "utf-8", name)
    except UnicodeDecodeError as exc:
        utf8_error = exc
    damaged = _damaged_utf8(data)
    if damaged is not None:
        text, replaced = damaged
        return _replace(_finish(text, "utf-8", name), replaced=replaced,
                        first_replaced=utf8_error.start)
    text = data.decode("cp1256")
    if _reads_as_arabic_script(text):
        return _finish(text, "cp1256", name)
    if b"\x00" in data:
        raise _binary(name, "NUL bytes and no UTF-16 byte-order mark")
    bad = data[utf8_error.start]
    raise ParseError(
        f"{name}: neither UTF-8 nor Windows-1256 Persian text "
        f"(byte 0x{bad:02x} at offset {utf8_error.start} is not UTF-8)",
        hint=REENCODE_HINT,
    )


def sniff_encoding(head: bytes, name: str) -> str:
    """The encoding of a file from its first bytes, for files too large to decode whole.

    Unlike :func:`decode`, a sample that is not all valid UTF-8 is still taken for UTF-8 unless
    it reads as Windows-1256: a streamed file reports its bad lines one by one.
    """
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec
    cut = head.rfind(b"\n")  # never judge a character cut in half at the end of the sample
    sample = head[: cut + 1] if cut >= 0 else head
    if b"\x00" in sample:
        raise _binary(name, "NUL bytes and no UTF-16 byte-order mark")
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1256" if _reads_as_arabic_script(sample.decode("cp1256")) else "utf-8"


def decode_line(data: bytes, encoding: str, name: str) -> str:
    """Decode one line of a file whose encoding was already detected (for streamed JSON Lines)."""
    return _finish(_strict(data, encoding, name), encoding, name).text


def _strict(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        label = codec.removesuffix("-sig").upper()
        raise ParseError(
            f"{name}: invalid {label} at byte offset {exc.start} ({exc.reason})",
            hint=REENCODE_HINT,
        ) from None


def _finish(text: str, codec: str, name: str) -> Decoded:
    text = text.removeprefix("\ufeff")
    if _looks_binary(text):
        raise _binary(name, "too many control characters for text")
    return Decoded(text.replace("\r\n", "\n").replace("\r", "\n"), codec)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """(text, codec) when ``data`` reads as UTF-16 text without a byte-order mark."""
    if len(data) % 2:
        return None
    # ASCII puts its NUL in the high byte, Persian its 0x06: whichever half holds them says
    # which byte order it is.
    evens, odds = data[0::2], data[1::2]
    high = sum(evens.count(b) for b in (0, 6)), sum(odds.count(b) for b in (0, 6))
    codec = "utf-16-le" if high[1] > high[0] else "utf-16-be"
    if max(high) < len(data) // 4:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    fitting = sum(1 for c in text if " " <= c <= "~" or c in "\t\n\r" or _is_arabic_script(c)
                  or c in _PERSIAN_MARKS)
    return (text, codec) if fitting >= _TEXT_SHARE * len(text) else None


def _damaged_utf8(data: bytes) -> tuple[str, int] | None:
    """(text, places replaced) when ``data`` is UTF-8 but for a few bad bytes."""
    text = data.decode("utf-8", "replace")
    replaced = text.count("\ufffd") - data.count("\ufffd".encode())
    return (text, replaced) if replaced <= max(1, _DAMAGED_SHARE * len(data)) else None


def _replace(decoded: Decoded, **changes: int) -> Decoded:
    return Decoded(decoded.text, decoded.encoding, **changes)


def _binary(name: str, why: str) -> ParseError:
    return ParseError(
        f"{name}: binary data ({why})",
        hint="khabar reads text and JSON files (UTF-16 needs a byte-order mark); "
        "point it at articles, not archives or images",
    )


def _looks_binary(text: str) -> bool:
    return len(_CONTROLS.findall(text)) > _CONTROL_SHARE * len(text)


def _is_arabic_script(char: str) -> bool:
    code = ord(char)
    return (
        0x0600 <= code <= 0x06FF
        or 0x0750 <= code <= 0x077F
        or 0xFB50 <= code <= 0xFDFF
        or 0xFE70 <= code <= 0xFEFF
    )


def _reads_as_arabic_script(text: str) -> bool:
    non_ascii = [c for c in text if ord(c) > 0x7F]
    if not non_ascii:
        return False
    fitting = sum(1 for c in non_ascii if _is_arabic_script(c) or c in _PERSIAN_MARKS)
    return fitting >= _ARABIC_SHARE * len(non_ascii)
