"""A loose form of short labels (month names, «کد خبر», «منبع:») for comparing, not for indexing.

Parsers must recognise labels however a site typed them: Arabic ي/ك, Persian or Arabic-Indic
digits, ZWNJ or a space. The analyzer has its own, offset-preserving folding for searchable
text; this module stays separate so parsing never loads the analysis stack.
"""

from __future__ import annotations

import re

_DIGITS = {chr(zero + i): str(i) for zero in (0x06F0, 0x0660) for i in range(10)}
_KEY = {
    **_DIGITS,
    "ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه",
    "أ": "ا", "إ": "ا", "ٱ": "ا", "آ": "ا",  # آبان is often typed ابان
    "،": ",", "؛": ";", "٫": ".",
    "\u0640": "",  # tatweel stretches a word without changing it
    "\u200c": " ",  # ZWNJ: «کد‌خبر» and «کد خبر» are one label
}
# Most characters of a line need no change: a regex finds the few that do faster than
# str.translate walks a dict for every character of a Persian line.
_VARIANTS = re.compile("[" + re.escape("".join(_KEY)) + "]")
_DIGIT_TABLE = str.maketrans(_DIGITS)


def ascii_digits(text: str) -> str:
    """Persian and Arabic-Indic digits as ASCII: «۲۴۸۱۵۷» → «248157»."""
    return text.translate(_DIGIT_TABLE)


def match_key(text: str) -> str:
    """Digits to ASCII, Arabic letter variants to Persian, ZWNJ to a space, spaces collapsed.

    >>> match_key("  كد  خبر: ۲۴۸")
    'کد خبر: 248'
    """
    return " ".join(_VARIANTS.sub(_replacement, text).split())


def _replacement(match: re.Match[str]) -> str:
    return _KEY[match.group()]
