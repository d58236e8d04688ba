"""A story signature per article: MinHash over word shingles, computed when the article is indexed.

Iranian outlets republish each other's reports with light edits: a new headline, their own
opening phrase («به گزارش ایرنا،» becomes «به گزارش خبرنگار مهر،»), a paragraph trimmed or added.
The signature looks past exactly those: it covers the lead and body only (not the title), with the
opening attribution removed, as 3-word shingles of folded words. Each of :data:`PERMUTATIONS`
bins keeps the smallest hash of the shingles that fall into it (one-permutation MinHash: one
hash a shingle, not one per bin; see :func:`signature`); the fraction of positions where two
signatures agree estimates the Jaccard similarity of their shingle sets (Broder 1997), so the
query side compares 256 bytes instead of reading two articles.

Stored in a fixed-width whoosh column (see :mod:`searcher.index.schema`); changing anything here
(shingle size, hash, permutations, what text is covered) changes what is written: bump
:data:`searcher.index.format.INDEX_FORMAT`.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from analyzers.chars import FOLD, seat_hamza

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

# The shingle hash: a polynomial over the shingle's code points mod 2^64 (from prefix sums, so
# every shingle of an article is hashed by a few array operations), then SplitMix64's finalizer
# to spread it. Fixed constants: an index must hash the same way in every process, on every
# machine.
_BASE = 0x100000001B3  # odd: invertible mod 2^64
_BASE_INVERSE = pow(_BASE, -1, 1 << 64)
_MIX = (0xBF58476D1CE4E5B9, 0x94D049BB133111EB)
# A bin no shingle fell into borrows the value of the first filled bin in an order of the bins
# fixed for it (a pseudo-random permutation, from this seed).
_ORDER_SEED = 0xD1B54A32D192ED03
_BIN_BITS = 6  # 2^6 = PERMUTATIONS bins
_KEPT_POWERS = 1 << 16  # characters whose powers of the base are kept (1 MB)


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
    return _words_the_long_way(text) if words is None else words


def _words_the_long_way(text: str) -> list[str]:
    return _WORD.findall(_folded(text).replace("\u200c", " ").lower())


def _story_text(lead: str, body: str) -> str:
    text = without_opening(lead.strip()) + "\n" + body if lead.strip() else body
    return without_opening(text.strip())


def _table_words(text: str) -> list[str] | None:
    """:func:`story_words`' words of ``text`` (see :func:`_table_text`; None: the long way)."""
    joined = _table_text(text)
    return None if joined is None else joined[0].split()


def _table_text(text: str) -> tuple[str, int] | None:
    """:func:`story_words`' words of ``text`` joined by one space each, and how many, through
    one table of code points (:func:`_table_points`; None: the long way)."""
    found = _table_points(text)
    if found is None:
        return None
    points, count = found
    return points.tobytes().decode("utf-32-le"), count


def _table_points(text: str) -> tuple[Any, int] | None:
    """The code points (uint32) of :func:`story_words`' words of ``text`` joined by one space
    each, and how many words, through one table of code points (each folded, lowercased, and
    made a space unless ``\\w`` matches it), after fold's one rule that looks at neighbours
    (ئ seated by the letters around it, :func:`~analyzers.chars.seat_hamza`): a third of the
    time of folding, lowercasing and the regular expression, and no string a word. None where
    a character's fate depends on more than itself — Σ (lowercased by its place in the word),
    one that lowercases to two — or lies past the table (the Basic Multilingual Plane): the
    caller takes the long way. A test holds both ways equal."""
    if not text:
        return None
    text = seat_hamza(text)
    import numpy as np

    try:
        points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:  # a lone surrogate (JSON lets one through)
        return None
    # past the table: clipped to its last entry, which says "the long way"
    mapped = _word_table().take(points, mode="clip")
    if (mapped == _LONG_WAY).any():
        return None
    word = mapped != 0x20  # the table makes every other character a space
    # A word's characters and the one space after each word: runs of spaces become one, and
    # no space is kept before the first word; the one after the last is dropped.
    keep = word.copy()
    keep[1:] |= word[:-1]
    joined = mapped[keep]
    if len(joined) and joined[-1] == 0x20:
        joined = joined[:-1]
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
        if len(low) != 1 or folded == "\u03a3":
            table[point] = _LONG_WAY
        elif _WORD.fullmatch(low):
            table[point] = ord(low)
    table[_LONG_WAY] = _LONG_WAY
    return table


