"""The writer's process keeps zlib's work space between posting blocks (searcher.engine.heap)."""

from __future__ import annotations

import subprocess
import sys

# Compresses 2,000 small posting blocks and prints the page faults it took, after opening a
# khabar writer (argv[1] == "writer") or without.
_FAULTS = """
import resource, sys, tempfile, zlib
if sys.argv[1] == "writer":
    from whoosh import index
    from searcher.engine.segment_writer import open_writer
    from searcher.index.schema import build_schema
    folder = tempfile.mkdtemp()
    open_writer(index.create_in(folder, build_schema()), limitmb=16).cancel()
block = bytes(range(74))
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(2000):
    zlib.compress(block, 3)
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _faults(setup: str) -> int:
    done = subprocess.run([sys.executable, "-c", _FAULTS, setup], capture_output=True,
                          text=True, check=True)
    return int(done.stdout)


def test_a_writer_s_process_compresses_blocks_without_faulting_pages_in() -> None:
    # glibc's default: each compress grows the heap top again and faults its pages in
    assert _faults("plain") > 20_000
    assert _faults("writer") < 500
