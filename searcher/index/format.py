"""The version of what khabar writes into an index directory, and the check that refuses others.

An index holds pickled classes (the schema's field types, the analyzer's tokenizer) and data laid
out by khabar's code; when either changes, an index written before cannot be read correctly.
Every change to what is written (schema fields, pickled class paths, the analyzer's output for
the same text, stored columns, the signature's format) bumps ``INDEX_FORMAT`` by one, so an
older index is refused with a "re-index" message instead of being misread.

The policy:

- the version is written to ``khabar.format`` (one line, the number) when an index is created;
  the signature (:mod:`searcher.index.trust`) covers its bytes, like a TOC's;
- every open — for reading or for adding to the index — checks it after the signature and
  *before* whoosh reads anything (whoosh unpickles the schema from the TOC on open);
- a missing file means format 0 (written before versions were stored); any version other than
  ``INDEX_FORMAT``, older or newer, is refused with one line that says how to re-index. khabar
  never converts an index: re-indexing the articles is the one upgrade path;
- on a rebase conflict over ``INDEX_FORMAT``, take the larger number plus one.

History: 0 = before the package layout of searcher/ by pipeline (no version stored; pickled
classes at searcher.schema.*); 1 = searcher.index.schema, searcher.engine, ``khabar.format``;
2 = khabar.sig version 3: every file's bytes hashed and signed, not only the TOC's;
3 = issue 8's analyzer: question words and the light verbs only are stopwords (گرفتن، داشتن،
دادن، آوردن، یافتن are terms), infinitives meet their conjugations, hamza between consonants
folds to ا (مسئله = مسأله);
4 = a date without a time is stored as the date alone (``"published": "2004-01-17"``);
5 = newsroom columns: agency, agency_key, published_at, story (searcher.index.columns);
6 = a ``source_name`` column (each article's agency as written, for ``stats`` without reading
articles);
7 = ``khabar.stories``: each article's story, grouped at commit (searcher.index.stories);
8 = issue 8's analyzer, second round: a comparative never stems to a function word (اینتر
stays اینتر, not این + تر), and compound tails (گذاری، سازی، برداری، گیری، ریزی، بندی، کننده،
کنندگان) are terms, not stopwords;
9 = آوری (جمع‌آوری، فن‌آوری) is a term too;
10 = a slash between digits is a decimal point (۴۰/۲ is 40.2);
11 = a ZWNJ compound headed by a pronoun, و or چرا is not a solid word (ما‌در is not مادر);
12 = a ``spans`` stored field: where each word of the snippet text stands
(searcher.index.word_spans);
13 = the story signature is a one-permutation MinHash over a polynomial shingle hash (one hash
a shingle instead of CRC-32 and 64 multiply-shift hashes; searcher.index.signature).
"""

from __future__ import annotations

from pathlib import Path

from searcher.errors import IndexFormatError

INDEX_FORMAT = 13
FORMAT_FILE = "khabar.format"
# khabar's own classes that whoosh pickles into every index (with the schema, in each TOC): an
# index stores them by module path, so moving or renaming one is a format change.
PICKLED_CLASSES = (
    "analyzers.whoosh_analyzer.PersianTokenizer",
    "searcher.index.schema.ArticleText",
)


def write_format(index_dir: Path) -> None:
    """Record that ``index_dir`` is being written in this khabar's format."""
    (index_dir / FORMAT_FILE).write_text(f"{INDEX_FORMAT}\n", encoding="ascii")


def stored_format(index_dir: Path) -> int | None:
    """The format ``index_dir`` was written in: 0 if none is stored, None if unreadable."""
    try:
        return int((index_dir / FORMAT_FILE).read_text(encoding="ascii").strip())
    except FileNotFoundError:
        return 0
    except (OSError, ValueError, UnicodeDecodeError):
        return None


def check_format(index_dir: Path) -> None:
    """Raise IndexFormatError unless ``index_dir`` was written in ``INDEX_FORMAT``."""
    found = stored_format(index_dir)
    if found == INDEX_FORMAT:
        return
    written = "an unreadable format" if found is None else f"format {found}"
    age = "a newer" if found is not None and found > INDEX_FORMAT else "an older"
    raise IndexFormatError(
        f"the index at {index_dir} was written by {age} khabar ({written}; this khabar reads "
        f"format {INDEX_FORMAT})",
        hint=f"re-index: remove {index_dir}, then run: khabar index PATH --index {index_dir}",
    )
