"""How an indexing run drives Python's cyclic garbage collector.

Indexing allocates millions of short-lived objects (tokens, postings, pickled results) and
makes few reference cycles, while the objects that live for the whole run — the analyzer's
caches of hundreds of thousands of surfaces, imported modules — are what every full collection
walks again. Measured at 20,000 articles (three runs each): 1.5–1.8 s of ~46 s of CPU went to
the collector with Python's default threshold (2,000 allocations), 0.4–0.5 s with
:data:`YOUNG_THRESHOLD` and what lives already set aside (``gc.freeze``). Peak memory at
100,000 articles: 488 MB before, 479 MB with :func:`after_commit` (534 MB without it)
(docs/benchmarks.md, issue 12, session 11).
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


def after_commit() -> None:
    """Collect the young generations now: a committed whoosh writer is let go in reference
    cycles (20,000–45,000 objects a 10,000-article batch) that hold its buffers, which would
    otherwise wait for the raised threshold while the next batch fills (+46 MB peak at 100k).
    ~0.1–0.2 s a commit; a full collection finds nothing more."""
    gc.collect(1)


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
