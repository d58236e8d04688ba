"""Encoding detection: the byte forms Persian archives arrive in, and what is refused."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from searcher.ingest.encodings import decode, decode_detailed, decode_line, sniff_encoding
from searcher.errors import ParseError

TEXT = "آغاز ساخت سومین نیروگاه خورشیدی «یزد»؛ کد خبر: ۲۴۸۱۵۷\nمی‌گوید: «نه»، ۱۴۰۲."
# Windows-1256 has no Persian yeh (U+06CC) or Persian digits: archives in it use Arabic ي and
# ASCII digits, and the analyzer folds them later.
TEXT_1256 = "آغاز ساخت سومين نيروگاه خورشيدي «يزد»؛ کد خبر: 248157\nمي‌گويد: «نه»، 1402."

ENCODED = [
    (TEXT, TEXT.encode("utf-8"), "utf-8", "plain UTF-8"),
    (TEXT, codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig", "UTF-8 with a BOM"),
    (TEXT, codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le", "UTF-16 LE with a BOM"),
    (TEXT, codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be", "UTF-16 BE with a BOM"),
    (TEXT, codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32-le", "UTF-32 LE, not UTF-16"),
    (TEXT_1256, TEXT_1256.encode("cp1256"), "cp1256", "Windows-1256, no marker"),
    (TEXT_1256, TEXT_1256.encode("utf-8"), "utf-8", "Arabic letters in UTF-8 are still UTF-8"),
]


@pytest.mark.parametrize(("text", "data", "encoding", "reason"), ENCODED,
                         ids=[r[3] for r in ENCODED])
def test_decodes_and_detects(text: str, data: bytes, encoding: str, reason: str) -> None:
    decoded = decode_detailed(data, "a.txt")
    assert decoded.text == text, reason
    assert decoded.encoding == encoding, reason
    assert not decoded.text.startswith("\ufeff"), "the BOM is stripped"


def test_windows_1256_with_arabic_letters_and_zwnj() -> None:
    text = "كتابهاي گچ و ژاله مي‌روند؛ سال 1402 است."
    assert decode(text.encode("cp1256"), "old.txt") == text


def test_newlines_become_lf() -> None:
    assert decode("یک\r\nدو\rسه\n".encode(), "a.txt") == "یک\nدو\nسه\n"
    utf16 = codecs.BOM_UTF16_LE + "یک\r\nدو".encode("utf-16-le")
    assert decode(utf16, "a.txt") == "یک\nدو"


def test_empty_is_empty_text() -> None:
    assert decode(b"", "empty.txt") == ""


REFUSED = [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", "a PNG image: NUL bytes"),
    ("خبر".encode("utf-16-le"), "binary", "UTF-16 without a BOM has NULs and is taken for binary"),
    (bytes(range(1, 32)) * 4 + b"abc", "binary", "control characters without NULs"),
    ("Café crème, déjà vu".encode("latin-1"), "neither UTF-8", "Latin-1 is not Persian"),
    (b"abc\xe9\xe8\xff\xfd\xfe", "neither UTF-8", "stray high bytes"),
    (codecs.BOM_UTF8 + b"\xd8", "invalid UTF-8", "a UTF-8 BOM then a cut character"),
    (codecs.BOM_UTF16_LE + b"\x00\xd8", "invalid UTF-16", "a lone surrogate"),
]


@pytest.mark.parametrize(("data", "words", "reason"), REFUSED, ids=[r[2] for r in REFUSED])
def test_refuses_non_text(data: bytes, words: str, reason: str) -> None:
    with pytest.raises(ParseError) as info:
        decode(data, "archive/x.bin")
    message = info.value.message
    assert message.startswith("archive/x.bin: "), "the message names the file"
    assert words in message, reason
    assert "\n" not in message, "one line"
    assert info.value.hint, "a hint says what to do"


def test_decode_line_uses_the_detected_codec() -> None:
    assert decode_line("خبر\r\n".encode("cp1256"), "cp1256", "a.jsonl") == "خبر\n"
    with pytest.raises(ParseError):
        decode_line(b"\xd8", "utf-8", "a.jsonl")


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cc"])))
def test_any_utf8_text_round_trips(text: str) -> None:
    expected = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    assert decode(text.encode("utf-8"), "a.txt") == expected


def test_sniff_encoding_of_a_large_file_head() -> None:
    assert sniff_encoding(codecs.BOM_UTF16_BE + "خبر".encode("utf-16-be"), "a") == "utf-16-be"
    assert sniff_encoding(TEXT_1256.encode("cp1256") + b"\n", "a") == "cp1256"
    one_bad_line = TEXT.encode() + b"\n\xff\n" + TEXT.encode()
    assert sniff_encoding(one_bad_line, "a") == "utf-8", "bad lines are reported one by one"
    cut = "خبر\n".encode() + "خبر".encode()[:-1]
    assert sniff_encoding(cut, "a") == "utf-8", "a character cut at the end of the head"
    with pytest.raises(ParseError, match="binary"):
        sniff_encoding(b"abc\x00def\n", "a")
