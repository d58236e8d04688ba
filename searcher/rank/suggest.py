"""Did-you-mean: correct Persian typing slips against the index's own vocabulary.

For each typed word, the index terms a few plain edits away are found with rapidfuzz (a C scan
of the vocabulary), priced by :func:`analyzers.typing_errors.weighted_distance` (a sound-alike
letter or a dropped vowel letter costs less than an arbitrary slip) and weighed by the articles
they are in. A correction is offered when the typed word is in no article, and also when it is
in far fewer articles than a near spelling: «احمدی نزاد» finds نزاد's lemma زاد in hundreds of
articles, yet نژاد, one sound-alike letter away, is in far more.

How many articles back the typed word depends on how the analyzer read it: a verb form counts
for a share of its lemma's articles, a word read by stripping a first- or second-person
possessive for a small share — «انتخابت» is «your choice» to the stemmer, a form news prose
almost never uses, while «انتخابات» is everywhere — and a word in hazm's dictionary that the
index knows is never corrected.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple, Protocol

from analyzers import analyze
from analyzers.lexicon import join_form, raw_stopwords
from analyzers.morphology import is_function_word, is_lexicon_word, is_verb_form
from analyzers.tokenizer import PREFIXES, SUFFIXES_AFTER_SPACE

# Bounds that keep a suggestion cheap whatever is typed: longer "words" are not typing slips
# (pasted text, ids), and only the nearest terms by plain edit distance are priced.
MIN_WORD_LENGTH = 3
MAX_WORD_LENGTH = 30
MAX_CANDIDATES = 60
# Plain edits considered: one for short words (a 3-letter word is two edits from half the
# vocabulary), two for longer ones.
SHORT_WORD = 4
# The dearest set of slips still offered: two sound-alike letters, or a dropped vowel letter and
# a neighbouring key; not one arbitrary letter plus anything.
MAX_COST = 1.0
# Short function words typists glue to the next (or previous) word: prepositions, «and», «that»,
# «each», small numbers. Not pronouns: «ماترین» is a slip for مارتین, not «ما ترین».
GLUED = frozenset("و در از به با بر تا که هر چند دو سه چه را یا برای".split())
# Endings an unknown word (a name) keeps as part of its term, since the stemmer strips only from
# words it knows; and the endings whose stripping is never a misreading.
INFLECTIONS = ("ها", "های", "ان", "ی")
PLAIN_ENDINGS = frozenset({"ها", "های", "هایی", "ی"})
# Spoken «is» after a word (ایرانه، چقدره: «ایران است»); in articles the written form stands.
SPOKEN_IS = "ه"
# The price of a space typed or left out between two words.
SPACE = 0.1
# Candidates are ranked by their articles discounted by exp(-COST_DECAY · cost): a slip of
# cost 1 must be in ~270 times the articles of a sound-alike (cost 0.3) to win.
COST_DECAY = 8.0
# "Far fewer": the typed word must be in under 1/FAR_FEWER of the candidate's (discounted) articles.
FAR_FEWER = 10
# A verb form shares its lemma's articles with the lemma's dozens of other forms.
VERB_FORM_SHARE = 0.05
# First- and second-person possessives («your choice», «my sanction»): news prose is written in
# the third person, so a word read only by stripping one is credited a small share of its base.
RARE_SUFFIXES = frozenset({"م", "ت", "مان", "تان"})
RARE_SUFFIX_SHARE = 0.01


class Spelling(Protocol):
    """What did-you-mean reads from an index (an :class:`~searcher.index.opened.OpenedIndex`)."""

    def __len__(self) -> int: ...  # articles

    def doc_freq(self, term: str) -> int: ...

    def vocabulary(self) -> Sequence[str]: ...


class Correction(NamedTuple):  # not a dataclass: start-up time (see query.parser)
    """Typed text, the spelling suggested for it, the price of the slips and its articles."""

    typed: str
    suggested: str
    cost: float
    doc_freq: int


def _term(word: str) -> str | None:
    tokens = analyze(word)
    return tokens[0].term if len(tokens) == 1 else None


def candidates(typed: str, vocabulary: Sequence[str]) -> list[str]:
    """Index terms at most one or two plain edits from ``typed``, nearest first, capped at
    :data:`MAX_CANDIDATES`."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    cutoff = 1 if len(typed) <= SHORT_WORD else 2
    found = process.extract(typed, vocabulary, scorer=OSA.distance, score_cutoff=cutoff,
                            limit=MAX_CANDIDATES)
    return [term for term, _, _ in found]


