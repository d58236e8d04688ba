"""The ``khabar`` console script ends without the interpreter's teardown (0.4 s at the end of
``khabar index``), and loses neither output nor the exit code doing so."""

from __future__ import annotations

import json
import subprocess
import sys

# The console script, with an object that reports when the interpreter's teardown frees it.
SCRIPT = """
import sys
class _Freed:
    def __del__(self):
        sys.stderr.write("freed at teardown\\n")
khabar_probe = _Freed()
sys.argv = ["khabar", *sys.argv[1:]]
from searcher.cli.app import run
run()
"""


def _khabar(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", SCRIPT, *args], env=env, capture_output=True,
                          text=True, timeout=120, check=False)


def test_piped_output_is_written_whole_and_nothing_is_torn_down(sample_home) -> None:
    env = sample_home.environ()
    stats = json.loads(_khabar(["stats", "--json"], env).stdout)
    exported = _khabar(["export"], env)
    assert exported.returncode == 0, exported.stderr
    articles = [json.loads(line) for line in exported.stdout.splitlines()]
    assert len(articles) == stats["articles"] > 20
    assert all(article["id"] for article in articles)
    assert "freed at teardown" not in exported.stderr


def test_the_exit_code_of_the_command_is_kept(sample_home) -> None:
    env = sample_home.environ()
    found = _khabar(["search", "انتخابات مجلس", "--json"], env)
    assert found.returncode == 0
    assert json.loads(found.stdout)["hits"]
    nothing = _khabar(["search", "qqxzvw"], env)
    assert nothing.returncode == 1
    error = _khabar(["search", "تهران", "--limit", "-3"], env)
    assert error.returncode == 2
    assert error.stderr.count("\n") <= 2 and "Traceback" not in error.stderr
    for done in (found, nothing, error):
        assert "freed at teardown" not in done.stderr
