"""scripts/find-python: the README's commands find a Python >= 3.12 by themselves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "find-python"


def _fake_pyenv(root: Path, version: str = "3.12.9") -> Path:
    """A pyenv root whose one install is this test's interpreter."""
    bin_dir = root / "versions" / version / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python3").symlink_to(sys.executable)
    return bin_dir / "python3"


def _tools(folder: Path, extra: dict[str, str] | None = None) -> str:
    """A PATH with the shell tools the script uses and no Python at all."""
    folder.mkdir()
    for tool in ("ls", "sort", "cut"):
        found = subprocess.run(["sh", "-c", f"command -v {tool}"], capture_output=True,
                               text=True, check=True).stdout.strip()
        (folder / tool).symlink_to(found)
    for name, body in (extra or {}).items():
        script = folder / name
        script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        script.chmod(0o755)
    return str(folder)


def _run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["/bin/sh", str(SCRIPT)], capture_output=True, text=True, env=env,
                          check=False)


def test_khabar_python_wins(tmp_path: Path) -> None:
    env = {"PATH": _tools(tmp_path / "bin"), "HOME": str(tmp_path),
           "KHABAR_PYTHON": sys.executable}
    assert _run(env).stdout.strip() == sys.executable


@pytest.mark.parametrize("where", ["PYENV_ROOT", "HOME", "pyenv root", "account home"])
def test_a_pyenv_install_is_found_wherever_its_root_is(tmp_path: Path, where: str) -> None:
    home = tmp_path / "home"
    home.mkdir()
    account = tmp_path / "account"
    root = {"HOME": home / ".pyenv", "account home": account / ".pyenv"}.get(
        where, tmp_path / "pyenv-root")
    expected = _fake_pyenv(root)
    extra = {}
    env = {"HOME": str(home)}
    if where == "PYENV_ROOT":
        env["PYENV_ROOT"] = str(root)
    elif where == "pyenv root":  # a pyenv on PATH with its root configured elsewhere
        extra["pyenv"] = f'[ "$1" = root ] && echo {root}'
    elif where == "account home":  # a CI run with another HOME: the account's home has pyenv
        extra["id"] = "echo 4242"
        extra["getent"] = f'[ "$2" = 4242 ] && echo "ci:x:4242:4242::{account}:/bin/sh"'
    env["PATH"] = _tools(tmp_path / "bin", extra)
    found = _run(env)
    assert found.returncode == 0, found.stderr
    assert Path(found.stdout.strip()) == expected


def test_no_python_is_one_line_with_a_hint(tmp_path: Path) -> None:
    env = {"PATH": _tools(tmp_path / "bin"), "HOME": str(tmp_path)}
    found = _run(env)
    assert found.returncode == 1 and found.stdout == ""
    assert found.stderr.count("\n") == 1 and "KHABAR_PYTHON" in found.stderr
