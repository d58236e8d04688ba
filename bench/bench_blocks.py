"""Posting-block decoding, per block: khabar's opcode reader beside the unpicklers.

    .venv/bin/python bench/bench_blocks.py INDEX_DIR [--terms 200] [--rounds 5]

Reads the ids and weights of every posting block of the ``--terms`` most frequent text terms in
every segment of the index, three ways, interleaved round by round:

- ``opcodes``: :class:`searcher.engine.block_decoding.FastLeafMatcher` (what khabar runs);
- ``safe``: the whole block through the allowlisting unpickler, ids delta-decoded in C (khabar
  before the opcode reader);
- ``pickle``: the same through plain ``pickle.loads`` (unsafe on an untrusted index; for
  reference only).

Prints µs per block (CPU time, median of the rounds) and the 1-minute load.
"""

from __future__ import annotations

import argparse
import heapq
import json
import os
import pickle
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import accumulate
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


@contextmanager
def plain_pickle() -> Iterator[None]:
    """whoosh's reading modules with their stock pickle functions, for the duration."""
    import whoosh.codec.whoosh3
    import whoosh.filedb.structfile

    saved = whoosh.codec.whoosh3.loads, whoosh.filedb.structfile.load_pickle
    whoosh.codec.whoosh3.loads = pickle.loads
    whoosh.filedb.structfile.load_pickle = pickle.load
    try:
        yield
    finally:
        whoosh.codec.whoosh3.loads, whoosh.filedb.structfile.load_pickle = saved


def frequent_terms(reader: Any, count: int) -> list[bytes]:
    return [t for _, t in heapq.nlargest(
        count, ((reader.doc_frequency("text", t), t) for t in reader.lexicon("text")))]


def decode_all(make: Callable[[bytes], Any], terms: list[bytes]) -> int:
    """Every block's ids and weights of ``terms``; the number of blocks read."""
    from searcher.engine.block_decoding import FastLeafMatcher

    blocks = 0
    for term in terms:
        matcher = make(term)
        fast = isinstance(matcher, FastLeafMatcher)
        while matcher.is_active():
            if fast:
                matcher.block_ids(), matcher.block_weights()
            else:  # what khabar did before the opcode reader: the whole block unpickled
                matcher._read_data()
                tuple(accumulate(matcher._data[0])), matcher._data[1]
            blocks += 1
            matcher._next_block()
    return blocks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("--terms", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)

    from whoosh.codec import whoosh3

    from searcher.engine import safe_pickle
    from searcher.engine.block_decoding import fast_matcher
    from searcher.engine.mapped_storage import open_mapped_index

    safe_pickle.install()
    ix = open_mapped_index(str(args.index))
    fmt = ix.schema["text"].format
    segments = []
    top = ix.reader()  # open until the process ends
    for reader, _ in top.leaf_readers():
        terms = reader._terms
        segments.append((terms, [t for t in frequent_terms(reader, args.terms)
                                 if not terms.term_info("text", t).is_inlined()]))

    def run(kind: str) -> tuple[float, int]:
        started = time.process_time()
        blocks = 0
        for terms, words in segments:
            if kind == "opcodes":
                make = lambda t, terms=terms: fast_matcher(terms, "text", t, fmt)  # noqa: E731
            else:
                make = lambda t, terms=terms: whoosh3.W3TermsReader.matcher(  # noqa: E731
                    terms, "text", t, fmt)
            if kind == "pickle":
                with plain_pickle():
                    blocks += decode_all(make, words)
            else:
                blocks += decode_all(make, words)
        return time.process_time() - started, blocks

    kinds = ("opcodes", "safe", "pickle")
    per_block: dict[str, list[float]] = {k: [] for k in kinds}
    counted = 0
    load = os.getloadavg()[0]
    for _ in range(args.rounds):
        for kind in kinds:
            seconds, counted = run(kind)
            per_block[kind].append(1e6 * seconds / counted)
    print(json.dumps({"blocks": counted, "segments": len(segments), "load": load,
                      **{k: round(statistics.median(v), 1) for k, v in per_block.items()}}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
