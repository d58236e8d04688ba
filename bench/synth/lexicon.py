"""hazm's installed word lists, read as plain data and turned into weighted samplers.

hazm itself is never imported (it costs ~0.3 s and pulls in nltk); only its data files are read,
so the synthetic corpus follows whatever lexicon the installed hazm ships.
"""

from __future__ import annotations

import importlib.util
from bisect import bisect
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from random import Random
from typing import Generic, TypeVar

T = TypeVar("T")

NOUN = 1
ADJECTIVE = 2

# Zipf–Mandelbrot weight 1/(rank + q)^s. The shifts were chosen so the head matches Persian
# prose: «و» ~11% of function words and the commonest content word well under 1% of content words.
CONTENT_ZIPF = (1.0, 20.0)
STOPWORD_ZIPF = (1.1, 1.5)
VERB_ZIPF = (1.1, 3.0)
# Letters that mark a lexicon entry as Arabic-script noise rather than a Persian word.
_FOREIGN_LETTERS = frozenset("ةؤإأءئيك")


@dataclass(frozen=True, slots=True)
class Sampler(Generic[T]):
    """Items with cumulative weights; ``draw`` picks one in proportion to its weight."""

    items: tuple[T, ...]
    cumulative: tuple[float, ...]

    def draw(self, rng: Random) -> T:
        return self.items[bisect(self.cumulative, rng.random() * self.cumulative[-1])]

    def draw_index(self, rng: Random) -> int:
        return bisect(self.cumulative, rng.random() * self.cumulative[-1])


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the prose writer samples from, in canonical spelling (Persian letters, ZWNJ)."""

    content: Sampler[str]  # ranked by hazm's counts, commonest first
    content_kinds: tuple[int, ...]  # NOUN | ADJECTIVE bits, parallel to content.items
    rare: tuple[str, ...]  # entries hazm lists without a count or tag: the long tail
    stopwords: Sampler[str]  # in hazm's order, which is by frequency
    stopword_set: frozenset[str]
    verbs: Sampler[tuple[str, str]]  # (past stem, present stem), commonest first


def hazm_data_dir() -> Path:
    """The installed hazm package's data folder, found without importing hazm."""
    spec = importlib.util.find_spec("hazm")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("hazm is not installed in this Python; install the project's venv")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def zipf_cumulative(n: int, s: float, q: float) -> tuple[float, ...]:
    """Cumulative Zipf–Mandelbrot weights for ranks 1..n."""
    return tuple(accumulate((rank + q) ** -s for rank in range(1, n + 1)))


def read_stopwords(data_dir: Path) -> list[str]:
    """hazm's stopwords in file order; its «شده_است» joins become spaces."""
    lines = (data_dir / "stopwords.dat").read_text(encoding="utf-8").splitlines()
    return [line.strip().replace("_", " ") for line in lines if line.strip()]


def read_words(data_dir: Path) -> tuple[list[tuple[str, int, str]], dict[str, int]]:
    """``(word, count, tags)`` rows of words.dat, and a word → count map."""
    rows: list[tuple[str, int, str]] = []
    counts: dict[str, int] = {}
    with (data_dir / "words.dat").open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3 or not parts[1].isdigit():
                continue
            word, count = parts[0].strip(), int(parts[1])
            rows.append((word, count, parts[2]))
            counts[word] = count
    return rows, counts


def _kinds(tags: str) -> int:
    names = tags.split(",")
    return (NOUN if "N" in names else 0) | (ADJECTIVE if "AJ" in names else 0)


def _is_persian_word(word: str) -> bool:
    return len(word) >= 2 and not word.startswith("-") and not (_FOREIGN_LETTERS & set(word))


def read_verbs(data_dir: Path, counts: dict[str, int]) -> list[tuple[str, str]]:
    """(past, present) stem pairs, commonest first by the count of the infinitive (past + «ن»)."""
    pairs: list[tuple[int, str, str]] = []
    for line in (data_dir / "verbs.dat").read_text(encoding="utf-8").splitlines():
        past, _, present = line.strip().partition("#")
        present = present.strip()
        # «بود#است» and «رفت#روب» are suppletive or archaic pairs no writer conjugates this way.
        if not past or not present or " " in present or present in ("است", "هست"):
            continue
        pairs.append((counts.get(past + "ن", 0), past, present))
    pairs.sort(key=lambda row: (-row[0], row[1], row[2]))
    return [(past, present) for _, past, present in pairs]


@lru_cache(maxsize=4)
def load_lexicon(data_dir: Path | None = None) -> Lexicon:
    """Read hazm's data files once per process and build the samplers."""
    data_dir = data_dir or hazm_data_dir()
    stopwords = read_stopwords(data_dir)
    stopword_set = frozenset(stopwords)
    rows, counts = read_words(data_dir)
    content_rows = sorted(
        (row for row in rows if row[1] > 0 and row[2] != "0"
         and row[0] not in stopword_set and _is_persian_word(row[0])),
        key=lambda row: (-row[1], row[0]),
    )
    rare = tuple(sorted(word for word, count, tags in rows
                        if tags == "0" and count == 0 and _is_persian_word(word)))
    verbs = read_verbs(data_dir, counts)
    return Lexicon(
        content=Sampler(tuple(row[0] for row in content_rows),
                        zipf_cumulative(len(content_rows), *CONTENT_ZIPF)),
        content_kinds=tuple(_kinds(row[2]) for row in content_rows),
        rare=rare,
        stopwords=Sampler(tuple(stopwords), zipf_cumulative(len(stopwords), *STOPWORD_ZIPF)),
        stopword_set=stopword_set,
        verbs=Sampler(tuple(verbs), zipf_cumulative(len(verbs), *VERB_ZIPF)),
    )
