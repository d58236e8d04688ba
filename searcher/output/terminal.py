"""What the terminal can do with right-to-left text, and so whether khabar must reorder lines.

Kept apart from :mod:`searcher.output.bidi` (the reordering, which needs rich and python-bidi)
so that every command can validate ``--bidi`` / ``KHABAR_BIDI`` before printing anything, and piped
runs never import the terminal machinery.
"""

from __future__ import annotations

from collections.abc import Mapping

from searcher.errors import UsageError

BIDI_MODES = ("auto", "on", "off")
BIDI_ENV_VAR = "KHABAR_BIDI"

# VTE gained its bidi support in 0.58; VTE_VERSION encodes 0.58.0 as 5800.
_VTE_FIRST_BIDI = 5800


def terminal_reorders(env: Mapping[str, str]) -> bool | None:
    """Whether the terminal described by ``env`` reorders RTL text itself; None when unknown.

    Terminal multiplexers come first: tmux and screen redraw the screen cell by cell and do no
    bidi, and the outer terminal's variables (VTE_VERSION, …) leak into their environment.
    Plain ``TERM=xterm-256color`` says nothing, since almost every terminal sets it, so xterm is
    recognised by the XTERM_VERSION it exports.
    """
    term = env.get("TERM", "")
    program = env.get("TERM_PROGRAM", "")
    if env.get("TMUX") or env.get("STY") or term.startswith(("tmux", "screen")):
        return False
    vte = env.get("VTE_VERSION", "")
    if vte.isdigit():
        return int(vte) >= _VTE_FIRST_BIDI
    if env.get("KONSOLE_VERSION") or env.get("MLTERM") or term.startswith("mlterm"):
        return True
    if program == "Apple_Terminal":
        return True
    if env.get("WT_SESSION") or program in ("vscode", "WezTerm"):
        return False
    if env.get("XTERM_VERSION") or env.get("KITTY_WINDOW_ID") or env.get("ALACRITTY_WINDOW_ID"):
        return False
    if term in ("linux", "alacritty", "xterm-kitty", "foot", "foot-extra"):
        return False
    return None


def resolve_bidi(requested: str | None, env: Mapping[str, str]) -> bool:
    """True when khabar must reorder lines itself, from ``--bidi`` or else ``KHABAR_BIDI``.

    ``auto`` asks :func:`terminal_reorders`. For a terminal it does not know, it prints logical
    order: that is what every other program prints, text copied from the screen stays correct
    Persian, and a terminal that already reorders would scramble reordered text a second time.
    Users of a non-bidi terminal we do not recognise set ``KHABAR_BIDI=on`` once.
    """
    source = "--bidi"
    if requested is None:
        requested, source = env.get(BIDI_ENV_VAR) or "auto", BIDI_ENV_VAR
    mode = requested.strip().lower()
    if mode not in BIDI_MODES:
        raise UsageError(
            f"{source} must be one of auto, on, off (got {requested!r})",
            hint="use --bidi on if Persian text shows backwards, off if it shows scrambled",
        )
    if mode == "auto":
        return terminal_reorders(env) is False
    return mode == "on"
