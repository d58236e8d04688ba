"""Keep freed memory in the writer's heap instead of handing it back to the system at once.

Every posting block whoosh writes goes through ``zlib.compress``, and zlib's compressor
allocates and frees about 270 KB of work space per call. glibc gives the top of the heap back to
the system whenever more than 128 KB lie free there (``M_TRIM_THRESHOLD``), so each call grew the
heap again and faulted some 60 fresh pages in: about 130 µs to compress a 74-byte block instead
of 8 µs, and a segment of 10,000 news articles has some 140,000 blocks — a third of the main
process's time. With the threshold raised, the work space is reused from call to call.
"""

from __future__ import annotations

import sys

# mallopt's parameter number for the trim threshold (glibc's malloc.h)
_M_TRIM_THRESHOLD = -1
# Free memory kept at the top of the heap: well above zlib's work space; a bounded amount.
TRIM_THRESHOLD = 64 << 20

_done = False


def keep_freed_memory() -> bool:
    """Raise glibc's trim threshold for this process (once); False where there is no glibc."""
    global _done
    if _done:
        return True
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # another C library (musl): nothing to tune
        return False
    _done = bool(mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))
    return _done
