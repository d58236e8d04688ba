"""The search library over a small Persian index: every query form, filters, snippets."""

from __future__ import annotations

from datetime import datetime

import jdatetime
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searcher.index.opened import OpenedIndex
from searcher.ingest.dates import TEHRAN
from searcher.index.run import index_paths
from searcher.rank.search import Filters, query_terms, search, similar


def jalali(y: int, m: int, d: int, hh: int = 12, mm: int = 0) -> str:
    moment = jdatetime.datetime(y, m, d, hh, mm).togregorian()
    return moment.replace(tzinfo=TEHRAN).isoformat()


ARTICLES = [
    {"id": "a1", "title": "آغاز ساخت سومین نیروگاه خورشیدی استان یزد",
     "surtitle": "معاون وزیر نیرو خبر داد:",
     "lead": "ساخت نیروگاه در یزد از ماه آینده آغاز می‌شود.",
     "body": "معاون وزیر نیرو امروز گفت ساخت سومین نیروگاه خورشیدی استان از ماه آینده آغاز "
             "می شود. ظرفیت این نیروگاه ۵۰٫۵ مگاوات است.",
     "source": "ایرنا", "published": jalali(1402, 7, 30, 23, 30), "tags": ["انرژی", "یزد"],
     "news_code": "248157", "url": "https://example.ir/news/248157"},
    {"id": "a2", "title": "فروش كتابهاي نمايشگاه از مرز ۱۰۰ ميليارد گذشت",
     "body": "فروش کتاب‌ها در نمایشگاه کتاب تهران رشد کرد. کتاب ها و کتابهای کودک پرفروش "
             "بودند و كتاب تازه شاعران جوان هم دیده شد.",
     "source": "ايسنا", "published": jalali(1402, 8, 1, 0, 10)},
    {"id": "a3", "title": "ثبت نام داوطلبان انتخابات مجلس آغاز شد",
     "body": "ثبت‌نام داوطلبان انتخابات مجلس دوازدهم از امروز در سراسر کشور آغاز شد و ستاد "
             "انتخابات از آمادگی کامل خبر داد.",
     "source": "فارس", "published": jalali(1402, 12, 29, 20, 0)},
    {"id": "a4", "title": "نتایج انتخابات مجلس اعلام شد",
     "body": "نتایج دور نخست انتخابات مجلس امروز اعلام شد و نمایندگان تهران مشخص شدند.",
     "source": "مهر", "published": jalali(1403, 1, 1, 9, 0)},
    {"id": "a5", "title": "صادرات نفت ایران افزایش یافت",
     "body": "صادرات نفت خام ایران در ماه گذشته افزایش یافت و درآمد دلاری کشور بیشتر شد. "
             "بهای دلار در بازار آزاد ثابت ماند.",
     "source": "تسنیم", "published": jalali(1401, 5, 10)},
    {"id": "a6", "title": "نرخ تورم کاهش یافت",
     "body": "بانک مرکزی اعلام کرد نرخ تورم نقطه به نقطه کاهش یافته است. بهای دلار نیز "
             "پایین آمد.",
     "source": "ایرنا", "published": jalali(1402, 6, 15)},
    {"id": "a7", "title": "مصرف گاز خانگی رکورد زد",
     "body": "مصرف گاز خانگی در روزهای سرد رکورد زد و صادرات نفت و گاز کاهش یافت.",
     "source": "ایسنا", "published": jalali(1401, 10, 1)},
    {"id": "a8", "title": "هوای تهران آلوده است",
     "body": "آلودگی هوای تهران ادامه دارد و ستاد انتخابات برنامه‌های خود را تغییر داد. "
             "مردم کمتر به پارک‌ها میروند.",
     "source": "همشهری آنلاین", "published": jalali(1402, 11, 5)},
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, write_jsonl) -> OpenedIndex:
    root = tmp_path_factory.mktemp("search")
    corpus = root / "articles.jsonl"
    write_jsonl(corpus, ARTICLES)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KHABAR_KEY_FILE", str(root / "key"))
        index_paths([corpus], root / "index")
        with OpenedIndex(root / "index") as opened:
            yield opened


