"""Did-you-mean over a small news index: the slips a journalist made, and words left alone."""

from __future__ import annotations

import pytest
from searcher.index.opened import OpenedIndex
from searcher.index.run import index_paths
from searcher.rank import suggest as suggest_module
from searcher.rank.search import search
from searcher.rank.suggest import MAX_CANDIDATES, candidates, correct_word, suggest

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
def archive(sentence_archive: OpenedIndex) -> OpenedIndex:
    return sentence_archive


# A slip some article has as typed is searched as typed and the correction offered; a slip in
# no article is searched as corrected (test_respell.py): "respelled" is what was searched.
@pytest.mark.parametrize(
    ("typed", "meant", "respelled", "reason"),
    [
        ("تحرم", "تحریم", {"تحرم": "تحریم"},
         "a dropped ی, not تیرم (an arbitrary letter for the month تیر)"),
        ("احمدی نزاد", "احمدی نژاد", {}, "ز for ژ: نزاد is a form of the verb زاد, in 14 "
                                         "articles, yet نژاد is in far more"),
        ("انتخابت", "انتخابات", {}, "the stemmer reads «your choice» (انتخاب + ت); the "
                                  "dropped ا is far likelier in news"),
        ("گذارش", "گزارش", {"گذارش": "گزارش"}, "ذ for ز"),
        ("خبر گزاری", "خبرگزاری", {}, "a space typed inside a compound"),
        ("قیمتدلار", "قیمت دلار", {"قیمتدلار": "قیمت دلار"}, "a space left out"),
        ("نفت تحرم", "نفت تحریم", {"تحرم": "تحریم"}, "only the slip is replaced"),
    ],
)
def test_issue_slips_are_corrected(archive: OpenedIndex, typed: str, meant: str,
                                   respelled: dict[str, str], reason: str) -> None:
    fixes = suggest(typed.split(), archive)
    corrected = typed
    for slip, fixed in fixes.items():
        corrected = corrected.replace(slip, fixed)
    assert corrected == meant, reason
    result = search(archive, typed)
    assert result.respelled == respelled, reason
    if respelled:
        assert result.total > 0 and result.suggestion is None, reason
    else:
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
