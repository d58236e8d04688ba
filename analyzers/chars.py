"""Character-level folding for Persian text.

Two tables, because highlighting needs offsets into the original text:

* ``FOLD`` maps one character to one character, so ``fold(text)`` has exactly the length of
  ``text`` and every offset found in the folded text is valid in the original.
* ``TERM`` is applied to a token's surface only: it also deletes in-word marks (diacritics,
  tatweel, zero-width and direction marks) and expands ligatures such as ﻻ into two letters.

Direction: toward the Persian letters people type (ی ک ه), as hazm does, not toward Arabic as
Lucene's normalizer does; documents, queries and stopwords all pass through the same tables.
"""

from __future__ import annotations

import re
import unicodedata
import zlib

from analyzers.diskcache import load_or_build_keyed

ZWNJ = "\u200c"

# Arabic-script letters that vary between Arabic and Persian keyboards or old agency software.
_LETTERS = {
    "\u064a": "ی",  # ي Arabic yeh
    "\u0649": "ی",  # ى alef maqsura
    "\u06d2": "ی",  # ے yeh barree
    "\u06d0": "ی",  # ې
    "\u06cd": "ی",  # ۍ
    "\u0626": "ی",  # ئ yeh with hamza: پائیز and پاییز meet
    "\u0643": "ک",  # ك Arabic kaf
    "\u06aa": "ک",  # ڪ swash kaf
    "\u0629": "ه",  # ة teh marbuta
    "\u06c0": "ه",  # ۀ heh with yeh above
    "\u06c2": "ه",  # ۂ
    "\u06c3": "ه",  # ۃ
    "\u06d5": "ه",  # ە ae
    "\u06c1": "ه",  # ہ heh goal
    "\u0623": "ا",  # أ
    "\u0625": "ا",  # إ
    "\u0671": "ا",  # ٱ alef wasla
    "\u0672": "ا",
    "\u0673": "ا",
    "\u0622": "ا",  # آ: readers often type اب for آب; folding loses nothing searchable
    "\u0624": "و",  # ؤ: مؤسسه / موسسه
    "\u066b": ".",  # Arabic decimal separator: ۵۰٫۵ and 50.5 meet
    "\u066c": ",",  # Arabic thousands separator
}

# Characters that are dropped inside a token: they change rendering, not the word.
# Marks drawn on or with the letters (harakat, tatweel) belong to the word wherever they stand.
MARKS = (
    "".join(chr(c) for c in range(0x064B, 0x0660))  # harakat, shadda, sukun, ...
    + "\u0670"  # superscript alef
    + "".join(chr(c) for c in range(0x0610, 0x061B))  # Quranic honorifics
    + "".join(chr(c) for c in range(0x06D6, 0x06DD))
    + "".join(chr(c) for c in range(0x06DF, 0x06E5))
    + "\u06e7\u06e8\u06ea\u06eb\u06ec\u06ed"
    + "\u0640"  # tatweel
)
# Invisible format characters belong to a word only between its letters: at its edges they
# stay outside the span, so a highlight never starts or ends on something unseen.
INVISIBLE = (
    "\u200b\u200d\u200e\u200f\u061c\ufeff\u00ad\u2060"  # ZWSP ZWJ LRM RLM ALM BOM SHY WJ
    + "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # bidi embeddings, isolates
)
IGNORABLE = MARKS + INVISIBLE

# Ranges whose compatibility forms NFKC maps onto ordinary letters and digits.
_NFKC_RANGES = (
    (0xFB50, 0xFDFF),  # Arabic presentation forms A
    (0xFE70, 0xFEFF),  # Arabic presentation forms B
    (0xFF01, 0xFF5E),  # fullwidth ASCII
)


def _build_tables() -> tuple[dict[int, str], dict[int, str]]:
    same: dict[int, str] = {}
    expand: dict[int, str] = {}
    for lo, hi in _NFKC_RANGES:
        for code in range(lo, hi + 1):
            char = chr(code)
            norm = unicodedata.normalize("NFKC", char)
            if norm == char or any(c.isspace() for c in norm):
                continue
            norm = "".join(_LETTERS.get(c, c) for c in norm)
            if len(norm) == 1:
                same[code] = norm
            else:
                expand[code] = norm
    for src, dst in _LETTERS.items():
        same[ord(src)] = dst
    for zero, _nine in ((0x06F0, 0x06F9), (0x0660, 0x0669)):  # Persian, Arabic-Indic digits
        for i in range(10):
            same[zero + i] = str(i)
    # ZWNJ after folding must stay ZWNJ: presentation forms never produce it.
    term = dict(same)
    term.update(expand)
    for char in IGNORABLE:
        term[ord(char)] = None  # type: ignore[assignment]
        same.pop(ord(char), None)
    return same, term


_BASE_LETTERS = [
    (0x0621, 0x063A), (0x0641, 0x064A), (0x066E, 0x066F), (0x0671, 0x06D3), (0x06D5, 0x06D5),
    (0x06EE, 0x06EF), (0x06FA, 0x06FC), (0x06FF, 0x06FF),
]


def _letter_codes(term: dict[int, str]) -> list[int]:
    """Arabic-script letters plus every presentation form that folds to letters only."""
    codes = {c for lo, hi in _BASE_LETTERS for c in range(lo, hi + 1)}
    base = frozenset(map(chr, codes))
    codes.update(code for code, mapped in term.items()
                 if code >= 0xFB50 and mapped and base.issuperset(mapped))
    return sorted(codes)


