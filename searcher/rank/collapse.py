"""Same story once: a ranking folded by story, from the stories stored with the index.

Which articles are one story is decided when the index is committed
(:mod:`searcher.index.story_groups`, stored by :mod:`searcher.index.stories`); here a ranking
only looks up the story of each hit it shows and which of that story's members the query also
matched. No numpy: a one-shot search collapses without importing it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from searcher.index.stories import Stories
from searcher.rank.matches import Matches


class Story(NamedTuple):  # not a dataclass: start-up time (see query.parser)
    """One story in a ranking: the best-ranked copy and the other copies that matched."""

    leader: int  # document number
    score: float
    copies: tuple[int, ...]  # other matching document numbers, ascending


def fold_ranking(ranked: Sequence[tuple[float, int]], matches: Matches, stories: Stories,
                 want: int) -> list[Story]:
    """The first ``want`` stories of a ranking, each led by its best-ranked copy.

    ``ranked`` is (score, docnum) best first; ``matches`` every matching document, which
    decides which of a story's members are listed as its copies.
    """
    folded: list[Story] = []
    seen: set[int] = set()
    for score, docnum in ranked:
        label = stories.label(docnum)
        if label in seen:
            continue
        seen.add(label)
        copies = tuple(m for m in stories.members(docnum) if m != docnum and m in matches)
        folded.append(Story(docnum, score, copies))
        if len(folded) == want:
            break
    return folded


def story_count(matches: Matches, stories: Stories) -> int:
    """How many distinct stories the matching documents make."""
    import sys

    labels = stories.labels
    if "numpy" not in sys.modules:  # a one-shot search: the parts are sets, no import
        return len({labels[d + offset] for offset, local in matches.parts for d in local})
    import numpy as np

    # Most articles are a story alone: count those matched, and label only the few others.
    shared = stories.shared()
    alone = 0
    others = []
    for offset, local in matches.parts:
        if isinstance(local, np.ndarray):  # a mask over the segment
            in_shared = local & shared[offset:offset + len(local)]
            alone += int(np.count_nonzero(local)) - int(np.count_nonzero(in_shared))
            others.append(np.flatnonzero(in_shared) + offset)
        else:
            ids = np.fromiter(local, dtype=np.int64, count=len(local)) + offset
            in_shared = shared[ids]
            alone += len(ids) - int(np.count_nonzero(in_shared))
            others.append(ids[in_shared])
    labelled = np.concatenate(others) if others else np.zeros(0, dtype=np.int64)
    return alone + len(np.unique(np.frombuffer(labels, dtype=np.intc)[labelled]))
