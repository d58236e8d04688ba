"""A fault-injection hook for the fault suite (tests/faults, bench/faults.py): kill -9 at a
chosen instant of an indexing run, deterministically.

``KHABAR_FAULT_AT=POINT:N`` makes this process SIGKILL itself the Nth time it passes POINT:
``article`` (an article handed to whoosh), ``commit`` (a commit begins), ``merge`` (a merged
segment's postings begin to be written into the new segment), ``segment`` (the
segment files are written, the new TOC not yet signed), ``toc`` (the TOC signed, not yet renamed
into place), ``resign`` (whoosh committed, the signature not yet redone), ``manifest`` (signed,
the manifest not yet committed), ``committed`` (all committed), ``end`` (the run's work done, the
index not yet closed). Unset — always, outside the suite — it costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal
from collections import Counter

from searcher import settings

_passed: Counter[str] = Counter()


def reached(point: str) -> None:
    """Die here if KHABAR_FAULT_AT names this point and this is its Nth passing."""
    spec = settings.fault_at()
    if not spec:
        return
    name, _, count = spec.partition(":")
    if name != point:
        return
    _passed[point] += 1
    if _passed[point] == int(count or 1):
        os.kill(os.getpid(), signal.SIGKILL)