def _evidence(word: str, typed: str, doc_freq: Callable[[str], int]) -> float | None:
    """How many articles back ``word`` as typed; None when it must not be corrected."""
    if typed in SUFFIXES_AFTER_SPACE or typed in PREFIXES:
        return None  # «قیمه های»: an affix typed apart belongs to its neighbour
    dictionary_word = is_lexicon_word(typed)
    tokens = analyze(word)
    if not tokens:  # a stopword or verb form is meant as typed; «گذارش» only looks like one
        return None if dictionary_word or is_function_word(typed) else 0.0
    if len(tokens) > 1:
        return None
    term = tokens[0].term
    found = doc_freq(term)
    if dictionary_word and found:
        return None  # a word in hazm's dictionary and in the index (احمدی beside احمد) is meant
    if is_verb_form(typed) and typed != term:  # نزاد is one of زاد's many forms
        return VERB_FORM_SHARE * found
    if typed.startswith(term) and typed[len(term):] in RARE_SUFFIXES:
        return RARE_SUFFIX_SHARE * found
    return found


def correct_word(word: str, index: Spelling) -> Correction | None:
    """The likeliest intended spelling of ``word``, or None when it looks fine.

    Candidates are ranked by their articles discounted by the price of the slips; the best is
    offered when it is in at least FAR_FEWER times the articles backing the typed word.
    """
    typed = join_form(word)
    # A number is meant as typed: 248 is no slip for 24.
    if not MIN_WORD_LENGTH <= len(typed) <= MAX_WORD_LENGTH or typed.isdecimal():
        return None
    doc_freq = index.doc_freq
    evidence = _evidence(word, typed, doc_freq)
    # No term can be in more articles than the index holds: most words stop here, before the
    # vocabulary is read.
    if evidence is None or FAR_FEWER * evidence > len(index):
        return None
    from analyzers.typing_errors import weighted_distance  # only words that get this far

    own = _term(word)
    best: tuple[float, float, str, int] | None = None  # (-weight, cost, term, df): least wins
    for candidate in candidates(typed, index.vocabulary()):
        if candidate == own:
            continue
        cost = weighted_distance(typed, candidate)
        if not 0 < cost <= MAX_COST:  # 0: the same letters, a ZWNJ apart (بی‌بی، بیبی)
            continue
        found = doc_freq(candidate)
        key = (-found * math.exp(-COST_DECAY * cost), cost, candidate, found)
        if found and (best is None or key < best) and _term(candidate) == candidate:
            best = key
    # A word in no article may also be a function word glued on (درسال: «در سال», not ارسال)
    # or a spoken ending (ایرانه); it competes with the slips at the price of a space.
    glued = _glued(word, typed, doc_freq) if evidence == 0 else None
    if glued is not None and (best is None or _weight(glued) > -best[0]):
        return glued
    if best is not None and best[3] >= max(FAR_FEWER * evidence, 1):
        return Correction(word, best[2], best[1], best[3])
    return _split(word, typed, doc_freq) if evidence == 0 else None


def _weight(correction: Correction) -> float:
    return correction.doc_freq * math.exp(-COST_DECAY * correction.cost)


def _split(word: str, typed: str, doc_freq: Callable[[str], int]) -> Correction | None:
    """A missing space: «قیمتدلار» → «قیمت دلار», the split whose rarer half is commonest."""
    best: tuple[int, str] | None = None
    for cut in range(2, len(typed) - 1):
        left, right = typed[:cut], typed[cut:]
        terms = (_term(left), _term(right))
        if None in terms:
            continue
        found = min(doc_freq(t) for t in terms if t is not None)
        if found and (best is None or found > best[0]):
            best = (found, f"{left} {right}")
    return Correction(word, best[1], SPACE, best[0]) if best else None


