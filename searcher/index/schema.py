"""The index schema: the only module that defines whoosh fields.

All article text goes into one positional field, ``text``, with each part of the article in
its own band of positions (title from 0, surtitle from 1,000, lead from 2,000, body from
10,000). One field instead of four means a query walks one posting list per word — query cost
in whoosh is set by the postings it walks — while ``title:`` and the other field prefixes are
answered from the position bands (:class:`searcher.engine.spans.InBand`), and phrases cannot
run across parts.

Per-part weights are stored as posting weights: a word's weight in an article is
Σ_part WEIGHT[part] · tf_part, which :mod:`searcher.rank.bm25` feeds to BM25 as its tf.
"""

from __future__ import annotations

import json
import pickle
from array import array
from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import chain
from operator import sub
from typing import Any

from whoosh import columns, fields, formats
from whoosh.system import pack_uint

from analyzers import Token, analyze, fold
from analyzers.whoosh_analyzer import build_analyzer
from searcher.article import Article
from searcher.index import columns as newsroom
from searcher.index.word_spans import snippet_parts, spans_of

TEXT_FIELD = "text"
# The stored map from the text field's positions to the snippet text's characters
# (searcher.index.word_spans): a short name, since every article's stored fields repeat it.
SPANS_FIELD = "spans"

# Article parts: position band start and end (exclusive), and the default BM25F weight.
# The title weight was chosen on eval/dev (docs/benchmarks.md, "Ranking constants"); dev has
# no surtitles or leads, so theirs sit between body and title by judgement, not measurement.
BANDS: dict[str, tuple[int, int]] = {
    "title": (0, 1_000),
    "surtitle": (1_000, 2_000),
    "lead": (2_000, 10_000),
    "body": (10_000, 1 << 30),
}
TITLE_WEIGHT = 3.0
SURTITLE_WEIGHT = 1.5
LEAD_WEIGHT = 1.5
BODY_WEIGHT = 1.0
WEIGHTS = {"title": TITLE_WEIGHT, "surtitle": SURTITLE_WEIGHT, "lead": LEAD_WEIGHT,
           "body": BODY_WEIGHT}


