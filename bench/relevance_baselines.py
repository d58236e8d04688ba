"""Relevance and warm query latency of retrieval systems on eval/dev, side by side in one run.

Run from the repository root::

    .venv/bin/python -m bench.relevance_baselines               # every registered system
    .venv/bin/python -m bench.relevance_baselines --systems fts5 --data ../shared/eval/dev

For each system: build it over the corpus, search every query for its top 100 (the TREC run,
written to bench/out/run-NAME.txt), score the run with :mod:`searcher.rank.evaluation` (nDCG@10,
MRR@10, Recall@100 overall and per query-id prefix), then time a second, warm pass of
``search(query, 10)`` per query in this process (p50/p99; no snippets). Prints a Markdown table
and writes bench/out/relevance_baselines.json.

Peers (the baselines khabar must beat, as issue 4 defines them):

- ``whoosh``: plain whoosh — title and body as ``TEXT(RegexTokenizer() | LowercaseFilter())``,
  stock BM25F, the query run through the same analyzer and turned into an explicit ``Or`` of
  ``Term``s over title and body (each distinct query token × both fields). Explicit terms rather
  than ``MultifieldParser(["title", "body"], schema, group=OrGroup)`` so a question's ``?``,
  ``*``, ``:`` or an English "AND" stay words, not syntax. Measured on eval/dev (nDCG@10): these
  terms 0.848, the same with repeated words kept 0.847, the parser 0.846.
- ``fts5``: SQLite FTS5, ``tokenize="unicode61 remove_diacritics 2"``, ranked by
  ``bm25(fts, 2.0, 1.0)`` (title weight 2), the query as an OR of its whitespace-separated words,
  each quoted so punctuation never becomes FTS syntax (FTS tokenizes inside the quotes).

``khabar`` is khabar itself (its analyzer, schema and ranking, snippets off). Adding a system:
write a class with the :class:`System` members and add a factory to :data:`SYSTEMS`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Protocol

from searcher.article import Article
from searcher.errors import KhabarError, UsageError
from searcher.rank.evaluation import (
    EvalReport,
    evaluate,
    format_run,
    parse_run,
    read_qrels,
    read_queries,
)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "eval" / "dev"
DEFAULT_OUT = REPO / "bench" / "out"
RUN_DEPTH = 100  # Recall@100 needs the top 100
LATENCY_DEPTH = 10  # what a person sees on one page


class System(Protocol):
    """A retrieval system under test; one instance serves one build and many searches."""

    name: str

    def build(self, docs: Sequence[Article]) -> None:
        """Index ``docs`` (title and body are what the peers read)."""

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """The top ``k`` as (article id, score), best first."""

    def close(self) -> None:
        """Release indexes, searchers and connections."""


class PlainWhoosh:
    """whoosh out of the box: regex words, lowercased, stock BM25F, OR over title and body."""

    name = "whoosh"

    def __init__(self) -> None:
        from whoosh.analysis import LowercaseFilter, RegexTokenizer
        from whoosh.fields import ID, TEXT, Schema

        self.analyzer = RegexTokenizer() | LowercaseFilter()
        self.schema = Schema(id=ID(stored=True, unique=True), title=TEXT(analyzer=self.analyzer),
                             body=TEXT(analyzer=self.analyzer))
        self._searcher = None

    def build(self, docs: Sequence[Article]) -> None:
        from whoosh.filedb.filestore import RamStorage

        index = RamStorage().create_index(self.schema)
        writer = index.writer()
        for doc in docs:
            writer.add_document(id=doc.id, title=doc.title, body=doc.body)
        writer.commit()
        self._searcher = index.searcher()  # stock weighting: BM25F()

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        from whoosh.query import Or, Term

        words = list(dict.fromkeys(token.text for token in self.analyzer(query)))
        terms = [Term(field, word) for word in words for field in ("title", "body")]
        if not terms:
            return []
        hits = self._searcher.search(Or(terms), limit=k)
        return [(hit["id"], hit.score) for hit in hits]

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()


class Fts5:
    """SQLite FTS5 with unicode61 folding and BM25, title weighted 2."""

    name = "fts5"
    title_weight = 2.0

    def __init__(self) -> None:
        self._db = sqlite3.connect(":memory:")
        self._db.execute('CREATE VIRTUAL TABLE fts USING fts5(title, body, '
                         'tokenize="unicode61 remove_diacritics 2")')
        self._ids: list[str] = []

    def build(self, docs: Sequence[Article]) -> None:
        self._ids = [doc.id for doc in docs]
        with self._db:
            self._db.executemany("INSERT INTO fts(rowid, title, body) VALUES (?, ?, ?)",
                                 ((row, doc.title, doc.body) for row, doc in enumerate(docs)))

    @staticmethod
    def match_expression(query: str) -> str:
        """Each whitespace-separated word quoted (inner quotes doubled), joined by OR."""
        return " OR ".join('"' + word.replace('"', '""') + '"' for word in query.split())

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        expression = self.match_expression(query)
        if not expression:
            return []
        # bm25() is lower-is-better; negate it so scores read like everyone else's.
        rows = self._db.execute(
            "SELECT rowid, bm25(fts, ?, 1.0) AS rank FROM fts WHERE fts MATCH ? "
            "ORDER BY rank LIMIT ?", (self.title_weight, expression, k))
        return [(self._ids[row], -rank) for row, rank in rows]

    def close(self) -> None:
        self._db.close()


# What any careful Persian pipeline folds (issue 8's peer to beat): Arabic letters to Persian,
# hamza-carrying alefs to ا, Persian and Arabic-Indic digits to ASCII, ZWNJ to a space;
# diacritics (fathatan … sukun, superscript alef) and tatweel dropped.
_FOLDS = {"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
          "ؤ": "و", "ئ": "ی", "\u200c": " "}
_FOLDS.update({chr(0x06F0 + d): str(d) for d in range(10)})
_FOLDS.update({chr(0x0660 + d): str(d) for d in range(10)})
_FOLDS.update({chr(c): None for c in [*range(0x064B, 0x0660), 0x0670, 0x0640]})
PERSIAN_FOLD = str.maketrans(_FOLDS)


class FoldedFts5(Fts5):
    """SQLite FTS5 over Persian-folded text, title and body weighted 1:1; the query is an OR
    of its folded words (``\\w+`` runs), each quoted."""

    name = "fts5-folded"
    title_weight = 1.0

    def build(self, docs: Sequence[Article]) -> None:
        super().build([Article(id=d.id, title=d.title.translate(PERSIAN_FOLD),
                               body=d.body.translate(PERSIAN_FOLD)) for d in docs])

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        return super().search(" ".join(re.findall(r"\w+", query.translate(PERSIAN_FOLD))), k)


class Khabar:
    """khabar itself: its analyzer, schema and BM25 over a temporary on-disk index."""

    name = "khabar"

    def __init__(self) -> None:
        import tempfile

        self._tmp = tempfile.TemporaryDirectory(prefix="khabar-bench-")
        self._archive = None

    def build(self, docs: Sequence[Article]) -> None:
        from searcher.index.opened import OpenedIndex
        from searcher.index.run import index_paths

        corpus = Path(self._tmp.name) / "docs.jsonl"
        with corpus.open("w", encoding="utf-8") as handle:
            for doc in docs:
                handle.write(json.dumps({"id": doc.id, "title": doc.title, "body": doc.body},
                                        ensure_ascii=False) + "\n")
        index_paths([corpus], Path(self._tmp.name) / "index")
        self._archive = OpenedIndex(Path(self._tmp.name) / "index")

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        from searcher.rank.search import search

        # Every article ranked, as `khabar batch` writes runs: collapsing would list a
        # near-duplicate passage under another instead of at its own rank.
        found = search(self._archive, query, limit=k, snippets=False, collapse=False)
        return [(hit.id, hit.score) for hit in found.hits]

    def close(self) -> None:
        if self._archive is not None:
            self._archive.close()
        self._tmp.cleanup()


# The hook for more systems: name → factory.
SYSTEMS: dict[str, Callable[[], System]] = {
    "khabar": Khabar,
    "whoosh": PlainWhoosh,
    "fts5": Fts5,
    "fts5-folded": FoldedFts5,
}


@dataclass(frozen=True)
class Measurement:
    """One system's figures from one run."""

    name: str
    build_seconds: float
    report: EvalReport
    latency_p50_ms: float
    latency_p99_ms: float


