"""Persian text analysis for khabar: folding, tokenizing, morphology, stopwords.

Pure text logic; never imports ``searcher``. whoosh is imported only by
:func:`analyzers.whoosh_analyzer.build_analyzer`.
"""

from analyzers.analyze import Token, analyze, terms
from analyzers.chars import fold

__all__ = ["Token", "analyze", "fold", "terms"]
