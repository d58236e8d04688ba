"""``a AND NOT b`` whose block-max skipping never reads an exhausted matcher.

whoosh's ``AndNotMatcher.skip_to_quality`` lets the positive side skip posting blocks that
cannot reach the current top-k, then re-aligns it with the excluded side by reading its current
id — even when the skip has just exhausted it. The id of an exhausted union comes from a child,
and a W3 leaf that ended by stepping past its last posting reads beyond its block: IndexError
("tuple index out of range") on large archives, for queries like ``6 ظ 11 ء 8 ع 4 6 ذ 6 -2`` (an OR
of many words and an exclusion). The matcher below re-aligns only a side that is still active,
as whoosh's other binary matchers do (``skip_to`` had the same flaw: «بانک date:1402/07 AND …
NOT date:>=2023-10-01» from the query fuzzer), and excludes the first match too (below);
nothing else changes, so rankings are whoosh's.
"""

from __future__ import annotations

from typing import Any

from whoosh import query as wq
from whoosh.matching.binary import AndNotMatcher


class ExclusionMatcher(AndNotMatcher):
    """whoosh's AndNotMatcher, minus the reads of an exhausted positive side, and with its
    first match excluded like every other."""

    def _find_first(self) -> None:
        # whoosh skips the first positive match only when the excluded side starts on the same
        # document; when the excluded side starts earlier, it never catches up, and an excluded
        # article came first: «NOT date:>=1402 date:>=1402 ۱۴۰۲» found one. _find_next moves
        # the excluded side forward first.
        if self.a.is_active() and self.b.is_active():
            self._find_next()

    def _find_next(self) -> bool:
        # whoosh calls this after moving the positive side (skip_to, skip_to_quality) without
        # asking whether the move exhausted it, and then reads its id.
        if not self.a.is_active():
            return False
        return bool(super()._find_next())


class AndNot(wq.AndNot):
    """``wq.AndNot`` matching with :class:`ExclusionMatcher` (whoosh's normalize, replace and
    copy keep the class, so the fix survives query rewriting)."""

    def matcher(self, searcher: Any, context: Any = None) -> ExclusionMatcher:
        scored = self.a.matcher(searcher, context)
        excluded = self.b.matcher(searcher, searcher.boolean_context())
        return ExclusionMatcher(scored, excluded)
