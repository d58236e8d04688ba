"""Choosing the parser by content, reading every encoding from disk, and refusing bad files with
one-line messages that name the file."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from searcher.errors import ParseError
from searcher.ingest.dispatch import DEFAULT_MAX_BYTES, parse_bytes, parse_file

NEWS_PAGE = """۲
وزیر نفت:

تولید نفت به سه میلیون بشکه رسید

وزیر نفت امروز گفت تولید نفت خام افزایش یافته است.
کد خبر: ۸۴۸۴۰۶۴۹
۰۸:۳۰ - ۲۱ آبان ۱۴۰۲
به گزارش ایرنا، وزیر نفت در بازدید از میدان آزادگان جنوبی این خبر را داد.
انتهای پیام
منبع: ایرنا
ارسال نظرات
نام:
"""

# (file name, text, format, reason)
FORMATS = [
    ("a.txt", NEWS_PAGE, "newsite", "a page with code, date and end marker"),
    ("a.txt", "تیتر\nکد خبر: ۱۲۳۴\nمتن خبر.", "newsite", "«کد خبر» alone is enough"),
    ("a.txt", "تیتر\n۱۴۰۲/۰۸/۲۱ ۰۸:۳۰\nمتن خبر.", "newsite", "a date line alone is enough"),
    ("a.txt", "تیتر\nمتن خبر.\nمنبع: ایسنا", "newsite", "«منبع:» alone is enough"),
    ("a.txt", "تیتر\nمتن خبر در ۱۲ مهر ۱۴۰۲ منتشر شد.", "plaintext", "a date inside a sentence"),
    ("a.txt", "تیتر ساده\nمتن.", "plaintext", "no markers"),
    ("a.md", "تیتر ساده\nمتن.", "plaintext", "the extension does not matter for text"),
    ("a.txt", '[{"title": "الف"}]', "json", "JSON content in a .txt file"),
    ("a.data", '  {"title": "الف", "body": "ب"}', "json", "one object, leading spaces"),
    ("a.json", '{"title": "الف"}\n{"title": "ب"}\n', "jsonl", "JSON Lines content in a .json file"),
    ("a.jsonl", '{"title": "الف"}', "json", "a one-line .jsonl file is the same either way"),
]


@pytest.mark.parametrize(("name", "text", "fmt", "reason"), FORMATS, ids=[f[3] for f in FORMATS])
def test_format_is_chosen_by_content(name: str, text: str, fmt: str, reason: str) -> None:
    assert parse_bytes(text.encode(), name).format == fmt, reason


ENCODINGS = [
    ("utf-8", b"", "UTF-8"),
    ("utf-8", codecs.BOM_UTF8, "UTF-8 with BOM"),
    ("utf-16-le", codecs.BOM_UTF16_LE, "UTF-16 LE"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "UTF-16 BE"),
]


@pytest.mark.parametrize(("codec", "bom", "reason"), ENCODINGS, ids=[e[2] for e in ENCODINGS])
def test_news_page_in_every_unicode_encoding(tmp_path: Path, codec: str, bom: bytes,
                                             reason: str) -> None:
    path = tmp_path / "irna" / "page.txt"
    path.parent.mkdir()
    path.write_bytes(bom + NEWS_PAGE.replace("\n", "\r\n").encode(codec))
    outcome = parse_file(path, root=tmp_path)
    (article,) = outcome.articles
    assert outcome.format == "newsite", reason
    assert article.path == "irna/page.txt"
    assert article.title == "تولید نفت به سه میلیون بشکه رسید"
    assert article.news_code == "84840649"
    assert "\r" not in article.body and "نام" not in article.body


def test_json_with_bom_and_utf16_jsonl(tmp_path: Path) -> None:
    doc = tmp_path / "a.json"
    doc.write_bytes(codecs.BOM_UTF8 + json.dumps({"title": "الف"}, ensure_ascii=False).encode())
    assert parse_file(doc).articles[0].title == "الف"
    lines = tmp_path / "b.jsonl"
    text = '{"title": "یک"}\n{"title": "دو"}\n'
    lines.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    outcome = parse_file(lines)
    assert [a.title for a in outcome.articles] == ["یک", "دو"] and outcome.encoding == "utf-16-le"


# (bytes, words in the message, reason)
REFUSED = [
    (b"", "empty file", "empty file"),
    (b"  \n\r\n\t ", "empty file", "only whitespace"),
    (codecs.BOM_UTF8, "empty file", "only a BOM"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00", "binary", "an executable"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "binary", "a JPEG"),
    ("Titre\nÉté à la plage, déjà.".encode("latin-1"), "neither UTF-8", "undecodable bytes"),
    (b'{"title": "x", "body": "cut', "truncated", "truncated JSON"),
]


@pytest.mark.parametrize(("data", "words", "reason"), REFUSED, ids=[r[2] for r in REFUSED])
def test_bad_files_raise_one_line_parse_errors(tmp_path: Path, data: bytes, words: str,
                                               reason: str) -> None:
    path = tmp_path / "feeds" / "bad.txt"
    path.parent.mkdir()
    path.write_bytes(data)
    with pytest.raises(ParseError) as info:
        parse_file(path, root=tmp_path)
    assert info.value.message.startswith("feeds/bad.txt: "), reason
    assert words in info.value.message, reason
    assert "\n" not in info.value.message and info.value.hint


def test_json_extension_on_text_is_an_error() -> None:
    with pytest.raises(ParseError, match=r"not JSON"):
        parse_bytes("تیتر\nمتن".encode(), "feed.json")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match=r"gone\.txt: cannot read"):
        parse_file(tmp_path / "gone.txt", root=tmp_path)
    with pytest.raises(ParseError, match=r"cannot read"):
        parse_file(tmp_path)


def test_path_outside_root_is_kept_whole(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("تیتر\nمتن.", encoding="utf-8")
    article = parse_file(path, root=tmp_path / "elsewhere").articles[0]
    assert article.path == path.as_posix()


def test_document_over_the_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("تیتر\n" + "متن خبر. " * 400, encoding="utf-8")
    with pytest.raises(ParseError, match=r"huge\.txt: .* MiB is over the .* MiB limit"):
        parse_file(path, max_bytes=1024)
    with pytest.raises(ParseError, match=r"over the"):
        parse_bytes(path.read_bytes(), "huge.txt", max_bytes=1024)
    assert DEFAULT_MAX_BYTES == 64 * 1024 * 1024


def test_json_lines_over_the_cap_are_streamed(tmp_path: Path) -> None:
    path = tmp_path / "crawl.jsonl"
    good = [json.dumps({"title": f"خبر {i}", "body": "متن " * 30}, ensure_ascii=False)
            for i in range(40)]
    path.write_bytes(("\n".join(good[:20]) + '\n{"title": "بریده\n' + "\n".join(good[20:]))
                     .encode())
    outcome = parse_file(path, max_bytes=1024)
    assert outcome.format == "jsonl" and outcome.encoding == "utf-8"
    assert len(outcome.articles) == 40
    assert [p.line for p in outcome.problems] == [21]


def test_streamed_lines_that_do_not_decode_are_problems(tmp_path: Path) -> None:
    path = tmp_path / "crawl.data"
    lines = [json.dumps({"title": f"خبر {i}", "body": "متن " * 30}, ensure_ascii=False).encode()
             for i in range(30)]
    lines[10] = b'{"title": "\xff\xfe"}'
    path.write_bytes(b"\n".join(lines))
    outcome = parse_file(path, max_bytes=1024)
    assert len(outcome.articles) == 29
    assert [p.line for p in outcome.problems] == [11]
    assert "invalid UTF-8" in outcome.problems[0].message


def test_utf16_json_lines_over_the_cap_are_streamed(tmp_path: Path) -> None:
    path = tmp_path / "crawl.jsonl"
    lines = [json.dumps({"title": f"خبر {i}", "date": "1402/07/12"}, ensure_ascii=False)
             for i in range(30)]
    path.write_bytes(codecs.BOM_UTF16_BE + "\r\n".join(lines).encode("utf-16-be"))
    outcome = parse_file(path, max_bytes=1024)
    assert outcome.encoding == "utf-16-be" and outcome.problems == ()
    assert [a.title for a in outcome.articles] == [f"خبر {i}" for i in range(30)]
