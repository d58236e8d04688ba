"""The analysis chain: text → tokens with terms, positions and spans into the original text."""

from __future__ import annotations

from typing import NamedTuple

from analyzers.morphology import word_term
from analyzers.tokenizer import (
    ATTACH_AFTER_HEH,
    TOKEN_PATTERN,
    Piece,
    Surface,
    describe,
    joins_across,
    simple_term,
)

# Bounded caches: vocabularies are Zipfian, so a few hundred thousand entries serve nearly
# every lookup while memory stays flat on million-article archives.
_CACHE_LIMIT = 300_000
_surfaces: dict[str, Surface] = {}
_terms: dict[tuple[str, ...], str | None] = {}
# Surfaces that are one word on their own and attach to nothing (most of them) → term, or ""
# for a stopword: the hot loop's fast path. _surfaces holds the full Surface of every other
# surface, and of a simple one only once it is needed (a word attaches to it or follows می).
_simple: dict[str, str] = {}
_NO_PIECE = Piece((), 0, 0, None)


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
        _simple.clear()
    _surfaces[surface] = info
    _, pieces, attach, open_prefix = info
    if len(pieces) == 1 and not attach and not open_prefix:
        _, start, stop, term = pieces[0]
        if start == 0 and stop == len(surface):
            _simple[surface] = term or ""
    return info


def _first_sight(surface: str) -> str | None:
    """Learn a new surface; its term ("" for a stopword) when it is simple, else None."""
    term = simple_term(surface, word_term)
    if term is None:
        _describe(surface)  # fills _simple too if the surface turns out simple
        return _simple.get(surface)
    if len(_simple) >= _CACHE_LIMIT:
        _surfaces.clear()
        _simple.clear()
    _simple[surface] = term
    return term


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
    simple = _simple.get
    find = text.find
    pos = end = 0
    # The last word, in case the next surface attaches to it: its piece (span relative to
    # last_base), whether it is Persian, whether it is a bare می/نمی; when it was a whole simple
    # surface, just that surface (last_surface), looked up only if something attaches.
    # Each word is emitted at once; the rare attachment takes its token back and emits the
    # joined word instead.
    last: Piece = _NO_PIECE
    last_surface: str | None = None
    last_base = 0
    last_fa = last_open = False
    for surface in TOKEN_PATTERN.findall(text):
        base = find(surface, end)
        end = base + len(surface)
        term = simple(surface)
        info = None
        if term is None:
            info = get(surface)
            if info is None:
                term = _first_sight(surface)
        if term is not None and not last_open:  # most words: one piece, attaching to nothing
            if term:
                append(new(Token, (term, base, end, pos)))
            pos += 1
            last_surface, last_base = surface, base
            continue
        fa, pieces, attach, open_prefix = info or get(surface) or _describe(surface)
        if (attach or last_open) and fa:
            if last_surface is not None:
                last_fa, last_pieces, _, _ = get(last_surface) or _describe(last_surface)
                last = last_pieces[-1]
            parts, start, stop, term = last
            head_parts, head_start, head_end, _ = pieces[0]
            if last_fa and (
                last_open or attach != ATTACH_AFTER_HEH or parts[-1].endswith("ه")
            ) and joins_across(text[last_base + stop:base + head_start]):
                if term:
                    tokens.pop()
                parts = parts + head_parts
                term = _joined_term(parts)
                start += last_base - base
                if term:
                    append(new(Token, (term, base + start, base + head_end, pos - 1)))
                last = new(Piece, (parts, start, head_end, term))
                pieces = pieces[1:]
        for _, start, stop, term in pieces:
            if term:
                append(new(Token, (term, base + start, base + stop, pos)))
            pos += 1
        if pieces:
            last = pieces[-1]
        last_surface = None
        last_base, last_fa, last_open = base, fa, open_prefix
    return tokens


def reset_caches() -> None:
    """Forget every cached surface and term; the lexicon stays loaded.

    For measuring analysis of unseen text (bench/bench_analyzer.py); results never change.
    """
    _surfaces.clear()
    _simple.clear()
    _terms.clear()


def terms(text: str) -> list[str]:
    """Just the terms of ``text``, in order."""
    return [token.term for token in analyze(text)]


# Between two words typed apart: a space or ZWNJ (and the invisibles around it), nothing else.
_APART = "\u200c \t\n\r"


def joined_terms(text: str, tokens: list[Token] | None = None) -> list[tuple[str, str, str]]:
    """For each pair of adjacent words, (first term, second term, term of the pair written solid).

    Persian writes many compounds both ways (سرما خوردگی / سرماخوردگی, بندر انزلی / بندرانزلی);
    searching the solid term beside the two lets either spelling find the other. Every pair is
    proposed whether or not such a word exists; the index decides. ``tokens``: ``analyze(text)``
    when the caller has it already.

    >>> joined_terms("سرما خوردگی")
    [('سرما', 'خوردگی', 'سرماخوردگی')]
    """
    if tokens is None:
        tokens = analyze(text)
    out: list[tuple[str, str, str]] = []
    for first, second in zip(tokens, tokens[1:], strict=False):
        if second.pos != first.pos + 1 or text[first.end:second.start].strip(_APART):
            continue
        solid = analyze(text[first.start:first.end] + text[second.start:second.end])
        if len(solid) == 1 and solid[0].term not in (first.term, second.term):
            out.append((first.term, second.term, solid[0].term))
    return out
