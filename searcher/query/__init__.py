"""Query text → a tree (lexer, parser) → an engine query (compile). Lenient: a malformed query
still searches and says what it skipped."""
