"""Where each word of an article's snippet text stands: a map written at index time.

A snippet (:mod:`searcher.rank.snippets`) is cut from the article's lead and body joined by a
blank line (its title when it has neither) and highlights the words whose terms the query
asked for. Finding those words by analysing each hit's text cost ~0.25 ms an article, most of
a warm query's snippet stage at 100k articles. The index knows where each term stands — its
positions, each part in its own band (:data:`searcher.index.schema.BANDS`) — so this map,
stored with each article, gives every analysed word of the snippet text its position and its
span of characters: a snippet is then built from the query terms' positions in the article.

The index analyses each part alone, the snippet text joins them with a blank line. No word
attaches to another across a blank line (:func:`analyzers.tokenizer.joins_across`), so the
joined text's words are the parts' words, in order, their spans moved by where each part
starts; tests/searcher/rank/test_snippets_from_offsets.py holds the two paths' snippets equal
on the sample corpus and on generated articles.

The map is a ``str`` of code points, because whoosh pickles stored values with protocol 2,
which keeps a str as UTF-8 (a number below 128 in one byte) but turns bytes into a latin-1
str: the text's length (two 15-bit halves), the number of parts, per part the first position
of its band and its number of words (two halves); then three runs over all the words: the
position's step from the word before in its part (the first word's from the band's start),
the characters from the end of the word before to the word's start, and its length. Steps,
gaps and lengths are small: most are one byte each before the stored fields are compressed.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate
from operator import add, itemgetter, sub
from typing import NamedTuple

from analyzers import Token

PART_BREAK = "\n\n"  # between the lead and the body of a snippet's text
# Numbers above this would need a surrogate code point, which UTF-8 cannot carry: an article
# with one (a gap of 55,000 characters between two words) gets no map.
_LIMIT = 0xD800
_HALF = 15  # bits in each half of a number that may exceed _LIMIT (lengths, counts)
_MASK = (1 << _HALF) - 1
_starts, _ends, _places = itemgetter(1), itemgetter(2), itemgetter(3)


class WordSpans(NamedTuple):
    """The decoded map: the snippet text's length, and per analysed word (in text order) its
    position in the index (band included) and its span ``[start, end)`` in the text."""

    text_length: int
    positions: list[int]
    starts: list[int]
    ends: list[int]


def snippet_parts(title: str, lead: str, body: str) -> list[tuple[str, str]]:
    """The (part, text) pairs a snippet's text joins: the lead and the body that are not
    empty, else the title (none when it is empty too)."""
    found = [(name, text) for name, text in (("lead", lead), ("body", body)) if text]
    return found or ([("title", title)] if title else [])


def snippet_text(title: str, lead: str, body: str) -> str:
    """The text a snippet is cut from (its offsets are this text's)."""
    return PART_BREAK.join(text for _, text in snippet_parts(title, lead, body))


def encode(text_length: int, parts: Sequence[tuple[int, int, Sequence[Token]]]) -> str | None:
    """The map of a snippet text of ``text_length`` characters from its ``parts``: (first
    position of the part's band, where the part starts in the text, the part's tokens as
    :func:`analyzers.analyze` gave them). None when a number does not fit."""
    head = [text_length & _MASK, text_length >> _HALF, len(parts)]
    steps: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    for band, offset, tokens in parts:
        head += (band, len(tokens) & _MASK, len(tokens) >> _HALF)
        places = list(map(_places, tokens))
        steps += map(sub, places, [0, *places[:-1]])
        starts += (offset + start for start in map(_starts, tokens))
        ends += (offset + end for end in map(_ends, tokens))
    lengths = list(map(sub, ends, starts))
    gaps = list(map(sub, starts, [0, *ends[:-1]]))
    values = head + steps + gaps + lengths
    if max(values) >= _LIMIT or min(values) < 0:
        return None
    return "".join(map(chr, values))


def decode(value: str) -> WordSpans:
    """The map :func:`encode` wrote."""
    codes = list(map(ord, value))
    text_length = codes[0] | codes[1] << _HALF
    parts = codes[2]
    at = 3 + 3 * parts
    counts = [codes[i + 1] | codes[i + 2] << _HALF for i in range(3, at, 3)]
    words = sum(counts)
    positions: list[int] = []
    step_at = at
    for band, count in zip(codes[3:at:3], counts, strict=True):
        # the first sum is the band's start itself, not a word's position
        positions += list(accumulate(codes[step_at:step_at + count], initial=band))[1:]
        step_at += count
    gaps = codes[at + words:at + 2 * words]
    lengths = codes[at + 2 * words:at + 3 * words]
    ends = list(accumulate(map(add, gaps, lengths)))
    starts = list(map(sub, ends, lengths))
    return WordSpans(text_length, positions, starts, ends)


def spans_of(parts: Sequence[tuple[int, str, Sequence[Token]]]) -> str | None:
    """The map of a snippet text joined from ``parts`` (first position of the part's band, its
    text, its tokens), with :data:`PART_BREAK` between them."""
    offset = 0
    placed = []
    for band, text, tokens in parts:
        placed.append((band, offset, tokens))
        offset += len(text) + len(PART_BREAK)
    return encode(offset - len(PART_BREAK), placed) if placed else None
