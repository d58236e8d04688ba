"""Ranking quality in TREC terms: read queries, qrels and runs, write runs, score nDCG/MRR/Recall.

Files (all UTF-8, a BOM is tolerated, blank lines are skipped):

- queries: ``qid<TAB>query`` a line;
- qrels: ``qid 0 docid rel`` (whitespace-separated; ``rel`` an integer, > 0 means relevant);
- runs: ``qid Q0 docid rank score tag``.

Measures, per judged query, then averaged (a plain mean over queries):

- nDCG@10 = DCG@10 / IDCG@10 with DCG@k = Σ_{i=1..k} rel_i / log2(i + 1), so gain = rel and a
  binary qrels file gives the usual binary nDCG; IDCG sorts the query's judged grades.
- MRR@10 = 1 / rank of the first relevant document in the top 10, else 0.
- Recall@100 = relevant documents in the top 100 / all relevant documents of the query.

Which queries count: every qid with at least one relevant judgement. Such a query without run
lines scores 0 on every measure; run queries missing from the qrels are ignored (and counted in
:attr:`EvalReport.ignored_run_queries`, so a mismatched pair of files shows). Queries whose
judgements are all non-relevant are skipped, as trec_eval does: no ranking can score on them.

Order within a query: by score, highest first, ties kept in rank-column order. trec_eval also
sorts by score but breaks ties by docid, which is arbitrary; keeping the system's order makes a
run mean what the system meant, and runs whose rank column is constant still work.

Written here rather than taken from ir-measures / pytrec_eval: those install on Python 3.13 but
pull in numpy and scipy (~200 MB) for three formulas, and still need wrapping for unjudged-query
zeros and per-prefix groups. On eval/dev runs without score ties, every per-query value equals
ir-measures 0.4.3's (pytrec_eval) to 1e-15, with the binary qrels and with random graded ones.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

from searcher.errors import UsageError

NDCG_DEPTH = 10
MRR_DEPTH = 10
RECALL_DEPTH = 100

Qrels = dict[str, dict[str, int]]
"""qid → docid → relevance grade."""


@dataclass(frozen=True, slots=True)
class RunEntry:
    """One line of a TREC run."""

    qid: str
    docid: str
    rank: int
    score: float
    tag: str = "khabar"


Run = dict[str, list[RunEntry]]
"""qid → entries, best first (see :func:`rank_entries`)."""


@dataclass(frozen=True, slots=True)
class Scores:
    """Mean measures over ``queries`` judged queries."""

    ndcg10: float
    mrr10: float
    recall100: float
    queries: int


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Scores overall and per query-id prefix (the part of the qid before its first ``-``)."""

    overall: Scores
    by_prefix: dict[str, Scores] = field(default_factory=dict)
    queries: int = 0
    ignored_run_queries: int = 0

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict, keys as in the dataclasses (like :meth:`Article.to_json`)."""
        return asdict(self)


# --- reading and writing files ---------------------------------------------------------------

def _read_lines(path: Path | str, what: str) -> list[str]:
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise UsageError(f"{what} file not found: {path}", "check the path") from None
    except IsADirectoryError:
        raise UsageError(f"{what} path is a folder, not a file: {path}", "give a file") from None
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"{what} file {path} is not UTF-8 (byte {exc.start})",
            "save it as UTF-8, e.g. iconv -f WINDOWS-1256 -t UTF-8",
        ) from None


def _numbered(lines: Iterable[str]) -> Iterable[tuple[int, str]]:
    """(line number, line without its end-of-line) for the non-blank lines."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield number, line.rstrip("\r\n")


QRELS_LAYOUT = "qid 0 docid relevance"
RUN_LAYOUT = "qid Q0 docid rank score tag"


def _split_lines(lines: Iterable[str], source: str,
                 layout: str) -> Iterable[tuple[str, list[str]]]:
    """(where, whitespace-separated fields) per non-blank line, checked against ``layout``."""
    expected = len(layout.split())
    for number, line in _numbered(lines):
        where = f"{source} line {number}"
        fields = line.split()
        if len(fields) != expected:
            raise UsageError(f"{where}: expected {expected} fields, found {len(fields)}",
                             f"each line reads: {layout}")
        yield where, fields


