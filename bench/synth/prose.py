"""Canonical Persian news prose: function words, Zipf-distributed content words, inflections, verbs.

"Canonical" means ZWNJ between affixes, Persian ی/ک and ASCII digits; ``style`` turns it into
the spelling of one house afterwards. The text is word salad with the statistics of news prose
(about 40% function words, verb-final sentences, numbers, quotes), which is what an index cares
about; it is not meant to be read.
"""

from __future__ import annotations

from bisect import bisect
from dataclasses import dataclass
from itertools import accumulate
from math import log
from random import Random

from bench.synth.lexicon import ADJECTIVE, NOUN, Lexicon

ZWNJ = "\u200c"

# Shares of the tokens inside a sentence (before its final verb). Tuned so that hazm's stopwords
# make up ~40% of all tokens, as they do in real Persian prose.
P_STOPWORD = 0.40
P_TOPIC = 0.10
P_NUMBER = 0.02
P_LATIN = 0.002
P_RARE = 0.008
P_COMMA = 0.05

# Written for this generator: the small closed classes that news prose leans on.
OPENERS = ("همچنین", "وی", "به گفته وی،", "در این راستا", "از سوی دیگر،", "بر اساس این گزارش،",
           "در ادامه", "وی افزود:", "گفتنی است", "این در حالی است که")
STOP_VERBS = ("است", "شد", "کرد", "می‌شود", "دارد", "می‌کند", "شده است", "کرده است", "خواهد شد",
              "بود", "گفت", "داد", "افزود", "می‌کنند", "می‌دهد", "شود", "کند", "باشد", "نیست",
              "هستند", "ندارد", "می‌تواند", "شدند", "کردند")
LIGHT_VERBS = ("کرد", "شد", "می‌شود", "می‌کند", "کرده است", "شده است", "خواهد شد", "داد", "دارد",
               "کردند", "می‌کنند", "شود", "کند")
UNITS = ("درصد", "هزار", "میلیون", "میلیارد", "نفر", "تومان", "ریال", "کیلومتر", "سال", "روز",
         "مورد", "هکتار", "تن", "دلار")
LATIN = ("FATF", "OPEC", "IMF", "COVID-19", "GDP", "5G", "NATO", "WTO", "CPI", "Wi-Fi")
ROLES = ("معاون", "رئیس", "مدیرکل", "سخنگوی", "دبیر", "نماینده", "وزیر", "استاندار", "عضو",
         "مدیرعامل", "فرماندار", "دادستان")
PRESENT_ENDINGS = (("د", 0.6), ("ند", 0.3), ("یم", 0.1))
_VOWEL_FINAL = "اوه"


@dataclass(frozen=True, slots=True)
class Topic:
    """What one article is about: words and multiword phrases it repeats."""

    category: str
    words: tuple[str, ...]
    phrases: tuple[str, ...]


def join_suffix(word: str, suffix: str) -> str:
    """Attach a suffix the way careful Persian typing does (ZWNJ where letters must not join).

    >>> join_suffix("خانه", "ی")
    'خانه\u200cای'
    """
    if suffix == "ی":
        if word.endswith(("ه", "ی")):
            return word + ZWNJ + "ای"
        if word[-1] in "او":
            return word + "یی"
        return word + "ی"
    if suffix == "ان":
        return word + "ان"
    return word + ZWNJ + suffix


def fit_words(head: str, tail: str, length: int) -> str:
    """``head`` cut so that ``head + tail`` has ``length`` words (units may hold spaces)."""
    tail_words = tail.split()
    head_words = head.split()[: max(0, length - len(tail_words))]
    if head_words:
        head_words[-1] = head_words[-1].rstrip("،")
    return " ".join(head_words + tail_words)


