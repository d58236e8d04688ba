"""Incremental indexing: what a run does to the index when files are new, unchanged, touched,
edited, deleted or saved twice, and that article ids stay put."""

from __future__ import annotations

import builtins
import io
import os
import shutil
from pathlib import Path

import pytest

from searcher.index.run import IndexReport, index_paths


def run(folder: Path, index_dir: Path) -> IndexReport:
    return index_paths([folder], index_dir)


def counts(report: IndexReport) -> tuple[int, int, int, int, int]:
    return report.new, report.updated, report.removed, report.unchanged, len(report.skipped)


def test_first_run_indexes_every_file_as_new(folder: Path, index_dir: Path, ids_with_word,
                                             markers, stored_ids) -> None:
    report = run(folder, index_dir)
    assert counts(report) == (6, 0, 0, 0, 0)
    assert report.articles_written == 6
    assert len(stored_ids(index_dir)) == 6
    for name, word in markers.items():
        assert len(ids_with_word(index_dir, word)) == 1, name


def test_second_run_does_not_open_unchanged_files(folder: Path, index_dir: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    run(folder, index_dir)
    opened: list[str] = []
    real_open = builtins.open

    def watching_open(file, *args, **kwargs):
        if str(file).startswith(str(folder)):
            opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", watching_open)
    monkeypatch.setattr(io, "open", watching_open)
    report = run(folder, index_dir)
    assert counts(report) == (0, 0, 0, 6, 0)
    assert report.articles_written == 0
    assert opened == []


def test_touched_but_unchanged_file_is_unchanged(folder: Path, index_dir: Path) -> None:
    run(folder, index_dir)
    later = os.stat(folder / "dams.txt").st_mtime_ns + 5_000_000_000
    os.utime(folder / "dams.txt", ns=(later, later))
    report = run(folder, index_dir)
    assert counts(report) == (0, 0, 0, 6, 0)
    assert report.articles_written == 0
    # …and the new mtime is remembered: the third run does not even read it.
    assert counts(run(folder, index_dir)) == (0, 0, 0, 6, 0)


def test_edited_file_is_updated_and_its_old_text_is_gone(folder: Path,
                                                          index_dir: Path, ids_with_word, pages,
                                                          stored_ids) -> None:
    run(folder, index_dir)
    (before,) = ids_with_word(index_dir, "ماملو")
    (folder / "dams.txt").write_text(pages["dams.txt"].replace("ماملو", "کرج"), encoding="utf-8")
    report = run(folder, index_dir)
    assert counts(report) == (0, 1, 0, 5, 0)
    assert ids_with_word(index_dir, "ماملو") == set()
    assert ids_with_word(index_dir, "کرج") == {before}, "same agency and code: same id"
    assert len(stored_ids(index_dir)) == 6


def test_edit_that_changes_the_news_code_replaces_the_article(folder: Path,
                                                              index_dir: Path, ids_with_word,
                                                              pages, stored_ids) -> None:
    run(folder, index_dir)
    (old_id,) = ids_with_word(index_dir, "کارنامه")
    (folder / "konkur.txt").write_text(pages["konkur.txt"].replace("۱۴۰۲۰۵۱۱۷۳", "۱۴۰۲۰۵۱۱۷۴"),
                                       encoding="utf-8")
    report = run(folder, index_dir)
    assert (report.updated, report.articles_written, report.articles_removed) == (1, 1, 1)
    (new_id,) = ids_with_word(index_dir, "کارنامه")
    assert new_id != old_id
    assert old_id not in stored_ids(index_dir)
    assert len(stored_ids(index_dir)) == 6


def test_deleted_file_is_removed_with_its_articles(folder: Path, index_dir: Path, ids_with_word,
                                                   stored_ids) -> None:
    run(folder, index_dir)
    (folder / "saffron.txt").unlink()
    report = run(folder, index_dir)
    assert counts(report) == (0, 0, 1, 5, 0)
    assert report.articles_removed == 1
    assert ids_with_word(index_dir, "زعفران") == set()
    assert len(stored_ids(index_dir)) == 5


def test_deleted_subfolder_is_removed(folder: Path, index_dir: Path, stored_ids,
                                      write_pages) -> None:
    write_pages(folder / "1401", ["metro.txt"])
    run(folder, index_dir)
    shutil.rmtree(folder / "1401")
    report = run(folder, index_dir)
    assert report.removed == 1
    assert len(stored_ids(index_dir)) == 6, "metro.txt is still there at the top level"


def test_files_outside_the_given_paths_are_not_removed(folder: Path, index_dir: Path,
                                                        tmp_path: Path, stored_ids,
                                                        write_crawl) -> None:
    other = tmp_path / "other"
    write_crawl(other / "crawl.json")
    run(folder, index_dir)
    index_paths([other], index_dir)
    assert len(stored_ids(index_dir)) == 8, "indexing a second folder keeps the first"


def test_new_file_is_new(folder: Path, index_dir: Path, stored_ids, write_crawl) -> None:
    run(folder, index_dir)
    write_crawl(folder / "crawl.json")
    report = run(folder, index_dir)
    assert counts(report) == (1, 0, 0, 6, 0)
    assert report.articles_written == 2
    assert len(stored_ids(index_dir)) == 8


def test_same_agency_and_code_saved_twice_is_one_article(folder: Path,
                                                         index_dir: Path, ids_with_word,
                                                         stored_ids, write_pages) -> None:
    write_pages(folder / "saved-again", ["dams.txt"])
    report = run(folder, index_dir)
    assert report.new == 7
    assert sorted(stored_ids(index_dir)) == sorted(set(stored_ids(index_dir)))
    assert len(stored_ids(index_dir)) == 6
    assert len(ids_with_word(index_dir, "ماملو")) == 1


def test_same_url_in_two_crawls_is_one_article(folder: Path, index_dir: Path, crawl,
                                               ids_with_word, stored_ids, write_crawl) -> None:
    write_crawl(folder / "crawl-monday.json")
    write_crawl(folder / "crawl-tuesday.json", crawl[1:])
    run(folder, index_dir)
    assert len(stored_ids(index_dir)) == 8
    assert len(ids_with_word(index_dir, "سکه")) == 1


def test_same_text_under_two_names_is_one_article(folder: Path, index_dir: Path, ids_with_word,
                                                  pages, stored_ids) -> None:
    (folder / "bookfair-copy.txt").write_text(pages["bookfair.txt"], encoding="utf-8")
    report = run(folder, index_dir)
    assert report.duplicates == 1
    assert len(stored_ids(index_dir)) == 6
    assert len(ids_with_word(index_dir, "ناشران")) == 1


@pytest.mark.parametrize("deleted", ["bookfair.txt", "bookfair-copy.txt"])
def test_deleting_one_of_two_copies_keeps_the_article(folder: Path, index_dir: Path,
                                                      deleted: str, ids_with_word, pages) -> None:
    (folder / "bookfair-copy.txt").write_text(pages["bookfair.txt"], encoding="utf-8")
    run(folder, index_dir)
    (folder / deleted).unlink()
    report = run(folder, index_dir)
    assert (report.removed, report.articles_removed) == (1, 0)
    assert len(ids_with_word(index_dir, "ناشران")) == 1
    (folder / ({"bookfair.txt", "bookfair-copy.txt"} - {deleted}).pop()).unlink()
    run(folder, index_dir)
    assert ids_with_word(index_dir, "ناشران") == set(), "both copies gone: the article too"


@pytest.mark.parametrize("edited", ["bookfair.txt", "bookfair-copy.txt"])
def test_editing_one_of_two_copies_keeps_the_other(folder: Path, index_dir: Path,
                                                   edited: str, ids_with_word, pages,
                                                   stored_ids) -> None:
    (folder / "bookfair-copy.txt").write_text(pages["bookfair.txt"], encoding="utf-8")
    run(folder, index_dir)
    (folder / edited).write_text(pages["bookfair.txt"].replace("مصلای امام خمینی", "شهر آفتاب"),
                                 encoding="utf-8")
    run(folder, index_dir)
    assert len(ids_with_word(index_dir, "آفتاب")) == 1, "the edited copy"
    assert len(ids_with_word(index_dir, "مصلای")) == 1, "the copy left as it was"
    assert len(stored_ids(index_dir)) == 7


@pytest.mark.parametrize("name", ["dams.txt", "bookfair.txt"])
def test_copies_that_agree_again_collapse_again(folder: Path, index_dir: Path,
                                                name: str, ids_with_word, markers, pages,
                                                stored_ids) -> None:
    (folder / "copy.txt").write_text(pages[name], encoding="utf-8")
    run(folder, index_dir)
    (folder / "copy.txt").write_text(pages[name].replace("امروز", "دیروز"), encoding="utf-8")
    run(folder, index_dir)
    (folder / "copy.txt").write_text(pages[name], encoding="utf-8")
    run(folder, index_dir)
    assert len(stored_ids(index_dir)) == 6
    assert len(ids_with_word(index_dir, markers[name])) == 1


def test_id_given_in_json_is_kept(folder: Path, index_dir: Path, ids_with_word, stored_ids,
                                  write_crawl) -> None:
    write_crawl(folder / "crawl.json")
    run(folder, index_dir)
    assert "crawl-0001" in stored_ids(index_dir)
    assert ids_with_word(index_dir, "چالوس") == {"crawl-0001"}


def test_article_dropped_from_a_json_file_is_removed(folder: Path, index_dir: Path, crawl,
                                                     ids_with_word, write_crawl) -> None:
    write_crawl(folder / "crawl.json")
    run(folder, index_dir)
    write_crawl(folder / "crawl.json", crawl[:1])
    report = run(folder, index_dir)
    assert (report.updated, report.articles_removed) == (1, 1)
    assert ids_with_word(index_dir, "سکه") == set()
    assert ids_with_word(index_dir, "چالوس") == {"crawl-0001"}


def test_ids_are_the_same_when_indexed_again_from_scratch(folder: Path, tmp_path: Path, pages,
                                                          stored_ids, write_crawl) -> None:
    write_crawl(folder / "crawl.json")
    (folder / "bookfair-copy.txt").write_text(pages["bookfair.txt"], encoding="utf-8")
    index_paths([folder], tmp_path / "first")
    index_paths([folder], tmp_path / "second")
    first = stored_ids(tmp_path / "first")
    assert sorted(first) == sorted(stored_ids(tmp_path / "second"))
    assert len(first) == 8


def test_ids_survive_updates_of_other_files(folder: Path, index_dir: Path, ids_with_word, markers,
                                            pages, write_crawl) -> None:
    run(folder, index_dir)
    before = {word: ids_with_word(index_dir, word) for word in markers.values()}
    (folder / "derby.txt").write_text(pages["derby.txt"].replace("هفتم", "هشتم"),
                                      encoding="utf-8")
    (folder / "saffron.txt").unlink()
    write_crawl(folder / "crawl.json")
    run(folder, index_dir)
    for word, ids in before.items():
        if word != markers["saffron.txt"]:
            assert ids_with_word(index_dir, word) == ids, word


def test_single_file_paths_are_indexed(folder: Path, index_dir: Path, stored_ids) -> None:
    report = index_paths([folder / "dams.txt", folder / "derby.txt"], index_dir)
    assert report.new == 2
    assert len(stored_ids(index_dir)) == 2


def test_hidden_files_readmes_and_other_extensions_are_ignored(folder: Path,
                                                               index_dir: Path, pages) -> None:
    (folder / ".draft.txt").write_text(pages["dams.txt"], encoding="utf-8")
    (folder / "README.txt").write_text("این پوشه اخبار را نگه می‌دارد", encoding="utf-8")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    report = run(folder, index_dir)
    assert (report.new, report.ignored) == (6, 2)


def test_worker_processes_give_the_same_index_as_one_process(tmp_path: Path, stored_ids,
                                                             write_generated) -> None:
    corpus = tmp_path / "many"
    paths = write_generated(corpus, 320)
    for path in paths[:: 40]:
        (corpus / f"copy-of-{path.name}").write_text(path.read_text(encoding="utf-8"),
                                                     encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    alone = index_paths([corpus], tmp_path / "alone", jobs=0)
    pooled = index_paths([corpus], tmp_path / "pooled", jobs=2)
    assert (alone.new, alone.duplicates, len(alone.skipped)) == (328, 8, 1)
    assert (pooled.new, pooled.duplicates, pooled.skipped) == (alone.new, alone.duplicates,
                                                                alone.skipped)
    assert sorted(stored_ids(tmp_path / "alone")) == sorted(stored_ids(tmp_path / "pooled"))