class ArticleText(fields.TEXT):
    """A TEXT field indexed from a whole Article: one posting per word, weights per part.

    An indexing worker analyzes the article and packs its postings (:meth:`packed`, for
    :mod:`searcher.engine.writer_documents`); khabar's writer keeps them as arrays and
    whoosh's takes them one by one from :meth:`index`.
    """

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        # Here, not at the top: only indexing packs postings, and a one-shot search would
        # otherwise import that module (start-up, searcher.records).
        from searcher.engine.packed_postings import PackedPostings

        if isinstance(value, PackedPostings):
            return value.items()
        return self._analyze(value)

    def packed(self, value: Any) -> Any:
        """The postings of ``value`` (text parts, or a text) packed for khabar's writer
        (:class:`~searcher.engine.packed_postings.PackedPostings`, terms in order): what
        :meth:`index` yields, without a tuple a posting."""
        return self._packed(*self.positions(value))

    def packed_with_spans(self, value: Any) -> tuple[Any, str | None]:
        """:meth:`packed`, and the map of where each word of the article's snippet text
        stands (:mod:`searcher.index.word_spans`; None when a part ran past its band, whose
        last words the index lacks, or a number did not fit), from the same analysis."""
        if isinstance(value, str):
            value = {"body": value}
        analysed: dict[str, list[Token]] = {}
        packed = self._packed(*self.positions(value, analysed))
        parts = []
        for name, text in snippet_parts(value.get("title", ""), value.get("lead", ""),
                                        value.get("body", "")):
            low, high = BANDS[name]
            tokens = analysed[name]
            if tokens and low + tokens[-1].pos >= high:
                return packed, None
            parts.append((low, text, tokens))
        return packed, spans_of(parts)

    def _packed(self, positions: dict[str, list[int]], weights: dict[str, float]) -> Any:
        from searcher.engine.packed_postings import PackedPostings

        terms = sorted(positions)
        lists = list(map(positions.__getitem__, terms))
        # A word met once in an article (most are): its one position's encoding, looked up.
        encode = positions_encoder(self.format)
        single = _one_position(self.format)
        values = [single[poslist[0]] if len(poslist) == 1 else encode(poslist)
                  for poslist in lists]
        return PackedPostings(tuple(map(str.encode, terms)), array("I", map(len, lists)),
                              array("d", map(weights.__getitem__, terms)),
                              array("I", map(len, values)), b"".join(values))

    def _analyze(self, value: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        positions, weights = self.positions(value)
        encode = self.format.encode  # a new bytes object each: whoosh's pickles of a block
        for term, poslist in positions.items():  # memoize objects met twice (see _OnePosition)
            yield term.encode("utf-8"), len(poslist), weights[term], encode(poslist)

    def positions(self, value: Any, analysed: dict[str, list[Token]] | None = None
                  ) -> tuple[dict[str, list[int]], dict[str, float]]:
        """Each term's positions (in its part's band) and its weight, Σ part weight · tf;
        ``analysed`` receives each part's tokens."""
        if isinstance(value, str):
            value = {"body": value}
        positions: dict[str, list[int]] = {}
        weights: dict[str, float] = {}
        # Once per word of every article: tuple unpacking and dict.get, not attribute lookups
        # and defaultdict's calls.
        known = positions.get
        for part, (low, high) in BANDS.items():
            text = value.get(part)
            if not text:
                continue
            weight = float(value.get("weights", WEIGHTS)[part])  # a term's first: its sum
            tokens = analyze(text)
            if analysed is not None:
                analysed[part] = tokens
            for term, _, _, pos in tokens:
                pos += low
                if pos >= high:
                    break  # a part longer than its band; real titles are a dozen words
                found = known(term)
                if found is None:
                    positions[term] = [pos]
                    weights[term] = weight
                else:
                    found.append(pos)
                    weights[term] += weight
        return positions, weights


class _OnePosition(dict):
    """position → whoosh's encoding of that one position (the same bytes whatever the word),
    made on first use; bounded, though bands hold few distinct positions. A new bytes object
    a posting matters only where whoosh pickles the values (:meth:`ArticleText._analyze`):
    :meth:`ArticleText.packed` joins them."""

    def __init__(self, encode: Any) -> None:
        super().__init__()
        self.encode = encode

    def __missing__(self, position: int) -> bytes:
        if len(self) >= _ONE_POSITION_LIMIT:
            self.clear()
        found = self[position] = self.encode([position])
        return found


_ONE_POSITION: dict[type, _OnePosition] = {}
_ONE_POSITION_LIMIT = 100_000


def positions_encoder(form: Any) -> Any:
    """``form.encode`` for a list of positions; for whoosh's ``Positions`` the same bytes with
    the steps between positions taken in C (its encode loops a position in Python)."""
    return _encode_positions if type(form) is formats.Positions else form.encode


def _encode_positions(positions: list[int]) -> bytes:
    return pack_uint(len(positions)) + pickle.dumps(list(map(sub, positions,
                                                             chain((0,), positions))), 2)


def _one_position(form: Any) -> _OnePosition:
    """The table of single positions for a field format (its class encodes them)."""
    found = _ONE_POSITION.get(type(form))
    if found is None:
        found = _ONE_POSITION[type(form)] = _OnePosition(form.encode)
    return found


def build_schema() -> fields.Schema:
    """The schema of a khabar index (pickled into the index by whoosh: no hazm objects)."""
    analyzer = build_analyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        text=ArticleText(analyzer=analyzer, phrase=True),
        source=fields.TEXT(analyzer=analyzer, phrase=True),
        tags=fields.TEXT(analyzer=analyzer, phrase=True),
        news_code=fields.ID,
        url=fields.ID,
        published=fields.DATETIME(sortable=True),
        # The agency as the file wrote it, one value per article in a column: stats (and
        # facets) count agencies from it without reading any stored article.
        source_name=fields.COLUMN(columns.RefBytesColumn()),
        doc=fields.STORED,
        spans=fields.STORED,
        # Newsroom columns (searcher.index.columns): read as arrays, never per article.
        agency=fields.ID,
        agency_key=fields.COLUMN(columns.FixedBytesColumn(8)),
        published_at=fields.COLUMN(columns.FixedBytesColumn(8, default=newsroom.UNDATED_BYTES)),
        story=fields.COLUMN(columns.FixedBytesColumn(newsroom.STORY_BYTES)),
    )


def to_utc_naive(moment: datetime) -> datetime:
    """whoosh's DATETIME takes naive datetimes: store UTC."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def document(article: Article) -> dict[str, Any]:
    """The whoosh document for an article."""
    doc: dict[str, Any] = {
        "id": article.id,
        "text": {"title": article.title, "surtitle": article.surtitle, "lead": article.lead,
                 "body": article.body},
        "doc": json.dumps(article.to_json(), ensure_ascii=False),
        **newsroom.column_values(article),
    }
    if article.source:
        doc["source"] = article.source
        doc["source_name"] = article.source.encode("utf-8")
    if article.tags:
        doc["tags"] = " ، ".join(article.tags)
    if article.news_code:
        doc["news_code"] = fold(article.news_code)
    if article.url:
        doc["url"] = article.url
    if article.published:
        doc["published"] = to_utc_naive(article.published)
    return doc


def unsearchable_tails(article: Article) -> list[str]:
    """What :class:`ArticleText` leaves out of ``article``: a warning for each part (title,
    surtitle, lead) with words past its band of positions. Those words stay in the stored
    article (shown, exported) but are not searchable; the indexing report says so.

    >>> unsearchable_tails(Article(id="a", title="سیل " * 1_001))
    ['title longer than 1,000 words: the words after the 1,000th are stored but not searchable']
    """
    found = []
    for part in ("title", "surtitle", "lead"):
        low, high = BANDS[part]
        width, text = high - low, getattr(article, part)
        # Each position takes at least one character: a shorter text cannot run past its band.
        if len(text) < width:
            continue
        tokens = analyze(text)
        if tokens and tokens[-1].pos >= width:
            found.append(f"{part} longer than {width:,} words: the words after the {width:,}th "
                         "are stored but not searchable")
    return found


def stored_article(stored: dict[str, Any]) -> Article:
    """The Article kept in a document's stored fields."""
    return Article.from_json(json.loads(stored["doc"]))
