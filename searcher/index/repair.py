"""Bring a damaged or inconsistent index back before a run adds to it: ``khabar index`` repairs
every problem ``khabar check`` (:mod:`searcher.index.check`) reports.

Two kinds of repair:

- **damage** — a file changed since khabar signed it (a truncated or altered segment, a flipped
  TOC byte), a segment file is missing, or ``khabar check`` found signed bytes it cannot decode
  (``khabar.damaged``): nothing in the index can be trusted, so it is emptied and this run
  rebuilds it from the folders it is given;
- **disagreement** between the manifest and the index — a run killed between the whoosh commit
  and the manifest commit, a lost manifest, an article listed twice or by no file: the manifest
  is corrected and the files concerned are read again, so ids are replaced, never added twice.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from searcher.index import trust
from searcher.index.directory import LOCK_FILE, index_exists
from searcher.index.manifest import Manifest


def damage(index_dir: Path) -> str | None:
    """Why the index at ``index_dir`` must be rebuilt, or None.

    An index signed with another key (or by an older khabar) is not damage: opening it refuses
    it with the way to trust it or re-index it.
    """
    if not index_exists(index_dir):
        return None
    try:
        trust.read_signed(index_dir)
    except trust.Mismatch:
        return None
    problems = trust.mismatches(index_dir)
    if problems:
        return problems[0]
    from searcher.index.check import DAMAGE_FILE

    try:  # what khabar check, or a command that hit it, found inside the signed files
        return (index_dir / DAMAGE_FILE).read_text(encoding="utf-8").splitlines()[0]
    except (OSError, IndexError, UnicodeDecodeError):
        pass
    from searcher.engine import safe_pickle
    from searcher.engine.mapped_storage import missing_files
    from searcher.engine.mapped_storage import open_mapped_index

    safe_pickle.install()
    try:
        ix = open_mapped_index(str(index_dir))
        try:
            missing = missing_files(ix)
        finally:
            ix.close()
    except Exception as exc:
        return f"the table of contents cannot be read ({type(exc).__name__})"
    return f"{missing[0]} is missing" if missing else None


def empty(index_dir: Path) -> None:
    """Remove every file of the index (the caller holds the write lock, whose file stays)."""
    for path in index_dir.iterdir():
        if path.name != LOCK_FILE and path.is_file():
            path.unlink()


def live_ids(ix: Any) -> Counter[str]:
    """Every id the index holds, with how many live documents carry it."""
    found: Counter[str] = Counter()
    with ix.reader() as reader:
        for term in reader.lexicon("id"):
            live = sum(1 for doc in reader.postings("id", term).all_ids()
                       if not reader.is_deleted(doc))
            if live:
                found[term.decode("utf-8")] = live
    return found


def reconcile(ix: Any, manifest: Manifest, writer: Any) -> bool:
    """Make the manifest describe the index again.

    Cheap when they agree (the generation and two counts). Ids the index lacks are forgotten
    and their files read again; ids it holds that the manifest does not know (a batch whose
    manifest commit was lost) are recorded with an unknown text, so they are replaced, never
    added twice; an id held twice is read again (its update replaces every copy); an id the
    manifest knows but no file gave is deleted, and every file read again to find its source.
    ``writer()`` gives the index writer for those deletions. True when anything changed.
    """
    generation = ix.latest_generation()
    count = ix.doc_count()
    if manifest.generation() == generation and manifest.counts() == (count, count):
        return False
    live = live_ids(ix)
    known = set(manifest.article_ids())
    referenced = manifest.referenced_ids()
    manifest.forget_articles_of_stale((known | referenced) - set(live))
    for article_id in sorted(set(live) - known):
        manifest.set_article(article_id, "")
    twice = sorted(i for i, n in live.items() if n > 1)
    for article_id in twice:
        manifest.set_article(article_id, "")
    manifest.mark_stale(twice)
    orphans = sorted((set(live) & known) - referenced)
    for article_id in orphans:
        writer().delete_by_term("id", article_id)
        manifest.forget_article(article_id)
    if orphans:
        manifest.mark_stale(None)
    manifest.set_generation(generation)
    return True
