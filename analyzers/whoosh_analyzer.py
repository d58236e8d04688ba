"""The whoosh analyzer khabar uses at index and at query time (the only place whoosh is met here).

whoosh pickles the schema, analyzer included, into the index: the tokenizer below holds no state
(the lexicon lives in module-level caches), so it pickles as a bare class reference.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Token as WhooshToken
from whoosh.analysis import Tokenizer

from analyzers.analyze import analyze


class PersianTokenizer(Tokenizer):
    """Runs :func:`analyzers.analyze` and yields whoosh tokens with positions and char spans."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(  # whoosh's tokenizer protocol
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[WhooshToken]:
        token = WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        for found in analyze(value):
            token.text = found.term
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[found.start:found.end]
            if positions:
                token.pos = start_pos + found.pos
            if chars:
                token.startchar = start_char + found.start
                token.endchar = start_char + found.end
            yield token


def build_analyzer() -> PersianTokenizer:
    """The analyzer for every Persian text field, at index and at query time alike."""
    return PersianTokenizer()
