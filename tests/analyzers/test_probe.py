"""The probe tables hold exactly what the analyzer's dicts hold, and answer alike."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analyzers import lexicon, morphology
from analyzers.probe import ProbeTable

PERSIAN = st.text(alphabet=st.sampled_from("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی\u200c"),
                  max_size=12)


@pytest.mark.parametrize(("probe", "table"), [
    (lexicon.word_probe, lexicon.words),
    (morphology._verb_probe, morphology._verb_table),
], ids=["lexicon", "verb forms"])
def test_a_probe_table_holds_every_entry_of_its_dict(probe, table) -> None:
    probed, full = probe(), table()
    assert len(probed) == len(full)
    assert dict(probed) == full
    assert all(probed[key] == value for key, value in full.items())


@given(word=PERSIAN)
def test_a_probe_table_answers_any_word_as_the_dicts_do(word: str) -> None:
    assert (word in lexicon.word_probe()) == (word in lexicon.words())
    assert lexicon.word_probe().get(word) == lexicon.words().get(word)
    assert morphology._verb_probe().get(word) == morphology._verb_table().get(word)


@pytest.mark.parametrize(("word", "count_known"), [
    ("تهران", True),       # a name the lexicon tags
    ("کتاب", True),        # a base noun
    ("کتابها", False),     # an inflected form: not a base word
    ("", False),
    ("x", False),
])
def test_lookups_in_a_probe_table(word: str, count_known: bool) -> None:
    probe = lexicon.word_probe()
    assert (word in probe) is count_known
    if count_known:
        assert probe[word] == lexicon.words()[word] > 0
    else:
        with pytest.raises(KeyError):
            probe[word]


def test_a_key_given_twice_keeps_its_first_value() -> None:
    table = ProbeTable(ProbeTable.pack([("رفت", "۱"), ("رفت", "۲"), ("آمد", "۳")]),
                       bytes.decode)
    assert dict(table) == {"رفت": "۱", "آمد": "۳"}


@pytest.mark.parametrize("pair", [("خبر\n", "1"), ("خبر", "1\n"), ("خ\0بر", "1")])
def test_what_cannot_be_stored_is_refused(pair: tuple[str, str]) -> None:
    with pytest.raises(ValueError, match="cannot be stored"):
        ProbeTable.pack([pair])


def test_a_key_that_is_a_prefix_of_another_is_not_mistaken_for_it() -> None:
    table = ProbeTable(ProbeTable.pack([("کتابخانه", "2"), ("کتاب", "1")]), int)
    assert table["کتاب"] == 1 and table["کتابخانه"] == 2
    assert "کتابخ" not in table and "کتابخانهها" not in table



def test_the_cached_stopword_tables_are_what_hazms_files_give() -> None:
    """stop_terms() and raw_stopwords() come from the disk cache: the same as built afresh."""
    assert lexicon.raw_stopwords() == tuple(lexicon._read_stopwords())
    assert morphology.stop_terms() == frozenset(morphology._build_stop_terms())
    assert "از" in lexicon.raw_stopwords() and "از" in morphology.stop_terms()
