"""The pager for the shell's ``:open``: ``$MANPAGER``, else ``$PAGER``, else ``less``, given
what it needs to show the article.

``less`` shows colours only with ``-R`` (or ``-r``): when the user has not set ``LESS``, khabar
runs it with ``LESS=-R``; a ``LESS`` the user set is kept, and colours are sent only if it (or
the pager command) already has R. ``cat`` passes colours to the terminal as they are. Any
other pager gets plain text, since khabar cannot know
whether it would show escape codes as colours or as ``ESC[1m`` garbage.
"""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Mapping
from pathlib import Path

from rich.pager import Pager

_RAW_FLAGS = ("-R", "-r", "--RAW-CONTROL-CHARS", "--raw-control-chars")
# Pagers that hand escape codes to the terminal unchanged, so colours show.
_PASS_THROUGH = frozenset({"cat"})


def _has_raw_flag(words: list[str]) -> bool:
    for word in words:
        if word in _RAW_FLAGS:
            return True
        # bundled short flags: -FRX
        if word.startswith("-") and not word.startswith("--") and ("R" in word or "r" in word):
            return True
    return False


class SystemPager(Pager):
    """Runs the user's pager with the article on its standard input."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = dict(env)
        command = self.env.get("MANPAGER") or self.env.get("PAGER") or "less"
        self.argv = shlex.split(command) or ["less"]
        is_less = Path(self.argv[0]).name == "less"
        if is_less and "LESS" not in self.env:
            self.env["LESS"] = "-R"
        raw = _has_raw_flag(self.argv[1:]) or _has_raw_flag(self.env.get("LESS", "").split())
        self.colours = (is_less and raw) or Path(self.argv[0]).name in _PASS_THROUGH

    def show(self, content: str) -> None:
        try:
            subprocess.run(self.argv, input=content, text=True, env=self.env, check=False)
        except OSError:  # no such pager: print the article instead
            print(content, end="")
