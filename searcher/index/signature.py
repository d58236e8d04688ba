"""A story signature per article: MinHash over word shingles, computed when the article is indexed.

Iranian outlets republish each other's reports with light edits: a new headline, their own
opening phrase («به گزارش ایرنا،» becomes «به گزارش خبرنگار مهر،»), a paragraph trimmed or added.
The signature looks past exactly those: it covers the lead and body only (not the title), with the
opening attribution removed, as 3-word shingles of folded words. Each of :data:`PERMUTATIONS`
hash functions keeps its smallest value over the shingles; the fraction of positions where two
signatures agree estimates the Jaccard similarity of their shingle sets (Broder 1997), so the
query side compares 256 bytes instead of reading two articles.

Stored in a fixed-width whoosh column (see :mod:`searcher.index.schema`); changing anything here
(shingle size, hash, permutations, what text is covered) changes what is written: bump
:data:`searcher.index.format.INDEX_FORMAT`.
"""

from __future__ import annotations

import re
import zlib
from functools import cache
from typing import Any

from analyzers.chars import FOLD, fold

PERMUTATIONS = 64
SHINGLE = 3
SIGNATURE_BYTES = PERMUTATIONS * 4  # uint32 each
# Fewer words than this is too little text to call two articles one story (a one-line wire
# brief «زلزله ۴ ریشتری کرمان را لرزاند» is repeated by every outlet with different stories).
MIN_WORDS = 12
EMPTY = bytes(SIGNATURE_BYTES)  # no signature: never collapses with anything

# The attribution a republishing outlet puts first: «به گزارش ایرنا،», «به گزارش خبرنگار
# اقتصادی خبرگزاری مهر از تهران،», «به نقل از ایسنا،», optionally after a dateline
# «تهران - ایرنا -». Only the first 160 characters are looked at.
_OPENING = re.compile(
    r"^\s*(?:[^\n،,.]{1,40}?\s*[-–—]\s*[^\n،,.]{1,30}?\s*[-–—]\s*)?"
    r"(?:به\s*گزارش|به\s*نقل\s*از|بنا\s*بر\s*گزارش)[^\n،,.:]{0,100}?[،,:]\s*"
)
_DATELINE = re.compile(r"^\s*[^\n،,.]{1,40}?\s*[-–—]\s*[^\n،,.]{1,30}?\s*[-–—]\s*")
_WORD = re.compile(r"\w+")

# Multiply-shift hash functions h_i(x) = ((a_i·x + b_i) mod 2^64) >> 32, a_i odd: fixed
# constants (an index must hash the same way in every process, on every machine).
_A_SEED = 0x9E3779B97F4A7C15
_B_SEED = 0xD1B54A32D192ED03
_MASK = (1 << 64) - 1


def _constants() -> tuple[list[int], list[int]]:
    a, b, state = [], [], _A_SEED
    for _ in range(PERMUTATIONS):
        state = (state * 6364136223846793005 + 1442695040888963407) & _MASK
        a.append(state | 1)
        state = (state * 6364136223846793005 + _B_SEED) & _MASK
        b.append(state)
    return a, b


_COEFFICIENTS = _constants()


def without_opening(text: str) -> str:
    """``text`` without the outlet's attribution at its start.

    >>> without_opening("به گزارش ایرنا، وزیر نیرو گفت")
    'وزیر نیرو گفت'
    """
    head = text[:160]
    match = _OPENING.match(head) or _DATELINE.match(head)
    return text[match.end():] if match else text


def story_words(lead: str, body: str) -> list[str]:
    """The words a signature is made of: lead and body, opening attribution removed, folded:
    the runs of ``\\w`` in the text folded, ZWNJ made a space, lowercased."""
    text = _story_text(lead, body)
    words = _table_words(text)
    if words is None:
        words = _WORD.findall(_folded(text).replace("\u200c", " ").lower())
    return words


def _story_text(lead: str, body: str) -> str:
    text = without_opening(lead.strip()) + "\n" + body if lead.strip() else body
    return without_opening(text.strip())


def _table_words(text: str) -> list[str] | None:
    """:func:`story_words`' words of ``text`` (see :func:`_table_text`; None: the long way)."""
    joined = _table_text(text)
    return None if joined is None else joined[0].split()


def _table_text(text: str) -> tuple[str, int] | None:
    """:func:`story_words`' words of ``text`` joined by one space each, and how many, through
    one table of code points (each folded, lowercased, and made a space unless ``\\w``
    matches it): a third of the time of folding, lowercasing and the regular expression, and
    no string a word. None where a character's fate depends on more than itself — ئ (fold's
    rule looks at its neighbour), Σ (lowercased by its place in the word), one that lowercases
    to two — or lies past the table (the Basic Multilingual Plane): the caller takes the long
    way. A test holds both ways equal."""
    if "\u0626" in text or not text:
        return None
    import numpy as np

    try:
        points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:  # a lone surrogate (JSON lets one through)
        return None
    table = _word_table()
    if int(points.max()) >= len(table):
        return None
    mapped = table[points]
    if (mapped == _LONG_WAY).any():
        return None
    word = mapped != 0x20  # the table makes every other character a space
    # A word's characters and the one space after each word: runs of spaces become one.
    keep = word.copy()
    keep[1:] |= word[:-1]
    joined = mapped[keep].tobytes().decode("utf-32-le").rstrip(" ")
    starts = int(np.count_nonzero(word[1:] & ~word[:-1])) + bool(word[0])
    return joined, starts


