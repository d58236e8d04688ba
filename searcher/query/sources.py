"""Which agencies a ``source:`` value or a ``--source`` option names: one decision, used by the
query compiler, the search filters and anything that checks an agency in Python.

A value matches an agency when every word of it, folded by khabar's analyzer (ي → ی, case,
digits), is a word of the agency's name, in any order: ``fars`` and ``FARS news`` match «Fars
News», ``فارس`` matches «خبرگزاری فارس». A value also matches every article of the outlet it
names by any alias (``IRNA``, «خبرگزاری جمهوری اسلامی ایران» and ايرنا all name ایرنا): the
canonical name (:func:`searcher.ingest.agencies.canonical_agency`) is indexed whole in the
``agency`` field.
"""

from __future__ import annotations

from typing import Any

SOURCE_FIELD = "source"


def source_terms(name: str) -> tuple[str, ...]:
    """The folded words of an agency name (or of a value typed to match one)."""
    from analyzers import analyze

    return tuple(dict.fromkeys(token.term for token in analyze(name)))


def source_matches(typed: str, agency: str) -> bool:
    """Whether ``typed`` names ``agency`` (see the module docstring)."""
    from searcher.ingest.agencies import canonical_agency

    wanted = source_terms(typed)
    if not wanted:
        return False
    return set(wanted) <= set(source_terms(agency)) or \
        canonical_agency(typed) == canonical_agency(agency)


def source_query(typed: str) -> Any:
    """The whoosh query for the agencies ``typed`` names; None when it has no words."""
    from whoosh import query as wq

    from searcher.index.columns import AGENCY
    from searcher.ingest.agencies import canonical_agency

    terms = [wq.Term(SOURCE_FIELD, term) for term in source_terms(typed)]
    if not terms:
        return None
    words = terms[0] if len(terms) == 1 else wq.And(terms)
    return wq.Or([words, wq.Term(AGENCY, canonical_agency(typed))])
