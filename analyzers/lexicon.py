"""hazm's lexical resources (word list, verb stems, stopwords), read straight from its data files.

``import hazm`` costs ~0.3 s (nltk) and its Lemmatizer constructor ~1 s; khabar needs only the
data, so it locates the installed package without importing it and parses the files once,
lazily, on the first analysis. Everything is folded by the same chain as documents and queries.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

from analyzers.chars import ZWNJ, term_form
from analyzers.diskcache import load_or_build
from analyzers.probe import ProbeTable


@cache
def data_dir() -> Path:
    spec = importlib.util.find_spec("hazm")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("hazm is not installed; khabar's analyzer needs its word lists")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def join_form(word: str) -> str:
    """Folded spelling with ZWNJ removed: the key khabar's morphology looks words up by."""
    return term_form(word).replace(ZWNJ, "")


@cache
def words() -> dict[str, int]:
    """Base words hazm tags with a part of speech, with their corpus counts.

    hazm's untagged entries include inflected forms (کتابها), so they are left out.

    >>> "تهران" in words()
    True
    """
    return load_or_build("words", data_dir(), _read_words)


@cache
def word_probe() -> ProbeTable[int]:
    """:func:`words` for a few lookups: the same entries, read without building a dict
    (:mod:`analyzers.probe`).

    >>> word_probe()["تهران"] == words()["تهران"]
    True
    """
    packed = load_or_build("wordprobe", data_dir(), lambda: ProbeTable.pack(
        (word, str(count)) for word, count in words().items()))
    return ProbeTable(packed, int)


def _read_words() -> dict[str, int]:
    out: dict[str, int] = {}
    with open(data_dir() / "words.dat", encoding="utf-8") as handle:
        for line in handle:
            word, count, tags = line.rstrip("\n").split("\t")
            if tags != "0":
                key = join_form(word)
                out[key] = max(out.get(key, 0), int(count))
    return out


@cache
def verb_stems() -> tuple[tuple[str, str], ...]:
    """(past stem, present stem) pairs from hazm's verb list, folded."""
    pairs = []
    with open(data_dir() / "verbs.dat", encoding="utf-8") as handle:
        for line in handle:
            past, _, present = line.strip().partition("#")
            if past and present and " " not in past and " " not in present:
                pairs.append((join_form(past), join_form(present)))
    return tuple(pairs)


@cache
def raw_stopwords() -> tuple[str, ...]:
    """hazm's stopword list, folded and joined; multi-word entries (شده_است) are left out
    because their parts are listed on their own."""
    return tuple(load_or_build("stopwords", data_dir(), _read_stopwords))


def _read_stopwords() -> list[str]:
    with open(data_dir() / "stopwords.dat", encoding="utf-8") as handle:
        return [join_form(line.strip()) for line in handle if line.strip() and "_" not in line]
