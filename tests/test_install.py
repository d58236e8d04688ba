"""Issue 13, item 14: a normal install works like the checkout.

The wheel is built from a copy of the tracked files, installed (not editable) into a fresh
virtual environment, and its ``khabar search`` runs with an empty home directory, from a
folder that is not the checkout: the first run must index the sample corpus shipped inside
the package. khabar's dependencies are borrowed from this environment (a path line in the new
venv, never its ``.pth`` hooks, so the checkout's editable install stays out of sight);
installing hazm's tree from PyPI would only test pip.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(argv: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, encoding="utf-8", timeout=600,
                          check=False, **kwargs)  # type: ignore[call-overload]


def test_an_installed_wheel_runs_the_first_search_with_an_empty_home(tmp_path: Path) -> None:
    source = tmp_path / "source"
    tracked = _run(["git", "-C", str(ROOT), "ls-files", "-z"]).stdout.split("\0")
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                  "--disable-pip-version-check", "-w", str(tmp_path / "dist"), str(source)])
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("khabar-*.whl")

    venv = tmp_path / "venv"
    assert _run([sys.executable, "-m", "venv", "--without-pip", str(venv)]).returncode == 0
    python = venv / "bin" / "python"
    target = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]
                  ).stdout.strip()
    installed = _run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet",
                      "--disable-pip-version-check", "--target", target, str(wheel)])
    assert installed.returncode == 0, installed.stderr
    (Path(target) / "khabar-deps.pth").write_text(sysconfig.get_path("purelib") + "\n",
                                                  encoding="utf-8")
    (venv / "bin" / "khabar").write_text(
        f"#!{python}\nfrom searcher.cli.app import run\nrun()\n",
        encoding="utf-8")
    (venv / "bin" / "khabar").chmod(0o755)

    home, elsewhere = tmp_path / "home", tmp_path / "elsewhere"
    home.mkdir()
    elsewhere.mkdir()
    env = {"HOME": str(home), "PATH": f"{venv / 'bin'}:/usr/bin:/bin", "LC_ALL": "C.UTF-8",
           "PYTHONUTF8": "1"}
    where = _run([str(python), "-c", "import searcher; print(searcher.__file__)"], env=env,
                 cwd=elsewhere)
    assert where.stdout.startswith(target), where.stdout + where.stderr
    first = _run([str(venv / "bin" / "khabar"), "search", "انتخابات مجلس"], env=env,
                 cwd=elsewhere)
    assert first.returncode == 0, first.stderr
    assert "indexing the sample corpus" in first.stderr
    assert str(ROOT) not in first.stderr  # the packaged copy, not the checkout's
    assert first.stdout.count("\n") >= 1
    assert (home / ".local" / "share" / "khabar" / "index").is_dir()
