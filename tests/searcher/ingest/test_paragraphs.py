"""Re-joining hard-wrapped lines: a line that does not end a sentence continues on the next."""

from __future__ import annotations

import pytest

from searcher.ingest.paragraphs import ends_sentence, join_body, join_wrapped

# (lines, paragraphs, reason)
CASES = [
    (["پلیس راه از بسته شدن جاده", "چالوس خبر داد."], ["پلیس راه از بسته شدن جاده چالوس خبر داد."],
     "a line cut mid-sentence joins the next"),
    (["جاده بسته شد.", "رانندگان صبر کنند."], ["جاده بسته شد.", "رانندگان صبر کنند."],
     "a period ends the paragraph"),
    (["وزیر گفت:", "«کار ادامه دارد.»"], ["وزیر گفت:", "«کار ادامه دارد.»"],
     "a colon ends it (news style puts the quote on its own line)"),
    (["چرا قیمت‌ها بالا رفت؟", "کارشناسان پاسخ دادند."],
     ["چرا قیمت‌ها بالا رفت؟", "کارشناسان پاسخ دادند."],
     "Persian question mark"),
    (["او گفت «کار تمام شد.»", "سپس رفت."], ["او گفت «کار تمام شد.»", "سپس رفت."],
     "a period before a closing guillemet still ends the sentence"),
    (["بند اول بی‌نقطه", "", "بند دوم"], ["بند اول بی‌نقطه", "بند دوم"], "a blank line ends it"),
    (["یک", "", "", "   ", "دو"], ["یک", "دو"], "several blank or whitespace lines are one break"),
    (["  فاصله   های   زیادی  ", "دارد."], ["فاصله های زیادی دارد."], "runs of spaces collapse"),
    (["می‌روم و", "برمی‌گردم"], ["می‌روم و برمی‌گردم"], "ZWNJ inside words survives"),
    ([], [], "nothing"),
]


@pytest.mark.parametrize(("lines", "expected", "reason"), CASES, ids=[c[2] for c in CASES])
def test_join_wrapped(lines: list[str], expected: list[str], reason: str) -> None:
    assert join_wrapped(lines) == expected, reason


def test_join_body_separates_paragraphs_with_a_blank_line() -> None:
    assert join_body(["الف.", "ب", "پ."]) == "الف.\n\nب پ."


@pytest.mark.parametrize(("line", "ends"), [
    ("آغاز می‌شود.", True), ("گفت:", True), ("چه شد؟", True), ("عجب!", True), ("و سپس…", True),
    ("«تمام شد.»", True), ("از ساعت", False), ("۱۴۰۲", False), ("", False),
])
def test_ends_sentence(line: str, ends: bool) -> None:
    assert ends_sentence(line) is ends