_TABLES_BUILT = False  # whether this process built the tables (rather than read them)


def _tables() -> tuple[dict[int, str], dict[int, str], list[int]]:
    """FOLD, TERM and the letter codes, from the analyzer's disk cache (built when absent).

    Building them runs NFKC over ~1,500 presentation forms: a fifth of what importing the
    analyzer costs, on every one-shot command. They follow from this file and from the Unicode
    version of Python's NFKC, which together are the cache key.
    """

    def build() -> tuple[dict[int, str], dict[int, str], list[int]]:
        global _TABLES_BUILT
        _TABLES_BUILT = True
        fold_table, term_table = _build_tables()
        return fold_table, term_table, _letter_codes(term_table)

    try:
        with open(__file__, "rb") as handle:
            source = zlib.crc32(handle.read())
    except OSError:
        return build()
    return load_or_build_keyed("chars", f"{source:08x}-{unicodedata.unidata_version}", build)


FOLD, TERM, _LETTER_CODES = _tables()
# Every spelling of the decimal and thousands separators, so numbers match before and after FOLD.
NUMBER_SEPARATORS = ".," + "".join(chr(c) for c, mapped in FOLD.items() if mapped in (".", ","))
DIGITS = "0123456789" + "".join(chr(c) for c in range(0x06F0, 0x06FA)) + "".join(
    chr(c) for c in range(0x0660, 0x066A)) + "".join(chr(c) for c in range(0xFF10, 0xFF1A))


def char_class(codes: list[int]) -> str:
    """A regex character class body for sorted code points, compressed into ranges."""
    out, i = [], 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        out.append(f"\\U{codes[i]:08x}" if i == j else f"\\U{codes[i]:08x}-\\U{codes[j]:08x}")
        i = j + 1
    return "".join(out)


LETTER_CLASS = char_class(_LETTER_CODES)
LETTERS = frozenset(map(chr, _LETTER_CODES))


def fold(text: str) -> str:
    """Fold letter and digit variants one-for-one; the result has the length of ``text``.

    >>> fold("كتابهاي ۱۴۰۲")
    'کتابهای 1402'
    >>> fold("مسئله")  # hamza between consonants: on an alef, as term_form reads it
    'مساله'
    """
    # the same context rules as term_form, so folding first changes nothing
    return seat_hamza(text).translate(FOLD)


def seat_hamza(text: str) -> str:
    """``text`` with each ئ that its neighbours seat on an alef or a waw written so; the others
    are left for :data:`FOLD` (which makes them ی). The one part of folding that looks past a
    character.

    >>> seat_hamza("مسئله مسئول رئیس")
    'مساله مسوول رئیس'
    """
    if "\u0626" not in text:
        return text
    return _HAMZA_ON_WAW.sub("\u0648", _HAMZA_ON_ALEF.sub("ا", text))


# Most words hold no character TERM changes, and finding that out is cheaper than translating:
# str.translate looks every non-ASCII character up in the dict.
_TERM_CHARS = re.compile(f"[{char_class(sorted(TERM))}]")


# Hamza between two consonants sits on an alef in one spelling and on a yeh in another:
# مسئله / مسأله / مساله, هیئت / هیأت / هیات, جرئت / جرأت. There it folds to ا (as أ does);
# elsewhere ئ stands for a yeh-like glide and folds to ی (رئیس / رییس, پائیز / پاییز,
# مسائل / مسایل, دائم / دایم).
_CONSONANTS = "بپتثجچحخدذرزژسشصضطظعغفقکگلمنك"
_HAMZA_ON_ALEF = re.compile(f"(?<=[{_CONSONANTS}یي])\u0626(?=[{_CONSONANTS}])")
# In the Arabic words that hold سئو، شئو or رئو the seat is a waw: مسئول / مسؤول / مسوول,
# سئوال / سؤال / سوال, شئون / شؤون, مرئوس / مرؤوس. In borrowed names and words ئو spells a
# vowel and keeps its yeh (ویدئو / ویدیو, لئوناردو / لیوناردو, تئوری). The spelling without a
# hamza doubles the و, and so do some names in one spelling and not another (داوود / داود,
# یوونتوس / یونتوس, سیاووش / سیاوش): a term never holds وو.
_HAMZA_ON_WAW = re.compile("(?<=[سشر])\u0626(?=\u0648)")
_DOUBLE_WAW = "\u0648\u0648"
# A final hamza after ا or ی is often left out (اعضاء / اعضا, امضاء / امضا, شیء / شی); after a
# consonant or و it tells words apart (جزء "part", جز "except"; سوء "ill-", سو "side").
_FINAL_HAMZA = frozenset({"\u0627\u0621", "\u06cc\u0621"})


def term_form(surface: str) -> str:
    """The indexable spelling of a token's surface: folded, marks dropped, ligatures expanded."""
    if _TERM_CHARS.search(surface) is None:
        term = surface.lower()
    else:
        term = seat_hamza(surface).translate(TERM).lower()
    while _DOUBLE_WAW in term:
        term = term.replace(_DOUBLE_WAW, "\u0648")
    if term[-2:] in _FINAL_HAMZA:
        term = term[:-1]
    return term
