"""The khabar query language: user text to a tree of raw strings, plus what was skipped and why.

Nothing here knows whoosh or the analyzer: words and phrases keep the user's spelling, and the
compiler that turns the tree into a whoosh query analyzes them. Parsing is lenient: any string
gives a tree (possibly empty) and one-line English warnings for what was repaired or dropped.

Forms:
- ``تورم`` a word: SHOULD (ranked, not required); ``+تورم`` MUST; ``-دلار`` MUST_NOT.
- ``"بانک مرکزی"``, ``«بانک مرکزی»``, ``“بانک مرکزی”`` phrases, with the same signs.
- ``AND`` ``OR`` ``NOT`` (upper case), ``&&`` ``||`` ``!``; parentheses nest a Group.
- ``title:انتخابات``, ``عنوان:«…»``, ``source:(ایرنا ایسنا)``: fields and Persian aliases
  (``FIELD_ALIASES``); an unknown ``foo:bar`` stays one word ``foo:bar``, with a warning.
- ``کتاب*`` a prefix (at least 2 letters before the star).
- ``date:1402/07``, ``date:1402/07/01..1402/07/30``, ``date:>=2023-10-01``, ``date:<1402``,
  ``date:..1402/06``: a DateRange, half-open [start, end) in Tehran time.

Precedence is Lucene's classic one, read left to right inside each group: ``AND`` makes the
clauses on both sides MUST (unless one is MUST_NOT), ``OR`` leaves them as they are, ``NOT`` and
``-`` make the next clause MUST_NOT and win over ``+``. So ``a AND b OR c`` is ``+a +b c`` and
``a OR b AND c`` is ``a +b +c``; write parentheses when that is not what you mean.

A group of one clause collapses into that clause (``(نفت)`` is the word); a group of exclusions
only is kept, and the compiler decides how to run it.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import Enum
from typing import NamedTuple

from searcher.errors import UsageError
from searcher.query.lexer import FIELD_ALIASES, FIELDS, Kind, Token, tokenize

__all__ = [
    "FIELDS", "FIELD_ALIASES", "DateRange", "Group", "Node", "Occur", "ParsedQuery", "Phrase",
    "Word", "date_range", "parse_query",
]

MIN_PREFIX_LETTERS = 2  # «ک*» would expand to a large share of the vocabulary
MAX_DEPTH = 32  # deeper parentheses are ignored, so a pathological query cannot recurse away

# Punctuation that ends a sentence, not a word: dropped from word edges, kept inside phrases.
_EDGE = "،؛؟!,;?»”\u200b\u200c\u200d\u200e\u200f\ufeff"
_EDGE_RE = re.compile(f"^[{_EDGE}]+|[{_EDGE}]+$")
_PHRASE_EDGE_RE = re.compile("^[\\s\u200b-\u200f\ufeff]+|[\\s\u200b-\u200f\ufeff]+$")
_DATE_FORMS = "1402/07/15, 1402/07, 1402, 2023-10-01, A..B, >=A, >A, <=A, <A"


# The tree's nodes are named tuples, not dataclasses: a one-shot search imports this module at
# start-up, where a frozen dataclass costs ~1 ms to create (its methods are compiled from
# generated source) and a named tuple a third of that. Immutable and compared by value alike.


class Occur(Enum):
    """How a clause takes part in its group, as in Lucene's BooleanClause."""

    SHOULD = "should"
    MUST = "must"
    MUST_NOT = "must_not"


class Word(NamedTuple):
    """A word as typed («کتاب‌ها»); ``prefix`` for «کتاب*» (``text`` is then without the star)."""

    text: str
    field: str | None = None
    prefix: bool = False


class Phrase(NamedTuple):
    """The text between quotes, trimmed; punctuation inside is left for the analyzer."""

    text: str
    field: str | None = None


class DateRange(NamedTuple):
    """Publication time in [start, end), timezone-aware; None is an open side."""

    start: datetime | None
    end: datetime | None


class Group(NamedTuple):
    """Clauses combined the Lucene way: all MUSTs, none of the MUST_NOTs, SHOULDs rank."""

    clauses: tuple[tuple[Occur, Node], ...]


Node = Word | Phrase | DateRange | Group


