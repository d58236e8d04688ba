"""Line classes of a saved news page, however the site spelled its labels."""

from __future__ import annotations

import pytest

from searcher.ingest.page_lines import Kind, classify, split_tags

# (line, kind, value or None when not checked, reason)
LINES = [
    ("۲", Kind.NUMBER, None, "the counter line"),
    ("", Kind.BLANK, None, "blank"),
    ("کد خبر: ۲۴۸۱۵۷", Kind.CODE, "248157", "news code, digits made ASCII"),
    ("كد خبر: ۸۳۰۳۲۹", Kind.CODE, "830329", "Arabic kaf in the label"),
    ("کد خبر ۲۴۸۱۵۷", Kind.CODE, "248157", "no colon"),
    ("۰۹:۴۵ - ۱۲ مهر ۱۴۰۲", Kind.DATE, None, "the date line"),
    ("دوشنبه ۱۶ بهمن ۱۴۰۲ - ۱۰:۱۵", Kind.DATE, None, "weekday first, as khabaronline prints it"),
    ("انتهای پیام/ 417", Kind.END, None, "end marker with a desk code"),
    ("انتهاي پيام", Kind.END, None, "end marker with Arabic yeh"),
    ("انتهای خبر", Kind.END, None, "the other wording"),
    ("منبع: ایسنا", Kind.SOURCE, "ایسنا", "source"),
    ("منبع: همشهري آنلاين", Kind.SOURCE, "همشهري آنلاين", "the value keeps its spelling"),
    ("برچسب‌ها: انرژی، یزد", Kind.TAGS, ("انرژی", "یزد"), "tags split at the Persian comma"),
    ("برچسب ها:", Kind.TAGS, (), "a tags header with the tags on the lines below"),
    ("لینک کوتاه: https://example.ir/x/3Fq", Kind.URL, "https://example.ir/x/3Fq", "short link"),
    ("https://example.ir/news/248157", Kind.URL, "https://example.ir/news/248157", "bare URL"),
    ("ارسال نظرات", Kind.FORM, None, "comment form header"),
    ("نظرات حاوی عبارات توهین آمیز منتشر نخواهد شد", Kind.CHROME, None, "form notice"),
    ("نظرات حاوي عبارات توهين آميز منتشر نخواهد شد", Kind.CHROME, None, "same, Arabic yeh"),
    ("نظرات حاوی عبارات توهین‌آمیز منتشر نخواهد شد", Kind.CHROME, None, "same, with ZWNJ"),
    ("نام:", Kind.CHROME, None, "form field"),
    ("ایمیل:", Kind.CHROME, None, "form field"),
    ("* نظر:", Kind.CHROME, None, "required form field"),
    ("اشتراک گذاری", Kind.CHROME, None, "share widget"),
    ("منبع:", Kind.CHROME, None, "a label with no value is chrome, not text"),
    ("نظرات حاوی " + "نکته‌های فراوان " * 12 + "بود.", Kind.TEXT, None,
     "a long sentence that starts like chrome is text"),
    ("در ۱۲ مهر ۱۴۰۲ ساخت نیروگاه آغاز شد.", Kind.TEXT, None, "a sentence with a date is text"),
    ("کد خبرنگاری او مشخص نیست", Kind.TEXT, None, "a sentence starting with «کد خبر…» is text"),
]


@pytest.mark.parametrize(("raw", "kind", "value", "reason"), LINES, ids=[r[3] for r in LINES])
def test_classify(raw: str, kind: Kind, value: object, reason: str) -> None:
    line = classify(raw)
    assert line.kind is kind, reason
    if value is not None:
        assert line.value == value, reason


def test_end_marker_at_the_end_of_a_body_line_is_cut_off() -> None:
    line = classify("او گفت که کار ادامه دارد. انتهای پیام/ 417")
    assert line.kind is Kind.TEXT
    assert line.text == "او گفت که کار ادامه دارد."
    assert line.ends_article


def test_split_tags() -> None:
    assert split_tags("انرژی، یزد | #نیروگاه ;برق") == ("انرژی", "یزد", "نیروگاه", "برق")
