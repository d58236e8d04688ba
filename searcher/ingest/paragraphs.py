"""Re-join hard-wrapped lines into paragraphs.

Saved pages and old archives break lines at a fixed width, mid-sentence. A line that does not
end a sentence (. ! ? ؟ : …, possibly before a closing quote) is continued by the next line; a
blank line or a sentence end closes the paragraph.
"""

from __future__ import annotations

from collections.abc import Iterable

SENTENCE_ENDS = frozenset(".!?؟:…")
_CLOSERS = "»\"')]”’"


def ends_sentence(line: str) -> bool:
    """True when ``line`` ends with sentence punctuation: «… آغاز می‌شود.» or «… گفت:»."""
    core = line.rstrip().rstrip(_CLOSERS)
    return bool(core) and core[-1] in SENTENCE_ENDS


def join_wrapped(lines: Iterable[str]) -> list[str]:
    """Paragraphs from lines; an empty string in ``lines`` stands for a blank line.

    >>> join_wrapped(["ساخت نیروگاه", "آغاز شد.", "دومین بند", "", "سومین."])
    ['ساخت نیروگاه آغاز شد.', 'دومین بند', 'سومین.']
    """
    paragraphs: list[str] = []
    current: list[str] = []
    for raw in lines:
        line = " ".join(raw.split())
        if line:
            current.append(line)
        if current and (not line or ends_sentence(line)):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def join_body(lines: Iterable[str]) -> str:
    """Paragraphs of ``lines`` separated by one blank line."""
    return "\n\n".join(join_wrapped(lines))
