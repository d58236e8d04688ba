"""Benchmark queries drawn from the same topics and lexicon as the synthetic corpus.

Queries are 1–4 content words of one topic (so they co-occur in articles, as real queries do),
topic phrases in «…», and words in a spelling other than the canonical one (ZWNJ written as a
space or left out, Arabic ي ك, a plural glued on), for latency benchmarks. The query id's prefix
names the kind (``W2-0017``, ``PHRASE-0101``), so latency can be reported per kind.

Questions (``QUESTION-0003``: «چرا … ؟», 5–12 words with function words, as people type them into a
search box or an evaluation set holds them) come from their own random stream
(:func:`iter_questions`), so adding them changes none of the other queries.
"""

from __future__ import annotations

from collections.abc import Iterator
from random import Random

from bench.synth.newsroom import CorpusSpec
from bench.synth.prose import ZWNJ, Topic, join_suffix

KINDS = (("W1", 0.15), ("W2", 0.25), ("W3", 0.2), ("W4", 0.1), ("PHRASE", 0.15),
         ("VARIANT", 0.15))
P_TOPIC_WORD = 0.8  # the rest are common words from the whole lexicon
P_STOPWORD = 0.15  # longer queries sometimes carry a function word, as typed queries do
_ARABIC_LETTERS = str.maketrans({"ی": "ي", "ک": "ك"})
# How typed Persian questions open and close (the openers are mostly stopwords themselves).
QUESTION_OPENERS = ("چرا", "چگونه", "آیا", "چه زمانی", "کجا", "چه کسی", "چند", "کدام",
                    "علت", "دلیل", "نظر", "میزان")
QUESTION_CLOSERS = ("", "", "است", "چیست", "شد", "دارد", "می‌شود")


def _kind(rng: Random) -> str:
    roll = rng.random()
    for name, share in KINDS:
        if roll < share:
            return name
        roll -= share
    return KINDS[-1][0]


def _words(spec: CorpusSpec, topic: Topic, rng: Random, count: int) -> list[str]:
    words: list[str] = []
    while len(words) < count:
        word = (topic.words[rng.randrange(len(topic.words))] if rng.random() < P_TOPIC_WORD
                else spec.lexicon.content.items[spec.lexicon.content.draw_index(rng)])
        if word not in words:
            words.append(word)
    if count >= 3 and rng.random() < P_STOPWORD:
        words.insert(rng.randrange(1, count), spec.lexicon.stopwords.draw(rng))
    return words


def spelling_variant(word: str, rng: Random) -> str:
    """``word`` as a careless or old-fashioned typist writes it; never the canonical form.

    >>> spelling_variant("کتاب", Random(1)) in ("کتابها", "کتاب ها", "کتابهای", "کتاب های")
    True
    """
    if ZWNJ not in word and rng.random() < 0.4:
        word = join_suffix(word, "ها" if rng.random() < 0.6 else "های")
    if ZWNJ in word:
        return word.replace(ZWNJ, " " if rng.random() < 0.5 else "")
    if "ی" in word or "ک" in word:
        return word.translate(_ARABIC_LETTERS)
    return word + ("ها" if rng.random() < 0.5 else " ها")


def make_query(spec: CorpusSpec, rng: Random, kind: str) -> str:
    """One query of ``kind`` (see ``KINDS``)."""
    topic = spec.pick_topic(rng)
    if kind == "PHRASE":
        phrase = f"«{topic.phrases[rng.randrange(len(topic.phrases))]}»"
        extra = _words(spec, topic, rng, 1) if rng.random() < 0.3 else []
        return " ".join([phrase, *extra])
    if kind == "VARIANT":
        words = _words(spec, topic, rng, rng.randint(1, 3))
        target = rng.randrange(len(words))
        words[target] = spelling_variant(words[target], rng)
        return " ".join(words)
    return " ".join(_words(spec, topic, rng, int(kind[1:])))


def iter_queries(spec: CorpusSpec, count: int) -> Iterator[tuple[str, str]]:
    """``count`` distinct ``(qid, query)`` pairs for the corpus ``spec``."""
    rng = Random(f"{spec.seed}:queries")
    seen: set[str] = set()
    number = 0
    while number < count:
        kind = _kind(rng)
        query = make_query(spec, rng, kind)
        if query in seen:
            continue
        seen.add(query)
        number += 1
        yield f"{kind}-{number:04d}", query


def make_question(spec: CorpusSpec, rng: Random) -> str:
    """A natural question about one topic: an opener, 3–7 of its words, a few function words."""
    topic = spec.pick_topic(rng)
    words = _words(spec, topic, rng, rng.randint(3, 7))
    for _ in range(rng.randint(1, 3)):
        words.insert(rng.randrange(1, len(words) + 1), spec.lexicon.stopwords.draw(rng))
    closer = QUESTION_CLOSERS[rng.randrange(len(QUESTION_CLOSERS))]
    opener = QUESTION_OPENERS[rng.randrange(len(QUESTION_OPENERS))]
    return " ".join(filter(None, [opener, *words, closer])) + "؟"


def iter_questions(spec: CorpusSpec, count: int) -> Iterator[tuple[str, str]]:
    """``count`` distinct ``("QUESTION-nnnn", question)`` pairs for the corpus ``spec``."""
    rng = Random(f"{spec.seed}:questions")
    seen: set[str] = set()
    while len(seen) < count:
        question = make_question(spec, rng)
        if question not in seen:
            seen.add(question)
            yield f"QUESTION-{len(seen):04d}", question
