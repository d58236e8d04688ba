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
the characters from the end of the word before to the word's end, and its length. All are
small: most are one byte each before the stored fields are compressed.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import accumulate
from operator import sub
from typing import NamedTuple

from analyzers import Token

PART_BREAK = "\n\n"  # between the lead and the body of a snippet's text
# The text's length and a part's number of words are written in two halves of 15 bits: each
# half a code point below the surrogates, however long the article.
_HALF = 15
_MASK = (1 << _HALF) - 1


class WordSpans(NamedTuple):
    """The decoded map: the snippet text's length, and per analysed word (in text order) its
    position in the index (band included), where it ends in the text and its length."""

    text_length: int
    positions: list[int]
    ends: list[int]
    lengths: Sequence[int]

    def span(self, word: int) -> tuple[int, int]:
        """``[start, end)`` of the ``word``-th word in the text."""
        end = self.ends[word]
        return end - self.lengths[word], end


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
    :func:`analyzers.analyze` gave them). None when a number is no code point UTF-8 carries
    (a surrogate, 55,296–57,343, or past 1,114,111)."""
    head = [text_length & _MASK, text_length >> _HALF, len(parts)]
    steps: list[int] = []
    advances: list[int] = []
    lengths: list[int] = []
    last_end = 0
    for band, offset, tokens in parts:
        head += (band, len(tokens) & _MASK, len(tokens) >> _HALF)
        if not tokens:
            continue
        _, starts, ends, places = zip(*tokens, strict=True)
        steps += map(sub, places, (0, *places[:-1]))
        advances += map(sub, ends, (last_end - offset, *ends[:-1]))
        lengths += map(sub, ends, starts)
        last_end = offset + ends[-1]
    try:  # C all the way: no loop a word
        return array("I", head + steps + advances + lengths).tobytes().decode("utf-32-le")
    except (OverflowError, UnicodeDecodeError):
        return None


def decode(value: str) -> WordSpans:
    """The map :func:`encode` wrote."""
    # One C call to the code points (a UTF-32 array), prefix sums in C: no loop a word.
    codes = array("I", value.encode("utf-32-le"))
    text_length = codes[0] | codes[1] << _HALF
    at = 3 + 3 * codes[2]
    counts = [codes[i + 1] | codes[i + 2] << _HALF for i in range(3, at, 3)]
    words = sum(counts)
    positions: list[int] = []
    for band, count in zip(codes[3:at:3], counts, strict=True):
        positions += accumulate(codes[at:at + count], initial=band)
        del positions[-count - 1]  # the band's start, not a word's position
        at += count
    ends = list(accumulate(codes[at:at + words]))
    return WordSpans(text_length, positions, ends, codes[at + words:at + 2 * words])


def spans_of(parts: Sequence[tuple[int, str, Sequence[Token]]]) -> str | None:
    """The map of a snippet text joined from ``parts`` (first position of the part's band, its
    text, its tokens), with :data:`PART_BREAK` between them."""
    offset = 0
    placed = []
    for band, text, tokens in parts:
        placed.append((band, offset, tokens))
        offset += len(text) + len(PART_BREAK)
    return encode(offset - len(PART_BREAK), placed) if placed else None
