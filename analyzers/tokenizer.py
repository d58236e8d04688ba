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
  «خانه ای» (ای only after ه, where it is the indefinite suffix and not the word «ای»), also
  across one line break or a ZWNJ typed before the space («می‌ روم»). A blank line
  (paragraph break) or punctuation never joins.
* Written solid (میروم, کتابها) a word is one part and morphology splits it with the lexicon.

A word's span runs from its first to its last part, so «می روم» highlights as a whole.
Diacritics and tatweel belong to the span (they are drawn with the letters); invisible marks
(ZWJ, ZWSP, LRM/RLM/ALM, BOM, soft hyphen, bidi controls) only between letters, never at a
word's edges. None of them reaches the term.

Numbers are whole words in any digit script, with their decimal and thousands separators
(۱۲٬۵۰۰٫۵ → 12500.5; a slash between digits is a decimal point too, ۴۰/۲ → 40.2, unless
it is a date's). Latin, Cyrillic, CJK … runs, with their digits, are one lowercased word.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from analyzers.chars import (
    DIGITS,
    INVISIBLE,
    LETTER_CLASS,
    LETTERS,
    MARKS,
    NUMBER_SEPARATORS,
    ZWNJ,
    term_form,
)

_MARK = re.escape(MARKS)
_DIGIT = re.escape(DIGITS)
_INSIDE = re.escape(INVISIBLE) + ZWNJ
_PERSIAN = f"[{LETTER_CLASS}](?:[{LETTER_CLASS}{_MARK}{_INSIDE}]*[{LETTER_CLASS}{_MARK}])?"
_NUMBER = f"[{_DIGIT}]+(?:[{re.escape(NUMBER_SEPARATORS)}][{_DIGIT}]+)+"
# Persian print often writes the decimal point as a slash (نرخ تورم ۴۰/۲ درصد), and dates with
# slashes too (۱۴۰۳/۰۵/۱۲, ۱۴۰۳/۵). A slash is a decimal point between a whole part of at most
# three digits and one more number, in no run of slashes: a year has four digits, a date two
# slashes.
# (The scan never starts inside a run of digits: the look-arounds need only \d, whose class
# costs nothing to compile, unlike DIGITS' at every one-shot start.)
_SLASH_DECIMAL = f"(?<!\\d/)[{_DIGIT}]{{1,3}}/[{_DIGIT}]+(?!\\d|/\\d)"
# A word in any other script (Latin, IPA, Cyrillic, CJK, …) with its digits: kept whole,
# lowercased. One class for all of them, so that FOLD (fullwidth → ASCII, Persian → ASCII digits)
# never moves a boundary: «Ｗ۱۹» and «W19» are both one word.
_WORD = f"(?:[{_DIGIT}]|(?![\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff])[^\\W_])+"
# Words joined by و whose solid spelling drops the و: گفت‌وگو / گفتگو, جست‌وجو / جستجو,
# شست‌وشو / شستشو. A closed list: elsewhere the solid spelling is another word (سروکار is not
# سرکار, گردونه not گردنه).
_SOLID_CONJOINED = {("گفت", "گو"), ("جست", "جو"), ("شست", "شو")}
# The same typed with spaces, one surface for the scanner.
_SPACED_CONJOINED = "|".join(f"{a}[ \u00a0]+و[ \u00a0]+{b}" for a, b in sorted(_SOLID_CONJOINED))
# The spaced conjoined words come first; the scan starts only where a word starts, so they need
# no look-behind, and their tail (گفت و گوها) is letters.
# Every token starts with a \w character or one of these (﷼, the rial sign, a letter here):
# the scan passes every other character (spaces, punctuation) with one class test instead of
# trying each alternative there — a fifth of the scan of a news article. A test holds the list
# complete.
TOKEN_STARTS_OUTSIDE_W = "\ufdfc"
TOKEN_PATTERN = re.compile(
    f"(?=[\\w{TOKEN_STARTS_OUTSIDE_W}])"
    f"(?:(?:{_SPACED_CONJOINED})[^\\W\\d_]*|{_PERSIAN}|{_SLASH_DECIMAL}|{_NUMBER}|{_WORD})")

