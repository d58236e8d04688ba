"""Offset-preserving tokenizer: finds words in the original text and groups their parts.

The scanning pattern's character classes are closed under :func:`analyzers.chars.fold`, so
the original text can be scanned directly (folding 1 MB up front would cost more than the
rest of the analysis) and every span is a span of the original.

Policy for ZWNJ (U+200C) and the spacing variants people type:

* ZWNJ is a morpheme boundary. An inflectional suffix after it (ها، های، تر، ترین، ای، ی، ام،
  اند …) and a verbal prefix before it (می، نمی) belong to the word: می‌روم is one word.
* Between two words (راه‌آهن, سیاست‌گذاری) it separates two words, exactly as a space would,
  so «راه‌آهن» and «راه آهن» index identically and a phrase query finds both.
* The same affixes typed after a space attach too: «می روم», «کتاب ها», «بزرگ ترین»,
  «خانه ای» (ای only after ه, where it is the indefinite suffix and not the word «ای»).
  A blank line (paragraph break) never joins.
* Written solid (میروم, کتابها) a word is one part and morphology splits it with the lexicon.

A word's span runs from its first to its last part, so «می روم» highlights as a whole.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from analyzers.chars import DIGITS, IGNORABLE, LETTER_CLASS, NUMBER_SEPARATORS, ZWNJ, term_form

_MARK = re.escape(IGNORABLE)
_DIGIT = re.escape(DIGITS)
_PERSIAN = f"[{LETTER_CLASS}](?:[{LETTER_CLASS}{_MARK}{ZWNJ}]*[{LETTER_CLASS}{_MARK}])?"
_NUMBER = f"[{_DIGIT}]+(?:[{re.escape(NUMBER_SEPARATORS)}][{_DIGIT}]+)+"
# A word in any other script (Latin, IPA, Cyrillic, CJK, …) with its digits: kept whole,
# lowercased. One class for all of them, so that FOLD (fullwidth → ASCII, Persian → ASCII digits)
# never moves a boundary: «Ｗ۱۹» and «W19» are both one word.
_WORD = f"(?:[{_DIGIT}]|(?![\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff])[^\\W_])+"
TOKEN_PATTERN = re.compile(f"{_PERSIAN}|{_NUMBER}|{_WORD}")
_PERSIAN_START = re.compile(f"[{LETTER_CLASS}]")

_PLURAL = ("ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان")
_COMPARATIVE = ("تر", "ترین", "تری")
# Attach after ZWNJ.
SUFFIXES_AFTER_ZWNJ = frozenset(
    _PLURAL + _COMPARATIVE + ("ای", "ی", "یی", "ام", "ات", "اش", "مان", "تان", "شان",
                              "ایم", "اید", "اند", "است")
)
# Attach after a space (a narrower set: «تر» alone is also the word "wet", «است» a verb).
SUFFIXES_AFTER_SPACE = frozenset(_PLURAL + _COMPARATIVE)
PREFIXES = frozenset({"می", "نمی"})

# How a surface's first word may attach to the word before it across a space.
NO_ATTACH, ATTACH_SUFFIX, ATTACH_AFTER_HEH = 0, 1, 2


class Piece(NamedTuple):
    """One word inside a surface: its parts and its span relative to the surface."""

    parts: tuple[str, ...]
    start: int
    end: int
    term: str | None = None  # the word's term when nothing attaches to it (filled by analyze)


class Surface(NamedTuple):
    """What the tokenizer knows about one matched surface string (cached per string)."""

    fa: bool  # Persian word (other kinds: numbers, Latin, other scripts)
    pieces: tuple[Piece, ...]
    attach: int  # NO_ATTACH, ATTACH_SUFFIX or ATTACH_AFTER_HEH, for pieces[0]
    open_prefix: bool  # the last piece is a bare می/نمی waiting for its verb


def _persian_pieces(surface: str) -> list[Piece]:
    pieces: list[Piece] = []
    seg_start = 0
    for seg in surface.split(ZWNJ):
        seg_end = seg_start + len(seg)
        part = term_form(seg)
        if part:
            prev = pieces[-1] if pieces else None
            if prev is not None and (
                (len(prev.parts) == 1 and prev.parts[0] in PREFIXES)
                or part in SUFFIXES_AFTER_ZWNJ
            ):
                pieces[-1] = Piece((*prev.parts, part), prev.start, seg_end)
            else:
                pieces.append(Piece((part,), seg_start, seg_end))
        seg_start = seg_end + 1
    return pieces


def describe(surface: str) -> Surface:
    """Classify and split one surface matched by :data:`TOKEN_PATTERN`."""
    if not _PERSIAN_START.match(surface):
        term = term_form(surface)
        if surface[:1] in DIGITS:
            term = term.replace(",", "")  # 12,500 and ۱۲٬۵۰۰ are 12500
        return Surface(False, (Piece((term,), 0, len(surface), term),), NO_ATTACH, False)
    pieces = _persian_pieces(surface)
    first = pieces[0].parts
    attach = NO_ATTACH
    if len(first) == 1:
        if first[0] in SUFFIXES_AFTER_SPACE:
            attach = ATTACH_SUFFIX
        elif first[0] == "ای":
            attach = ATTACH_AFTER_HEH
    last = pieces[-1].parts
    return Surface(True, tuple(pieces), attach, len(last) == 1 and last[0] in PREFIXES)
