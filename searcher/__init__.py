"""khabar's search side: articles, indexing, queries, ranking, snippets, rendering and the CLI."""
