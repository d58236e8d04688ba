"""Snippets: the best one or two passages of an article, with the matched words' spans.

Spans come from the analyzer's offsets — the words whose *terms* the query asked for — so a
query «کتاب» highlights کتاب‌ها and كتابهاي as the article printed them. Passages are cut at
Persian and Latin sentence ends (. ؟ ! ؛ … and line breaks) and, inside a long sentence, at
spaces, never inside a word.

A hit's words are found without analysing its text again when the index stored its word spans
(:mod:`searcher.index.word_spans`): the query terms' positions in the article
(:class:`Located`) point into them. Both ways find the same words, so the snippet is the same.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection, Mapping, Sequence
from typing import NamedTuple

from analyzers import Token, analyze
from searcher.article import Article
from searcher.index.word_spans import WordSpans, snippet_text
from searcher.results import Snippet

SNIPPET_CHARS = 200
SECOND_PASSAGE_CHARS = 120
ELLIPSIS = "…"
_SENTENCE_END = re.compile(r"[.!?؟؛…]+[\"»”)]*(?=\s|$)|\n+")
_SENTENCE_MARK = re.compile(r"[.!?؟؛…\n]")  # the characters a sentence end starts with

Span = tuple[int, int]


def highlights(text: str, terms: Collection[str],
               phrases: Sequence[tuple[str, ...]] = ()) -> list[Span]:
    """Spans in ``text`` of every word whose term is in ``terms`` and of every whole phrase."""
    if not terms and not phrases:
        return []
    return [(start, end) for start, end, _ in _matches(analyze(text), terms, phrases)]


def one_line(text: str) -> str:
    """``text`` with each line break, tab and carriage return made a space: a passage as shown.

    (``str.translate`` looks every non-ASCII character up in its table: ~150 times slower on
    Persian text than three ``replace`` calls, which scan for one character each.)
    """
    for blank in "\n\t\r":
        if blank in text:
            text = text.replace(blank, " ")
    return text


def _sentences(text: str) -> list[Span]:
    spans = []
    start = 0
    # Every sentence end begins with one of these characters: the pattern is tried only where
    # one stands (as scanning the whole text would find it), which is 4 times faster than
    # letting it try every character of a Persian article.
    match_end = _SENTENCE_END.match
    for mark in _SENTENCE_MARK.finditer(text):
        if mark.start() < start:
            continue  # inside the end just found (a run of marks, of line breaks)
        found = match_end(text, mark.start())
        if found is None:
            continue
        end = found.end()
        if not text[start:end].isspace():
            spans.append((start, end))
        start = end
    if start < len(text) and not text[start:].isspace():
        spans.append((start, len(text)))
    return spans


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _window(text: str, start: int, end: int, focus: int, width: int) -> Span:
    """A span of at most ``width`` chars inside [start, end) around ``focus``, cut at spaces."""
    if end - start <= width:
        return start, end
    lo = max(start, focus - width // 4)
    hi = min(end, lo + width)
    lo = max(start, hi - width)
    if lo > start:
        space = text.find(" ", lo, focus) if focus > lo else -1
        lo = space + 1 if space != -1 else lo
    if hi < end:
        space = text.rfind(" ", max(lo, focus), hi)
        hi = space if space > lo else hi
    return lo, hi


PHRASE_KEY = "\x00phrase"  # match keys of whole-phrase occurrences (no term starts with NUL)
PHRASE_WEIGHT = 100  # a passage with the phrase beats one with its words apart


def _phrase_matches(tokens: Sequence[Token], phrases: Sequence[tuple[str, ...]]
                    ) -> list[tuple[int, int, str]]:
    """Occurrences of each phrase as consecutive analyzed words: one span from the first
    word's start to the last word's end."""
    found = []
    terms = [t.term for t in tokens]
    for number, phrase in enumerate(phrases):
        size = len(phrase)
        for i in range(len(terms) - size + 1):
            if tuple(terms[i:i + size]) == phrase:
                found.append((tokens[i].start, tokens[i + size - 1].end,
                              f"{PHRASE_KEY}{number}"))
    return found


def _matches(tokens: Sequence[Token], terms: Collection[str],
             phrases: Sequence[tuple[str, ...]]) -> list[tuple[int, int, str]]:
    """(start, end, key) of each whole phrase and of each word of ``terms`` outside them."""
    whole = _phrase_matches(tokens, phrases)
    return sorted(whole + [(t.start, t.end, t.term) for t in tokens if t.term in terms
                           and not any(s <= t.start and t.end <= e for s, e, _ in whole)])


class Located(NamedTuple):
    """An article's stored word spans and where the query's terms (and its phrases' terms)
    stand in it: term → positions, as the index holds them."""

    spans: WordSpans
    positions: Mapping[str, Sequence[int]]

    def matches(self, terms: Collection[str], phrases: Sequence[tuple[str, ...]]
                ) -> list[tuple[int, int, str]]:
        """What :func:`_matches` finds in the analysed text, from the stored spans: a phrase
        is its terms at consecutive analysed words, as there."""
        span = self.spans.span
        whole = []
        for number, phrase in enumerate(phrases):
            later = [set(self._words(term)) for term in phrase[1:]]
            for i in self._words(phrase[0]):
                if all(i + j in found for j, found in enumerate(later, 1)):
                    whole.append((span(i)[0], span(i + len(phrase) - 1)[1],
                                  f"{PHRASE_KEY}{number}"))
        words = [(*span(i), term) for term in terms for i in self._words(term)]
        return sorted(whole + [(start, end, term) for start, end, term in words
                               if not any(s <= start and end <= e for s, e, _ in whole)])

    def _words(self, term: str) -> list[int]:
        """The indexes of the analysed words whose term is ``term``."""
        at = self.spans.positions
        found = []
        for position in self.positions.get(term, ()):
            i = bisect_left(at, position)
            if i < len(at) and at[i] == position:  # not a word of another part (the title)
                found.append(i)
        return found


def _weight(key: str) -> int:
    return PHRASE_WEIGHT if key.startswith(PHRASE_KEY) else 10


def _best_passage(text: str, sentences: list[Span], matches: list[tuple[int, int, str]],
                  width: int, exclude: set[str]) -> tuple[Span, set[str]] | None:
    best: tuple[float, Span, set[str]] | None = None
    # Matches are sorted by start: those inside a window lie between two bisections, and most
    # windows of a long article hold none.
    starts = [m[0] for m in matches]
    j = 0
    for i, (s_start, _) in enumerate(sentences):
        # The window: sentences i..j, as many as fit in ``width`` (at least sentence i); a
        # later start only lets it reach further.
        j = max(j, i)
        while j + 1 < len(sentences) and sentences[j + 1][1] - s_start <= width:
            j += 1
        end = sentences[j][1]
        inside = [m for m in matches[bisect_left(starts, s_start):bisect_left(starts, end)]
                  if m[1] <= end]
        if not inside:
            continue
        focus = inside[0][0]
        lo, hi = _window(text, s_start, end, focus, width)
        inside = [m for m in inside if lo <= m[0] and m[1] <= hi]
        found = {m[2] for m in inside}
        score = sum(map(_weight, found - exclude)) + len(inside) - 0.001 * lo
        if best is None or score > best[0]:
            best = (score, (lo, hi), found)
    if best is None or not best[2] - exclude:
        return None
    return best[1], best[2]


def make_snippet(article: Article, terms: Collection[str], *, width: int = SNIPPET_CHARS,
                 phrases: Sequence[tuple[str, ...]] = (), located: Located | None = None
                 ) -> Snippet:
    """The best passage (and a second one when it shows query words the first lacks).

    A passage holding a whole phrase of the query (``phrases``, as term sequences) is
    preferred, and the phrase is highlighted as one span. ``located``: the article's stored
    word spans and the terms' positions, to find its words without analysing it.
    """
    text = snippet_text(article.title, article.lead, article.body)
    if not terms and not phrases:
        matches = []
    elif located is not None and located.spans.text_length == len(text):
        matches = located.matches(terms, phrases)
    else:
        matches = _matches(analyze(text), terms, phrases)
    if not matches:
        lo, hi = _trim(text, *_window(text, 0, len(text), 0, width))
        return Snippet(one_line(text[lo:hi]) + (ELLIPSIS if hi < len(text) else ""))
    sentences = _sentences(text)
    chosen: list[Span] = []
    first = _best_passage(text, sentences, matches, width, set())
    if first:
        chosen.append(first[0])
        # A phrase shown covers its words: a second passage must add something else.
        shown = first[1] | {term for n, phrase in enumerate(phrases)
                            if f"{PHRASE_KEY}{n}" in first[1] for term in phrase}
        second = _best_passage(text, sentences, matches, SECOND_PASSAGE_CHARS, shown)
        if second and (second[0][1] <= first[0][0] or second[0][0] >= first[0][1]):
            chosen.append(second[0])
    chosen.sort()
    pieces: list[str] = []
    spans: list[Span] = []
    offset = 0
    for lo, hi in (_trim(text, lo, hi) for lo, hi in chosen):
        if lo > 0 and not pieces:
            pieces.append(ELLIPSIS + " ")
            offset += 2
        elif pieces:
            pieces.append(" " + ELLIPSIS + " ")
            offset += 3
        spans.extend((s - lo + offset, e - lo + offset) for s, e, _ in matches
                     if lo <= s and e <= hi)
        pieces.append(one_line(text[lo:hi]))
        offset += hi - lo
    if chosen and _trim(text, *chosen[-1])[1] < len(text.rstrip()):
        pieces.append(" " + ELLIPSIS)
    return Snippet("".join(pieces), tuple(spans))
