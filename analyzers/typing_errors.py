"""How far apart two Persian spellings are for a person typing: a weighted edit distance.

Plain edit distance counts every slip as 1, so «تحرم» is as close to «تیرم» as to «تحریم». People
typing Persian make a few slips far more often than others, and this module prices them:

* letters that sound alike and are spelt by convention (ز ژ ذ ض ظ، س ص ث، ت ط، ه ح، ا ع ء،
  ع and the hamza seat ئ، ق غ) and letters an Arabic keyboard lacks or dots differently
  (ک گ، ب پ، ج چ) — cheapest;
* a letter dropped or typed twice next to its twin, a long vowel letter (ا و ی) left out —
  Persian script often leaves vowels unwritten, so they are the letters typists drop;
* a neighbouring key on the standard Persian keyboard (ISIRI 9147), two letters swapped;
* any other letter replaced, dropped or added — the full price.

Both words are compared in their folded term form (:func:`analyzers.chars.term_form`), so ي/ی,
ك/ک and آ/ا are already one letter here.

>>> weighted_distance("نزاد", "نژاد") < weighted_distance("نزاد", "نماد")
True
"""

from __future__ import annotations

from functools import cache

SOUND_ALIKE = 0.3
DOUBLED = 0.3
VOWEL_LETTER = 0.4
NEIGHBOUR_KEY = 0.5
SWAPPED = 0.5
OTHER = 1.0

# Letters written differently for one sound, and pairs told apart only by dots an Arabic
# keyboard or a hurried hand leaves out.
# ئ is folded to ی before ی, so «رعیس» for رئیس is ع for ی.
SOUND_GROUPS = ("زژذضظ", "سصث", "تط", "هح", "اعء", "عی", "قغ", "کگ", "بپ", "جچ")
VOWEL_LETTERS = frozenset("اوی")

# The three letter rows of the standard Persian keyboard, left to right (the Latin keys
# q…], a…' and z…, under them). Each row sits about half a key right of the one above.
KEYBOARD_ROWS = ("ضصثقفغعهخحجچ", "شسیبلاتنمکگ", "ظطزرذدپو")


def _neighbour_keys() -> frozenset[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for r, row in enumerate(KEYBOARD_ROWS):
        for c, letter in enumerate(row):
            near = [row[c + 1]] if c + 1 < len(row) else []
            if r + 1 < len(KEYBOARD_ROWS):
                below = KEYBOARD_ROWS[r + 1]
                # the key under-left and under-right of this one (rows are staggered)
                near += [below[i] for i in (c - 1, c) if 0 <= i < len(below)]
            for other in near:
                pairs.update({(letter, other), (other, letter)})
    return frozenset(pairs)


NEIGHBOURS = _neighbour_keys()
_SOUND = frozenset((a, b) for group in SOUND_GROUPS for a in group for b in group if a != b)


@cache
def substitution_cost(typed: str, meant: str) -> float:
    """The price of typing ``typed`` where ``meant`` belongs.

    >>> substitution_cost("ز", "ژ"), substitution_cost("ت", "ن"), substitution_cost("ت", "ر")
    (0.3, 0.5, 1.0)
    """
    if typed == meant:
        return 0.0
    if (typed, meant) in _SOUND:
        return SOUND_ALIKE
    if (typed, meant) in NEIGHBOURS:
        return NEIGHBOUR_KEY
    return OTHER


def _indel_cost(word: str, i: int) -> float:
    """The price of ``word[i]`` being dropped (or, read the other way, typed in extra)."""
    letter = word[i]
    if (i > 0 and word[i - 1] == letter) or (i + 1 < len(word) and word[i + 1] == letter):
        return DOUBLED
    if letter in VOWEL_LETTERS:
        return VOWEL_LETTER
    if letter in " \u200c":
        return 0.1
    return OTHER


def weighted_distance(typed: str, meant: str) -> float:
    """The cheapest set of typing slips that turns ``meant`` into ``typed`` (optimal string
    alignment: each letter is edited at most once, two neighbours may be swapped).

    >>> weighted_distance("تحرم", "تحریم") < weighted_distance("تحرم", "تیرم")
    True
    """
    rows, cols = len(typed), len(meant)
    previous2: list[float] = []
    previous = [0.0] * (cols + 1)
    for j in range(1, cols + 1):
        previous[j] = previous[j - 1] + _indel_cost(meant, j - 1)
    for i in range(1, rows + 1):
        current = [previous[0] + _indel_cost(typed, i - 1)] + [0.0] * cols
        a = typed[i - 1]
        for j in range(1, cols + 1):
            b = meant[j - 1]
            best = min(
                previous[j] + _indel_cost(typed, i - 1),  # an extra letter typed
                current[j - 1] + _indel_cost(meant, j - 1),  # a letter dropped
                previous[j - 1] + substitution_cost(a, b),
            )
            if i > 1 and j > 1 and a == meant[j - 2] and typed[i - 2] == b and a != b:
                best = min(best, previous2[j - 2] + SWAPPED)
            current[j] = best
        previous2, previous = previous, current
    return previous[cols]