class ProseWriter:
    """Writes canonical sentences and paragraphs for one article, from one seeded ``Random``."""

    def __init__(self, lexicon: Lexicon, rng: Random, topic: Topic) -> None:
        self.lexicon = lexicon
        self.rng = rng
        self.topic = topic
        self._content = lexicon.content.items
        self._content_cum = lexicon.content.cumulative
        self._content_total = lexicon.content.cumulative[-1]
        self._stop = lexicon.stopwords.items
        self._stop_cum = lexicon.stopwords.cumulative
        self._stop_total = lexicon.stopwords.cumulative[-1]
        self._endings = tuple(e for e, _ in PRESENT_ENDINGS)
        self._ending_cum = tuple(accumulate(w for _, w in PRESENT_ENDINGS))

    # -- single units ---------------------------------------------------------------------------
    def content_word(self) -> str:
        """A content word by Zipf rank, sometimes inflected (ها، های، ی، ان، تر، ترین)."""
        rng = self.rng
        index = bisect(self._content_cum, rng.random() * self._content_total)
        word = self._content[index]
        kinds = self.lexicon.content_kinds[index]
        roll = rng.random()
        if kinds & NOUN:
            if roll < 0.07:
                return join_suffix(word, "ها")
            if roll < 0.12:
                return join_suffix(word, "های")
            if roll < 0.14 and word[-1] not in _VOWEL_FINAL + "ی":
                return join_suffix(word, "ان")
        if 0.14 <= roll < 0.18:
            return join_suffix(word, "ی")
        if kinds & ADJECTIVE and 0.18 <= roll < 0.21:
            return join_suffix(word, "ترین" if roll < 0.195 else "تر")
        return word

    def stopword(self) -> str:
        return self._stop[bisect(self._stop_cum, self.rng.random() * self._stop_total)]

    def topic_unit(self) -> str:
        """A topic word, or one of the topic's fixed phrases (what phrase queries find)."""
        rng = self.rng
        if rng.random() < 0.3:
            return self.topic.phrases[int(len(self.topic.phrases) * rng.random() ** 2)]
        return self.topic.words[int(len(self.topic.words) * rng.random() ** 1.5)]

    def number(self) -> str:
        """A number as news prints it, in ASCII digits: «۲۵ درصد», «۱۴۰۲», «۳.۵ میلیارد»."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.2:
            return str(rng.randint(1380, 1403))
        value = int(rng.lognormvariate(log(40), 1.6)) + 1
        text = f"{value}.{rng.randint(1, 9)}" if roll > 0.9 and value < 100 else str(value)
        return f"{text} {UNITS[int(len(UNITS) * rng.random())]}" if rng.random() < 0.7 else text

    def verb(self) -> str:
        """A sentence-final verb: an auxiliary, a light-verb compound, or a conjugated stem."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.35:
            return STOP_VERBS[int(len(STOP_VERBS) * rng.random() ** 1.5)]
        if roll < 0.6:
            return f"{self.content_word()} {LIGHT_VERBS[int(len(LIGHT_VERBS) * rng.random())]}"
        past, present = self.lexicon.verbs.draw(rng)
        tense = rng.random()
        if tense < 0.45:
            ending = self._endings[bisect(self._ending_cum, rng.random())]
            if present[-1] in "او":
                ending = "ی" + ending if ending != "یم" else "ییم"
            prefix = "نمی" if rng.random() < 0.08 else "می"
            return f"{prefix}{ZWNJ}{present}{ending}"
        if tense < 0.75:
            return past + ("ند" if rng.random() < 0.3 else "")
        if tense < 0.92:
            return f"{past}ه است" if rng.random() < 0.7 else f"{past}ه{ZWNJ}اند"
        return f"می{ZWNJ}{past}" + ("ند" if rng.random() < 0.4 else "")

    # -- sentences and paragraphs ---------------------------------------------------------------
    def words(self, count: int, stop_share: float = P_STOPWORD) -> list[str]:
        """``count`` units of running text (a unit may hold a space, e.g. «شده است»)."""
        rng = self.rng
        out: list[str] = []
        for _ in range(count):
            roll = rng.random()
            if roll < stop_share:
                unit = self.stopword()
            elif roll < stop_share + P_TOPIC:
                unit = self.topic_unit()
            elif roll < stop_share + P_TOPIC + P_NUMBER:
                unit = self.number()
            elif roll < stop_share + P_TOPIC + P_NUMBER + P_LATIN:
                unit = LATIN[int(len(LATIN) * rng.random())]
            elif roll < stop_share + P_TOPIC + P_NUMBER + P_LATIN + P_RARE:
                unit = self.lexicon.rare[int(len(self.lexicon.rare) * rng.random())]
            else:
                unit = self.content_word()
            if rng.random() < P_COMMA:
                unit += "،"
            out.append(unit)
        if out and out[-1].endswith("،"):
            out[-1] = out[-1][:-1]
        return out

    def speaker(self) -> str:
        """«معاون وزیر نیرو»: a role and what it belongs to."""
        rng = self.rng
        return " ".join([ROLES[int(len(ROLES) * rng.random())], self.topic_unit(),
                         *(self.content_word() for _ in range(rng.randint(0, 1)))])

    def sentence(self, length: int | None = None) -> str:
        """One verb-final sentence ending in «.» (or «؟»), sometimes a quote after «گفت:».

        With ``length`` the sentence has exactly that many space-separated words.
        """
        rng = self.rng
        exact = length is not None
        if length is None:
            length = min(40, max(6, int(rng.lognormvariate(log(16), 0.35))))
        roll = rng.random()
        if roll < 0.08 and not exact:
            inner = " ".join(self.words(max(3, length - 5)) + [self.verb()])
            return f"{self.speaker()} گفت: «{inner}»."
        parts = [OPENERS[int(len(OPENERS) * rng.random())]] if roll < 0.23 else []
        parts += self.words(length - 1 - len(parts))
        text = fit_words(" ".join(parts), self.verb(), length) if exact else " ".join(
            [*parts, self.verb()])
        return text + ("؟" if rng.random() < 0.04 else ".")

    def paragraph(self, budget_bytes: int, opening: str = "") -> str:
        """Sentences until the paragraph holds about ``budget_bytes`` of UTF-8."""
        sentences = [opening + self.sentence()] if opening else [self.sentence()]
        size = len(sentences[0].encode("utf-8"))
        while size < budget_bytes:
            sentence = self.sentence()
            size += len(sentence.encode("utf-8")) + 1
            sentences.append(sentence)
        return " ".join(sentences)
