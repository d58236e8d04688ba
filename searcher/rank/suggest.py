"""Did-you-mean: correct Persian typing slips against the index's own vocabulary.

A word is a candidate for correction when its term is rare in the index. Its variants at one
typing slip — a letter missing, an extra letter, two neighbours swapped, one letter replaced —
are analyzed like any query word, and the variant whose term is in the most articles wins if it
is clearly more common. ی/ي-style confusions need no help: folding already unites them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from analyzers import analyze
from analyzers.chars import term_form

PERSIAN_LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآ"
# Only words the index does not know are corrected: on a small archive a rare word is
# usually a real word, not a slip.
MIN_DF = 1


def edits(word: str) -> Iterator[str]:
    """Every spelling one slip away (deletion, transposition, replacement, insertion)."""
    letters = PERSIAN_LETTERS if any("\u0600" <= c <= "\u06ff" for c in word) else (
        "abcdefghijklmnopqrstuvwxyz")
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    for left, right in splits:
        if right:
            yield left + right[1:]
        if len(right) > 1:
            yield left + right[1] + right[0] + right[2:]
        for c in letters:
            if right:
                yield left + c + right[1:]
            yield left + c + right


def _term(word: str) -> str | None:
    tokens = analyze(word)
    return tokens[0].term if len(tokens) == 1 else None


def correct_word(word: str, doc_freq: Callable[[str], int]) -> str | None:
    """The likeliest intended spelling of ``word``, or None when it looks fine."""
    term = _term(word)
    if term is None or len(word) < 3:
        return None
    if doc_freq(term) >= MIN_DF:
        return None
    best, best_df = None, MIN_DF - 1
    seen: set[str] = {term}
    for candidate in edits(term_form(word).replace("\u200c", "")):
        cand_term = _term(candidate)
        if cand_term is None or cand_term in seen:
            continue
        seen.add(cand_term)
        df = doc_freq(cand_term)
        if df > best_df or (df == best_df and best is not None and candidate < best):
            best, best_df = candidate, df
    return best


def suggest(words: Iterable[str], doc_freq: Callable[[str], int]) -> dict[str, str]:
    """Corrections for the words of a query that find little: typed word → suggested word."""
    fixes = {}
    for word in words:
        fixed = correct_word(word, doc_freq)
        if fixed:
            fixes[word] = fixed
    return fixes
