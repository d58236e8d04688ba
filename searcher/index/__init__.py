"""The index: its schema, the indexing run and its workers, the manifest of source files, the
index directory (location, lock, opening) and its signature."""
