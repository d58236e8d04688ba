"""A worker process ends without the interpreter's teardown: freeing its caches object by
object took a second at the end of a 100k run, with the main process waiting for the pool."""

from __future__ import annotations

from pathlib import Path

from searcher.index import workers

# Run in the worker: an object that writes ``marker`` when it is freed, kept for the life of
# the process (as the analyzer's caches are).
PROBE = """
import sys
class _Freed:
    def __del__(self):
        with open({marker!r}, "w") as handle:
            handle.write("freed at teardown")
sys.modules["__main__"].khabar_probe = _Freed()
"""


def test_a_worker_exits_without_freeing_what_it_holds(tmp_path: Path) -> None:
    marker = tmp_path / "freed"
    pool = workers.start_pool(1)
    try:
        pool.submit(exec, PROBE.format(marker=str(marker))).result(timeout=120)
        # still works after the probe: the pool is healthy until it is shut down
        assert pool.submit(sum, [1, 2, 3]).result(timeout=120) == 6
    finally:
        pool.shutdown(wait=True)
    assert not marker.exists()