def _glued(word: str, typed: str, doc_freq: Callable[[str], int]) -> Correction | None:
    """Another reading of a word in no article, at the price of a space: a function word
    typed without its space («درسال» → «در سال», «وعراق» → «و عراق», «سکهدر» → «سکه در»),
    the spoken «is» (ایرانه → ایران), or an unknown word whose inflected form is the
    archive's term (تپور → تپورها: the stemmer strips only what it knows)."""
    stopwords = frozenset(raw_stopwords())
    readings: list[tuple[int, str]] = []
    if typed.endswith(SPOKEN_IS) and len(typed) > 3:
        spoken = _term(typed[:-1])
        readings.append((doc_freq(spoken) if spoken else 0, typed[:-1]))
    for ending in INFLECTIONS:
        form = typed + ending
        if _term(form) == form:
            readings.append((doc_freq(form), form))
    for cut in range(1, len(typed)):
        left, right = typed[:cut], typed[cut:]
        for function, rest in ((left, right), (right, left)):
            if function not in GLUED or len(rest) < 2:
                continue
            if rest in stopwords:  # two function words (وکدام) are both meant
                readings.append((1, f"{left} {right}"))
            elif (term := _standing_term(rest)) is not None:
                readings.append((doc_freq(term), f"{left} {right}"))
    found, best = max(readings, default=(0, ""))
    return Correction(word, best, SPACE, found) if found else None


def _standing_term(rest: str) -> str | None:
    """The term of ``rest`` when it stands as a word (its own term, or one under a plural or a
    yeh), else None. «کهشکان» is no «که» + «شکان»: شکان would be read as شک + ان."""
    term = _term(rest)
    if term is not None and (term == rest or rest.startswith(term)
                             and rest[len(term):] in PLAIN_ENDINGS):
        return term
    return None


def _join(first: str, second: str, doc_freq: Callable[[str], int]) -> Correction | None:
    """A space typed inside a word: «خبر گزاری» → «خبرگزاری», when the joined word is in far
    more articles than the rarer half."""
    joined = join_form(first + second)
    halves = [_term(first), _term(second)]
    if _term(joined) != joined or joined in halves:
        return None
    found = doc_freq(joined)
    # a stopword half (یک قلو) backs nothing; the other half decides
    backing = min((doc_freq(t) for t in halves if t), default=0)
    if found and found >= FAR_FEWER * backing:
        return Correction(f"{first} {second}", joined, SPACE, found)
    return None


def respellings(fixes: Mapping[str, str], index: Spelling) -> dict[str, str]:
    """Of :func:`suggest`'s ``fixes``, those to search in place of what was typed: a word in no
    article (as typed it finds nothing, so its likeliest spelling only adds what the reader
    meant). A word some article has is searched as typed, and a pair did-you-mean joins
    («خبر گزاری») is left to the query's solid spellings."""
    return {typed: fixed for typed, fixed in fixes.items()
            if " " not in typed and _in_no_article(typed, index)}


def _in_no_article(word: str, index: Spelling) -> bool:
    tokens = analyze(word)
    return len(tokens) == 1 and not index.doc_freq(tokens[0].term)


def suggest(words: Sequence[str], index: Spelling) -> dict[str, str]:
    """Corrections for the words of a query: typed text (a word, or two words a space apart
    that belong together) → the suggested spelling."""
    fixes: dict[str, str] = {}
    taken: set[int] = set()
    for at, (first, second) in enumerate(zip(words, words[1:], strict=False)):
        joined = None if at in taken else _join(first, second, index.doc_freq)
        if joined:
            fixes[joined.typed] = joined.suggested
            taken.update({at, at + 1})
    for at, word in enumerate(words):
        fixed = None if at in taken else correct_word(word, index)
        if fixed:
            fixes[word] = fixed.suggested
    return fixes
