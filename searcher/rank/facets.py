"""Who ran it: counts per agency (canonical name) and per Jalali year over a whole result set.

Like the timeline, facets index per-article arrays (:mod:`searcher.rank.doc_values`) with the
matching document numbers — a ``bincount`` for agencies, a binary search of publication seconds
against the Jalali new-year midnights of the index (found once per opened index) for years —
and never read a stored article.
"""

from __future__ import annotations

import numpy as np

from searcher.rank.doc_values import DocValues
from searcher.tallies import Facets


def facet_counts(values: DocValues, matches: np.ndarray) -> Facets:
    """Per-agency and per-Jalali-year counts of the documents ``matches``."""
    per_agency = np.bincount(values.agency[matches], minlength=len(values.agency_names))
    named = [(values.agency_names[code], int(n)) for code, n in enumerate(per_agency)
             if n and code]
    named.sort(key=lambda pair: (-pair[1], pair[0]))
    seconds = values.published[matches]
    dated = seconds[values.dated[matches]]
    starts, years = values.jalali_years  # they span every dated article
    per_year = np.bincount(np.searchsorted(starts, dated, side="right") - 1,
                           minlength=len(years))
    counted = tuple((year, int(n)) for year, n in zip(years, per_year, strict=False) if n)
    return Facets(tuple(named), counted, int(len(seconds) - len(dated)))
