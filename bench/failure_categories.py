"""Sort the dev queries where khabar loses to a peer into causes, by rules anyone can re-run.

    .venv/bin/python -m bench.failure_categories KHABAR.run PEER.run [--dev DIR]

A loss is a query whose nDCG@10 is lower in KHABAR.run than in PEER.run. Each loss gets the
first category whose rule holds (the order is the order of :data:`RULES`); the counts, and up to
three example query ids per category, are printed as a Markdown table for docs/relevance.md.
The rules look at the query text as today's analyzer reads it (a question word counts only
while it is a term, a verb only while it is dropped) and at what khabar ranked above the first
relevant document, so the same script describes the losses before and after a change.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

from analyzers.lexicon import join_form, words
from analyzers.morphology import QUESTION_WORDS, _verb_table, word_term
from searcher.rank.evaluation import query_scores, read_qrels, read_queries, read_run

DEFAULT_DEV = Path("/work/shared/eval/dev")
MEANINGFUL_VERBS = {join_form(w) for w in "گرفت داشت داد آورد یافت".split()}
PREPOSITIONS = ("از", "در", "به", "بر", "با")
WORD = re.compile(r"\w+")


class Loss:
    """One losing query: its id, text, and the collections khabar ranked above its answer."""

    def __init__(self, qid: str, text: str, above: list[str]) -> None:
        self.qid, self.text, self.above = qid, text, above
        self.tokens = [join_form(t) for t in WORD.findall(text)]


def _colloquial(loss: Loss) -> bool:
    lex = words()
    return any(t.endswith("ه") and t not in lex and t[:-1] in lex and len(t) > 3
               for t in loss.tokens)


def _joined_preposition(loss: Loss) -> bool:
    lex = words()
    return any(t.startswith(PREPOSITIONS) and t not in lex and t[2:] in lex and len(t) > 4
               for t in loss.tokens)


RULES: list[tuple[str, str, Callable[[Loss], bool]]] = [
    ("news topic", "an editor's tag as the query; tagged articles below untagged ones that "
     "mention the tag as often (judgements are tags, not reading)",
     lambda loss: loss.qid.startswith("NEWS-")),
    ("question word as a term", "چیست/کجا/چیه/چقدر… searched as content words reward texts "
     "that ask, not texts that answer",
     lambda loss: any(t in QUESTION_WORDS and word_term((t,)) for t in loss.tokens)),
    ("meaningful verb dropped", "گرفتن/داشتن/دادن/آوردن/یافتن conjugated in the question were "
     "stopwords, so the verb the answer shares was not searched",
     lambda loss: any(_verb_table().get(t) in MEANINGFUL_VERBS and not word_term((t,))
                      for t in loss.tokens)),
    ("long articles above the answer", "most documents ranked above the answer are long news "
     "articles: length normalisation lets their repeated common words win",
     lambda loss: len(loss.above) > 0
     and sum(c == "news" for c in loss.above) * 2 > len(loss.above)),
    ("colloquial ending", "spoken forms (خوبه، چقدره، بزرگتره) match no written word",
     _colloquial),
    ("preposition written solid", "ازچه، درطول، بدست: a preposition glued to the next word",
     _joined_preposition),
    ("other passages above", "competing passages on the same subject: ranking, not analysis",
     lambda loss: True),
]


def losses(dev: Path, ours: Path, peer: Path) -> list[Loss]:
    qrels = read_qrels(dev / "qrels.txt")
    queries = read_queries(dev / "queries.tsv")
    collection = {}
    with (dev / "corpus.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            collection[record["id"]] = record.get("collection") or ""
    run_a, run_b = read_run(ours), read_run(peer)
    scores_a, scores_b = query_scores(qrels, run_a), query_scores(qrels, run_b)
    found = []
    for qid, score in scores_a.items():
        if score.ndcg10 >= scores_b[qid].ndcg10 - 1e-9:
            continue
        ranked = [e.docid for e in run_a.get(qid, [])]
        relevant = [i for i, d in enumerate(ranked) if qrels[qid].get(d, 0) > 0]
        cut = relevant[0] if relevant else min(len(ranked), 10)
        found.append(Loss(qid, queries.get(qid, ""), [collection.get(d, "") for d in
                                                      ranked[:cut]]))
    return found


def table(found: list[Loss]) -> str:
    rows = {name: [] for name, _, _ in RULES}
    for loss in found:
        name = next(name for name, _, rule in RULES if rule(loss))
        rows[name].append(loss.qid)
    lines = ["| category | losses | cause | examples |", "|---|---|---|---|"]
    for name, cause, _ in RULES:
        ids = rows[name]
        lines.append(f"| {name} | {len(ids)} | {cause} | {', '.join(ids[:3])} |")
    lines.append(f"| total | {len(found)} | | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ours", type=Path)
    parser.add_argument("peer", type=Path)
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    args = parser.parse_args(argv)
    print(table(losses(args.dev, args.ours, args.peer)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
