"""Ranking and what is computed from it: BM25, the term-at-a-time top k, exact counts, snippets,
suggestions, similar articles, and relevance evaluation."""
