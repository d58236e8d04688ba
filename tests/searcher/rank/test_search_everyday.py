"""Issue 13, items 1, 2, 8 and 10 in the search library: undated articles under a date sort,
metadata fields that filter, filters that say what they dropped, a page past the end, and
similar articles that keep the active filters."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from searcher.index.opened import OpenedIndex
from searcher.index.run import index_paths
from searcher.ingest.dates import parse_date_bound
from searcher.query.sources import source_matches
from searcher.rank.search import Filters, search, similar

OIL = "نفت"
RECORDS = [
    # dated, Fars (two spellings of the agency), IRNA, Mehr
    {"id": "d1", "title": "صادرات نفت ایران افزایش یافت", "source": "Fars News",
     "published": "2017-02-04T10:00:00+03:30",
     "body": "صادرات نفت خام ایران در ماه گذشته افزایش یافت و درآمد نفتی بیشتر شد."},
    {"id": "d2", "title": "قیمت جهانی نفت کاهش یافت", "source": "خبرگزاری فارس",
     "published": "2019-05-01T08:00:00+04:30",
     "body": "قیمت نفت برنت در بازارهای جهانی کاهش یافت و نفت سنگین ایران ارزان شد."},
    {"id": "d3", "title": "تولید نفت در میدان آزادگان", "source": "ایرنا",
     "published": "2021-09-10T12:00:00+04:30",
     "body": "تولید نفت در میدان مشترک آزادگان به رکورد تازه رسید و صادرات نفت ادامه دارد."},
    {"id": "d4", "title": "بازار خودرو آرام شد", "source": "مهر",
     "published": "2022-01-01T12:00:00+03:30",
     "body": "بازار خودرو آرام شد و قیمت نفت هم در این هفته تغییری نکرد."},
    # undated: they rank high for نفت (title and body)
    {"id": "u1", "title": "نفت نفت نفت: گزارش ویژه", "source": "Fars News",
     "body": "گزارش ویژه درباره نفت و صنعت نفت و آینده نفت ایران."},
    {"id": "u2", "title": "نفت و گاز در سال آینده", "source": "ایرنا",
     "body": "پیش بینی تولید نفت و گاز در سال آینده و سهم نفت در بودجه."},
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, write_jsonl) -> Iterator[OpenedIndex]:
    root = tmp_path_factory.mktemp("everyday")
    write_jsonl(root / "corpus" / "oil.jsonl", RECORDS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KHABAR_KEY_FILE", str(root / "key"))
        index_paths([root / "corpus"], root / "index", jobs=0)
        with OpenedIndex(root / "index") as opened:
            yield opened


def ids(result) -> list[str]:
    return [hit.id for hit in result.hits]


# --- item 1: undated articles last under --sort date -----------------------------------------

def test_date_sort_puts_undated_articles_last_and_says_how_many(index: OpenedIndex) -> None:
    result = search(index, OIL, sort="date", limit=10)
    assert ids(result)[:4] == ["d4", "d3", "d2", "d1"]  # newest first
    assert set(ids(result)[4:]) == {"u1", "u2"}
    assert result.total == 6
    assert any("2 articles have no date and are listed last" in w for w in result.warnings)


def test_date_sort_pages_run_on_into_the_undated(index: OpenedIndex) -> None:
    pages = [ids(search(index, OIL, sort="date", limit=2, offset=n)) for n in (0, 2, 4)]
    assert pages[0] + pages[1] == ["d4", "d3", "d2", "d1"]
    assert sorted(pages[2]) == ["u1", "u2"]


def test_date_sort_without_undated_matches_says_nothing(index: OpenedIndex) -> None:
    result = search(index, "آزادگان", sort="date")
    assert ids(result) == ["d3"] and not result.warnings


# --- item 2: metadata fields filter, free words rank -----------------------------------------

@pytest.mark.parametrize(("narrowed", "wide"), [
    ("title:نفت source:fars", "title:نفت"),
    ("نفت source:ایرنا", "نفت"),
    ("نفت id:d3", "نفت"),
    ("نفت date:2019", "نفت"),
    ("title:نفت source:fars source:مهر", "title:نفت"),
])
def test_metadata_fields_narrow_a_query(index: OpenedIndex, narrowed: str, wide: str) -> None:
    few, many = search(index, narrowed, limit=50), search(index, wide, limit=50)
    assert set(ids(few)) <= set(ids(many))
    assert few.total < many.total


@pytest.mark.parametrize(("query", "expected"), [
    # Names match by their folded words, and across scripts by the alias table (fars ↔ فارس,
    # searcher.ingest.agencies): «Fars News» and «خبرگزاری فارس» are one agency.
    ("title:نفت source:fars", {"d1", "d2", "u1"}),
    ("نفت source:فارس", {"d1", "d2", "u1"}),
    ("نفت source:ایرنا", {"d3", "u2"}),
    ("نفت source:ایرنا source:مهر", {"d3", "u2", "d4"}),  # one field twice: either value
    ("نفت source:ایرنا date:2021", {"d3"}),  # two fields: both
    ("source:مهر", {"d4"}),  # a filter alone lists what it lets through
    ("نفت -source:fars", {"d3", "d4", "u2"}),
])
def test_which_articles_a_source_filter_lets_through(index: OpenedIndex, query: str,
                                                     expected: set[str]) -> None:
    assert set(ids(search(index, query, limit=50))) == expected


@pytest.mark.parametrize(("typed", "agency", "match"), [
    ("fars", "Fars News", True),
    ("FARS", "Fars News Agency", True),
    ("فارس", "خبرگزاری فارس", True),
    ("news fars", "Fars News", True),  # every word, any order
    ("fars agency", "Fars News", False),
    ("fars news", "Fars News", True),
    ("ایرنا", "ايرنا", True),  # Arabic ي
    ("ایرنا", "Fars News", False),
    ("mehr", "Mehr News", True),
    ("mehr", "ایسنا", False),
])
def test_source_matches(typed: str, agency: str, match: bool) -> None:
    assert source_matches(typed, agency) is match


def test_source_option_and_source_field_agree(index: OpenedIndex) -> None:
    by_option = search(index, OIL, filters=Filters(sources=("fars",)), limit=50)
    assert set(ids(by_option)) == set(ids(search(index, "نفت source:fars", limit=50)))


# --- item 8: filters never drop silently -----------------------------------------------------

def test_a_date_filter_says_how_many_undated_matches_it_left_out(index: OpenedIndex) -> None:
    since = parse_date_bound("1398")[0]
    result = search(index, OIL, filters=Filters(since=since))
    assert set(ids(result)) == {"d2", "d3", "d4"}
    assert any("2 articles without a date were left out by the date filter" in w
               for w in result.warnings)


def test_a_date_in_the_query_says_so_too(index: OpenedIndex) -> None:
    result = search(index, "نفت date:2019..2030")
    assert any("2 articles without a date" in w for w in result.warnings)


def test_an_excluded_date_keeps_the_undated_and_says_nothing(index: OpenedIndex) -> None:
    result = search(index, "نفت -date:2019", limit=50)
    assert {"u1", "u2"} <= set(ids(result)) and "d2" not in ids(result)
    assert not any("without a date" in w for w in result.warnings)


# --- item 10: a page past the end, similar with filters --------------------------------------

def test_a_page_past_the_end_says_so(index: OpenedIndex) -> None:
    result = search(index, OIL, limit=10, offset=990)
    assert result.hits == () and result.total == 6
    assert any("page 100 is past the last page (1)" in w for w in result.warnings)


def test_similar_is_titled_with_the_article_and_keeps_filters(index: OpenedIndex) -> None:
    everything = similar(index, "d1", limit=10)
    since = parse_date_bound("1398")[0]
    filtered = similar(index, "d1", limit=10, filters=Filters(since=since))
    assert everything.heading == "articles like «صادرات نفت ایران افزایش یافت»"
    assert "u1" in ids(everything) and "d1" not in ids(everything)
    assert set(ids(filtered)) <= {"d2", "d3", "d4"} and ids(filtered)


# --- item 9: a phrase's snippet shows the phrase ---------------------------------------------

PHRASE_BODY = (
    "قیمت خودرو در بازار تهران بالا رفت و فروشندگان از کمبود قطعات گفتند. "
    "بانک مرکزی درباره دلار صادرات توضیح داد و صرافان دلار نقدی را کمتر عرضه کردند. "
    "کارشناسان بازار سرمایه از رکود معاملات بورس و کاهش حجم سفارش‌ها در هفته گذشته گفتند "
    "و بسیاری از سهامداران خرد صبر کردند تا وضعیت روشن شود و شاخص دوباره بالا برود. "
    "در پایان روز قيمت دلار در بازار آزاد به رقم تازه‌ای رسید و معامله‌گران محتاط شدند.")


@pytest.mark.parametrize("query", ["«قیمت دلار»", '"قیمت دلار"', "«قیمت دلار» بازار"])
def test_a_phrase_snippet_shows_the_phrase_as_one_span(query: str) -> None:
    from searcher.article import Article
    from searcher.query.compile import compile_query
    from searcher.query.parser import parse_query
    from searcher.rank.snippets import make_snippet

    compiled = compile_query(parse_query(query))
    snippet = make_snippet(Article("p1", title="بازار", body=PHRASE_BODY), compiled.terms,
                           phrases=compiled.phrases)
    highlighted = [snippet.text[start:end] for start, end in snippet.highlights]
    assert "قيمت دلار" in highlighted  # the article's own spelling, one span


def test_a_phrase_snippet_leaves_the_phrase_words_apart_plain() -> None:
    from searcher.article import Article
    from searcher.query.compile import compile_query
    from searcher.query.parser import parse_query
    from searcher.rank.snippets import make_snippet

    compiled = compile_query(parse_query("«دلار نقدی»"))
    snippet = make_snippet(Article("p1", title="بازار", body=PHRASE_BODY), compiled.terms,
                           phrases=compiled.phrases)
    assert "دلار صادرات" in snippet.text  # the word stands apart in the passage shown …
    highlighted = [snippet.text[start:end] for start, end in snippet.highlights]
    assert highlighted == ["دلار نقدی"]  # … and only the phrase is highlighted


def test_search_snippets_prefer_the_phrase(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           , write_jsonl) -> None:
    monkeypatch.setenv("KHABAR_KEY_FILE", str(tmp_path / "key"))
    write_jsonl(tmp_path / "c" / "a.jsonl", [{"id": "p1", "title": "بازار ارز", "body": PHRASE_BODY}])
    index_paths([tmp_path / "c"], tmp_path / "ix", jobs=0)
    (hit,) = search(tmp_path / "ix", "«قیمت دلار»").hits
    spans = [hit.snippet.text[start:end] for start, end in hit.snippet.highlights]
    assert spans[0] == "قيمت دلار" and "قیمت خودرو" not in hit.snippet.text
