"""Choose and check the same-story threshold: recall on republished copies, false merges on news.

    .venv/bin/python bench/collapse_eval.py [--bases 300] [--dev ../shared/eval/dev/corpus.jsonl]
        [--pairs 30 --show]

1. Labelled set: ``--bases`` synthetic articles (bench/gen_corpus.py's generator, seed 1402)
   each republished by every edit of ``bench/synth/republish.py`` (new title, another outlet's
   opening phrase, last paragraph trimmed, a paragraph added, and combinations). Recall at a
   threshold = the share of (original, copy) pairs that end in one story, through the same
   grouping a search uses (:func:`searcher.index.story_groups.story_labels`). The synthetic bases
   share topics and vocabulary, so merges among them are false merges too.
2. Real news: the ``collection: news`` articles of the dev set. Every article grouped with
   another is reported (how many, in how many stories), and ``--pairs`` merged pairs are drawn
   at random for a reader to judge (``--show`` prints their openings to the terminal only;
   nothing of that text belongs in the repository).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.gen_corpus import iter_articles
from bench.synth.republish import EDITS, republications
from searcher.index.signature import signature
from searcher.index.story_groups import story_labels

THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def _matrix(signatures: list[bytes]) -> np.ndarray:
    return np.frombuffer(b"".join(signatures), dtype="<u4").reshape(len(signatures), -1)


def labelled(bases: int) -> tuple[np.ndarray, list[int], list[str]]:
    """Signatures of the bases and their copies; each row's base number and edit name."""
    signatures, base_of, edit_of = [], [], []
    for number, synth in enumerate(iter_articles(bases)):
        article = synth.article
        for name, copy in [("original", article), *republications(article)]:
            signatures.append(signature(copy.lead, copy.body))
            base_of.append(number)
            edit_of.append(name)
    return _matrix(signatures), base_of, edit_of


def recall_table(matrix: np.ndarray, base_of: list[int], edit_of: list[str]) -> None:
    base = np.array(base_of)
    originals = np.flatnonzero(np.array(edit_of) == "original")
    print("threshold | recall (all edits) | " + " | ".join(EDITS) + " | bases wrongly merged")
    for threshold in THRESHOLDS:
        labels = story_labels(matrix, threshold)
        label_of_base = labels[originals]
        same = labels == label_of_base[base]
        per_edit = {name: same[np.array(edit_of) == name].mean() for name in EDITS}
        copies = np.array(edit_of) != "original"
        merged = len(label_of_base) - len(set(label_of_base.tolist()))
        print(f"{threshold:.1f} | {same[copies].mean():.3f} | "
              + " | ".join(f"{per_edit[n]:.2f}" for n in EDITS) + f" | {merged}")


def real_news(path: Path, threshold: float, pairs: int, show: bool) -> None:
    records = [json.loads(line) for line in path.open(encoding="utf-8")]
    news = [r for r in records if r.get("collection") == "news"]
    matrix = _matrix([signature("", r.get("body") or "") for r in news])
    print(f"\n{len(news)} real news articles; {int((~matrix.any(axis=1)).sum())} too short "
          "to sign")
    for t in THRESHOLDS:
        labels = story_labels(matrix, t)
        sizes = Counter(labels.tolist())
        grouped = sum(n for n in sizes.values() if n > 1)
        print(f"threshold {t:.1f}: {grouped} articles in {sum(1 for n in sizes.values() if n > 1)}"
              " multi-article stories")
    labels = story_labels(matrix, threshold)
    groups: dict[int, list[int]] = {}
    for row, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(row)
    merged = [(a, b) for members in groups.values() if len(members) > 1
              for a in members for b in members if a < b]
    rng = random.Random(1402)
    sample = rng.sample(merged, min(pairs, len(merged)))
    print(f"\n{len(merged)} merged pairs at {threshold}; a sample of {len(sample)}:")
    if len(sample) < pairs:  # too few merges to sample: the most alike pairs, merged or not
        nearest = _most_alike(matrix, pairs - len(sample))
        print(f"fewer than {pairs}: the {len(nearest)} most alike pairs below the threshold too")
        sample += [pair for pair in nearest if pair not in sample]
    for a, b in sample:
        agree = float((matrix[a] == matrix[b]).mean())
        print(f"{news[a]['id']}\t{news[b]['id']}\t{agree:.2f}\t"
              f"{'merged' if labels[a] == labels[b] else 'apart'}")
        if show:
            for row in (a, b):
                record = news[row]
                print("   ", record.get("title", "")[:80], "|", (record.get("body") or "")[:160]
                      .replace("\n", " "))


def _most_alike(matrix: np.ndarray, count: int) -> list[tuple[int, int]]:
    """The ``count`` pairs of signed rows whose signatures agree most (all pairs compared)."""
    signed = np.flatnonzero(matrix.any(axis=1))
    rows = matrix[signed]
    best: list[tuple[float, int, int]] = []
    for start in range(0, len(rows), 64):
        block = (rows[start:start + 64, None, :] == rows[None, :, :]).mean(axis=2)
        for offset, scores in enumerate(block):
            i = start + offset
            scores[: i + 1] = -1  # each pair once, never a row with itself
            top = np.argpartition(scores, -count)[-count:]
            best.extend((float(scores[j]), i, int(j)) for j in top)
        best = sorted(best, reverse=True)[:count]
    return [(int(signed[i]), int(signed[j])) for _, i, j in best]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bases", type=int, default=300)
    parser.add_argument("--dev", type=Path,
                        default=Path(__file__).resolve().parents[3] / "shared/eval/dev/corpus.jsonl")
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--pairs", type=int, default=30)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    recall_table(*labelled(args.bases))
    if args.dev.exists():
        real_news(args.dev, args.threshold, args.pairs, args.show)


if __name__ == "__main__":
    main()
