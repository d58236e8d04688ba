"""Make untrusted article text safe to print: no terminal escapes, controls or spoofing characters.

Article text comes from files khabar did not write. Printed raw, an ``ESC [ 2 J`` clears the
screen, an OSC 8 sequence hides a link, a carriage return overwrites a line and a right-to-left
override (U+202E) makes «txt.exe» read as «exe.txt». Everything here removes such characters or
maps them to a plain space; nothing is ever inserted, so every output character comes from one
input character and highlight spans can be carried across (:func:`clean_with_spans`).

Kept on purpose: newline and tab (multi-line text), ZWNJ U+200C (part of Persian spelling:
«می‌روم»), ZWJ, and the bidi *marks* LRM/RLM/ALM, which are ordinary strong characters that writers
use to fix punctuation placement; they cannot reorder text beyond themselves the way the
embedding, override and isolate controls can.

    >>> clean_text("\\x1b[31mخبر\\x1b[0m فوری")
    'خبر فوری'
    >>> clean_line("سطر یک\\nسطر\\tدو")
    'سطر یک سطر دو'
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator

Span = tuple[int, int]

# Terminal sequences, removed whole. String sequences (OSC, DCS, SOS, PM, APC) only match when
# terminated and their payload is printable, so a stray "ESC ]" cannot swallow a whole article;
# an unterminated one loses its ESC below and the rest prints as inert text.
_SEQUENCE = (
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI, 7-bit and C1 forms
    r"|(?:\x1b[\]P^_X]|[\x9d\x90\x98\x9e\x9f])[^\x00-\x1f\x7f-\x9f]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]"  # two-character escapes such as ESC c (reset) or ESC ( B
)
# Single characters removed: C0 controls except tab/newline/CR/VT/FF (handled below), DEL, C1,
# bidi embeddings/overrides (LRE RLE PDF LRO RLO) and isolates (LRI RLI FSI PDI).
_DROP = r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?=\n)"
# Characters mapped one-to-one. Lone surrogates (from undecodable bytes) would crash the write.
_SURROGATE = r"[\ud800-\udfff]"
_SEPARATOR = r"[\x0b\x0c]"  # vertical tab, form feed: whitespace that must not join words
_LINE_BREAK = r"[\r\u2028\u2029]"  # a lone CR or Unicode line/paragraph separator

_PATTERN = re.compile(
    f"(?P<seq>{_SEQUENCE})|(?P<drop>{_DROP})|(?P<bad>{_SURROGATE})"
    f"|(?P<sep>{_SEPARATOR})|(?P<br>{_LINE_BREAK})"
)
_PATTERN_LINE = re.compile(_PATTERN.pattern + r"|(?P<ws>[\n\t])")

_REPLACEMENT = {"seq": "", "drop": "", "bad": "\ufffd", "sep": " "}


def _replacement(match: re.Match[str], one_line: bool) -> str:
    kind = match.lastgroup or "seq"
    if kind in _REPLACEMENT:
        return _REPLACEMENT[kind]
    # "br" and "ws": a line break, or (one-line only) a newline or tab
    return " " if one_line else "\n" if kind == "br" else match.group()


def _pattern(one_line: bool) -> re.Pattern[str]:
    return _PATTERN_LINE if one_line else _PATTERN


def clean_text(s: str, *, one_line: bool = False) -> str:
    """``s`` without escape sequences, control characters and bidi embedding/override controls.

    With ``one_line`` newlines and tabs become spaces too (titles, table cells, TSV fields).
    """
    return _pattern(one_line).sub(lambda m: _replacement(m, one_line), s)


def clean_line(s: str) -> str:
    """:func:`clean_text` for one-line fields: newlines and tabs become spaces."""
    return clean_text(s, one_line=True)


def _edits(text: str, one_line: bool) -> Iterator[tuple[int, int, str]]:
    for match in _pattern(one_line).finditer(text):
        yield match.start(), match.end(), _replacement(match, one_line)


def clean_map(text: str, *, one_line: bool = False) -> tuple[str, tuple[int, ...]]:
    """The cleaned text and, for each of its characters, the index it came from in ``text``.

    The origins are strictly increasing: cleaning only deletes characters or replaces one
    character by one character.
    """
    pieces: list[str] = []
    origins: list[int] = []
    pos = 0
    for start, end, replacement in _edits(text, one_line):
        pieces.append(text[pos:start])
        origins.extend(range(pos, start))
        if replacement:
            pieces.append(replacement)
            origins.append(start)
        pos = end
    pieces.append(text[pos:])
    origins.extend(range(pos, len(text)))
    return "".join(pieces), tuple(origins)


def clean_with_spans(
    text: str, spans: Iterable[Span], *, one_line: bool = False
) -> tuple[str, tuple[Span, ...]]:
    """Clean ``text`` and move each ``(start, end)`` span onto the cleaned text.

    A span keeps covering the characters it covered that survive; a span whose characters were
    all removed (or that was empty or out of range) is dropped.

        >>> clean_with_spans("\\x1b[1mتهران\\x1b[0m و قم", [(4, 9), (16, 18)])
        ('تهران و قم', ((0, 5), (8, 10)))
    """
    cleaned, origins = clean_map(text, one_line=one_line)
    moved: list[Span] = []
    for start, end in spans:
        start, end = max(start, 0), min(end, len(text))
        # the first output character whose origin is >= start, and likewise for end
        new_start = bisect_right(origins, start - 1)
        new_end = bisect_right(origins, end - 1)
        if new_start < new_end:
            moved.append((new_start, new_end))
    return cleaned, tuple(moved)
