"""bench/oneshot.py measures the child it runs, not the process that runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# A parent that holds ~300 MiB when it starts a tiny child: the child's peak must stay small.
BIG_PARENT = """
import json, sys
sys.path.insert(0, sys.argv[1])
from bench.oneshot import run_child
ballast = bytearray(300 * 1024 * 1024)
ballast[::4096] = b"x" * len(ballast[::4096])  # touch every page: resident, not just reserved
print(json.dumps(run_child([sys.executable, "-c", "x = bytearray(40 * 1024 * 1024); x[::4096] = b'y' * len(x[::4096])"])))
"""


def test_peak_memory_is_the_childs_even_when_the_parent_is_big() -> None:
    import json

    done = subprocess.run([sys.executable, "-c", BIG_PARENT, str(ROOT)], capture_output=True,
                          text=True, check=True, timeout=120)
    peak = json.loads(done.stdout)["peak_mib"]
    assert 40 <= peak < 150, peak  # the child's 40 MiB and an interpreter, not the 300 MiB


def test_the_childs_exit_code_and_cpu_are_reported() -> None:
    from bench.oneshot import run_child

    row = run_child([sys.executable, "-c", "import sys; sum(range(3_000_000)); sys.exit(1)"])
    assert row["exit"] == 1
    assert row["cpu_s"] > 0.01
    assert row["seconds"] >= row["cpu_s"] * 0.5


def test_side_by_side_measures_the_peer_and_each_index(tmp_path: Path, monkeypatch) -> None:
    from bench.oneshot import side_by_side
    from searcher.index.run import index_paths

    monkeypatch.setenv("KHABAR_KEY_FILE", str(tmp_path / "index.key"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    index_paths([ROOT / "sample_corpus"], tmp_path / "index")
    rows = side_by_side([tmp_path / "index"], "انتخابات مجلس", runs=1)
    assert list(rows) == ["peer", f"search {tmp_path / 'index'}", f"stats {tmp_path / 'index'}"]
    assert all(len(measured) == 1 and measured[0]["exit"] == 0 for measured in rows.values())


def test_the_commands_may_write_their_byte_code(monkeypatch) -> None:
    """With PYTHONDONTWRITEBYTECODE set (as in some shells and CI), khabar's edited sources
    would be compiled again on every measured run, as no user's installation is: the launcher
    leaves it out, as bench/startup.py does."""
    from bench.oneshot import run_child

    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    check = "import os, sys; sys.exit(3 if 'PYTHONDONTWRITEBYTECODE' in os.environ else 0)"
    assert run_child([sys.executable, "-c", check])["exit"] == 0
