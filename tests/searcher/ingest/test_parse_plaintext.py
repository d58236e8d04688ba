"""Plain text: first non-empty line is the title; the rest is the body, wrapped lines re-joined."""

from __future__ import annotations

from pathlib import Path

import pytest

from searcher.errors import ParseError
from searcher.ingest.dispatch import parse_bytes, parse_file
from searcher.ingest.plain_text import parse_plaintext

FIXTURES = Path(__file__).parent.parent.parent / "fixtures" / "parsers"


def test_fixture_with_hard_wraps() -> None:
    outcome = parse_file(FIXTURES / "plain_wrapped.txt", root=FIXTURES.parent)
    assert outcome.format == "plaintext"
    (article,) = outcome.articles
    assert article.title == "بارش برف راه‌های کوهستانی البرز را بست"
    assert article.path == "parsers/plain_wrapped.txt"
    assert article.body.split("\n\n") == [
        "پلیس راه استان البرز از بسته شدن جاده چالوس از ساعت ۱۸ امروز خبر داد و از رانندگان "
        "خواست تا اطلاع ثانوی از این مسیر تردد نکنند.",
        "راه‌های جایگزین آزادراه تهران شمال و جاده هراز است؛ هر دو مسیر باز است.",
        "رانندگان باید زنجیر چرخ همراه داشته باشند!",
    ]
    assert article.published is None and article.source == ""


# (text, title, body, reason)
CASES = [
    ("تیتر تنها", "تیتر تنها", "", "one line is a title without a body"),
    ("\n\n  تیتر  با فاصله  \nمتن.", "تیتر با فاصله", "متن.", "leading blank lines and spaces"),
    ("تیتر\r\nسطر اول\r\nسطر دوم.", "تیتر", "سطر اول سطر دوم.", "CRLF line ends"),
    ("Headline in English\nBody line one\nand two.", "Headline in English",
     "Body line one and two.", "not only Persian"),
]


@pytest.mark.parametrize(("text", "title", "body", "reason"), CASES, ids=[c[3] for c in CASES])
def test_title_and_body(text: str, title: str, body: str, reason: str) -> None:
    (article,) = parse_bytes(text.encode(), "note.txt").articles
    assert (article.title, article.body) == (title, body), reason


def test_id_is_stable_and_depends_on_the_path() -> None:
    first = parse_plaintext("تیتر\nمتن.", "a.txt")
    assert parse_plaintext("تیتر دیگر\nمتن.", "a.txt").id == first.id, "same file, same id"
    assert parse_plaintext("تیتر\nمتن.", "b.txt").id != first.id


@pytest.mark.parametrize("text", ["", "   \n\n\t\n"])
def test_empty_text_is_an_error(text: str) -> None:
    with pytest.raises(ParseError, match="empty"):
        parse_plaintext(text, "blank.txt")
