"""Who ran it: counts per agency (canonical name) and per Jalali year over a whole result set.

Like the timeline, facets index per-article arrays (:mod:`searcher.rank.doc_values`) with the
matching document numbers — a ``bincount`` for agencies, a binary search of publication seconds
against Jalali new-year midnights for years — and never read a stored article.
"""

from __future__ import annotations

import numpy as np

from searcher.rank.doc_values import DocValues
from searcher.results import Facets
from searcher.rank.timeline import count_by_period


def facet_counts(values: DocValues, matches: np.ndarray) -> Facets:
    """Per-agency and per-Jalali-year counts of the documents ``matches``."""
    per_agency = np.bincount(values.agency[matches], minlength=len(values.agency_names))
    named = [(values.agency_names[code], int(n)) for code, n in enumerate(per_agency)
             if n and code]
    named.sort(key=lambda pair: (-pair[1], pair[0]))
    seconds = values.published[matches]
    dated = seconds[values.dated[matches]]
    _, counted = count_by_period(dated, "year")
    years = tuple((int(p.label.translate(_ASCII)), n) for p, n in counted if n)
    return Facets(tuple(named), years, int(len(seconds) - len(dated)))


_ASCII = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
