"""How an indexing run drives Python's cyclic garbage collector.

Indexing allocates millions of short-lived objects (tokens, postings, pickled results) and
makes almost no reference cycles, while the objects that live for the whole run — the lexicon,
the analyzer's caches of hundreds of thousands of surfaces, imported modules — are what every
full collection walks again. Measured at 20,000 articles: 1.6 s of 46 s of CPU went to the
collector with Python's default threshold (700 or 2,000 allocations), 0.5 s with
:data:`YOUNG_THRESHOLD` and what lives already set aside (``gc.freeze``); memory unchanged
(docs/benchmarks.md, issue 12).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Allocations (net) between collections of the youngest generation.
YOUNG_THRESHOLD = 50_000


def for_bulk_work() -> None:
    """Set aside every object alive now (never walked again) and collect the young
    generation less often: for a process that only indexes until it ends (a worker)."""
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])


@contextmanager
def bulk_work() -> Iterator[None]:
    """:func:`for_bulk_work` for the length of the block; the collector as it was after."""
    before = gc.get_threshold()
    for_bulk_work()
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
