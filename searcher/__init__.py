"""khabar's search side: articles, indexing, queries, ranking, snippets, rendering and the CLI."""

from searcher import _lazy_imports

_lazy_imports.install()
