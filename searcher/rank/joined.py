"""Compounds written solid: how «سرما خوردگی» typed finds «سرماخوردگی» written.

The query layer adds, beside two adjacent free words, the term of the pair written solid
(:func:`analyzers.analyze.joined_terms`). An article that wrote the compound solid holds
neither part, so the solid term stands for both: its weight is set here, against the index, so
that it counts as much as the two parts together (idf of the first + idf of the second), however
rare the solid spelling is. Without that, a solid spelling seen in one article would carry the
idf of a hapax and lift that article over every article that wrote the words apart.
"""

from __future__ import annotations

from typing import Any

from whoosh import query as wq

from searcher.index.schema import TEXT_FIELD
from searcher.rank.bm25 import robertson_idf


def weigh_joined(searcher: Any, query: wq.Query, joined: dict[str, tuple[str, str]]) -> wq.Query:
    """``query`` with each solid term's boost scaled to stand for both of its parts."""
    if not joined:
        return query
    doc_count = searcher.doc_count_all()

    def idf(term: str) -> float:
        return robertson_idf(doc_count, searcher.doc_frequency(TEXT_FIELD, term))

    def weigh(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.Term) and node.fieldname == TEXT_FIELD and node.text in joined:
            first, second = joined[node.text]
            scale = (idf(first) + idf(second)) / idf(node.text)
            return wq.Term(TEXT_FIELD, node.text, boost=node.boost * scale)
        return node if node.is_leaf() else node.apply(weigh)

    return weigh(query)
