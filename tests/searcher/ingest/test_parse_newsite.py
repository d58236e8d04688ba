"""The news-site page format: every part found, whatever is missing, moved or repeated, and the
site's chrome never in the article."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from searcher.article import Article
from searcher.ingest.dates import TEHRAN
from searcher.errors import ParseError
from searcher.ingest.dispatch import parse_bytes, parse_file
from searcher.ingest.news_page import parse_newsite

FIXTURES = Path(__file__).parent.parent.parent / "fixtures" / "parsers"

SURTITLE = "معاون وزیر نیرو خبر داد:"
TITLE = "آغاز ساخت سومین نیروگاه خورشیدی استان یزد"
LEAD = ("معاون وزیر نیرو امروز (چهارشنبه) در یزد گفت: ساخت سومین نیروگاه خورشیدی استان از ماه "
        "آینده آغاز می‌شود.")
BODY1 = "به گزارش «خبرگزاری نمونه»، ظرفیت این نیروگاه ۵۰ مگاوات است."
BODY2 = "او افزود که سرمایه‌گذاری بخش خصوصی در این طرح چشمگیر بوده است."
WHEN = datetime(2023, 10, 4, 9, 45, tzinfo=TEHRAN)

PARTS = {
    "counter": "۲",
    "surtitle": SURTITLE + "\n",
    "title": TITLE + "\n",
    "lead": LEAD,
    "code": "کد خبر: ۲۴۸۱۵۷",
    "date": "۰۹:۴۵ - ۱۲ مهر ۱۴۰۲",
    "body1": BODY1,
    "body2": BODY2,
    "end": "انتهای پیام/ 417",
    "source": "منبع: ایسنا",
    "form": "ارسال نظرات\nنظرات حاوی عبارات توهین آمیز منتشر نخواهد شد\nنام:\nایمیل:\n* نظر:",
}
ORDER = list(PARTS)
CHROME = ("ارسال نظرات", "توهین", "نام:", "ایمیل", "نظر:", "انتهای پیام", "منبع", "کد خبر",
          "اشتراک", "برچسب")


def page(order: list[str] = ORDER, **replace: str) -> str:
    return "\n".join(replace.get(part, PARTS[part]) for part in order)


def without(*parts: str) -> list[str]:
    return [part for part in ORDER if part not in parts]


def assert_no_chrome(article: Article) -> None:
    for text in (article.title, article.surtitle, article.lead, article.body):
        for phrase in CHROME:
            assert phrase not in text, f"{phrase!r} leaked into {text!r}"


def test_the_issue_example_in_full() -> None:
    article = parse_newsite(page(), "isna/1.txt")
    assert article.surtitle == SURTITLE
    assert article.title == TITLE
    assert article.lead == LEAD
    assert article.body == f"{BODY1}\n\n{BODY2}"
    assert article.news_code == "248157"
    assert article.published == WHEN and article.published.utcoffset().seconds == 3 * 3600 + 1800
    assert article.source == "ایسنا"
    assert article.path == "isna/1.txt"
    assert_no_chrome(article)


# (page text, field → expected value, reason)
VARIANTS = [
    (page(without("counter")), {"title": TITLE, "surtitle": SURTITLE}, "no counter line"),
    (page(without("surtitle")), {"title": TITLE, "surtitle": "", "lead": LEAD}, "no surtitle"),
    (page(without("lead")), {"title": TITLE, "surtitle": SURTITLE, "lead": ""}, "no lead"),
    (page(without("code")), {"news_code": "", "title": TITLE, "lead": LEAD}, "no news code"),
    (page(without("date")), {"published": None, "news_code": "248157", "lead": LEAD}, "no date"),
    (page(without("code", "date")),
     {"surtitle": SURTITLE, "title": TITLE, "lead": "", "body": f"{LEAD}\n\n{BODY1}\n\n{BODY2}"},
     "no code or date: nothing marks the header, so the lead is read as body"),
    (page(without("end")), {"body": f"{BODY1}\n\n{BODY2}"}, "no end marker: the form still closes"),
    (page(without("source")), {"source": "خبرگزاری نمونه"}, "no «منبع:»: «به گزارش «…»» names it"),
    (page(without("form")), {"body": f"{BODY1}\n\n{BODY2}", "source": "ایسنا"}, "no comment form"),
    (page(without("end", "source", "form")), {"body": f"{BODY1}\n\n{BODY2}"}, "body to the end"),
    (page(["counter", "surtitle", "title", "lead", "date", "code", "body1", "body2", "end",
           "source", "form"]), {"published": WHEN, "news_code": "248157", "lead": LEAD},
     "date line before the news code"),
    (page(["title", "lead", "date", "body1", "body2", "code", "source", "end", "form"]),
     {"news_code": "248157", "body": f"{BODY1}\n\n{BODY2}", "source": "ایسنا"},
     "code after the body, source before the end marker"),
    (page(["counter", "title", "title", "lead", "code", "code", "date", "date", "body1", "body1",
           "body2", "end", "end", "source", "form", "form"]),
     {"title": TITLE, "surtitle": "", "body": f"{BODY1}\n\n{BODY2}", "news_code": "248157"},
     "every line printed twice"),
    (page(date="۰۹:۴۵ - ۱۲ مهر ۱۴۰۲\n۱۰:۳۰ - ۱۳ مهر ۱۴۰۲"), {"published": WHEN},
     "a second date line (an update time) does not replace the first"),
    (page(body2=BODY2 + " انتهای پیام/ 417", end="تیتر خبر مرتبط دیگر"),
     {"body": f"{BODY1}\n\n{BODY2}"}, "end marker glued to the body; text after it dropped"),
    (page(["title", "lead", "code", "date", "end", "body1", "body2"]),
     {"body": f"{BODY1}\n\n{BODY2}"}, "an end marker before any body text closes nothing"),
    (page(body1=TITLE + "\n" + BODY1), {"body": f"{BODY1}\n\n{BODY2}"},
     "the title repeated at the top of the body is not body"),
    (page(source="منبع: ایسنا\nبرچسب‌ها: انرژی خورشیدی، یزد\nاشتراک گذاری"),
     {"tags": ("انرژی خورشیدی", "یزد")}, "tags on one line"),
    (page(form="برچسب‌ها:\nانرژی خورشیدی\nیزد\n\n" + PARTS["form"]),
     {"tags": ("انرژی خورشیدی", "یزد")}, "tags one a line below the label"),
    (page(code="لینک کوتاه: https://example.ir/x/3Fq\nکد خبر: ۲۴۸۱۵۷"),
     {"url": "https://example.ir/x/3Fq", "body": f"{BODY1}\n\n{BODY2}"}, "short link is the URL"),
    (page(body1="به گزارش خبرنگار ما، ظرفیت این نیروگاه ۵۰ مگاوات است.", source=""),
     {"source": ""}, "«به گزارش خبرنگار ما» names no agency"),
    (page(body1="به گزارش ایرنا از یزد، ظرفیت این نیروگاه ۵۰ مگاوات است.", source=""),
     {"source": "ایرنا"}, "«به گزارش ایرنا از یزد»: the agency without the city"),
    (page(body1="به گزارش خبرنگار اقتصادی خبرگزاری فارس، ظرفیت ۵۰ مگاوات است.", source=""),
     {"source": "خبرگزاری فارس"}, "the agency inside a reporter phrase"),
    (page(body1="پلیس راه از بسته شدن جاده چالوس از ساعت\n۱۸ امروز خبر داد.\n"),
     {"body": f"پلیس راه از بسته شدن جاده چالوس از ساعت ۱۸ امروز خبر داد.\n\n{BODY2}"},
     "hard-wrapped body lines are re-joined"),
    (page(lead="معاون وزیر نیرو امروز (چهارشنبه) در یزد گفت: ساخت سومین\nنیروگاه خورشیدی استان از"
               " ماه آینده آغاز می‌شود."), {"title": TITLE, "lead": LEAD},
     "a lead wrapped at 70 columns is one lead"),
]


@pytest.mark.parametrize(("text", "expected", "reason"), VARIANTS, ids=[v[2] for v in VARIANTS])
def test_variants(text: str, expected: dict[str, object], reason: str) -> None:
    article = parse_newsite(text, "a.txt")
    for field, value in expected.items():
        assert getattr(article, field) == value, f"{reason}: {field}"
    assert_no_chrome(article)


def test_fixture_file_with_wrapped_body_and_tags() -> None:
    outcome = parse_file(FIXTURES / "newsite_full.txt", root=FIXTURES)
    assert outcome.format == "newsite"
    (article,) = outcome.articles
    assert article.path == "newsite_full.txt"
    assert article.title == TITLE
    assert article.tags == ("انرژی خورشیدی", "یزد", "وزارت نیرو")
    assert article.body.split("\n\n")[0].endswith("بیست هزار خانوار را تأمین می‌کند.")
    assert len(article.body.split("\n\n")) == 3
    assert_no_chrome(article)


def test_fixture_file_reordered_and_duplicated() -> None:
    (article,) = parse_file(FIXTURES / "newsite_reordered.txt").articles
    assert article.title == "تعطیلی مدارس تهران به دلیل آلودگی هوا"
    assert article.news_code == "913302"
    assert article.published == datetime(2023, 12, 11, 18, 10, tzinfo=TEHRAN)
    assert article.source == "خبرگزاری مهر"
    assert "فرم نظرات" not in article.body, "text after the comment form is not the article"
    assert article.body.count("مدارس ابتدایی") == 1


def test_windows_1256_page_with_arabic_letters() -> None:
    # Windows-1256 has neither Persian yeh nor Persian digits: old archives used ي and ASCII.
    text = page().translate(str.maketrans("یک۰۱۲۳۴۵۶۷۸۹", "يك0123456789"))
    outcome = parse_bytes(text.replace("\n", "\r\n").encode("cp1256"), "irna/old.txt")
    (article,) = outcome.articles
    assert outcome.encoding == "cp1256" and outcome.format == "newsite"
    assert article.news_code == "248157" and article.published == WHEN
    assert article.title == TITLE.replace("ی", "ي"), "letters are kept as written"
    assert "توهين" not in article.body


def test_id_follows_source_and_code() -> None:
    first = parse_newsite(page(), "a/1.txt")
    again = parse_newsite(page(without("counter")), "b/copy.txt")
    assert first.id == again.id, "the same agency and code is the same article wherever saved"
    other = parse_newsite(page(code="کد خبر: ۲۴۸۱۵۸"), "a/1.txt")
    assert other.id != first.id


@pytest.mark.parametrize("text", [
    "کد خبر: ۲۴۸۱۵۷\n۰۹:۴۵ - ۱۲ مهر ۱۴۰۲\nانتهای پیام/ 417\nمنبع: ایسنا",
    "۲\nکد خبر: ۲۴۸۱۵۷\nارسال نظرات\nنام:\nایمیل:\n* نظر:",
])
def test_metadata_alone_is_an_error(text: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_newsite(text, "empty-page.txt")
    assert info.value.message.startswith("empty-page.txt: ")
