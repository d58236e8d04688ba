"""Document frequencies counted once per term for an open searcher, not once per use.

One query asks for each word's document frequency several times: the first stage's idf, the
second stage's, the weight of a solid spelling (:mod:`searcher.rank.joined`), did-you-mean. Each
time whoosh looks the term up in every segment (a hash and a probe of each segment's term
table: ten segments at 100k articles). A searcher reads one commit, whose frequencies never
change, so each is counted once and remembered while the searcher lives.
"""

from __future__ import annotations

from typing import Any

# Terms remembered per searcher before the memo starts over: a few MB, whatever is typed.
MAX_TERMS = 50_000


def remember_doc_frequencies(searcher: Any) -> Any:
    """Make ``searcher.doc_frequency`` count each (field, term) once; returns ``searcher``."""
    counted = searcher.doc_frequency
    known: dict[tuple[str, Any], int] = {}

    def doc_frequency(fieldname: str, text: Any) -> int:
        key = (fieldname, text)
        found = known.get(key)
        if found is None:
            if len(known) >= MAX_TERMS:
                known.clear()
            found = known[key] = counted(fieldname, text)
        return found

    searcher.doc_frequency = doc_frequency
    return searcher
