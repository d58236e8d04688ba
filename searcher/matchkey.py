"""A loose form of short labels (month names, «کد خبر», «منبع:») for comparing, not for indexing.

Parsers must recognise labels however a site typed them: Arabic ي/ك, Persian or Arabic-Indic
digits, ZWNJ or a space. The analyzer has its own, offset-preserving folding for searchable
text; this module stays separate so parsing never loads the analysis stack.
"""

from __future__ import annotations

_DIGITS = {zero + i: str(i) for zero in (0x06F0, 0x0660) for i in range(10)}
_LETTERS: dict[int, str | None] = {
    ord(src): dst
    for src, dst in (
        ("ي", "ی"), ("ى", "ی"), ("ك", "ک"), ("ة", "ه"), ("ۀ", "ه"),
        ("أ", "ا"), ("إ", "ا"), ("ٱ", "ا"), ("آ", "ا"),  # آبان is often typed ابان
        ("،", ","), ("؛", ";"), ("٫", "."),
    )
}
_LETTERS[0x0640] = None  # tatweel stretches a word without changing it
_KEY: dict[int, str | None] = {**_DIGITS, **_LETTERS}


def ascii_digits(text: str) -> str:
    """Persian and Arabic-Indic digits as ASCII: «۲۴۸۱۵۷» → «248157»."""
    return text.translate(_DIGITS)


def match_key(text: str) -> str:
    """Digits to ASCII, Arabic letter variants to Persian, ZWNJ to a space, spaces collapsed.

    >>> match_key("  كد  خبر: ۲۴۸")
    'کد خبر: 248'
    """
    return " ".join(text.translate(_KEY).replace("\u200c", " ").split())
