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


# One article written as a single ~100 KB line (no newline anywhere), a unique word in its
# middle and at its very end: every word must be searchable, not only a title's worth.
_SENTENCES = (
    "تیم ملی فوتبال ایران امروز در ورزشگاه آزادی تمرین کرد و بازیکنان آماده شدند.",
    "بارش برف راه‌های کوهستانی البرز را بست و پلیس راه از رانندگان خواست صبر کنند.",
    "بانک مرکزی از کاهش نرخ تورم در ماه گذشته خبر داد؛ کارشناسان محتاط ماندند.",
)


def _one_line_article(size: int, middle: str, last: str) -> str:
    sentences: list[str] = []
    while sum(len(s.encode()) + 1 for s in sentences) < size:
        sentences.append(_SENTENCES[len(sentences) % len(_SENTENCES)])
        if len(sentences) == 300:
            sentences.append(f"طرح {middle} در استان یزد آغاز شد.")
    return " ".join(sentences) + " " + last


def test_a_100kb_single_line_article_is_searchable_to_its_last_word(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from searcher.index.run import index_paths
    from searcher.rank.search import search

    monkeypatch.setenv("KHABAR_KEY_FILE", str(tmp_path / "key"))
    text = _one_line_article(100_000, "آبخیزداری", "پایان‌نامه‌ای")
    assert "\n" not in text and len(text.encode()) > 100_000
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "long.txt").write_text(text, encoding="utf-8")
    index_paths([tmp_path / "c"], tmp_path / "ix", jobs=0)
    for word in ("تمرین", "آبخیزداری", "پایان‌نامه‌ای", "«پایان‌نامه‌ای»"):
        assert search(tmp_path / "ix", word).total == 1, word


def test_a_first_line_too_long_for_a_title_keeps_its_first_sentence_as_the_title() -> None:
    text = _one_line_article(5_000, "آبخیزداری", "پایان‌نامه‌ای") + "\nسطر دوم."
    (article,) = parse_bytes(text.encode(), "long.txt").articles
    assert article.title == _SENTENCES[0]
    assert article.body.startswith(_SENTENCES[1]) and article.body.endswith(
        "پایان‌نامه‌ای سطر دوم.")
