"""Did-you-mean over a small news index: the slips a journalist made, and words left alone."""

from __future__ import annotations

import pytest
from searcher.index.opened import OpenedIndex
from searcher.index.run import index_paths
from searcher.rank import suggest as suggest_module
from searcher.rank.search import search
from searcher.rank.suggest import MAX_CANDIDATES, candidates, correct_word

# Sentences of a news archive; each is an article repeated by its count, so the index holds the
# document frequencies a real archive would: تحریم and انتخابات everywhere, تیر (the month)
# and the verb زاد less often, احمدی‌نژاد in a dozen articles.
SENTENCES = {
    "تحریم‌های تازه علیه صادرات نفت اعلام شد و تحریم بانکی ادامه دارد.": 12,
    "حقوق تیر ماه کارمندان پرداخت شد.": 3,
    "تحرک تازه در بازار سهام دیده شد.": 1,
    "ستاد انتخابات از آمادگی برای برگزاری انتخابات مجلس خبر داد.": 14,
    "انتخاب رئیس تازه هیئت مدیره به تعویق افتاد.": 6,
    "محمود احمدی‌نژاد در مراسم سالگرد سخنرانی کرد.": 12,
    "گاو در روستا گوساله‌ای زاد و اهالی شاد شدند.": 8,
    "زاد و ولد در کشور کاهش یافت.": 6,
    "خبرگزاری ایرنا گزارش داد قیمت دلار در بازار آزاد ثابت ماند.": 10,
    "گزارش تازه بانک مرکزی درباره تورم منتشر شد.": 9,
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, write_jsonl) -> OpenedIndex:
    root = tmp_path_factory.mktemp("suggest")
    records = [{"id": f"s{n}-{i}", "title": sentence.split()[0], "body": sentence}
               for n, (sentence, count) in enumerate(SENTENCES.items()) for i in range(count)]
    corpus = write_jsonl(root / "articles.jsonl", records)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KHABAR_KEY_FILE", str(root / "key"))
        index_paths([corpus], root / "index")
        with OpenedIndex(root / "index") as opened:
            yield opened


@pytest.mark.parametrize(
    ("typed", "meant", "finds_something", "reason"),
    [
        ("تحرم", "تحریم", False, "a dropped ی, not تیرم (an arbitrary letter for the month تیر)"),
        ("احمدی نزاد", "احمدی نژاد", True, "ز for ژ: نزاد is a form of the verb زاد, in 14 "
                                           "articles, yet نژاد is in far more"),
        ("انتخابت", "انتخابات", True, "the stemmer reads «your choice» (انتخاب + ت); the "
                                    "dropped ا is far likelier in news"),
        ("گذارش", "گزارش", False, "ذ for ز in a word the analyzer drops as a verb form"),
        ("خبر گزاری", "خبرگزاری", True, "a space typed inside a compound"),
        ("قیمتدلار", "قیمت دلار", False, "a space left out between two words"),
        ("نفت تحرم", "نفت تحریم", True, "only the slip is replaced in a longer query"),
    ],
)
def test_issue_slips_are_corrected(archive: OpenedIndex, typed: str, meant: str,
                                   finds_something: bool, reason: str) -> None:
    result = search(archive, typed)
    assert (result.total > 0) == finds_something, reason
    assert result.suggestion == meant, reason


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("تحریم", "the intended word itself"),
        ("انتخابات", "the intended word itself"),
        ("انتخاب", "a dictionary word in the index, though انتخابات is commoner"),
        ("احمدی نژاد", "the name written with a space"),
        ("تیر", "a rare word that is a real word"),
        ("تحرک", "one article, but a dictionary word"),
        ("زاد و ولد", "the verb as written in the index"),
        ("قیمت ها", "a plural suffix typed apart is not a slip for anything"),
    ],
)
def test_correct_words_get_no_suggestion(archive: OpenedIndex, query: str, reason: str) -> None:
    assert search(archive, query).suggestion is None, reason


def test_a_word_in_no_article_and_near_nothing_gets_no_suggestion(archive: OpenedIndex) -> None:
    result = search(archive, "فوتبال")
    assert (result.total, result.suggestion) == (0, None)


def test_long_input_is_not_treated_as_a_slip(archive: OpenedIndex) -> None:
    pasted = "تحریم" * 40
    assert correct_word(pasted, archive) is None


def test_candidates_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    vocabulary = [f"بار{letter}" for letter in "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"] * 4
    assert len(candidates("باری", vocabulary)) == MAX_CANDIDATES
    monkeypatch.setattr(suggest_module, "MAX_CANDIDATES", 5)
    assert len(candidates("باری", vocabulary)) == 5


def test_vocabulary_is_the_text_fields_terms(archive: OpenedIndex) -> None:
    vocabulary = archive.vocabulary()
    assert {"تحریم", "انتخابات", "نژاد", "خبرگزاری"} <= set(vocabulary)
    assert archive.vocabulary() is vocabulary  # read once per opened index


def test_vocabulary_cache_follows_the_index(tmp_path, monkeypatch: pytest.MonkeyPatch,
                                            write_jsonl) -> None:
    monkeypatch.setenv("KHABAR_KEY_FILE", str(tmp_path / "key"))
    monkeypatch.setenv("KHABAR_CACHE_DIR", str(tmp_path / "cache"))
    first = write_jsonl(tmp_path / "a" / "one.jsonl", [{"id": "v1", "title": "تحریم نفت"}])
    index_paths([first.parent], tmp_path / "index")
    with OpenedIndex(tmp_path / "index") as opened:
        assert "نژاد" not in opened.vocabulary()
    assert len(list((tmp_path / "cache").glob("vocabulary-*.marshal"))) == 1
    write_jsonl(tmp_path / "a" / "two.jsonl", [{"id": "v2", "title": "احمدی‌نژاد"}])
    index_paths([first.parent], tmp_path / "index")
    with OpenedIndex(tmp_path / "index") as opened:
        assert "نژاد" in opened.vocabulary()  # a commit makes a new list, not the cached one
    assert len(list((tmp_path / "cache").glob("vocabulary-*.marshal"))) == 1
