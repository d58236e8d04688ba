"""Query text to tokens: words, phrases, field prefixes, parentheses, operators and signs.

The lexer knows characters, not meaning; ``searcher.query.parser`` turns the tokens into a tree.
Warnings carry the offset where they arose so the parser can report everything in query order.

Rules a user meets here:
- words end at whitespace, parentheses and opening quotes; ZWNJ and «-» stay inside a word;
- phrases open with ``"`` ``«`` ``“`` and close with the matching quote (``“`` also with ``"``);
- ``+``/``-`` count only at the start of a term (``بین-المللی`` is one word);
- ``AND`` ``OR`` ``NOT`` in upper case, ``&&`` ``||`` stand alone; ``!`` is NOT only when glued
  to the term it negates (``!تهران``), because Persian typists often write «عجب !»;
- ``name:`` starts a field when the name is a field or a Persian alias; ``url:`` values run to
  the next whitespace, so links with parentheses survive.
"""

from __future__ import annotations

import re
from enum import Enum, auto
from typing import NamedTuple

from searcher.ingest.labels import match_key

FIELDS = frozenset({
    "title", "surtitle", "lead", "body", "source", "tags", "id", "url", "news_code", "date",
})
# Persian names a reader would type for a field; compared after match_key folding (ي → ی …).
FIELD_ALIASES = {
    "عنوان": "title", "تیتر": "title", "روتیتر": "surtitle", "لید": "lead", "متن": "body",
    "منبع": "source", "خبرگزاری": "source", "برچسب": "tags", "تگ": "tags", "شناسه": "id",
    "نشانی": "url", "لینک": "url", "کد": "news_code", "تاریخ": "date",
}
_ALIASES = {match_key(alias): field for alias, field in FIELD_ALIASES.items()}
_FIELD_LIST = ", ".join(sorted(FIELDS))

_QUOTES = {'"': '"', "«": "»", "“": "”\""}
_OPERATORS = {"AND": "AND", "OR": "OR", "NOT": "NOT", "&&": "AND", "||": "OR"}
_FIELD_PREFIX = re.compile(r"([^\W\d][\w\u200c]*):")


class Kind(Enum):
    WORD = auto()
    PHRASE = auto()
    FIELD = auto()  # always followed by WORD, PHRASE or LPAREN
    LPAREN = auto()
    RPAREN = auto()
    AND = auto()
    OR = auto()
    NOT = auto()
    PLUS = auto()
    MINUS = auto()


class Token(NamedTuple):  # not a dataclass: start-up time (see parser.Word)
    """One piece of the query; ``text`` is raw for words and phrases, the field name for FIELD."""

    kind: Kind
    text: str
    pos: int


def field_name(name: str) -> str | None:
    """The canonical field for ``name`` («title», «Title», «عنوان»), or None when it is none."""
    lowered = name.lower()
    if lowered in FIELDS:
        return lowered
    return _ALIASES.get(match_key(name))


