"""The analysis chain: text → tokens with terms, positions and spans into the original text."""

from __future__ import annotations

from typing import NamedTuple

from analyzers.morphology import word_term
from analyzers.tokenizer import ATTACH_AFTER_HEH, TOKEN_PATTERN, Surface, describe

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
    info = describe(surface)
    if info.fa:
        info = info._replace(
            pieces=tuple(p._replace(term=word_term(p.parts)) for p in info.pieces))
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
    # The hot loop of indexing: locals and tuple.__new__ instead of attribute lookups and
    # Python-level constructors, because this runs once per word of every article.
    tokens: list[Token] = []
    append = tokens.append
    new = tuple.__new__
    get = _surfaces.get
    pos = 0
    # The pending word, emitted once the next word cannot attach to it.
    w_parts: tuple[str, ...] = ()
    w_term: str | None = None
    w_start = w_end = 0
    w_fa = w_open = False
    for match in TOKEN_PATTERN.finditer(text):
        surface = match.group()
        base = match.start()
        info = get(surface) or _describe(surface)
        pieces = info.pieces
        if w_parts and w_fa and info.fa and (w_open or info.attach):
            head = pieces[0]
            gap = text[w_end:base + head.start]
            if (
                gap.isspace()
                and "\n\n" not in gap
                and (w_open or info.attach != ATTACH_AFTER_HEH or w_parts[-1].endswith("ه"))
            ):
                w_parts = w_parts + head.parts
                w_term = _joined_term(w_parts)
                w_end = base + head.end
                pieces = pieces[1:]
        for piece in pieces:
            if w_parts:
                if w_term:
                    append(new(Token, (w_term, w_start, w_end, pos)))
                pos += 1
            w_parts, w_term = piece.parts, piece.term
            w_start, w_end, w_fa = base + piece.start, base + piece.end, info.fa
        w_open = info.open_prefix
    if w_parts and w_term:
        append(new(Token, (w_term, w_start, w_end, pos)))
    return tokens


def terms(text: str) -> list[str]:
    """Just the terms of ``text``, in order."""
    return [token.term for token in analyze(text)]