_LONG_WAY = 0xFFFF  # a noncharacter: in the table, "ask the long way"


@cache
def _word_table() -> Any:
    import numpy as np

    table = np.full(0x10000, 0x20, dtype=np.uint32)
    for point in range(0x10000):
        if 0xD800 <= point < 0xE000 or point == _LONG_WAY:
            continue
        char = chr(point)
        folded = FOLD.get(point, char)
        if folded == "\u200c":
            continue
        low = folded.lower()
        if len(low) != 1 or folded in "\u03a3\u0626" or char == "\u0626":
            table[point] = _LONG_WAY
        elif _WORD.fullmatch(low):
            table[point] = ord(low)
    table[_LONG_WAY] = _LONG_WAY
    return table


def signature(lead: str, body: str) -> bytes:
    """The MinHash signature of an article's lead and body (:data:`EMPTY` for too little text).

    Each 3-word shingle (its words joined by a space, UTF-8) is hashed with CRC-32; a shingle
    met twice counts once, as in a set, since only each hash function's minimum is kept.
    """
    text = _story_text(lead, body)
    found = _table_text(text)
    if found is None:
        words = story_words(lead, body)
        found = " ".join(words), len(words)
    joined, count = found
    if count < MIN_WORDS:
        return EMPTY
    import numpy as np

    # The shingles are slices of the words joined once: no string is built per shingle.
    data = joined.encode("utf-8")
    spaces = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 0x20)
    starts = [0, *(spaces[:count - SHINGLE] + 1).tolist()]
    ends = [*spaces[SHINGLE - 1:].tolist(), len(data)]
    # bytes slices: cheaper to make than memoryview slices, for shingles of a few dozen bytes
    hashes = np.fromiter(map(zlib.crc32, map(data.__getitem__, map(slice, starts, ends))),
                         dtype=np.uint64, count=len(starts))
    # Spread the 32-bit CRCs over 64 bits first, so the multiply-shift hashes stay independent.
    hashes = (hashes << np.uint64(32)) | (hashes * np.uint64(0x85EBCA6B) & np.uint64(0xFFFFFFFF))
    a, b = _coefficient_arrays()
    # wraps around mod 2^64, as meant; into a kept buffer (a new one would be mapped and
    # faulted in afresh for every article: it is larger than malloc's mmap threshold)
    mixed = np.multiply(a, hashes[None, :], out=_scratch(len(hashes)))
    mixed += b
    # x >> 32 never decreases as x grows: the smallest top half is the smallest's top half
    return (mixed.min(axis=1) >> np.uint64(32)).astype("<u4").tobytes()


# Shingles of the longest article whose buffer is kept: 4 MB (news articles run to ~5,000).
_KEPT_SHINGLES = 8_192
_SCRATCH: list[Any] = [None]


def _scratch(shingles: int) -> Any:
    """A PERMUTATIONS × ``shingles`` uint64 array to overwrite (kept for the next article)."""
    import numpy as np

    if shingles > _KEPT_SHINGLES:  # a rare, very long article: not kept (memory stays flat)
        return np.empty((PERMUTATIONS, shingles), dtype=np.uint64)
    kept = _SCRATCH[0]
    if kept is None:
        kept = _SCRATCH[0] = np.empty(PERMUTATIONS * _KEPT_SHINGLES, dtype=np.uint64)
    return kept[:PERMUTATIONS * shingles].reshape(PERMUTATIONS, shingles)


@cache
def _coefficient_arrays() -> tuple[Any, Any]:
    import numpy as np

    return (np.array(_COEFFICIENTS[0], dtype=np.uint64)[:, None],
            np.array(_COEFFICIENTS[1], dtype=np.uint64)[:, None])


def _folded(text: str) -> str:
    """:func:`analyzers.chars.fold` of ``text`` (a test holds them equal), through a numpy table
    of code points: ``str.translate`` looks each non-ASCII character up in a dict, and a news
    article is a few thousand of them — half the signature's time."""
    if "\u0626" in text or not text:  # ئ: fold's context rule; analyzers' own code applies it
        return fold(text)
    import numpy as np

    try:
        points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:  # a lone surrogate (JSON lets one through): fold's own way
        return fold(text)
    table = _fold_table()
    inside = points < len(table)
    if inside.all():
        return table[points].tobytes().decode("utf-32-le")
    folded = points.copy()
    folded[inside] = table[points[inside]]
    return folded.tobytes().decode("utf-32-le")


@cache
def _fold_table() -> Any:
    """Code point → folded code point, for the Basic Multilingual Plane (FOLD maps no other)."""
    import numpy as np

    table = np.arange(0x10000, dtype=np.uint32)
    for point, replacement in FOLD.items():
        table[point] = ord(replacement)
    return table


def similarity(first: bytes, second: bytes) -> float:
    """Estimated Jaccard similarity of two signatures' shingle sets (0 when either is empty)."""
    if first == EMPTY or second == EMPTY:
        return 0.0
    import numpy as np

    x = np.frombuffer(first, dtype="<u4")
    y = np.frombuffer(second, dtype="<u4")
    return float((x == y).mean())