# هارو: the plural under spoken را (ورزش هارو), as people type questions.
_PLURAL = ("ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان", "هارو")
_COMPARATIVE = ("تر", "ترین", "تری")
# Attach after ZWNJ.
SUFFIXES_AFTER_ZWNJ = frozenset(
    _PLURAL + _COMPARATIVE + ("ای", "ی", "یی", "ام", "ات", "اش", "مان", "تان", "شان",
                              "ایم", "اید", "اند", "است")
)
# Attach after a space: a narrower set, because alone «ای» is also the vocative, «است» a verb
# and «ام», «اش» … are too short to trust; «ای» attaches only after ه (see ATTACH_AFTER_HEH).
SUFFIXES_AFTER_SPACE = frozenset(_PLURAL + _COMPARATIVE)
PREFIXES = frozenset({"می", "نمی"})

_UNSEEN = str.maketrans("", "", INVISIBLE + ZWNJ)


def joins_across(gap: str) -> bool:
    """Whether a suffix or verb may attach across ``gap``, the text between two surfaces:
    spaces or one line break (a hard-wrapped line), with any ZWNJ or invisible marks among
    them («می‌ روم»), but never a blank line (a paragraph break) or punctuation."""
    bare = gap.translate(_UNSEEN)
    return bare.isspace() and bare.replace("\r\n", "\n").count("\n") < 2


# How a surface's first word may attach to the word before it across a space.
NO_ATTACH, ATTACH_SUFFIX, ATTACH_AFTER_HEH = 0, 1, 2


class Piece(NamedTuple):
    """One word inside a surface: its parts and its span relative to the surface."""

    parts: tuple[str, ...]
    start: int
    end: int
    term: str | None  # the word's term when nothing attaches to it


class Surface(NamedTuple):
    """What the tokenizer knows about one matched surface string (cached per string)."""

    fa: bool  # Persian word (other kinds: numbers, Latin, other scripts)
    pieces: tuple[Piece, ...]
    attach: int  # NO_ATTACH, ATTACH_SUFFIX or ATTACH_AFTER_HEH, for pieces[0]
    open_prefix: bool  # the last piece is a bare می/نمی waiting for its verb


def _persian_parts(surface: str) -> list[tuple[tuple[str, ...], int, int]]:
    """Words of a Persian surface as (parts, start, end): ZWNJ segments, affixes attached."""
    words: list[tuple[tuple[str, ...], int, int]] = []
    for match in _SEGMENT.finditer(surface):
        seg_start, seg_end = match.span()
        part = term_form(match.group())
        if not part:
            continue
        if words and (
            (len(words[-1][0]) == 1 and words[-1][0][0] in PREFIXES)
            or part in SUFFIXES_AFTER_ZWNJ
        ):
            parts, start, _ = words[-1]
            words[-1] = ((*parts, part), start, seg_end)
        elif words and (_before_solid(words[-1][0], part) or _is_conjoined(part)):
            # Where the و ends in the surface: invisible marks may stand before it.
            seg = match.group()
            cut = seg_start + next(i for i in range(1, len(seg) + 1) if term_form(seg[:i]))
            words.append((("و",), seg_start, cut))
            words.append(((part[1:],), cut, seg_end))
        else:
            words.append(((part,), seg_start, seg_end))
    return _solid_conjoined(words)


# A surface's segments: between ZWNJs, or the spaces of a conjoined word typed apart (گفت و گو,
# the only surfaces that hold a space).
_SEGMENT = re.compile(f"[^{ZWNJ} \u00a0]+")
# Derivational suffixes that begin with و (شعله‌ور، بهره‌وری، امیدوار، خویشاوند): never «و» + word.
_WAW_SUFFIXES = ("ور", "وار", "وند")


def _is_conjoined(part: str) -> bool:
    """Whether a part after ZWNJ is «و» and a word (کسب‌وکار, حمل‌ونقل, بیست‌وهفتمین): it is
    no word itself (وزیر, وطنان and وقفه are) and what follows the و is one."""
    if len(part) < 3 or part[0] != "و" or part.startswith(_WAW_SUFFIXES):
        return False
    from analyzers.morphology import is_word  # the lexicon, loaded only for such a part

    return not is_word(part) and is_word(part[1:])


def _before_solid(first: tuple[str, ...], part: str) -> bool:
    """Whether ``part`` is «و» and the second half of a word of :data:`_SOLID_CONJOINED`
    after ``first`` (گفت + وگو)."""
    return len(first) == 1 and any(first[0] == a and part.startswith("و" + b)
                                   for a, b in _SOLID_CONJOINED)