class ParsedQuery(NamedTuple):
    """The tree, what the parser repaired or dropped (one line each), and the original text."""

    root: Group
    warnings: tuple[str, ...]
    text: str


def parse_query(text: str) -> ParsedQuery:
    """Parse ``text`` leniently; never raises.

    >>> parse_query("+تورم -دلار").root.clauses[1]
    (<Occur.MUST_NOT: 'must_not'>, Word(text='دلار', field=None, prefix=False))
    """
    tokens, warnings = tokenize(text)
    parser = _Parser(tokens, warnings)
    clauses = parser.group(None, 0)
    if len(clauses) == 1 and clauses[0][0] is not Occur.MUST_NOT \
            and isinstance(clauses[0][1], Group):
        root = clauses[0][1]
    else:
        root = Group(tuple(clauses))
    end = len(text)
    if not root.clauses:
        warnings.append((end, "nothing to search for: the query has no words"))
    elif all(occur is Occur.MUST_NOT for occur, _ in root.clauses):
        warnings.append((end, "the query only excludes (-word, NOT): it matches nothing on its "
                              "own; add a word to search for"))
    ordered = dict.fromkeys(message for _, message in sorted(warnings, key=lambda w: w[0]))
    return ParsedQuery(root, tuple(ordered), text)


def date_range(value: str) -> tuple[datetime | None, datetime | None, bool]:
    """The [start, end) a ``date:`` value covers, and whether A..B was given backwards.

    ``A..B`` is [start(A), end(B)); ``>=A`` [start(A), ∞); ``>A`` [end(A), ∞);
    ``<A`` (−∞, start(A)); ``<=A`` (−∞, end(A)). Raises UsageError for anything else.
    """
    from searcher.ingest.dates import parse_date_bound  # jdatetime, only when a date is asked for

    value = value.replace("…", "..")
    for sign, side in ((">=", 0), ("<=", 1), (">", 1), ("<", 0)):
        if value.startswith(sign):
            bound = parse_date_bound(value[len(sign):])[side]
            return (bound, None, False) if sign[0] == ">" else (None, bound, False)
    if ".." not in value:
        start, end = parse_date_bound(value)
        return start, end, False
    first, last = (part.strip() for part in value.split("..", 1))
    if not first and not last:
        raise UsageError(f"not a date range: {value!r}", hint=_DATE_FORMS)
    low = parse_date_bound(first) if first else None
    high = parse_date_bound(last) if last else None
    if low and high and high[1] <= low[0]:
        return high[0], low[1], True
    return (low[0] if low else None), (high[1] if high else None), False