def signature(lead: str, body: str) -> bytes:
    """The MinHash signature of an article's lead and body (:data:`EMPTY` for too little text).

    One-permutation MinHash (Li, Owen and Zhang 2012) over the set of 3-word shingles (the
    words joined by one space): each shingle's 64-bit hash (Σ code point · B^i mod 2^64 over
    its characters, then SplitMix64's finalizer) picks one of the 64 bins by its top 6 bits,
    and each bin keeps the smallest of the next 32 bits; a bin left empty takes the value of
    the first filled bin in its own fixed random order of the bins (:func:`donor_orders`;
    Shrivastava 2017's densification: short texts, whose few shingles leave most bins empty,
    are estimated nearly as well as by 64 hash functions). Two articles agree on a bin with
    about the probability that a shingle of their union is in both, for one hash a shingle
    instead of 64.
    """
    import numpy as np

    text = _story_text(lead, body)
    found = _table_points(text)
    if found is None:  # the text is taken apart once, the long way
        words = _words_the_long_way(text)
        found = (np.frombuffer(" ".join(words).encode("utf-32-le"), dtype=np.uint32),
                 len(words))
    joined, count = found
    if count < MIN_WORDS:
        return EMPTY
    points = joined.astype(np.uint64)
    spaces = np.flatnonzero(points == 0x20)
    starts = np.concatenate(([0], spaces[:count - SHINGLE] + 1))
    ends = np.concatenate((spaces[SHINGLE - 1:], [len(points)]))
    powers, inverses = _powers(len(points) + 1)
    # wraps around mod 2^64, as meant
    prefix = np.zeros(len(points) + 1, dtype=np.uint64)
    np.cumsum(points * powers[:len(points)], out=prefix[1:])
    hashes = _spread((prefix[ends] - prefix[starts]) * inverses[starts])
    lowest = np.full(PERMUTATIONS, 0xFFFFFFFF + 1, dtype=np.uint64)  # above any value
    np.minimum.at(lowest, (hashes >> np.uint64(64 - _BIN_BITS)).astype(np.intp),
                  (hashes >> np.uint64(64 - _BIN_BITS - 32)) & np.uint64(0xFFFFFFFF))
    filled = lowest <= 0xFFFFFFFF
    if not filled.all():
        order = _donor_order()
        first = filled[order].argmax(axis=1)  # each bin's first filled bin in its order
        lowest = lowest[order[np.arange(PERMUTATIONS), first]]
    return lowest.astype("<u4").tobytes()


def donor_orders() -> list[list[int]]:
    """For each bin, the order in which it looks for a filled bin to borrow from: itself
    first, then the others in a pseudo-random order of its own (a seeded shuffle)."""
    orders = []
    state = _ORDER_SEED
    for own in range(PERMUTATIONS):
        others = [other for other in range(PERMUTATIONS) if other != own]
        for last in range(len(others) - 1, 0, -1):  # Fisher–Yates, an LCG for the draws
            state = (state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
            pick = (state >> 33) % (last + 1)
            others[last], others[pick] = others[pick], others[last]
        orders.append([own, *others])
    return orders


@cache
def _donor_order() -> Any:
    import numpy as np

    return np.array(donor_orders(), dtype=np.intp)


def _spread(values: Any) -> Any:
    """SplitMix64's finalizer of each of an array of uint64 (in place)."""
    import numpy as np

    values ^= values >> np.uint64(30)
    values *= np.uint64(_MIX[0])
    values ^= values >> np.uint64(27)
    values *= np.uint64(_MIX[1])
    values ^= values >> np.uint64(31)
    return values


def _powers(count: int) -> tuple[Any, Any]:
    """B^i and B^-i mod 2^64 for i below ``count`` (at least), as uint64 arrays."""
    if count <= _KEPT_POWERS:
        return _power_tables(_KEPT_POWERS)
    return _power_tables.__wrapped__(count)  # a rare, very long article: not kept


@cache
def _power_tables(count: int) -> tuple[Any, Any]:
    import numpy as np

    tables = []
    for base in (_BASE, _BASE_INVERSE):
        table = np.full(count, base, dtype=np.uint64)
        table[0] = 1
        tables.append(np.cumprod(table))  # wraps around mod 2^64
    return tables[0], tables[1]


def _folded(text: str) -> str:
    """:func:`analyzers.chars.fold` of ``text`` (a test holds them equal), through a numpy table
    of code points: ``str.translate`` looks each non-ASCII character up in a dict, and a news
    article is a few thousand of them — half the signature's time."""
    if not text:
        return text
    text = seat_hamza(text)  # fold's one rule that looks past a character; the table the rest
    import numpy as np

    try:
        points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:  # a lone surrogate (JSON lets one through): fold's own way
        return text.translate(FOLD)
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
