"""Queries written to break a search engine: the fixed list the tests and bench/fuzz_queries.py
run, besides the generated ones."""

from __future__ import annotations

LONG = 10_000

HOSTILE_QUERIES: dict[str, str] = {
    "unbalanced quote": '"بانک مرکزی',
    "quote in a word": 'بانک"مرکزی',
    "three quotes": '"""',
    "guillemet never closed": "«انتخابات مجلس",
    "guillemets reversed": "»تورم«",
    "10,000 letters, one word": "ا" * LONG,
    "10,000 characters of words": ("انتخابات مجلس تورم " * LONG)[:LONG],
    "10,000 characters of operators": ("+تورم -دلار OR " * LONG)[:LONG],
    "10,000 quotes": '"' * LONG,
    "500 nested parentheses": "(" * 500 + "تورم" + ")" * 500,
    "500 open parentheses": "(" * 500,
    "500 close parentheses": ")" * 500,
    "only operators": "AND OR NOT",
    "only signs": "+ - ! && || -",
    "a lone minus": "-",
    "NOT NOT": "NOT NOT تورم",
    "a lone star": "*",
    "one letter and a star": "ک*",
    "a long prefix": "ا" * 300 + "*",
    "NUL": "تورم\x00بانک",
    "only NUL": "\x00",
    "lone high surrogate": "تورم \ud800",
    "lone low surrogate": "\udfff بانک",
    "lone surrogate in a prefix": "تورم\ud800بانک*",
    "lone surrogate in an id": "id:\udcff",
    "bidi override": "\u202eتورم\u202c",
    "bidi isolates": "\u2066\u2067\u2068\u2069",
    "marks only": "\u200f\u200e\u200c\u200d",
    "empty field": "title:",
    "field of parentheses": "source:(((",
    "field of a phrase never closed": "title:«نفت",
    "empty date": "date:",
    "date of letters": "date:abc",
    "month 13, day 40": "date:1402/13/40",
    "open comparison": "date:>=",
    "empty range": "date:..",
    "huge year": "date:99999999999999999999",
    "Persian digits past the month": "date:۱۴۰۲/۰۷/۳۲",
    "an offset no clock has": "date:9999999999999999-9999",
    "a lone surrogate before a date": "id:\udcffdate:1402/07",
    "exclusion after dates and a stray star": "بانک date:1402/07 AND « \u200c » \u200c ! تورم ( date:1402/07 NOT date:>=2023-10-01 *",
    "reversed range": "date:1402/07..1401/01",
    "year zero": "date:0000-00-00",
    "negative year": "date:-1",
    "whitespace": " \t\n\r",
    "empty": "",
    "control characters": "\x1b[31mتورم\x07\x08",
    "RTL digits and letters": "۶ ظ ۱۱ ء ۸ ع ۴ ۶ ذ ۶ -۲",
    "the crash of issue 9": "6 ظ 11 ء 8 ع 4 6 ذ 6 -2",
}

# The pieces the query language is made of, so that generated text hits the parser's corners.
QUERY_PIECES: list[str] = [
    "تورم", "بانک", "مرکزی", "انتخابات", "مجلس", "کتاب*", "ک*", '"', "«", "»", "(", ")", "+",
    "-", "!", "AND", "OR", "NOT", "&&", "||", "title:", "source:", "date:", "date:1402/07",
    "date:>=2023-10-01", "..", ":", "*", " ", "\u200c", "\u202e", "\x00", "۱۴۰۲", "1402",
]