def parse_queries(lines: Iterable[str], source: str = "queries") -> dict[str, str]:
    """``qid<TAB>query`` lines → {qid: query}, in file order.

    >>> parse_queries(["q-1\\tکتاب‌های تاریخی"])
    {'q-1': 'کتاب‌های تاریخی'}
    """
    queries: dict[str, str] = {}
    for number, line in _numbered(lines):
        qid, tab, text = line.partition("\t")
        qid, text = qid.strip(), text.strip()
        where = f"{source} line {number}"
        if not tab:
            raise UsageError(f"{where}: no tab in {line[:40]!r}",
                             "write each query as qid<TAB>query, with a real tab character")
        if not qid or not text:
            raise UsageError(f"{where}: empty {'query id' if not qid else 'query'}",
                             "write each query as qid<TAB>query, both non-empty")
        if qid in queries:
            raise UsageError(f"{where}: query id {qid!r} appears twice",
                             "give each query its own id")
        queries[qid] = text
    return queries


def read_queries(path: Path | str) -> dict[str, str]:
    """Read a queries TSV file (see :func:`parse_queries`)."""
    return parse_queries(_read_lines(path, "queries"), source=str(path))


def parse_qrels(lines: Iterable[str], source: str = "qrels") -> Qrels:
    """``qid 0 docid rel`` lines → {qid: {docid: rel}}."""
    qrels: Qrels = {}
    for where, (qid, _iteration, docid, grade) in _split_lines(lines, source, QRELS_LAYOUT):
        try:
            rel = int(grade)
        except ValueError:
            raise UsageError(f"{where}: relevance {grade!r} is not an integer",
                             f"qrels lines read: {QRELS_LAYOUT}, e.g. q-1 0 doc7 1") from None
        judged = qrels.setdefault(qid, {})
        if docid in judged:
            raise UsageError(f"{where}: {qid} {docid} is judged twice", "keep one judgement")
        judged[docid] = rel
    return qrels


def read_qrels(path: Path | str) -> Qrels:
    """Read a TREC qrels file (see :func:`parse_qrels`)."""
    return parse_qrels(_read_lines(path, "qrels"), source=str(path))


def rank_entries(entries: Iterable[RunEntry]) -> list[RunEntry]:
    """Best first: by score descending, ties in rank-column order (stable beyond that)."""
    return sorted(entries, key=lambda entry: (-entry.score, entry.rank))


def parse_run(lines: Iterable[str], source: str = "run") -> Run:
    """``qid Q0 docid rank score tag`` lines → {qid: entries best first}."""
    run: Run = {}
    seen: set[tuple[str, str]] = set()
    for where, fields in _split_lines(lines, source, RUN_LAYOUT):
        qid, _q0, docid, rank_text, score_text, tag = fields
        try:
            rank, score = int(rank_text), float(score_text)
        except ValueError:
            raise UsageError(f"{where}: rank {rank_text!r} or score {score_text!r} is not a number",
                             f"run lines read: {RUN_LAYOUT}, e.g. q-1 Q0 doc7 1 12.5 k") from None
        if not math.isfinite(score):
            raise UsageError(f"{where}: score {score_text!r} is not finite", "use finite scores")
        if (qid, docid) in seen:
            raise UsageError(f"{where}: {docid} is listed twice for {qid}",
                             "list each document at most once per query")
        seen.add((qid, docid))
        run.setdefault(qid, []).append(RunEntry(qid, docid, rank, score, tag))
    return {qid: rank_entries(entries) for qid, entries in run.items()}


def read_run(path: Path | str) -> Run:
    """Read a TREC run file (see :func:`parse_run`)."""
    return parse_run(_read_lines(path, "run"), source=str(path))


def _check_token(value: str, what: str) -> None:
    if not value or any(char.isspace() for char in value):
        raise UsageError(f"{what} {value!r} is empty or contains whitespace",
                         f"a TREC run needs each {what} as one word")