def read_corpus(path: Path, news: bool = True) -> list[Article]:
    """corpus.jsonl (``id``, ``title``, ``body`` per line) → articles; ``news=False`` leaves
    out records whose ``collection`` is news."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise UsageError(f"corpus not found: {path}", "pass --data DIR with corpus.jsonl") from None
    docs = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if not news and data.get("collection") == "news":
                continue
            docs.append(Article(id=str(data["id"]), title=data.get("title") or "",
                                body=data.get("body") or ""))
        except (json.JSONDecodeError, KeyError) as exc:
            raise UsageError(f"{path} line {number}: {exc!r}",
                             "one JSON object with an id a line") from None
    return docs


def measure(system: System, docs: Sequence[Article], queries: dict[str, str],
            qrels_path: Path, out_dir: Path) -> Measurement:
    """Build, run every query, score the run, then time a warm pass."""
    started = time.perf_counter()
    system.build(docs)
    build_seconds = time.perf_counter() - started

    run_lines = format_run({qid: system.search(text, RUN_DEPTH) for qid, text in queries.items()},
                           tag=system.name)
    (out_dir / f"run-{system.name}.txt").write_text("\n".join(run_lines) + "\n", encoding="utf-8")
    qrels = {q: judged for q, judged in read_qrels(qrels_path).items() if q in queries}
    report = evaluate(qrels, parse_run(run_lines))

    timings = []
    for text in queries.values():
        started = time.perf_counter()
        system.search(text, LATENCY_DEPTH)
        timings.append((time.perf_counter() - started) * 1000)
    p99 = statistics.quantiles(timings, n=100, method="inclusive")[98]
    return Measurement(system.name, build_seconds, report, statistics.median(timings), p99)


def markdown_table(results: Sequence[Measurement]) -> str:
    """Rows per system and group: nDCG@10, MRR@10, Recall@100; latency on the overall row."""
    lines = ["| system | queries | group | nDCG@10 | MRR@10 | Recall@100 | p50 ms | p99 ms |",
             "|---|---:|---|---:|---:|---:|---:|---:|"]
    for result in results:
        groups = [("all", result.report.overall), *result.report.by_prefix.items()]
        for group, scores in groups:
            latency = (f"{result.latency_p50_ms:.1f} | {result.latency_p99_ms:.1f}"
                       if group == "all" else " | ")
            lines.append(f"| {result.name} | {scores.queries} | {group} | {scores.ndcg10:.3f} | "
                         f"{scores.mrr10:.3f} | {scores.recall100:.3f} | {latency} |")
    return "\n".join(lines)


def environment() -> dict[str, object]:
    """Where and with what the figures were measured."""
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores",
        "python": platform.python_version(),
        "whoosh_reloaded": metadata.version("whoosh-reloaded"),
        "sqlite": sqlite3.sqlite_version,
        # at the start: latency compares across runs only on an otherwise idle machine
        "load_1min": round(os.getloadavg()[0], 2),
    }


def write_json(path: Path, setting: dict[str, object], results: Sequence[Measurement]) -> None:
    """The setting plus, per system, build time, latency and the evaluation report."""
    systems = [{"name": r.name, "build_seconds": r.build_seconds,
                "latency_p50_ms": r.latency_p50_ms, "latency_p99_ms": r.latency_p99_ms,
                **r.report.to_json()} for r in results]
    payload = {**setting, "systems": systems}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="folder with corpus.jsonl, queries.tsv, qrels.txt")
    parser.add_argument("--systems", default=",".join(SYSTEMS),
                        help=f"comma-separated, from: {', '.join(SYSTEMS)}")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for runs and JSON")
    parser.add_argument("--no-news", action="store_true",
                        help="leave out documents of collection news and NEWS- queries")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    names = [name.strip() for name in args.systems.split(",") if name.strip()]
    try:
        unknown = [name for name in names if name not in SYSTEMS]
        if unknown or not names:
            raise UsageError(f"unknown system(s): {', '.join(unknown) or '(none)'}",
                             f"choose from: {', '.join(SYSTEMS)}")
        docs = read_corpus(args.data / "corpus.jsonl", news=not args.no_news)
        queries = read_queries(args.data / "queries.tsv")
        if args.no_news:
            queries = {q: t for q, t in queries.items() if not q.startswith("NEWS-")}
        args.out.mkdir(parents=True, exist_ok=True)
        env = environment()
        results = []
        for name in names:
            system = SYSTEMS[name]()
            try:
                results.append(measure(system, docs, queries, args.data / "qrels.txt", args.out))
            finally:
                system.close()
    except KhabarError as error:
        print(f"error: {error.message} ({error.hint})", file=sys.stderr)
        return int(error.exit_code)
    setting = ", ".join(f"{key} {value}" for key, value in env.items())
    print(f"{len(docs)} passages, {len(queries)} queries; {setting}")
    print(markdown_table(results))
    write_json(args.out / "relevance_baselines.json", {**env, "data": str(args.data)}, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
