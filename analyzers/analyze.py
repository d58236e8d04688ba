"""The analysis chain: text → tokens with terms, positions and spans into the original text."""

from __future__ import annotations

from typing import NamedTuple

from analyzers.morphology import word_term
from analyzers.tokenizer import (
    ATTACH_AFTER_HEH,
    TOKEN_PATTERN,
    Surface,
    describe,
    joins_across,
)

# Bounded caches: vocabularies are Zipfian, so a few hundred thousand entries serve nearly
# every lookup while memory stays flat on million-article archives.
_CACHE_LIMIT = 300_000
_surfaces: dict[str, Surface] = {}
_terms: dict[tuple[str, ...], str | None] = {}


class Token(NamedTuple):
    """An index term and where its surface form stands: ``text[start:end]``.

    ``pos`` counts words including dropped stopwords, so phrase distances stay true.
    """

    term: str
    start: int
    end: int
    pos: int


def _describe(surface: str) -> Surface:
    info = describe(surface, word_term)
    if len(_surfaces) >= _CACHE_LIMIT:
        _surfaces.clear()
    _surfaces[surface] = info
    return info


def _joined_term(parts: tuple[str, ...]) -> str | None:
    term = _terms.get(parts, "")
    if term == "":
        if len(_terms) >= _CACHE_LIMIT:
            _terms.clear()
        term = _terms[parts] = word_term(parts)
    return term


def analyze(text: str) -> list[Token]:
    """Analyze ``text`` into tokens; stopwords leave a gap in positions.

    >>> [(t.term, t.start, t.end) for t in analyze("كتابهاي ما")]
    [('کتاب', 0, 7)]
    """
    # The hot loop of indexing: locals, tuple unpacking and tuple.__new__ instead of attribute
    # lookups and Python-level constructors, because this runs once per word of every article.
    # findall + str.find is cheaper than a Match object per word; the first occurrence of a
    # surface at or after the previous match's end is where the pattern matched it, because the
    # pattern would have matched at any earlier occurrence.
    tokens: list[Token] = []
    append = tokens.append
    new = tuple.__new__
    get = _surfaces.get
    find = text.find
    pos = end = 0
    # The pending word, emitted once the next word cannot attach to it.
    w_parts: tuple[str, ...] = ()
    w_term: str | None = None
    w_start = w_end = 0
    w_fa = w_open = False
    for surface in TOKEN_PATTERN.findall(text):
        base = find(surface, end)
        end = base + len(surface)
        fa, pieces, attach, open_prefix = get(surface) or _describe(surface)
        if (w_open or attach) and w_fa and fa and w_parts:
            head_parts, head_start, head_end, _ = pieces[0]
            if (w_open or attach != ATTACH_AFTER_HEH or w_parts[-1].endswith("ه")) and (
                joins_across(text[w_end:base + head_start])
            ):
                w_parts = w_parts + head_parts
                w_term = _joined_term(w_parts)
                w_end = base + head_end
                pieces = pieces[1:]
        for parts, start, stop, term in pieces:
            if w_parts:
                if w_term:
                    append(new(Token, (w_term, w_start, w_end, pos)))
                pos += 1
            w_parts, w_term, w_start, w_end = parts, term, base + start, base + stop
        w_fa, w_open = fa, open_prefix
    if w_parts and w_term:
        append(new(Token, (w_term, w_start, w_end, pos)))
    return tokens


def terms(text: str) -> list[str]:
    """Just the terms of ``text``, in order."""
    return [token.term for token in analyze(text)]