def format_run(results: Mapping[str, Sequence[tuple[str, float]]],
               tag: str = "khabar") -> list[str]:
    """{qid: [(docid, score), ...] best first} → TREC run lines (ranks from 1, no newline)."""
    _check_token(tag, "run tag")
    lines = []
    for qid, hits in results.items():
        _check_token(qid, "query id")
        for rank, (docid, score) in enumerate(hits, start=1):
            _check_token(docid, "document id")
            lines.append(f"{qid} Q0 {docid} {rank} {score:.8g} {tag}")
    return lines


def write_run(results: Mapping[str, Sequence[tuple[str, float]]], out: TextIO,
              tag: str = "khabar") -> None:
    """Write :func:`format_run` lines to a text stream."""
    for line in format_run(results, tag):
        out.write(line + "\n")


# --- measures ---------------------------------------------------------------------------------

def dcg(gains: Sequence[int], depth: int) -> float:
    """Σ gain_i / log2(i + 1) over the first ``depth`` positions (i from 1)."""
    return sum(gain / math.log2(position + 2) for position, gain in enumerate(gains[:depth]))


def ndcg_at(ranked: Sequence[str], judged: Mapping[str, int], depth: int = NDCG_DEPTH) -> float:
    """nDCG@depth with gain = relevance grade (non-positive grades gain nothing)."""
    ideal = dcg(sorted((rel for rel in judged.values() if rel > 0), reverse=True), depth)
    if ideal == 0:
        return 0.0
    return dcg([max(judged.get(docid, 0), 0) for docid in ranked], depth) / ideal


def reciprocal_rank_at(ranked: Sequence[str], judged: Mapping[str, int],
                       depth: int = MRR_DEPTH) -> float:
    """1 / rank of the first relevant document within ``depth``, else 0."""
    for position, docid in enumerate(ranked[:depth], start=1):
        if judged.get(docid, 0) > 0:
            return 1 / position
    return 0.0


def recall_at(ranked: Sequence[str], judged: Mapping[str, int], depth: int = RECALL_DEPTH) -> float:
    """Share of the query's relevant documents found within ``depth``."""
    relevant = {docid for docid, rel in judged.items() if rel > 0}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranked[:depth])) / len(relevant)


def query_scores(qrels: Qrels, run: Run) -> dict[str, Scores]:
    """Per judged query (at least one relevant document): its measures, ``queries`` = 1."""
    scores = {}
    for qid, judged in qrels.items():
        if not any(rel > 0 for rel in judged.values()):
            continue
        ranked = [entry.docid for entry in run.get(qid, ())]
        scores[qid] = Scores(ndcg_at(ranked, judged), reciprocal_rank_at(ranked, judged),
                             recall_at(ranked, judged), 1)
    return scores


def mean_scores(per_query: Iterable[Scores]) -> Scores:
    """Average per-query scores into one :class:`Scores` (zeros when there are none)."""
    items = list(per_query)
    count = len(items)
    if count == 0:
        return Scores(0.0, 0.0, 0.0, 0)
    return Scores(sum(s.ndcg10 for s in items) / count, sum(s.mrr10 for s in items) / count,
                  sum(s.recall100 for s in items) / count, count)


def query_prefix(qid: str) -> str | None:
    """The part of a query id before its first ``-``; None when it has no ``-``."""
    prefix, dash, _rest = qid.partition("-")
    return prefix if dash else None


def evaluate(qrels: Qrels, run: Run) -> EvalReport:
    """Score a run against qrels, overall and per query-id prefix."""
    per_query = query_scores(qrels, run)
    if not per_query:
        raise UsageError("the qrels file has no query with a relevant document",
                         "relevance grades above 0 mark relevant documents")
    groups: dict[str, list[Scores]] = {}
    for qid, scores in per_query.items():
        prefix = query_prefix(qid)
        if prefix is not None:
            groups.setdefault(prefix, []).append(scores)
    return EvalReport(
        overall=mean_scores(per_query.values()),
        by_prefix={prefix: mean_scores(group) for prefix, group in sorted(groups.items())},
        queries=len(per_query),
        ignored_run_queries=sum(1 for qid in run if qid not in qrels),
    )