class _Parser:
    """Recursive descent over the tokens; warnings are (offset, message) pairs."""

    def __init__(self, tokens: list[Token], warnings: list[tuple[int, str]]) -> None:
        self.tokens = tokens
        self.warnings = warnings
        self.i = 0
        self.ignored_parens = 0  # "(" beyond MAX_DEPTH whose ")" must be ignored too

    def warn(self, pos: int, message: str) -> None:
        self.warnings.append((pos, message))

    def peek(self) -> Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def group(self, field: str | None, depth: int) -> list[tuple[Occur, Node]]:
        """Clauses up to the ``)`` closing this group (left for the caller) or the end."""
        clauses: list[tuple[Occur, Node]] = []
        conj: Token | None = None
        negate: Token | None = None
        sign: Token | None = None
        while (tok := self.peek()) is not None:
            if tok.kind is Kind.RPAREN and not self.ignored_parens and depth > 0:
                break
            self.i += 1
            if tok.kind is Kind.RPAREN:
                if self.ignored_parens:
                    self.ignored_parens -= 1
                else:
                    self.warn(tok.pos, "unmatched ')' ignored")
            elif tok.kind in (Kind.AND, Kind.OR):
                if not clauses:
                    self.warn(tok.pos, f"'{tok.text}' has nothing on its left; ignored")
                elif conj is not None:
                    self.warn(tok.pos, f"'{conj.text}' right before '{tok.text}': "
                                       f"kept '{tok.text}'")
                    conj = tok
                else:
                    conj = tok
            elif tok.kind is Kind.NOT:
                if negate is not None:
                    self.warn(tok.pos, "repeated NOT read as one")
                negate = tok
            elif tok.kind in (Kind.PLUS, Kind.MINUS):
                sign = tok
            else:
                node = self.term(tok, field, depth)
                if node is not None:
                    self.add(clauses, node, conj, negate, sign)
                conj = negate = sign = None
        if conj is not None:
            self.warn(conj.pos, f"'{conj.text}' at the end has nothing on its right; ignored")
        if negate is not None:
            self.warn(negate.pos, f"'{negate.text}' at the end has nothing to negate; ignored")
        return clauses

    @staticmethod
    def add(clauses: list[tuple[Occur, Node]], node: Node, conj: Token | None,
            negate: Token | None, sign: Token | None) -> None:
        """Lucene's classic rule: AND makes its left neighbour MUST too, unless excluded."""
        conj_and = conj is not None and conj.kind is Kind.AND
        if negate is not None or (sign is not None and sign.kind is Kind.MINUS):
            occur = Occur.MUST_NOT
        elif (sign is not None and sign.kind is Kind.PLUS) or conj_and:
            occur = Occur.MUST
        else:
            occur = Occur.SHOULD
        if conj_and and clauses and clauses[-1][0] is Occur.SHOULD:
            clauses[-1] = (Occur.MUST, clauses[-1][1])
        clauses.append((occur, node))

    def term(self, tok: Token, field: str | None, depth: int) -> Node | None:
        if tok.kind is Kind.FIELD:
            value = self.peek()
            if value is None:  # the lexer always gives a value; stay total anyway
                return None
            self.i += 1
            return self.term(value, tok.text, depth)
        if tok.kind is Kind.LPAREN:
            return self.parenthesized(tok, field, depth)
        if tok.kind is Kind.PHRASE:
            return self.phrase(tok, field)
        if tok.kind is Kind.WORD:
            return self.word(tok, field)
        self.warn(tok.pos, f"'{tok.text}' ignored")
        return None

    def parenthesized(self, tok: Token, field: str | None, depth: int) -> Node | None:
        if depth >= MAX_DEPTH:
            self.ignored_parens += 1
            self.warn(tok.pos, f"parentheses nested deeper than {MAX_DEPTH} levels: "
                               "the inner ones were ignored")
            return None
        first = self.i
        clauses = self.group(field, depth + 1)
        if self.i == first:
            self.warn(tok.pos, "empty parentheses ignored")
        nxt = self.peek()
        if nxt is not None and nxt.kind is Kind.RPAREN:
            self.i += 1
        else:
            self.warn(tok.pos, "missing ')': the group was closed at the end of the query")
        if not clauses:
            return None
        if len(clauses) == 1 and clauses[0][0] is not Occur.MUST_NOT:
            return clauses[0][1]
        return Group(tuple(clauses))

    def phrase(self, tok: Token, field: str | None) -> Node | None:
        text = _PHRASE_EDGE_RE.sub("", tok.text)
        if field == "date":
            return self.date(tok, text)
        if not text:
            self.warn(tok.pos, "empty phrase ignored")
            return None
        return Phrase(text, field)

    def word(self, tok: Token, field: str | None) -> Node | None:
        text = _EDGE_RE.sub("", tok.text)
        if field == "date":
            return self.date(tok, text)
        stem = _EDGE_RE.sub("", text.strip("*"))
        if not stem:
            if text:
                self.warn(tok.pos, "lone '*' ignored: put it after a word's first letters, "
                                   "e.g. کتاب*")
            return None
        if text.startswith("*"):
            self.warn(tok.pos, f"a '*' at the start of '{text}' is not supported: dropped it")
            text = _EDGE_RE.sub("", text.lstrip("*"))
        if stem == text:
            return Word(text, field)
        if sum(ch.isalnum() for ch in stem) < MIN_PREFIX_LETTERS:
            self.warn(tok.pos, f"prefix '{stem}*' is shorter than {MIN_PREFIX_LETTERS} "
                               f"letters: searched '{stem}' as a word")
            return Word(stem, field)
        return Word(stem, field, prefix=True)

    def date(self, tok: Token, value: str) -> DateRange | None:
        try:
            start, end, backwards = date_range(value)
        except UsageError:
            self.warn(tok.pos, f"not a date: '{value}' (use {_DATE_FORMS}); "
                               "the date filter was dropped")
            return None
        if backwards:
            self.warn(tok.pos, f"date range '{value}' runs backwards: read it the other way")
        return DateRange(start, end)
