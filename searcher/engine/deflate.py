"""zlib streams for the index's compressed parts — posting blocks and stored fields — made by
ISA-L (the ``isal`` package) where it is installed, by zlib elsewhere.

Both write the zlib format, so any zlib reads them back (whoosh's reader calls
``zlib.decompress``) whichever made them. On a 10,000-article segment of news ISA-L compresses
the posting blocks in half zlib's time (0.44 s instead of 0.89 s, 1.4 % more bytes) and an
article's stored fields in a third (22 µs instead of 70 µs, 1.5 % more): a tenth of
``khabar index``'s work (docs/benchmarks.md, session 10). ISA-L has four levels, 0–3; a zlib
level above 3 asks it for its best.
"""

from __future__ import annotations

from collections.abc import Callable

_compress: Callable[[bytes, int], bytes]
try:
    from isal.isal_zlib import compress as _compress

    ACCELERATED = True
    _TOP_LEVEL = 3
except ImportError:  # a platform isal has no wheels for (pyproject names those it has)
    from zlib import compress as _compress

    ACCELERATED = False
    _TOP_LEVEL = 9


def compress(data: bytes, level: int) -> bytes:
    """``data`` as a zlib stream, at ``level`` (zlib's scale, 1–9)."""
    return _compress(data, min(level, _TOP_LEVEL))
