"""House styles: the spelling habits one archive applies to a whole article.

Real Persian archives disagree on the joiner between affixes (می‌شود / می شود / میشود), on
Arabic ي ك versus Persian ی ک, on digits, and now and then carry diacritics or tatweel. Each
synthetic article draws one house style and the canonical prose is rewritten into it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from random import Random

ZWNJ = "\u200c"
JOINERS = ("zwnj", "space", "none", "mixed")
# Shares of articles per joiner style; mixed articles pick per occurrence.
JOINER_WEIGHTS = (0.45, 0.2, 0.2, 0.15)
P_ARABIC_LETTERS = 0.2
P_PERSIAN_DIGITS = 0.7
P_DIACRITICS = 0.1
P_TATWEEL = 0.04

_ARABIC_LETTERS = str.maketrans({"ی": "ي", "ک": "ك"})
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_HARAKAT = ("\u064e", "\u064f", "\u0650", "\u0651")  # fatha, damma, kasra, shadda
_TANWIN = "\u064b"
_TATWEEL = "\u0640"
# Letters that never join to the following letter, so a tatweel after them would float.
_NON_JOINING = frozenset("اآأإدذرزژوۀ")
_PERSIAN_WORD = re.compile(r"[\u0621-\u064a\u067e-\u06cc]{3,}")


@dataclass(frozen=True, slots=True)
class HouseStyle:
    """One article's spelling: joiner policy, letters, digits, ornaments."""

    joiner: str = "zwnj"
    arabic_letters: bool = False
    persian_digits: bool = True
    diacritics: bool = False
    tatweel: bool = False


def pick_style(rng: Random) -> HouseStyle:
    """Draw a house style with the shares real archives show (see the module constants)."""
    roll, joiner = rng.random(), JOINERS[-1]
    for name, cumulative in zip(JOINERS, _cumulative(JOINER_WEIGHTS), strict=True):
        if roll < cumulative:
            joiner = name
            break
    return HouseStyle(
        joiner=joiner,
        arabic_letters=rng.random() < P_ARABIC_LETTERS,
        persian_digits=rng.random() < P_PERSIAN_DIGITS,
        diacritics=rng.random() < P_DIACRITICS,
        tatweel=rng.random() < P_TATWEEL,
    )


def _cumulative(weights: tuple[float, ...]) -> list[float]:
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


def apply_style(text: str, style: HouseStyle, rng: Random) -> str:
    """Rewrite canonical text (ZWNJ, Persian letters, ASCII digits) into ``style``.

    >>> apply_style("می‌شود 12", HouseStyle(joiner="space"), Random(0))
    'می شود ۱۲'
    """
    if style.joiner == "space":
        text = text.replace(ZWNJ, " ")
    elif style.joiner == "none":
        text = text.replace(ZWNJ, "")
    elif style.joiner == "mixed":
        text = re.sub(ZWNJ, lambda _: (ZWNJ, " ", "")[int(3 * rng.random())], text)
    if style.diacritics or style.tatweel:
        text = _ornament(text, style, rng)
    if style.arabic_letters:
        text = text.translate(_ARABIC_LETTERS)
    if style.persian_digits:
        text = text.translate(PERSIAN_DIGITS)
    return text


def _ornament(text: str, style: HouseStyle, rng: Random) -> str:
    """Sprinkle diacritics (a few per hundred words) and tatweel (a word or two) into ``text``."""
    def decorate(match: re.Match[str]) -> str:
        word = match.group(0)
        if style.diacritics and rng.random() < 0.03:
            if word.endswith("ا") and rng.random() < 0.5:
                return word + _TANWIN  # «حتماً» beside «حتما»
            cut = 1 + int((len(word) - 1) * rng.random())
            return word[:cut] + _HARAKAT[int(len(_HARAKAT) * rng.random())] + word[cut:]
        if style.tatweel and rng.random() < 0.01:
            cut = 1 + int((len(word) - 2) * rng.random())
            if word[cut - 1] not in _NON_JOINING:
                return word[:cut] + _TATWEEL + word[cut:]
        return word

    return _PERSIAN_WORD.sub(decorate, text)
