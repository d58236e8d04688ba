"""A throw-away khabar home for CLI and shell tests: key, index, data, config and history
folders under one tmp directory, in-process (monkeypatch) or for a child process (environ).

The sample corpus is indexed once per test module that asks for :func:`sample_home`.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from searcher.index.run import index_paths

SAMPLE_CORPUS = Path(__file__).resolve().parents[2] / "sample_corpus"
# Variables of the developer's shell that would change what khabar prints.
_CLEARED = ("KHABAR_INDEX", "KHABAR_BIDI", "KHABAR_DEBUG", "KHABAR_TRUST_INDEX", "KHABAR_BATCH",
            "KHABAR_SAMPLE_CORPUS", "KHABAR_HISTORY", "NO_COLOR", "FORCE_COLOR", "COLUMNS",
            "LINES", "TMUX", "STY", "VTE_VERSION", "KONSOLE_VERSION", "TERM_PROGRAM",
            "WT_SESSION", "XTERM_VERSION", "PAGER", "MANPAGER", "LESS")
_SGR = re.compile(r"\x1b\[([0-9;]*)m")
_YELLOW_RUN = re.compile(r"\x1b\[[0-9;]*\b33m([^\x1b]+)")  # khabar's highlight is bold yellow


@dataclass(frozen=True)
class KhabarHome:
    root: Path

    @property
    def index_dir(self) -> Path:
        return self.root / "index"

    @property
    def history(self) -> Path:
        return self.root / "data" / "shell_history"

    def variables(self, *, with_index: bool = True) -> dict[str, str]:
        """khabar's variables pointing into this home (KHABAR_INDEX only ``with_index``)."""
        variables = {
            "HOME": str(self.root),
            "XDG_DATA_HOME": str(self.root / "data"),
            "XDG_CONFIG_HOME": str(self.root / "config"),
            "XDG_CACHE_HOME": str(self.root / "cache"),
            "KHABAR_KEY_FILE": str(self.root / "config" / "index.key"),
            "KHABAR_HISTORY": str(self.history),
        }
        if with_index:
            variables["KHABAR_INDEX"] = str(self.index_dir)
        return variables

    def apply(self, monkeypatch: pytest.MonkeyPatch, *, with_index: bool = True) -> None:
        """Point this process's khabar at the home."""
        for name in _CLEARED:
            monkeypatch.delenv(name, raising=False)
        for name, value in self.variables(with_index=with_index).items():
            monkeypatch.setenv(name, value)

    def environ(self, **extra: str) -> dict[str, str]:
        """A child process's environment: this home, UTF-8, plus ``extra``."""
        env = {k: v for k, v in os.environ.items() if k not in _CLEARED}
        env.update(self.variables(), LC_ALL="C.UTF-8", LANG="C.UTF-8", PYTHONUTF8="1")
        env.update(extra)
        return env


def make_home(root: Path, corpus: Path | None = SAMPLE_CORPUS) -> KhabarHome:
    """A home under ``root``, with ``corpus`` indexed into it (None: no index)."""
    home = KhabarHome(root)
    if corpus is not None:
        with pytest.MonkeyPatch.context() as patch:
            home.apply(patch)
            index_paths([corpus], home.index_dir)
    return home


def khabar_command(*args: str) -> list[str]:
    """argv for the installed ``khabar`` of this interpreter's environment."""
    script = Path(sys.executable).with_name("khabar")
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-m", "searcher.cli.app", *args]


def sgr_codes(text: str) -> list[int]:
    """Every parameter of every SGR (colour/style) escape sequence in ``text``."""
    return [int(code) for params in _SGR.findall(text) for code in params.split(";") if code]


def without_sgr(text: str) -> str:
    return _SGR.sub("", text)


def is_colour(code: int) -> bool:
    """SGR parameters that set a foreground or background colour."""
    return 30 <= code <= 49 or 90 <= code <= 107


def yellow_runs(text: str) -> list[str]:
    """The stretches of ``text`` printed in yellow (khabar's highlight colour)."""
    return _YELLOW_RUN.findall(text)
