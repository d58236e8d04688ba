"""The query language: every form, every repair, and properties over arbitrary and query-like text.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from searcher.ingest.dates import TEHRAN
from searcher.query.parser import (
    MAX_DEPTH,
    DateRange,
    Group,
    Node,
    Occur,
    Phrase,
    Word,
    date_range,
    parse_query,
)

S, M, N = Occur.SHOULD, Occur.MUST, Occur.MUST_NOT


def g(*clauses: tuple[Occur, Node]) -> Group:
    return Group(tuple(clauses))


def w(text: str, field: str | None = None, *, prefix: bool = False) -> Word:
    return Word(text, field, prefix)


def day(iso: str | None) -> datetime | None:
    return None if iso is None else datetime.fromisoformat(iso).replace(tzinfo=TEHRAN)


def d(start: str | None, end: str | None) -> DateRange:
    return DateRange(day(start), day(end))


# (query, expected root, reason) — each parses without a warning.
TREES = [
    ("تورم", g((S, w("تورم"))), "a free word is SHOULD: ranked, not required"),
    ("تورم دلار بانک", g((S, w("تورم")), (S, w("دلار")), (S, w("بانک"))),
     "free words all SHOULD"),
    ("+تورم -دلار «بانک مرکزی»", g((M, w("تورم")), (N, w("دلار")), (S, Phrase("بانک مرکزی"))),
     "signs and a guillemet phrase"),
    ('"انتخابات مجلس" تهران', g((S, Phrase("انتخابات مجلس")), (S, w("تهران"))),
     "a quoted phrase then a word"),
    ("«انتخابات مجلس»", g((S, Phrase("انتخابات مجلس"))), "guillemets make one phrase"),
    ("“انتخابات مجلس”", g((S, Phrase("انتخابات مجلس"))), "curly quotes make one phrase"),
    ("“انتخابات مجلس\"", g((S, Phrase("انتخابات مجلس"))), "a curly quote closed by a straight one"),
    ('+"بانک مرکزی" -«نرخ ارز»', g((M, Phrase("بانک مرکزی")), (N, Phrase("نرخ ارز"))),
     "signs on phrases"),
    ("« بانک مرکزی »", g((S, Phrase("بانک مرکزی"))), "spaces inside the quotes are trimmed"),
    ("«بانک مرکزی؟»", g((S, Phrase("بانک مرکزی؟"))), "punctuation stays inside a phrase"),
    ("نفت AND گاز", g((M, w("نفت")), (M, w("گاز"))), "AND makes both sides MUST"),
    ("نفت && گاز", g((M, w("نفت")), (M, w("گاز"))), "&& is AND"),
    ("نفت OR گاز", g((S, w("نفت")), (S, w("گاز"))), "OR keeps SHOULD"),
    ("نفت || گاز", g((S, w("نفت")), (S, w("گاز"))), "|| is OR"),
    ("نفت NOT گاز", g((S, w("نفت")), (N, w("گاز"))), "NOT excludes the next clause"),
    ("نفت AND NOT گاز", g((M, w("نفت")), (N, w("گاز"))), "AND NOT: required and excluded"),
    ("نفت !گاز", g((S, w("نفت")), (N, w("گاز"))), "a glued ! is NOT"),
    ("نفت and گاز or برق", g(*((S, w(t)) for t in ("نفت", "and", "گاز", "or", "برق"))),
     "lower-case and/or are words"),
    ("نفت AND گاز OR برق", g((M, w("نفت")), (M, w("گاز")), (S, w("برق"))),
     "Lucene precedence: AND binds its neighbours, OR leaves the rest optional"),
    ("نفت OR گاز AND برق", g((S, w("نفت")), (M, w("گاز")), (M, w("برق"))),
     "Lucene precedence read left to right"),
    ("-نفت AND گاز", g((N, w("نفت")), (M, w("گاز"))), "AND does not lift an exclusion"),
    ("نفت AND -گاز", g((M, w("نفت")), (N, w("گاز"))), "a sign wins over AND on its right"),
    ("NOT +نفت گاز", g((N, w("نفت")), (S, w("گاز"))), "NOT wins over +"),
    ("(نفت OR گاز) AND صادرات",
     g((M, g((S, w("نفت")), (S, w("گاز")))), (M, w("صادرات"))), "a group under MUST"),
    ("صادرات -(نفت OR گاز)", g((S, w("صادرات")), (N, g((S, w("نفت")), (S, w("گاز"))))),
     "an excluded group"),
    ("(نفت) (گاز)", g((S, w("نفت")), (S, w("گاز"))), "a group of one clause is that clause"),
    ("((نفت OR گاز))", g((S, w("نفت")), (S, w("گاز"))), "redundant parentheses collapse"),
    ("نفت (-گاز)", g((S, w("نفت")), (S, g((N, w("گاز"))))), "a lone exclusion keeps its group"),
    ("+AND", g((M, w("AND"))), "after a sign, AND is a word"),
    ("title:انتخابات source:ایرنا",
     g((S, w("انتخابات", "title")), (S, w("ایرنا", "source"))), "fields on words"),
    ("Title:انتخابات", g((S, w("انتخابات", "title"))), "field names ignore case"),
    ("عنوان:انتخابات منبع:ایرنا برچسب:ورزش",
     g((S, w("انتخابات", "title")), (S, w("ایرنا", "source")), (S, w("ورزش", "tags"))),
     "Persian field aliases"),
    ("روتيتر:دولت", g((S, w("دولت", "surtitle"))), "an alias typed with Arabic yeh"),
    ("لید:بودجه متن:بودجه", g((S, w("بودجه", "lead")), (S, w("بودجه", "body"))),
     "lead and body aliases"),
    ("عنوان:«انتخابات مجلس»", g((S, Phrase("انتخابات مجلس", "title"))), "a field on a phrase"),
    ('title:"انتخابات مجلس"', g((S, Phrase("انتخابات مجلس", "title"))), "a field on a quote"),
    ("title:(نفت OR «گاز طبیعی») صادرات",
     g((S, g((S, w("نفت", "title")), (S, Phrase("گاز طبیعی", "title")))), (S, w("صادرات"))),
     "a field applies to every word and phrase in its group"),
    ("title:(نفت source:ایرنا)", g((S, w("نفت", "title")), (S, w("ایرنا", "source"))),
     "a field inside a field group wins"),
    ("+source:ایرنا -tags:ورزش", g((M, w("ایرنا", "source")), (N, w("ورزش", "tags"))),
     "signs on fields"),
    ("url:https://www.irna.ir/news/85241/?page=2",
     g((S, w("https://www.irna.ir/news/85241/?page=2", "url"))), "a link runs to whitespace"),
    ("(url:https://fa.wikipedia.org/wiki/تهران_(شهر)) نفت",
     g((S, w("https://fa.wikipedia.org/wiki/تهران_(شهر)", "url")), (S, w("نفت"))),
     "a link keeps its own parentheses and gives back the group's"),
    ("https://www.irna.ir/news/1", g((S, w("https://www.irna.ir/news/1"))),
     "a bare link is a word, not an unknown field"),
    ("news_code:۲۴۸۱۵۷", g((S, w("۲۴۸۱۵۷", "news_code"))), "values stay as typed"),
    ("کتاب*", g((S, w("کتاب", prefix=True))), "a trailing star is a prefix"),
    ("title:انتخاب*", g((S, w("انتخاب", "title", prefix=True))), "a prefix in a field"),
    ("کتاب*؟", g((S, w("کتاب", prefix=True))), "punctuation after the star"),
    ("تهران؟", g((S, w("تهران"))), "the Persian question mark is not syntax"),
    ("تورم، دلار؛ بانک! ارز? سکه, طلا;",
     g(*((S, w(t)) for t in ("تورم", "دلار", "بانک", "ارز", "سکه", "طلا"))),
     "Persian and ASCII punctuation leave word edges"),
    ("«بانک مرکزی»، تورم", g((S, Phrase("بانک مرکزی")), (S, w("تورم"))),
     "a comma after a phrase is dropped"),
    ("کتاب‌ها می‌روم", g((S, w("کتاب‌ها")), (S, w("می‌روم"))), "ZWNJ is part of a word"),
    ("بین-المللی", g((S, w("بین-المللی"))), "a hyphen inside a word is no sign"),
    ("گفت: «سلام»", g((S, w("گفت")), (S, Phrase("سلام"))), "a colon ending a word is no field"),
    ("عجب ! تهران", g((S, w("عجب")), (S, w("تهران"))), "a spaced ! is punctuation"),
    ("ساعت ۱۰:۳۰", g((S, w("ساعت")), (S, w("۱۰:۳۰"))), "digits before a colon are no field"),
]


@pytest.mark.parametrize(("query", "root", "reason"), TREES, ids=[r[2] for r in TREES])
def test_tree(query: str, root: Group, reason: str) -> None:
    parsed = parse_query(query)
    assert parsed.root == root, reason
    assert parsed.warnings == (), reason
    assert parsed.text == query


# (date: value, start, end (exclusive), reason)
DATES = [
    ("1402/07/01..1402/07/30", "2023-09-23", "2023-10-23", "a day range ends after its last day"),
    ("2023-10-01..2023-10-31", "2023-10-01", "2023-11-01", "a Gregorian day range"),
    ("1402/12..1403/01", "2024-02-20", "2024-04-20", "a range across the Jalali new year"),
    ("1402/07", "2023-09-23", "2023-10-23", "a whole Jalali month"),
    ("۱۴۰۲/۰۷", "2023-09-23", "2023-10-23", "Persian digits"),
    ("1402", "2023-03-21", "2024-03-20", "a whole Jalali year"),
    ("1403/12", "2025-02-19", "2025-03-21", "Esfand of a leap year"),
    (">=2023-10-01", "2023-10-01", None, ">= starts at the day"),
    (">1402/07/15", "2023-10-08", None, "> starts after the day"),
    ("<=1402", None, "2024-03-20", "<= ends after the year"),
    ("<1402/07", None, "2023-09-23", "< ends before the month"),
    ("..1402/06", None, "2023-09-23", "open start"),
    ("1402/06..", "2023-08-23", None, "open end"),
    ("۱۴۰۲/۰۶/۰۱…۱۴۰۲/۰۶/۱۰", "2023-08-23", "2023-09-02", "an ellipsis as the range mark"),
]


@pytest.mark.parametrize(("value", "start", "end", "reason"), DATES, ids=[r[3] for r in DATES])
def test_date(value: str, start: str | None, end: str | None, reason: str) -> None:
    parsed = parse_query(f"date:{value}")
    assert parsed.root == g((S, d(start, end))), reason
    assert parsed.warnings == (), reason
    for bound in (parsed.root.clauses[0][1].start, parsed.root.clauses[0][1].end):
        assert bound is None or bound.tzinfo is not None


def test_dates_combine_with_words_and_fields() -> None:
    parsed = parse_query("title:انتخابات source:ایرنا تاریخ:1402/07 -date:1402/07/15")
    assert parsed.root == g(
        (S, w("انتخابات", "title")), (S, w("ایرنا", "source")),
        (S, d("2023-09-23", "2023-10-23")), (N, d("2023-10-07", "2023-10-08")),
    )


def test_date_group_and_phrase() -> None:
    assert parse_query("date:(1402/07 OR «1402/09»)").root == g(
        (S, d("2023-09-23", "2023-10-23")), (S, d("2023-11-22", "2023-12-22")))


def test_date_range_reports_backwards() -> None:
    assert date_range("1402/09..1402/07") == (day("2023-09-23"), day("2023-12-22"), True)


# (query, expected root, a fragment of the warning, reason)
WARNED = [
    ("foo:bar تهران", g((S, w("foo:bar")), (S, w("تهران"))), "unknown field 'foo:'",
     "an unknown field stays a word"),
    ("foo:«بانک مرکزی»", g((S, Phrase("بانک مرکزی"))), "unknown field 'foo:' ignored",
     "an unknown field on a phrase is dropped, the phrase kept"),
    ("foo:(نفت گاز)", g((S, w("نفت")), (S, w("گاز"))), "unknown field 'foo:' ignored",
     "an unknown field on a group"),
    ("title: انتخابات", g((S, w("انتخابات"))), "'title:' has no value",
     "a space after the colon leaves the field empty"),
    ("title:", g(), "'title:' has no value", "a field at the end"),
    ("(title:) نفت", g((S, w("نفت"))), "'title:' has no value", "a field before a parenthesis"),
    ("ک*", g((S, w("ک"))), "shorter than 2 letters", "a one-letter prefix is a plain word"),
    ("* تهران", g((S, w("تهران"))), "lone '*' ignored", "a star alone"),
    ("*کتاب", g((S, w("کتاب"))), "'*' at the start of '*کتاب'", "no leading wildcards"),
    ("date:1402/13", g(), "not a date: '1402/13'", "no month 13"),
    ("تورم date:دیروز", g((S, w("تورم"))), "not a date: 'دیروز' (use 1402/07/15",
     "the warning names the value and the forms"),
    ("date:>=", g(), "not a date: '>='", "a comparison without a date"),
    ("date:..", g(), "not a date: '..'", "a range without ends"),
    ("date:1402/09..1402/07", g((S, d("2023-09-23", "2023-12-22"))), "runs backwards",
     "a backwards range is turned round"),
    ('"انتخابات مجلس', g((S, Phrase("انتخابات مجلس"))), "unclosed quote",
     "an unclosed quote runs to the end"),
    ("«انتخابات (مجلس", g((S, Phrase("انتخابات (مجلس"))), "unclosed quote",
     "an unclosed guillemet swallows syntax"),
    ("(نفت OR گاز", g((S, w("نفت")), (S, w("گاز"))), "missing ')'", "a missing ')'"),
    ("نفت) گاز", g((S, w("نفت")), (S, w("گاز"))), "unmatched ')' ignored", "an extra ')'"),
    ("نفت AND", g((S, w("نفت"))), "'AND' at the end has nothing on its right",
     "a dangling AND"),
    ("OR گاز", g((S, w("گاز"))), "'OR' has nothing on its left", "a leading OR"),
    ("(AND گاز) نفت", g((S, w("گاز")), (S, w("نفت"))), "'AND' has nothing on its left",
     "a leading AND inside a group"),
    ("نفت NOT", g((S, w("نفت"))), "'NOT' at the end has nothing to negate", "a dangling NOT"),
    ("NOT", g(), "'NOT' at the end has nothing to negate", "NOT alone"),
    ("نفت AND OR گاز", g((S, w("نفت")), (S, w("گاز"))), "kept 'OR'", "two operators in a row"),
    ("NOT NOT نفت", g((N, w("نفت"))), "repeated NOT", "NOT twice"),
    ("--نفت گاز", g((N, w("نفت")), (S, w("گاز"))), "kept the last sign", "two signs"),
    ("نفت () گاز", g((S, w("نفت")), (S, w("گاز"))), "empty parentheses ignored", "()"),
    ('نفت "" گاز', g((S, w("نفت")), (S, w("گاز"))), "empty phrase ignored", "an empty phrase"),
    ("نفت «  » گاز", g((S, w("نفت")), (S, w("گاز"))), "empty phrase ignored",
     "a phrase of spaces"),
    ("نفت + گاز", g((S, w("نفت")), (S, w("گاز"))), "lone '+' ignored", "a lone +"),
    ("نفت - گاز", g((S, w("نفت")), (S, w("گاز"))), "lone '-' ignored", "a lone - (a dash)"),
    ("(نفت -)", g((S, w("نفت"))), "lone '-' ignored", "a sign before ')'"),
    ("-تورم -دلار", g((N, w("تورم")), (N, w("دلار"))), "only excludes",
     "exclusions only are kept, with a warning"),
    ("NOT تورم", g((N, w("تورم"))), "only excludes", "NOT alone on a word"),
    ("(-تورم -دلار)", g((N, w("تورم")), (N, w("دلار"))), "only excludes",
     "exclusions only, in parentheses"),
    ("", g(), "nothing to search for", "an empty query"),
    ("   \u200c ", g(), "nothing to search for", "whitespace and a ZWNJ"),
    ("؟ ، !", g(), "nothing to search for", "punctuation only"),
]


@pytest.mark.parametrize(("query", "root", "fragment", "reason"), WARNED,
                         ids=[r[3] for r in WARNED])
def test_repairs_warn(query: str, root: Group, fragment: str, reason: str) -> None:
    parsed = parse_query(query)
    assert parsed.root == root, reason
    assert [m for m in parsed.warnings if fragment in m], (reason, parsed.warnings)
    assert all("\n" not in m for m in parsed.warnings)


def test_warnings_follow_the_query_order() -> None:
    warnings = parse_query('OR نفت foo:bar date:1402/13 "گاز').warnings
    assert [m.split(" ")[0] for m in warnings] == ["'OR'", "unknown", "not", "unclosed"]


def test_deep_parentheses_are_capped() -> None:
    parsed = parse_query("(" * (MAX_DEPTH + 20) + "نفت" + ")" * (MAX_DEPTH + 20) + " گاز")
    assert parsed.root == g((S, w("نفت")), (S, w("گاز")))
    assert any("nested deeper" in m for m in parsed.warnings)


# ---- properties -------------------------------------------------------------------------

FRAGMENTS = [
    "تهران", "کتاب‌ها", "انتخابات", "نفت", "بانک", "a", "AND", "OR", "NOT", "and", "&&", "||",
    "!", "(", ")", '"', "«", "»", "“", "”", "+", "-", "*", "کتاب*", "title:", "عنوان:", "foo:",
    "url:", "date:", "source:", "1402/07", "۱۴۰۲/۰۷/۱۵", "2023-10-01", "..", "…", ">=", "<", ">",
    "،", "؟", "؛", ":", "\u200c", "https://x.ir/a_(b)", "۱۰:۳۰", "",
]
query_like = st.lists(
    st.tuples(st.sampled_from(FRAGMENTS) | st.text(max_size=3), st.sampled_from(["", " ", "  "])),
    max_size=14,
).map(lambda parts: "".join(a + b for a, b in parts))


def walk(group: Group, depth: int = 0):  # yields (depth, occur, node)
    for occur, node in group.clauses:
        yield depth, occur, node
        if isinstance(node, Group):
            yield from walk(node, depth + 1)


def check_invariants(text: str) -> None:
    parsed = parse_query(text)
    assert isinstance(parsed.root, Group)
    assert parsed.text == text
    assert all(m and "\n" not in m for m in parsed.warnings)
    if not parsed.root.clauses:
        assert parsed.warnings, "an empty tree always says why"
    for _, occur, node in walk(parsed.root):
        assert isinstance(occur, Occur)
        if isinstance(node, (Word, Phrase)):
            assert node.text and node.text == node.text.strip()
            assert node.text in text
        elif isinstance(node, Group):
            assert node.clauses, "only the root may be empty"
        else:
            assert isinstance(node, DateRange)
            assert node.start is not None or node.end is not None
            assert all(b is None or b.tzinfo is not None for b in (node.start, node.end))
            assert node.start is None or node.end is None or node.start < node.end


@given(st.text())
def test_any_text_parses(text: str) -> None:
    check_invariants(text)


@given(query_like)
def test_query_like_text_parses(text: str) -> None:
    check_invariants(text)


persian_word = st.text(alphabet="ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی\u200c", min_size=1,
                       max_size=8).filter(lambda s: s.strip("\u200c"))


@given(st.lists(persian_word, min_size=1, max_size=6))
def test_plain_words_are_should_clauses_without_warnings(words: list[str]) -> None:
    parsed = parse_query(" ".join(words))
    assert parsed.root == g(*((S, w(t.strip("\u200c"))) for t in words))
    assert parsed.warnings == ()
