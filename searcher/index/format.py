"""The version of what khabar writes into an index directory.

An index holds pickled classes (the schema's field types, the analyzer's tokenizer) and data laid
out by khabar's code; when either changes, an index written before cannot be read correctly.
Every change to what is written (schema fields, pickled class paths, the analyzer's output for
the same text, stored columns, the signature's format) bumps ``INDEX_FORMAT`` by one, so an
older index is refused with a "re-index" message instead of being misread.

History: 0 = before the package layout of searcher/ by pipeline (no version stored);
1 = searcher.index.schema, searcher.engine.
"""

INDEX_FORMAT = 1
