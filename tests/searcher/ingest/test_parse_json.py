"""JSON and JSON Lines: common field names, a field map, dates in both calendars, bad lines."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from searcher.ingest.dates import TEHRAN
from searcher.errors import ParseError, UsageError
from searcher.ingest.outcome import ParseOutcome
from searcher.ingest.dispatch import parse_bytes, parse_file

FIXTURES = Path(__file__).parent.parent.parent / "fixtures" / "parsers"


def parse_records(*records: Any, name: str = "dump.json", **kwargs: Any) -> ParseOutcome:
    return parse_bytes(json.dumps(list(records), ensure_ascii=False).encode(), name, **kwargs)


def one(record: dict[str, Any], **kwargs: Any) -> Any:
    (article,) = parse_records(record, **kwargs).articles
    return article


def test_jsonl_fixture_keeps_good_lines_and_reports_bad_ones() -> None:
    outcome = parse_file(FIXTURES / "articles.jsonl", root=FIXTURES)
    assert outcome.format == "jsonl"
    assert [a.title for a in outcome.articles] == [
        "افزایش قیمت نان در مشهد", "Mixed-case keys", "خبر بدون تاریخ معتبر"]
    assert [(p.line, p.message.split(" (")[0]) for p in outcome.problems] == [
        (3, "not JSON"),
        (5, "not a JSON object"),
        (6, "date 'دیروز عصر' not understood; published left empty"),
    ]
    assert str(outcome.problems[0]).startswith("articles.jsonl:3: not JSON")
    first, second, third = outcome.articles
    assert first.id == "isna-1402-0001", "an id in the input is kept as is"
    assert first.published == datetime(2023, 10, 27, 10, 20, tzinfo=TEHRAN)
    assert first.body == "نرخ جدید نان از شنبه اجرا می‌شود.\n\nنانوایان از این تصمیم استقبال کردند."
    assert (first.source, first.url, first.tags) == (
        "ایسنا", "https://example.ir/news/1", ("اقتصاد", "مشهد"))
    assert second.source == "ایرنا" and second.body == "بدنه با کلید بزرگ."
    assert second.published == datetime(2023, 10, 4, 9, 45, tzinfo=TEHRAN)
    assert third.tags == ("فوتبال", "لیگ برتر", "ورزش"), "keywords split, category added"
    assert third.published is None


def test_json_fixture_with_wrapper_object_and_persian_style_names() -> None:
    outcome = parse_file(FIXTURES / "articles.json")
    assert outcome.format == "json" and outcome.problems == ()
    first, second = outcome.articles
    assert first.surtitle == "رئیس سازمان هواشناسی:"
    assert first.title == "بارش‌های پاییزی ۲۰ درصد کمتر از سال گذشته بوده است"
    assert first.lead.startswith("میزان بارش‌های پاییزی")
    assert first.body.count("\n\n") == 1, "a list of paragraphs is joined by blank lines"
    assert first.source == "خبرگزاری تسنیم", "a {'name': …} object is unwrapped"
    assert first.news_code == "382114"
    assert first.published == datetime(2023, 11, 22, tzinfo=TEHRAN)
    assert first.tags == ("محیط زیست", "آب و هوا")
    assert (second.news_code, second.source) == ("55012", "همشهری آنلاین")
    assert second.published == datetime(2023, 10, 4, tzinfo=TEHRAN)


# (field name, value, article field, expected, reason)
ALIASES = [
    ("headline", "تیتر", "title", "تیتر", "headline"),
    ("name", "تیتر", "title", "تیتر", "name as a last resort for the title"),
    ("content", "متن.", "body", "متن.", "content"),
    ("article", "متن.", "body", "متن.", "article"),
    ("articleBody", "متن.", "body", "متن.", "schema.org articleBody, camelCase"),
    ("paragraphs", ["یک.", "دو."], "body", "یک.\n\nدو.", "paragraph list"),
    ("text", "خط یک\nخط دو", "body", "خط یک\n\nخط دو", "single newlines separate paragraphs"),
    ("abstract", "خلاصه.", "lead", "خلاصه.", "abstract"),
    ("description", "خلاصه.", "lead", "خلاصه.", "description"),
    ("kicker", "روتیتر:", "surtitle", "روتیتر:", "kicker"),
    ("published-at", "1402/07/12 09:45", "published",
     datetime(2023, 10, 4, 9, 45, tzinfo=TEHRAN), "dash in the name, Jalali value"),
    ("pubDate", "Wed, 04 Oct 2023 06:15:00 GMT", "published",
     datetime(2023, 10, 4, 6, 15, tzinfo=UTC), "RSS pubDate keeps its zone"),
    ("datetime", "۱۲ مهر ۱۴۰۲ - ۰۹:۴۵", "published",
     datetime(2023, 10, 4, 9, 45, tzinfo=TEHRAN), "Persian digits and month"),
    ("timestamp", 1696398900, "published", datetime(2023, 10, 4, 9, 25, tzinfo=TEHRAN),
     "Unix time as a number"),
    ("time", "2019-07-01T12:00:00", "published", datetime(2019, 7, 1, 12, 0, tzinfo=TEHRAN),
     "a naive summer 2019 time is +04:30"),
    ("agency", "ایرنا", "source", "ایرنا", "agency"),
    ("publisher", {"name": "ایسنا"}, "source", "ایسنا", "publisher object"),
    ("link", "https://example.ir/a", "url", "https://example.ir/a", "link"),
    ("keywords", "اقتصاد، بورس", "tags", ("اقتصاد", "بورس"), "comma-separated keywords"),
    ("categories", [{"name": "ورزش"}, "فوتبال"], "tags", ("ورزش", "فوتبال"), "mixed list"),
    ("code", "۲۴۸۱۵۷", "news_code", "248157", "code with Persian digits"),
    ("TITLE", "تیتر", "title", "تیتر", "upper-case name"),
]


@pytest.mark.parametrize(("name", "value", "field", "expected", "reason"), ALIASES,
                         ids=[a[4] for a in ALIASES])
def test_field_aliases(name: str, value: Any, field: str, expected: Any, reason: str) -> None:
    record = {"body": "متن پیش‌فرض."} if field != "body" else {"title": "تیتر پیش‌فرض"}
    record[name] = value
    article = one(record)
    got = getattr(article, field)
    assert got == expected, reason
    if isinstance(expected, datetime):
        assert got.utcoffset() == expected.utcoffset(), reason


def test_first_alias_wins_over_later_ones() -> None:
    article = one({"title": "تیتر اصلی", "name": "نام نویسنده", "body": "متن", "text": "دیگر"})
    assert (article.title, article.body) == ("تیتر اصلی", "متن")


def test_field_map_names_unknown_fields_and_overrides_aliases() -> None:
    record = {"onvan": "تیتر نگاشته", "matn": "متن نگاشته.", "title": "تیتر دیگر",
              "barchasb": "الف"}
    article = one(record, field_map={"onvan": "title", "Matn": "body", "barchasb": "tags"})
    assert (article.title, article.body, article.tags) == ("تیتر نگاشته", "متن نگاشته.", ("الف",))


def test_field_map_to_an_unknown_field_is_a_usage_error() -> None:
    with pytest.raises(UsageError) as info:
        one({"title": "ت"}, field_map={"matn": "bodyy"})
    assert "body" in info.value.hint


def test_ids_kept_or_made() -> None:
    given = parse_records({"id": 42, "title": "الف"}, {"id": "abc", "title": "ب"}).articles
    assert [a.id for a in given] == ["42", "abc"]
    made = parse_records({"title": "الف"}, {"title": "ب"}).articles
    assert made[0].id != made[1].id, "position in the file tells records apart"
    again = parse_records({"title": "الف"}, {"title": "ب"}).articles
    assert [a.id for a in again] == [a.id for a in made], "ids are stable"
    by_url = parse_records({"title": "الف", "url": "https://x.ir/1"}, name="other.json").articles
    assert by_url[0].id == one({"title": "ج", "url": "https://x.ir/1/"}).id, "same URL, same id"


def test_single_object_document() -> None:
    outcome = parse_bytes('{"title": "تنها", "body": "متن."}'.encode(), "one.json")
    assert outcome.format == "json" and [a.title for a in outcome.articles] == ["تنها"]


def test_array_items_that_are_not_articles_are_problems() -> None:
    outcome = parse_records({"title": "خوب"}, "رشته", {"author": "بی تیتر"})
    assert [a.title for a in outcome.articles] == ["خوب"]
    assert [p.message for p in outcome.problems] == [
        "item 2: not a JSON object", "record 3 has no title or body"]


@pytest.mark.parametrize(("data", "reason"), [
    (b'[{"title": "\xd8\xa7\xd9\x84\xd9\x81", "body": "\xd9\x85', "truncated array"),
    (b'{\n  "title": "x",\n  "body": ', "truncated pretty-printed object"),
    (b"[]", "an empty array holds no article"),
    (b'[{"author": "x"}]', "no record has a title or body"),
    (b'{"title": 1,}', "trailing comma"),
])
def test_documents_that_yield_nothing_are_errors(data: bytes, reason: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_bytes(data, "broken.json")
    assert info.value.message.startswith("broken.json: "), reason
    assert "\n" not in info.value.message


def test_truncated_json_says_where() -> None:
    with pytest.raises(ParseError, match=r"truncated or malformed JSON at line 3"):
        parse_bytes(b'{\n  "title": "x",\n  "body": ', "cut.json")


def test_jsonl_with_only_bad_lines_is_an_error() -> None:
    with pytest.raises(ParseError, match=r"no article .*2 problems"):
        parse_bytes(b'{"title": "x"\n{"body": \n', "bad.jsonl")


def test_jsonl_lines_numbered_from_one_with_crlf_and_blank_lines() -> None:
    data = '{"title": "یک"}\r\n\r\n{"title": "دو", "date": "1399/05/01 08:00"}\r\n'.encode()
    outcome = parse_bytes(data, "feed.jsonl")
    assert outcome.format == "jsonl" and outcome.problems == ()
    assert [a.title for a in outcome.articles] == ["یک", "دو"]
    assert outcome.articles[1].published.utcoffset() == timedelta(hours=4, minutes=30)


def test_field_names_are_read_alike_on_every_line_however_many_distinct_names_come() -> None:
    """Names are normalised once and remembered (a bounded table): past its bound, and for
    names spelt differently line by line, each record still finds its fields."""
    from searcher.ingest import json_record

    spellings = ("Title", " title ", "TITLE", "HeadLine", "Published-At")
    lines = [json.dumps({spellings[i % len(spellings)]: f"تیتر {i}", "Body": f"متن خبر {i}.",
                         f"extra-{i}": "x"}, ensure_ascii=False)
             for i in range(json_record._KEYS_LIMIT + 50)]
    outcome = parse_bytes("\n".join(lines).encode(), "archive.jsonl")
    # "Published-At" names the date: its value is no date, so that article has no title
    assert [(a.title, a.body) for a in outcome.articles] == [
        ("" if i % len(spellings) == 4 else f"تیتر {i}", f"متن خبر {i}.")
        for i in range(len(lines))]
    assert all(a.published is None for a in outcome.articles)
    assert len(json_record._KEYS) <= json_record._KEYS_LIMIT
