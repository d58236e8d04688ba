"""An indexing run collects young garbage less often and never walks what lived before it
again; the collector is as it was once the run ends, however it ends."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from searcher.index import gc_tuning
from searcher.index.run import index_paths


@pytest.fixture(autouse=True)
def _collector_as_found() -> object:
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)
    gc.unfreeze()


def test_bulk_work_raises_the_young_threshold_and_sets_aside_what_lives() -> None:
    before = gc.get_threshold()
    kept = [object()]  # something alive before the block, as the lexicon is
    with gc_tuning.bulk_work():
        assert gc.get_threshold() == (gc_tuning.YOUNG_THRESHOLD, *before[1:])
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
    assert kept


def test_the_collector_is_restored_when_the_block_fails() -> None:
    before = gc.get_threshold()
    with pytest.raises(KeyboardInterrupt), gc_tuning.bulk_work():
        raise KeyboardInterrupt
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def _write(folder: Path, name: str, title: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(
        f'{{"id": "{name}", "title": "{title}", "body": "بارش برف در گردنه حیران"}}',
        encoding="utf-8")


def test_an_indexing_run_works_with_the_raised_threshold_and_restores_it(
        tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _write(corpus, "a.json", "برف در اردبیل")
    _write(corpus, "b.json", "بارش باران در گیلان")
    seen: list[tuple[int, ...]] = []
    before = gc.get_threshold()
    report = index_paths([corpus], tmp_path / "ix",
                         progress=lambda *_args: seen.append(gc.get_threshold()))
    assert report.articles_written == 2
    assert seen and all(t[0] == gc_tuning.YOUNG_THRESHOLD for t in seen)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_an_interrupted_run_restores_the_collector(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _write(corpus, "a.json", "برف در اردبیل")
    before = gc.get_threshold()

    def interrupt(*_args: object) -> None:
        raise KeyboardInterrupt

    with pytest.raises(Exception, match="interrupted"):
        index_paths([corpus], tmp_path / "ix", progress=interrupt)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_worker_processes_collect_young_garbage_less_often() -> None:
    from searcher.index import workers

    pool = workers.start_pool(1)
    try:
        threshold = pool.submit(gc.get_threshold).result(timeout=120)
    finally:
        pool.shutdown(wait=True)
    assert threshold[0] == gc_tuning.YOUNG_THRESHOLD


def test_a_committed_writer_is_let_go_at_its_commit_not_thousands_of_allocations_later(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """whoosh's writer is left in reference cycles holding its buffers: with the young
    threshold raised, it would live on while the next batch fills."""
    import weakref

    from searcher.index import run as run_module

    corpus = tmp_path / "corpus"
    for i in range(4):
        _write(corpus, f"{i}.json", f"خبر شماره {i} از اردبیل")
    left: list[bool] = []
    real_commit = run_module._Run.commit

    def commit(self: run_module._Run) -> None:
        writer = weakref.ref(self.writer) if self.writer is not None else None
        real_commit(self)
        if writer is not None:
            left.append(writer() is not None)

    monkeypatch.setattr(run_module._Run, "commit", commit)
    index_paths([corpus], tmp_path / "ix", batch_size=2)
    assert left and not any(left)
