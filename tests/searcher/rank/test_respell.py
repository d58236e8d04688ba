"""A typed word that is in no article is searched as its likeliest spelling (issue 8).

Such a word finds nothing as typed, so searching the spelling did-you-mean would offer instead
can only add what the reader meant: «قصل» for فصل, «درسال» for «در سال». The result says what
was searched; a word in quotes is searched exactly as typed.
"""

from __future__ import annotations

import pytest
from searcher.index.opened import OpenedIndex
from searcher.rank.search import search
from searcher.rank.suggest import correct_word, respellings, suggest

# Each sentence is an article, repeated by its count (document frequencies of a small archive).
SENTENCES = {
    "فصل تازه لیگ برتر فوتبال از هفته آینده آغاز می‌شود.": 6,
    "در سال گذشته صادرات نفت ایران کاهش یافت.": 5,
    "سفیر عراق در تهران با وزیر خارجه دیدار کرد.": 4,
    "قیمت سکه در بازار آزاد ثابت ماند.": 3,
    "کهکشان راه شیری میلیاردها ستاره دارد.": 2,
    "ارسال محموله‌های پستی به تعویق افتاد.": 1,
    "هیچ شکی در درستی این گزارش نیست.": 3,
    "تپورها در کرانه جنوبی دریای خزر می‌زیستند.": 1,
}


@pytest.fixture(scope="module")
def archive(sentence_archive: OpenedIndex) -> OpenedIndex:
    return sentence_archive


@pytest.mark.parametrize(
    ("typed", "searched", "reason"),
    [
        ("قصل", "فصل", "ق for ف, a neighbouring key"),
        ("کهشکان", "کهکشان", "two letters swapped, not «که» + «شکان» (read as شک + ان)"),
        ("تپور", "تپورها", "a name the archive has only in the plural, which the stemmer "
                           "keeps whole (it strips only words it knows)"),
        ("درسال", "در سال", "a preposition glued to its noun, not ارسال one letter away"),
        ("وعراق", "و عراق", "«and» glued to a name"),
        ("سکهدر", "سکه در", "a preposition glued after its word"),
    ],
)
def test_a_word_in_no_article_is_searched_as_its_likeliest_spelling(
        archive: OpenedIndex, typed: str, searched: str, reason: str) -> None:
    assert respellings(suggest([typed], archive), archive) == {typed: searched}, reason
    result = search(archive, typed)
    assert result.respelled == {typed: searched}, reason
    assert result.total > 0, reason
    assert result.suggestion is None, "what was searched is not offered again"


def test_only_the_unknown_word_of_a_query_is_respelled(archive: OpenedIndex) -> None:
    result = search(archive, "قصل لیگ")
    assert result.respelled == {"قصل": "فصل"}
    assert [hit.id[:3] for hit in result.hits] == ["s0-"]  # the league's article
    text = result.hits[0].snippet.text
    assert any(text[s:e] == "فصل" for s, e in result.hits[0].snippet.highlights), text


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("فصل", "a word the index has"),
        ("ارسال", "a rare word the index has is meant as typed"),
        ("۲۴۸", "a number is never respelled (248 is not a slip for 24)"),
        ("زلزله", "in no article and near no indexed word"),
        ("«قصل»", "a quoted word is searched as typed"),
        ("-قصل فصل", "an excluded word is not searched for"),
    ],
)
def test_words_left_as_typed(archive: OpenedIndex, query: str, reason: str) -> None:
    assert search(archive, query).respelled == {}, reason


def test_numbers_get_no_did_you_mean(archive: OpenedIndex) -> None:
    assert correct_word("248", archive) is None
    assert correct_word("۲۴۸", archive) is None


def test_the_json_result_says_what_was_searched(archive: OpenedIndex) -> None:
    data = search(archive, "قصل").to_json()
    assert data["respelled"] == {"قصل": "فصل"}
    assert data["query"] == "قصل"  # the query as typed, in logical order


def test_two_respelled_words_are_said_in_one_line(archive: OpenedIndex) -> None:
    note = search(archive, "قصل کهشکان").respelling_note()
    assert note is not None and "\n" not in note
    assert "«فصل» for «قصل», «کهکشان» for «کهشکان»" in note