def ids(archive: OpenedIndex, query: str, **kwargs: object) -> list[str]:
    return [hit.id for hit in search(archive, query, limit=20, **kwargs).hits]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "expected", "reason"),
    [
        ("«نمایشگاه کتاب»", {"a2"}, "guillemet phrase, written with Arabic ي/ك in the article"),
        ('"نیروگاه خورشیدی"', {"a1"}, "ASCII-quoted phrase"),
        ("«نیروگاه در یزد»", {"a1"}, "a phrase across a stopword keeps its gap"),
        ("«یزد در نیروگاه»", set(), "a phrase is ordered"),
        ("+نفت -گاز", {"a5"}, "required and excluded words"),
        ("نفت AND گاز", {"a7"}, "AND"),
        ("نفت OR تورم", {"a5", "a6", "a7"}, "OR"),
        ("نفت NOT گاز", {"a5"}, "NOT"),
        ("(نفت OR تورم) AND دلار", {"a5", "a6"}, "parentheses"),
        ("title:انتخابات", {"a3", "a4"}, "title: only looks at titles (a8 has it in its body)"),
        ("body:آلودگی", {"a8"}, "body:"),
        ("surtitle:معاون", {"a1"}, "surtitle:"),
        ("lead:یزد", {"a1"}, "lead:"),
        ("source:ایسنا", {"a2", "a7"}, "source: folds ايسنا"),
        ("tags:انرژی", {"a1"}, "tags:"),
        ("id:a5", {"a5"}, "id:"),
        ("news_code:۲۴۸۱۵۷", {"a1"}, "news code typed with Persian digits"),
        ("url:https://example.ir/news/248157", {"a1"}, "url:"),
        ("کتا*", {"a2"}, "prefix"),
        ("می روند", {"a8"}, "a verb typed with a space meets its solid spelling"),
        ("پارک ها", {"a8"}, "a plural typed with a space meets پارک‌ها"),
        ("۵۰٫۵", {"a1"}, "a decimal typed with the Arabic separator"),
        ("date:1402/07 نیروگاه", {"a1"}, "23:30 on the last day of Mehr is still Mehr"),
        ("date:1402/07 کتاب", set(), "00:10 on 1 Aban is not Mehr"),
        ("date:1402/08 کتاب", {"a2"}, "…it is Aban"),
        ("date:1402 انتخابات", {"a3", "a8"}, "29 Esfand 1402 is in 1402"),
        ("date:1403 انتخابات", {"a4"}, "1 Farvardin 1403 starts 1403"),
        ("date:۱۴۰۳ انتخابات", {"a4"}, "Persian digits in dates"),
        ("date:>=2024-03-20 انتخابات", {"a4"}, "Gregorian comparison at Nowruz 1403"),
        ("date:<1403 انتخابات", {"a3", "a8"}, "before a Jalali year"),
        ("date:1402/07/01..1402/07/30", {"a1"}, "a Jalali day range on its own"),
    ],
)
def test_query_forms(archive: OpenedIndex, query: str, expected: set[str], reason: str) -> None:
    assert set(ids(archive, query)) == expected, reason


def test_more_words_and_title_rank_first(archive: OpenedIndex) -> None:
    ranked = ids(archive, "انتخابات مجلس")
    assert set(ranked[:2]) == {"a3", "a4"}  # both words, in the title
    assert ranked[2] == "a8"  # one word, in the body only
    assert "a8" in ranked  # free words are not all required


def test_sort_by_date_and_paging(archive: OpenedIndex) -> None:
    assert ids(archive, "انتخابات", sort="date") == ["a4", "a3", "a8"]
    page2 = search(archive, "انتخابات", sort="date", limit=1, offset=1)
    assert [h.id for h in page2.hits] == ["a3"]
    assert page2.hits[0].rank == 2
    assert page2.total == 3


def test_filters(archive: OpenedIndex) -> None:
    query = "نفت OR تورم OR نیروگاه"
    assert set(ids(archive, query, filters=Filters(sources=("ایرنا",)))) == {"a1", "a6"}
    since = datetime(2023, 1, 1, tzinfo=TEHRAN)
    assert set(ids(archive, query, filters=Filters(since=since))) == {"a1", "a6"}
    assert set(ids(archive, query, filters=Filters(until=since))) == {"a5", "a7"}


def test_snippet_highlights_every_spelling_of_the_word(archive: OpenedIndex) -> None:
    hit = search(archive, "کتاب").hits[0]
    shown = [hit.snippet.text[s:e] for s, e in hit.snippet.highlights]
    assert shown == ["کتاب‌ها", "کتاب", "کتاب ها", "کتابهای", "كتاب"]


def test_snippet_highlights_verbs_and_digits(archive: OpenedIndex) -> None:
    hit = search(archive, "می‌شود ۵۰.۵ نیروگاه").hits[0]
    shown = {hit.snippet.text[s:e] for s, e in hit.snippet.highlights}
    assert {"نیروگاه", "۵۰٫۵"} <= shown


def test_a_slip_in_no_article_is_searched_corrected(archive: OpenedIndex) -> None:
    assert search(archive, "«نیروگاح»").total == 0  # quoted: as typed, it is in no article
    result = search(archive, "نیروگاح")
    assert result.respelled == {"نیروگاح": "نیروگاه"}
    assert result.total > 0 and result.suggestion is None


def test_query_terms_are_the_analyzed_positive_words() -> None:
    assert query_terms("کتاب‌ها -دلار «می روم»") == {"کتاب", "رفت"}


def test_similar_finds_the_other_election_article(archive: OpenedIndex) -> None:
    result = similar(archive, "a3", limit=3)
    assert result.hits[0].id == "a4"
    assert "a3" not in [h.id for h in result.hits]


def test_malformed_query_warns_instead_of_failing(archive: OpenedIndex) -> None:
    result = search(archive, '(انتخابات "مجلس')
    assert {"a3", "a4"} <= {h.id for h in result.hits}
    assert len(result.warnings) == 2


_FRAGMENTS = st.sampled_from(
    ["انتخابات", "مجلس", "«", "»", '"', "(", ")", "AND", "OR", "NOT", "+", "-", "*",
     "title:", "date:", "1402/07", "..", ">=", "source:", "کتاب", "ها", " ", "\u200c", ":"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.lists(_FRAGMENTS, max_size=12).map("".join), st.text(max_size=40)))
def test_any_query_returns_a_result(archive: OpenedIndex, query: str) -> None:
    result = search(archive, query)
    assert result.total >= len(result.hits)
    for hit in result.hits:
        for start, end in hit.snippet.highlights:
            assert 0 <= start < end <= len(hit.snippet.text)