def _solid_conjoined(words: list[tuple[tuple[str, ...], int, int]]
                     ) -> list[tuple[tuple[str, ...], int, int]]:
    """``words`` with each «A و B» of :data:`_SOLID_CONJOINED` made the one word «AB»."""
    for i in range(len(words) - 2, 0, -1):
        (first, start, _), (conj, _, _), (last, _, end) = words[i - 1:i + 2]
        if conj != ("و",) or len(first) != 1:
            continue
        for a, b in _SOLID_CONJOINED:
            if first[0] == a and last[0].startswith(b):
                tail = last[0][len(b):]
                parts = (a + b, *((tail,) if tail else ()), *last[1:])
                words[i - 1:i + 2] = [(parts, start, end)]
                break
    return words


# How a one-part first word attaches across a space, by its spelling.
_ATTACH = dict.fromkeys(SUFFIXES_AFTER_SPACE, ATTACH_SUFFIX) | {"ای": ATTACH_AFTER_HEH}
# Runs once per distinct surface of a corpus: tuple.__new__ skips the NamedTuples' Python-level
# constructors, which cost as much as the rest of this function.
_new = tuple.__new__


def _other_term(surface: str) -> str:
    """The term of a number or a word in another script."""
    term = term_form(surface)
    if surface[0] in DIGITS:
        # 12,500 and ۱۲٬۵۰۰ are 12500; ۴۰/۲ is 40.2 (see _SLASH_DECIMAL)
        term = term.replace(",", "").replace("/", ".")
    return term


def simple_term(surface: str, term_of: Callable[[tuple[str, ...]], str | None]) -> str | None:
    """The term of a surface without ZWNJ that is one word attaching to nothing ("" for a
    stopword), or None when the surface needs :func:`describe`.

    Most surfaces are such words; this answers for them without building a Surface.
    """
    if surface[0] not in LETTERS:
        return _other_term(surface)
    if ZWNJ in surface or " " in surface or "\u00a0" in surface:
        return None
    part = term_form(surface)
    if part in _ATTACH or part in PREFIXES:
        return None
    return term_of((part,)) or ""


def describe(surface: str, term_of: Callable[[tuple[str, ...]], str | None]) -> Surface:
    """Classify and split one surface matched by :data:`TOKEN_PATTERN`.

    ``term_of`` gives a Persian word's term from its parts (morphology lives elsewhere).
    """
    if surface[0] not in LETTERS:
        term = _other_term(surface)
        return Surface(False, (Piece((term,), 0, len(surface), term),), NO_ATTACH, False)
    if ZWNJ not in surface and " " not in surface and "\u00a0" not in surface:  # most words
        part = term_form(surface)
        parts = (part,)
        piece = _new(Piece, (parts, 0, len(surface), term_of(parts)))
        return _new(Surface, (True, (piece,), _ATTACH.get(part, NO_ATTACH), part in PREFIXES))
    words = _persian_parts(surface)
    first, last = words[0][0], words[-1][0]
    attach = _ATTACH.get(first[0], NO_ATTACH) if len(first) == 1 else NO_ATTACH
    pieces = tuple([_new(Piece, (parts, start, end, term_of(parts)))
                    for parts, start, end in words])
    if len(pieces) > 1 and not any(piece.term for piece in pieces):
        pieces = _solid_compound(pieces, term_of) or pieces
    return _new(Surface, (True, pieces, attach, len(last) == 1 and last[0] in PREFIXES))


# First parts that make such a compound a function word, kept out of the index like its parts
# (به‌طور, این‌گونه, همان‌طور, هیچ‌گاه, نه‌تنها, هم‌اکنون, چرا‌که; «ما در» is not مادر).
_FUNCTION_HEADS = frozenset(
    "به این ان همان همین هیچ هر نه چه که از در با بر تا چنان چنین هم و چرا ما من تو او شما"
    .split())


def _solid_compound(pieces: tuple[Piece, ...], term_of: Callable[[tuple[str, ...]], str | None]
                    ) -> tuple[Piece, ...] | None:
    """A compound made of stopwords alone (بی‌طرف, بی‌طرفی) as the one word of its solid
    spelling, when that is a word that is no stopword: else the compound would leave no
    term at all. Typed with a space, such pairs stay apart: «ما در» is not مادر."""
    from analyzers.morphology import is_word  # the lexicon, loaded only for such a surface

    if pieces[0].parts[0] in _FUNCTION_HEADS:
        return None
    parts = ("".join(part for piece in pieces for part in piece.parts),)
    term = term_of(parts)
    if not term or not is_word(parts[0]):
        return None
    return (_new(Piece, (parts, pieces[0].start, pieces[-1].end, term)),)
