"""Properties of the analysis chain over arbitrary Unicode and over Persian-looking noise."""

from __future__ import annotations

import pickle

from hypothesis import example, given, settings
from hypothesis import strategies as st

from analyzers import analyze, fold
from analyzers.analyze import reset_caches
from analyzers.whoosh_analyzer import build_analyzer

ZWNJ = "\u200c"

# Pieces that exercise the tokenizer's joining rules: verbal prefixes, suffixes that attach
# after a space or ZWNJ, names, stopwords, words ending in ه before «ای».
_WORDS = (
    "می نمی روم دانند کتاب ها های هایش تر ترین بزرگ خانه ای تهران ایران دانشجویان رئیسی "
    "است از به و را که در شد کرد سال پیش ۱۴۰۲ 1402 ۵۰٫۵ 12,500 COVID-19 Tehran"
).split()
_LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآ" + "يىےئكةۀأإٱؤ" + "ﻻﷲﺑﻪ"
_MARKS = (
    "\u064b\u064e\u064f\u0650\u0651\u0652\u0670\u0640"  # harakat, superscript alef, tatweel
    "\u200b\u200d\u200e\u200f\u061c\ufeff\u00ad\u202a\u202b\u202c\u2067\u2069"
)
_OTHER = "۰۱۲۳۴۵۶۷۸۹٠١٢٣0123456789٫٬.,،؛؟!«»()-aZéЖ漢ＡＢ１２，．"
_SEPARATORS = (" ", "  ", "\n", "\n\n", ZWNJ, "", "\t", "،", ".")

persian_noise = st.text(
    alphabet=st.sampled_from(_LETTERS + _MARKS + _OTHER + ZWNJ + " \n"), max_size=60
)
persian_words = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(_WORDS), st.text(st.sampled_from(_LETTERS + _MARKS), max_size=4)),
        st.sampled_from(_SEPARATORS),
    ),
    max_size=12,
).map(lambda pairs: "".join(word + sep for word, sep in pairs))
any_text = st.one_of(st.text(max_size=80), persian_noise, persian_words)

_ANALYZER = build_analyzer()


@settings(max_examples=400, deadline=None)  # the first example loads the lexicon
@given(any_text)
def test_spans_are_nonempty_ordered_and_inside_the_text(text: str) -> None:
    tokens = analyze(text)
    previous_end, previous_pos = 0, -1
    for token in tokens:
        assert token.term, token
        assert previous_end <= token.start < token.end <= len(text), token
        assert token.pos > previous_pos, token
        previous_end, previous_pos = token.end, token.pos


@settings(max_examples=400, deadline=None)  # the first example loads the lexicon
@given(any_text)
def test_each_span_analyzes_to_its_own_term(text: str) -> None:
    for token in analyze(text):
        assert [t.term for t in analyze(text[token.start:token.end])] == [token.term], token


@settings(max_examples=400, deadline=None)  # the first example loads the lexicon
@given(any_text)
@example("بئب")  # hamza between consonants: fold and term_form must apply the same rule
def test_folding_first_changes_nothing(text: str) -> None:
    folded = fold(text)
    assert len(folded) == len(text)
    assert analyze(folded) == analyze(text)


@settings(max_examples=200, deadline=None)  # the first example loads the lexicon
@given(any_text, any_text)
def test_caches_never_change_a_result(text: str, other: str) -> None:
    analyze(other + " " + text + "\n" + text)  # the same surfaces seen in other contexts
    warm = analyze(text)
    reset_caches()
    assert analyze(text) == warm


@settings(max_examples=300, deadline=None)  # the first example loads the lexicon
@given(any_text)
def test_index_and_query_chains_agree(text: str) -> None:
    def run(analyzer: object, mode: str) -> list[tuple[str, int, int, int]]:
        return [
            (t.text, t.pos, t.startchar, t.endchar)
            for t in analyzer(text, positions=True, chars=True, mode=mode)  # type: ignore[operator]
        ]

    indexed = run(_ANALYZER, "index")
    assert [term for term, *_ in run(_ANALYZER, "query")] == [term for term, *_ in indexed]
    assert run(pickle.loads(pickle.dumps(_ANALYZER)), "index") == indexed
    assert indexed == [(t.term, t.pos, t.start, t.end) for t in analyze(text)]