def tokenize(text: str) -> tuple[list[Token], list[tuple[int, str]]]:
    """Tokens of ``text`` and (offset, warning) pairs; never raises.

    >>> [t.kind.name for t in tokenize('+تورم -"بانک مرکزی"')[0]]
    ['PLUS', 'WORD', 'MINUS', 'PHRASE']
    """
    lexer = _Lexer(text)
    lexer.run()
    return lexer.tokens, lexer.warnings


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[Token] = []
        self.warnings: list[tuple[int, str]] = []

    def emit(self, kind: Kind, text: str, pos: int) -> None:
        self.tokens.append(Token(kind, text, pos))

    def run(self) -> None:
        text, i = self.text, 0
        while i < len(text):
            c = text[i]
            if c.isspace():
                i += 1
            elif c in "()":
                self.emit(Kind.LPAREN if c == "(" else Kind.RPAREN, c, i)
                i += 1
            elif c in _QUOTES:
                i = self.phrase(i)
            elif c in "+-":
                i = self.signs(i)
            elif c == "!" and self.starts_term(i + 1):
                self.emit(Kind.NOT, c, i)
                i += 1
            else:
                i = self.chunk(i, operators=True)

    def starts_term(self, i: int) -> bool:
        return i < len(self.text) and (self.text[i] in "(" or self.text[i] in _QUOTES
                                       or self.text[i].isalnum())

    def has_value(self, i: int) -> bool:
        return i < len(self.text) and not self.text[i].isspace() and self.text[i] != ")"

    def chunk_end(self, i: int) -> int:
        text = self.text
        while i < len(text) and not text[i].isspace() and text[i] not in "()" \
                and text[i] not in _QUOTES:
            i += 1
        return i

    def url_end(self, i: int) -> int:
        end = i
        while end < len(self.text) and not self.text[end].isspace():
            end += 1
        # «url:(…)» style grouping must still close: drop ")" the link itself did not open.
        while self.text[end - 1] == ")" and \
                self.text.count("(", i, end) < self.text.count(")", i, end):
            end -= 1
        return end

    def phrase(self, i: int) -> int:
        closers = _QUOTES[self.text[i]]
        end = i + 1
        while end < len(self.text) and self.text[end] not in closers:
            end += 1
        self.emit(Kind.PHRASE, self.text[i + 1:end], i)
        if end == len(self.text):
            self.warnings.append((i, "unclosed quote: the phrase runs to the end of the query"))
            return end
        return end + 1

    def signs(self, i: int) -> int:
        end = i
        while end < len(self.text) and self.text[end] in "+-":
            end += 1
        run = self.text[i:end]
        if not self.has_value(end):
            self.warnings.append((i, f"lone '{run}' ignored: write it right before a word, "
                                     "e.g. -دلار"))
            return end
        if len(run) > 1:
            self.warnings.append((i, f"'{run}' before a term: kept the last sign"))
        self.emit(Kind.PLUS if run[-1] == "+" else Kind.MINUS, run[-1], end - 1)
        if self.text[end] in "(!" or self.text[end] in _QUOTES:
            return end
        return self.chunk(end, operators=False)  # «+AND» is the word AND

    def chunk(self, i: int, *, operators: bool) -> int:
        end = self.chunk_end(i)
        word = self.text[i:end]
        if operators and word in _OPERATORS:
            self.emit(Kind[_OPERATORS[word]], word, i)
            return end
        if match := _FIELD_PREFIX.match(word):
            return self.field(i, match.group(1), i + match.end())
        self.emit(Kind.WORD, word, i)
        return end

    def field(self, start: int, name: str, value_at: int) -> int:
        field = field_name(name)
        text = self.text
        if field is None:
            return self.unknown_field(start, name, value_at)
        if not self.has_value(value_at):
            self.warnings.append((start, f"'{name}:' has no value; ignored "
                                         "(write it with no space, e.g. title:انتخابات)"))
            return value_at
        self.emit(Kind.FIELD, field, start)
        if text[value_at] == "(" or text[value_at] in _QUOTES:
            return value_at
        end = self.url_end(value_at) if field == "url" else self.chunk_end(value_at)
        self.emit(Kind.WORD, text[value_at:end], value_at)
        return end

    def unknown_field(self, start: int, name: str, value_at: int) -> int:
        text = self.text
        if not self.has_value(value_at):  # «گفت:» ends a word with a colon
            self.emit(Kind.WORD, text[start:value_at - 1], start)
            return value_at
        if text.startswith("//", value_at):  # a bare link: https://…
            end = self.url_end(value_at)
            self.emit(Kind.WORD, text[start:end], start)
            return end
        if text[value_at] == "(" or text[value_at] in _QUOTES:
            self.warnings.append((start, f"unknown field '{name}:' ignored; "
                                         f"fields are {_FIELD_LIST}"))
            return value_at
        end = self.chunk_end(value_at)
        self.emit(Kind.WORD, text[start:end], start)
        self.warnings.append((start, f"unknown field '{name}:': searched '{text[start:end]}' "
                                     f"as words; fields are {_FIELD_LIST}"))
        return end
