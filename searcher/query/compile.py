"""Turn a parsed query into a whoosh query, analyzing every word with khabar's analyzer.

Besides the whoosh query it returns the positive terms (for snippets and highlighting), the
typed words (for did-you-mean) and warnings about words that analyze to nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import field
from datetime import datetime, timedelta
from typing import cast

from whoosh import query as wq
from whoosh.query.spans import SpanNear2

from analyzers import analyze
from analyzers.analyze import Token, joined_terms
from analyzers.chars import fold, term_form
from searcher.engine.exclusion import AndNot
from searcher.query.parser import DateRange, Group, Node, Occur, ParsedQuery, Phrase, Word
from searcher.engine.spans import InBand
from searcher.index.schema import BANDS, TEXT_FIELD, to_utc_naive
from searcher.records import Record, record

_ANALYZED_FIELDS = {"source", "tags"}
_RAW_FIELDS = {"id", "url", "news_code"}
# Metadata: these fields (and dates) say which articles, not how relevant they are, so they
# always narrow the query (``title:نفت source:fars`` ⊆ ``title:نفت``), whatever their sign.
FILTER_FIELDS = frozenset(_ANALYZED_FIELDS | _RAW_FIELDS)
_EARLIEST = datetime(1900, 1, 1)
_LATEST = datetime(2200, 1, 1)


@record(frozen=False)
class Compiled(Record):
    """The whoosh query of a parsed query, and what snippets, did-you-mean and warnings need."""

    query: wq.Query | None
    # Positive words as terms, highlighted wherever they stand (a phrase's are in ``phrases``).
    terms: set[str] = field(default_factory=set)
    words: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    only_negative: bool = False
    # Positive phrases as term sequences (snippets show where the whole phrase occurs).
    phrases: list[tuple[str, ...]] = field(default_factory=list)
    dated: bool = False  # the query restricts the date (date:…)
    # Solid spellings of adjacent free words (سرماخوردگی for «سرما خوردگی») → the two terms
    # they stand for; searched beside them, weighted by searcher.rank.joined.
    joined: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Free words searched in another spelling (typed → searched): asked for, and applied.
    respell: dict[str, str] = field(default_factory=dict)
    respelled: dict[str, str] = field(default_factory=dict)


def compile_query(parsed: ParsedQuery, *, dates: bool = True,
                  respell: Mapping[str, str] | None = None) -> Compiled:
    """The whoosh query for ``parsed`` (None when nothing searchable is left).

    ``dates=False`` leaves out every ``date:`` restriction (to count what they excluded).
    ``respell``: typed word → the spelling to search instead, for free words only (a quoted,
    excluded, required or field word is searched as typed); those applied are in
    ``respelled``.
    """
    out = Compiled(None, warnings=list(parsed.warnings))
    if respell:
        out.respell = dict(respell)
    out.query = _group(parsed.root, out, positive=True, dates=dates)
    return out


def is_filter(node: Node) -> bool:
    """Whether ``node`` only says which articles (a date, a metadata field, a group of them)."""
    if isinstance(node, DateRange):
        return True
    if isinstance(node, Word | Phrase):
        return node.field in FILTER_FIELDS
    return bool(node.clauses) and all(is_filter(sub) for _, sub in node.clauses)


def _filter_key(node: Node) -> object:
    """Filters with the same key are alternatives (``source:a source:b``: either agency)."""
    if isinstance(node, DateRange):
        return "date"
    if isinstance(node, Word | Phrase):
        return node.field
    return id(node)


def _group(group: Group, out: Compiled, positive: bool, dates: bool) -> wq.Query | None:
    should: list[wq.Query] = []
    must: list[wq.Query] = []
    must_not: list[wq.Query] = []
    # Dates and metadata fields restrict and have nothing to rank by: they filter whatever
    # the words match. Alternatives of one field are OR-ed, different fields AND-ed.
    filters: dict[object, list[wq.Query]] = {}
    for occur, node in _runs_of_free_words(group.clauses, out):
        if isinstance(node, DateRange):
            # -date:… keeps undated articles: only a date that restricts leaves them out
            out.dated = out.dated or occur is not Occur.MUST_NOT
            if not dates:
                continue
        if occur is not Occur.MUST_NOT and is_filter(node):
            sub = _node(node, out, positive, dates)
            if sub is not None:
                key = _filter_key(node) if occur is Occur.SHOULD else id(node)
                filters.setdefault(key, []).append(sub)
            continue
        sub = _node(node, out, positive and occur is not Occur.MUST_NOT, dates)
        if sub is None:
            continue
        {Occur.SHOULD: should, Occur.MUST: must, Occur.MUST_NOT: must_not}[occur].append(sub)
    if must:
        core: wq.Query | None = _and(must)
        if should:
            core = wq.AndMaybe(core, _or(should))
    elif should:
        core = _or(should)
    else:
        core = None
    if filters:
        narrowing = [_or(alternatives) for alternatives in filters.values()]
        core = _and(narrowing + ([core] if core is not None else []))
    if must_not:
        if core is None:
            out.only_negative = True
            return None
        core = AndNot(core, _or(must_not))
    return core


def _runs_of_free_words(clauses: Iterable[tuple[Occur, Node]], compiled: Compiled
                        ) -> list[tuple[Occur, Node]]:
    """Adjacent free words, analyzed as one text so that typed spacing variants meet:
    «می روم» is one word (رفت) and «کتاب ها» is کتاب, as they are in articles. A free word
    in ``compiled.respell`` is replaced by its spelling there."""
    out: list[tuple[Occur, Node]] = []
    respell = compiled.respell
    for occur, node in clauses:
        free = (occur is Occur.SHOULD and isinstance(node, Word) and node.field is None
                and not node.prefix)
        if not free:
            out.append((occur, node))
            continue
        text = cast(Word, node).text
        if text in respell:
            compiled.respelled[text] = respell[text]
            text = respell[text]
        if out and out[-1][0] is Occur.SHOULD and isinstance(out[-1][1], _Run):
            out[-1] = (occur, _Run(out[-1][1].text + " " + text))
        else:
            out.append((occur, _Run(text)))
    return out


class _Run(Word):
    """Consecutive free words of one group (see :func:`_runs_of_free_words`)."""

    __slots__ = ()


def _and(items: list[wq.Query]) -> wq.Query:
    return items[0] if len(items) == 1 else wq.And(items)


def _or(items: list[wq.Query]) -> wq.Query:
    return items[0] if len(items) == 1 else wq.Or(items)


def _node(node: object, out: Compiled, positive: bool, dates: bool) -> wq.Query | None:
    if isinstance(node, Group):
        return _group(node, out, positive, dates)
    if isinstance(node, DateRange):
        return _date(node)
    if isinstance(node, Word | Phrase):
        return _text(node, out, positive)
    return None


def _stopwords_joined(text: str) -> list[Token]:
    """The terms of words that are stopwords apart, read as the compound they make with ZWNJ
    (بی طرف → بیطرف; the analyzer keeps such a compound as its solid word unless it is a
    function word: «به طور» stays nothing)."""
    words = text.split()
    return analyze("\u200c".join(words)) if 1 < len(words) <= 3 else []


def _date(node: DateRange) -> wq.Query:
    start = to_utc_naive(node.start) if node.start else _EARLIEST
    # whoosh ranges are inclusive; the parsed range is half-open.
    end = to_utc_naive(node.end) - timedelta(microseconds=1) if node.end else _LATEST
    return wq.DateRange("published", start, end)


def _text(node: Word | Phrase, out: Compiled, positive: bool) -> wq.Query | None:
    name = node.field or "text"
    if name in _RAW_FIELDS:
        value = node.text.strip()
        if name == "news_code":  # «کد خبر: ۲۴۸۱۵۷» is indexed with ASCII digits
            value = fold(value)
        return wq.Term(name, value)
    if name == "source" and not (isinstance(node, Word) and node.prefix):
        from searcher.query.sources import source_query

        found = source_query(node.text)
        if found is None:
            out.warnings.append(f"source:{node.text} names no agency and was ignored")
        return found
    if isinstance(node, Word) and node.prefix:
        prefix = term_form(node.text).replace("\u200c", "")
        return wq.Prefix(TEXT_FIELD if name not in _ANALYZED_FIELDS else name, prefix)
    tokens = analyze(node.text)
    if not tokens and isinstance(node, Word):
        tokens = _stopwords_joined(node.text)
    if not tokens:
        shown = " ".join(node.text.split())  # a warning is one line, whatever was typed
        out.warnings.append(f"«{shown}» has only common words (stopwords) and was ignored")
        if positive and isinstance(node, Word) and name not in _RAW_FIELDS:
            out.words.extend(node.text.split())  # «گذارش» may be a slip for گزارش
        return None
    if positive and name not in _ANALYZED_FIELDS:
        if isinstance(node, Word) or len(tokens) == 1:
            out.terms.update(t.term for t in tokens)
        else:  # its words apart are not what was asked for: they are not highlighted alone
            out.phrases.append(tuple(t.term for t in tokens))
        if isinstance(node, Word):
            out.words.extend(node.text.split())
    target = name if name in _ANALYZED_FIELDS else TEXT_FIELD
    terms = [wq.Term(target, t.term) for t in tokens]
    if positive and name == TEXT_FIELD and isinstance(node, Word):
        terms += _solid_spellings(node.text, tokens, out)
    if len(terms) == 1:
        core: wq.Query = terms[0]
    elif isinstance(node, Phrase) or name in _ANALYZED_FIELDS:
        # Stopwords leave gaps in positions; the widest gap is the slop that still matches.
        gaps = [b.pos - a.pos for a, b in zip(tokens, tokens[1:], strict=False)]
        core = SpanNear2(terms, slop=max(gaps), ordered=True)
    else:
        core = wq.Or(terms)  # a word the analyzer splits (راه‌آهن): its parts, ranked
    if name in BANDS:
        low, high = BANDS[name]
        if isinstance(core, wq.Or):
            return wq.Or([InBand(t, low, high) for t in core.subqueries])
        return InBand(core, low, high)
    return core


def _solid_spellings(text: str, tokens: list[Token], out: Compiled) -> list[wq.Query]:
    """Terms of adjacent free words written solid, each once and none already typed."""
    typed = {t.term for t in tokens}
    found = []
    for first, second, solid in joined_terms(text, tokens):
        if solid not in typed and solid not in out.joined:
            out.joined[solid] = (first, second)
            out.terms.add(solid)
            found.append(wq.Term(TEXT_FIELD, solid))
    return found
