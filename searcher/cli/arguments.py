"""The command line as people type it, rewritten into the form click parses.

- Global options (``--bidi``, ``--debug``) may follow the command; they are moved before it.
- ``--index``/``-i`` may come before the command; it is moved after it (a command option).
- Words after the command that are not its options are positional, even when they start with
  ``-`` and a non-Latin letter (``-دلار``, an exclusion): they are put after ``--``, so click
  never reads them as options. ``--`` typed by the user ends the options, as usual.
- A token like ``--colour`` or ``-x`` that no command knows stays an option, so click reports it.

``search`` then joins its words into one query (``khabar search نفت قیمت``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

INDEX_OPTIONS = ("--index", "-i")


def _options(command: Any) -> dict[str, bool]:
    """Option string → whether it takes a value, for a click command or group."""
    table: dict[str, bool] = {}
    for param in command.params:
        if getattr(param, "param_type_name", "") != "option":
            continue
        takes_value = not (param.is_flag or param.count)
        for name in (*param.opts, *param.secondary_opts):
            table[name] = takes_value and name not in param.secondary_opts
    for name in command.context_settings.get("help_option_names", ()) or ("--help",):
        table[name] = False
    return table


def _looks_like_option(token: str) -> bool:
    """``-x``, ``--word``: an ASCII letter after the dashes; ``-دلار`` and ``-5`` are words."""
    body = token[2:] if token.startswith("--") else token[1:]
    return token.startswith("-") and body[:1].isascii() and body[:1].isalpha()


def _take(tokens: Sequence[str], at: int, table: dict[str, bool]) -> list[str]:
    """The option at ``tokens[at]`` with its value, if it takes one and it is not ``--x=v``."""
    token = tokens[at]
    if "=" not in token and table.get(token) and at + 1 < len(tokens):
        return [token, tokens[at + 1]]
    return [token]


def normalize(argv: Sequence[str], group: Any) -> list[str]:
    """``argv`` rewritten for click (see the module docstring); unknown commands unchanged."""
    argv = list(argv)
    global_opts = _options(group)
    front: list[str] = []
    index: list[str] = []
    at = 0
    while at < len(argv) and argv[at].startswith("-") and argv[at] != "--":
        name = argv[at].split("=", 1)[0]
        taken = _take(argv, at, {**global_opts, **dict.fromkeys(INDEX_OPTIONS, True)})
        (index if name in INDEX_OPTIONS else front).extend(taken)
        at += len(taken)
    if at >= len(argv) or argv[at] not in group.commands:
        return argv
    name = argv[at]
    command = group.commands[name]
    own = _options(command)
    options, words = list(index), []
    rest = argv[at + 1:]
    at = 0
    while at < len(rest):
        token = rest[at]
        if token == "--":
            words.extend(rest[at + 1:])
            break
        key = token.split("=", 1)[0] if token.startswith("--") else token
        if key in own or (key in global_opts and key not in own):
            table = own if key in own else global_opts
            taken = _take(rest, at, table)
            (options if key in own else front).extend(taken)
            at += len(taken)
        elif _looks_like_option(token):
            options.append(token)  # unknown: click reports it
            at += 1
        else:
            words.append(token)
            at += 1
    return [*front, name, *options, *(["--", *words] if words else [])]


def usage_hint(error: Exception) -> str:
    """What to do instead, for one of click's usage errors."""
    context = getattr(error, "ctx", None)
    command = getattr(getattr(context, "command", None), "name", None)
    where = f"khabar {command} --help" if command and command != "khabar" else "khabar --help"
    option = getattr(error, "option_name", None)
    if option and not option.startswith("--"):
        return (f"to search for a word starting with -, put the query after --: "
                f"khabar search -- {option}; options are in '{where}'")
    return (f"see '{where}' for the options; --index, --bidi and --debug may go before or "
            f"after the command")
