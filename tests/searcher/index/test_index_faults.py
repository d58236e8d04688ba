"""Indexing under faults: bad files are skipped and reported while the rest are indexed; kill -9
and Ctrl-C lose at most the batch in progress; a second writer is refused at once."""

from __future__ import annotations

import builtins
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from searcher.index.opened import OpenedIndex
from searcher.cli.app import main
from searcher.index.run import index_paths
from searcher.index.directory import write_lock

REPO = Path(__file__).resolve().parents[3]

BAD_FILES = [
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary",
     "an image renamed to .txt"),
    ("empty.txt", b"", "empty", "a file with no bytes"),
    ("blank.txt", b"  \r\n\n\t\n", "empty", "only spaces, line breaks and a tab"),
    ("cut.json", '[{"title": "قیمت نان", "body": "نانوایی‌ها'.encode(), "JSON",
     "a crawl dump cut off mid-string"),
    ("french.txt", "Le ministre a annoncé une réforme économique.".encode("latin-1"),
     "neither UTF-8 nor Windows-1256", "Latin-1 bytes: not UTF-8 and not Persian in cp1256"),
    ("nul.txt", "خبر فوری".encode() + b"\x00\x00" + "ادامه".encode(), "NUL bytes",
     "text with NUL bytes and no UTF-16 byte-order mark"),
]


def reasons(report) -> dict[str, str]:
    return {Path(s.path).name: s.reason for s in report.skipped}


@pytest.mark.parametrize(("name", "data", "reason", "why"), BAD_FILES,
                         ids=[row[0] for row in BAD_FILES])
def test_bad_file_is_skipped_with_its_reason(folder: Path, index_dir: Path, name: str,
                                             data: bytes, reason: str, why: str, stored_ids,
                                             markers) -> None:
    (folder / name).write_bytes(data)
    report = index_paths([folder], index_dir)
    assert list(reasons(report)) == [name], why
    assert reason in reasons(report)[name], why
    assert report.new == len(markers)
    assert len(stored_ids(index_dir)) == len(markers)


def test_all_bad_files_at_once_cost_nothing_else(folder: Path, index_dir: Path, stored_ids,
                                                 markers) -> None:
    for name, data, _, _ in BAD_FILES:
        (folder / name).write_bytes(data)
    report = index_paths([folder], index_dir)
    assert sorted(reasons(report)) == sorted(row[0] for row in BAD_FILES)
    assert len(stored_ids(index_dir)) == len(markers)


def test_skipped_file_is_tried_again_next_run(folder: Path, index_dir: Path, ids_with_word) -> None:
    (folder / "late.json").write_bytes(b'[{"title": "')
    index_paths([folder], index_dir)
    (folder / "late.json").write_text(
        json.dumps([{"title": "افتتاح پل طبیعت دوم", "body": "پل تازه دو پارک را به هم وصل می‌کند."}],
                   ensure_ascii=False), encoding="utf-8")
    report = index_paths([folder], index_dir)
    assert (report.new, report.skipped) == (1, [])
    assert len(ids_with_word(index_dir, "طبیعت")) == 1


def test_bad_json_line_is_a_problem_not_a_skip(folder: Path, index_dir: Path, stored_ids,
                                               markers) -> None:
    lines = [json.dumps({"title": "گشایش سالن همایش", "body": "سالن تازه هزار صندلی دارد."},
                        ensure_ascii=False), '{"title": "نیمه', ""]
    (folder / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    report = index_paths([folder], index_dir)
    assert report.skipped == []
    assert len(report.problems) == 1 and "feed.jsonl:2" in report.problems[0]
    assert len(stored_ids(index_dir)) == len(markers) + 1


def skip_when(target: Path,
              action: Callable[[Path], None]) -> Callable[[int, int, int, str], None]:
    """A progress callback that does ``action`` to ``target`` just before its turn comes."""
    def progress(done: int, total: int, articles: int, path: str) -> None:
        del done, total, articles
        if path < str(target) and target.exists():
            action(target)

    return progress


def test_file_that_vanishes_mid_run_is_skipped(folder: Path, index_dir: Path, ids_with_word,
                                               markers) -> None:
    target = folder / "saffron.txt"
    report = index_paths([folder], index_dir, progress=skip_when(target, Path.unlink))
    assert reasons(report) == {"saffron.txt": "vanished before it could be read"}
    assert report.new == len(markers) - 1
    assert ids_with_word(index_dir, "زعفران") == set()


def test_indexed_file_that_vanishes_mid_run_loses_its_articles(folder: Path,
                                                               index_dir: Path,
                                                               ids_with_word) -> None:
    index_paths([folder], index_dir)
    target = folder / "saffron.txt"
    target.write_text(target.read_text(encoding="utf-8").replace("اسپانیا", "چین"),
                      encoding="utf-8")
    report = index_paths([folder], index_dir, progress=skip_when(target, Path.unlink))
    assert "saffron.txt" in reasons(report)
    assert ids_with_word(index_dir, "زعفران") == set()
    assert report.articles_removed == 1


@pytest.fixture
def make_unreadable(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """chmod 000 where that stops reads; as root it does not, so refuse opening the file."""
    blocked: set[str] = set()
    real_open = builtins.open

    def guarded_open(file, *args, **kwargs):
        if str(file) in blocked:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)

    def block(path: Path) -> None:
        path.chmod(0)
        try:
            with real_open(path, "rb"):
                blocked.add(str(path))  # root reads through chmod 000
        except PermissionError:
            pass

    return block


def test_unreadable_file_is_skipped(folder: Path, index_dir: Path,
                                    make_unreadable: Callable[[Path], None], stored_ids,
                                    markers) -> None:
    make_unreadable(folder / "derby.txt")
    report = index_paths([folder], index_dir)
    assert reasons(report) == {"derby.txt": "not readable (permission denied)"}
    assert len(stored_ids(index_dir)) == len(markers) - 1


def test_file_that_becomes_unreadable_mid_run_is_skipped(
        folder: Path, index_dir: Path, make_unreadable: Callable[[Path], None], stored_ids,
        markers) -> None:
    target = folder / "saffron.txt"
    blocked: list[Path] = []

    def once(path: Path) -> None:
        if not blocked:
            make_unreadable(path)
            blocked.append(path)

    report = index_paths([folder], index_dir, progress=skip_when(target, once))
    assert reasons(report) == {"saffron.txt": "not readable (permission denied)"}
    assert len(stored_ids(index_dir)) == len(markers) - 1


def test_file_over_the_size_cap_is_skipped(folder: Path, index_dir: Path,
                                           monkeypatch: pytest.MonkeyPatch, pages, stored_ids,
                                           markers) -> None:
    monkeypatch.setattr("searcher.ingest.dispatch.DEFAULT_MAX_BYTES", 4096)
    paragraph = "بارش‌های پاییز و زمستان گذشته کمتر از میانگین بلندمدت بوده است."
    long_page = pages["dams.txt"].replace("انتهای پیام", "\n".join([paragraph] * 60) + "\nانتهای پیام")
    (folder / "long.txt").write_text(long_page, encoding="utf-8")
    assert (folder / "long.txt").stat().st_size > 4096
    report = index_paths([folder], index_dir)
    assert list(reasons(report)) == ["long.txt"]
    assert "limit" in reasons(report)["long.txt"]
    assert len(stored_ids(index_dir)) == len(markers)


def test_json_lines_over_the_size_cap_are_streamed(folder: Path, index_dir: Path,
                                                   monkeypatch: pytest.MonkeyPatch, stored_ids,
                                                   markers) -> None:
    monkeypatch.setattr("searcher.ingest.dispatch.DEFAULT_MAX_BYTES", 4096)
    rows = [{"title": f"گزارش روزانه بورس تهران شماره {n}",
             "body": "شاخص کل بورس امروز با رشد همراه بود و ارزش معاملات افزایش یافت. " * 3,
             "url": f"https://news.example/bourse/{n}"} for n in range(40)]
    (folder / "bourse.jsonl").write_text(
        "\n".join(json.dumps(row, ensure_ascii=False) for row in rows), encoding="utf-8")
    assert (folder / "bourse.jsonl").stat().st_size > 4096
    report = index_paths([folder], index_dir)
    assert report.skipped == []
    assert len(stored_ids(index_dir)) == len(markers) + 40


@pytest.mark.parametrize(("strict", "bad", "code"), [
    (True, True, 2), (False, True, 0), (True, False, 0), (False, False, 0)])
def test_strict_turns_skipped_files_into_exit_code_2(folder: Path, index_dir: Path,
                                                     capsys: pytest.CaptureFixture[str],
                                                     strict: bool, bad: bool,
                                                     code: int, stored_ids, markers) -> None:
    if bad:
        (folder / "empty.txt").write_bytes(b"")
    argv = ["index", str(folder), "--index", str(index_dir)] + (["--strict"] if strict else [])
    assert main(argv) == code
    err = capsys.readouterr().err
    assert ("skipped " in err and "empty.txt" in err) is bad
    assert len(stored_ids(index_dir)) == len(markers)


# --- kill -9, Ctrl-C and a second writer: a real `khabar index` in a subprocess -------------

BATCH = 20
GENERATED = 400


def khabar_index(corpus: Path, index_dir: Path) -> tuple[list[str], dict[str, str]]:
    """``khabar index`` as a command line, and its environment: small batches."""
    argv = [sys.executable, "-m", "searcher.cli.app", "index", str(corpus), "--index", str(index_dir)]
    return argv, {**os.environ, "KHABAR_BATCH": str(BATCH), "PYTHONPATH": str(REPO)}


def start_indexing(corpus: Path, index_dir: Path) -> subprocess.Popen[str]:
    argv, env = khabar_index(corpus, index_dir)
    return subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def wait_for_commit(process: subprocess.Popen[str], index_dir: Path, generation: int) -> None:
    """Until a batch commit has made TOC generation ``generation`` (index creation is 0)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if any(int(p.name[len("_MAIN_"):-len(".toc")]) >= generation
               for p in index_dir.glob("_MAIN_*.toc")):
            return
        if process.poll() is not None:
            pytest.fail(f"indexing ended before commit {generation}: {process.stderr.read()}")
        time.sleep(0.005)
    process.kill()
    pytest.fail("no batch was committed in two minutes")


def assert_whole_batches(index_dir: Path) -> int:
    """The index opens (signed and trusted) and holds whole batches only, each once."""
    with OpenedIndex(index_dir) as archive:
        count = len(archive)
        ids = [article.id for article in archive.articles()]
    assert len(ids) == count == len(set(ids))
    assert count % BATCH == 0, f"{count} articles: a batch was half kept"
    return count


@pytest.fixture
def generated(tmp_path: Path, write_generated) -> Path:
    write_generated(tmp_path / "generated", GENERATED)
    return tmp_path / "generated"


def test_kill_9_loses_at_most_the_batch_in_progress(generated: Path, index_dir: Path,
                                                    stored_ids) -> None:
    kept = 0
    for generation in (1, 3):
        process = start_indexing(generated, index_dir)
        wait_for_commit(process, index_dir, generation)
        process.send_signal(signal.SIGKILL)
        assert process.wait() == -signal.SIGKILL
        process.communicate()
        count = assert_whole_batches(index_dir)
        assert kept <= count < GENERATED
        kept = count
    argv, env = khabar_index(generated, index_dir)
    finished = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    assert finished.returncode == 0, finished.stderr
    ids = stored_ids(index_dir)
    assert len(ids) == len(set(ids)) == GENERATED
    again = index_paths([generated], index_dir)
    assert (again.unchanged, again.articles_written) == (GENERATED, 0)


def test_ctrl_c_exits_130_and_keeps_committed_batches(generated: Path,
                                                      index_dir: Path, stored_ids) -> None:
    process = start_indexing(generated, index_dir)
    wait_for_commit(process, index_dir, 1)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "interrupted" in err and "again" in err
    assert err.count("khabar: error:") == 1
    assert 0 < assert_whole_batches(index_dir) < GENERATED
    report = index_paths([generated], index_dir)
    assert len(set(stored_ids(index_dir))) == len(stored_ids(index_dir)) == GENERATED
    assert report.unchanged > 0


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_second_writer_is_refused_while_the_lock_is_held(folder: Path, index_dir: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    with write_lock(index_dir):
        code = main(["index", str(folder), "--index", str(index_dir)])
    line = one_error_line(capsys.readouterr().err)
    assert code == 2
    assert line.startswith("khabar: error: another khabar process is writing the index")
    assert main(["index", str(folder), "--index", str(index_dir)]) == 0, "lock released"


def test_second_writer_is_refused_while_another_indexes(generated: Path, index_dir: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    process = start_indexing(generated, index_dir)
    try:
        wait_for_commit(process, index_dir, 1)
        code = main(["index", str(generated), "--index", str(index_dir)])
        other_still_running = process.poll() is None
    finally:
        process.kill()
        process.communicate()
    assert code == 2
    assert "another khabar process is writing" in one_error_line(capsys.readouterr().err)
    assert other_still_running, "refused at once, not after the other writer finished"


def test_kill_9_in_one_big_file_keeps_its_committed_batches_and_the_next_run_ends_it(
        tmp_path: Path, index_dir: Path, generated_page, stored_ids) -> None:
    """A file of more articles than FILE_BATCHES batches is committed as it goes: a kill
    keeps what was committed (whole batches, each article once), and the next run reads the
    file, not yet recorded, again — every article once."""
    from searcher.index.run import FILE_BATCHES

    corpus = tmp_path / "archive"
    corpus.mkdir()
    (corpus / "archive.jsonl").write_text("".join(
        json.dumps({"id": f"g{number}", "body": generated_page(number)}, ensure_ascii=False)
        + "\n" for number in range(GENERATED)), encoding="utf-8")
    process = start_indexing(corpus, index_dir)
    wait_for_commit(process, index_dir, 2)  # two of the file's batches committed
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL
    process.communicate()
    count = assert_whole_batches(index_dir)
    assert count % (BATCH * FILE_BATCHES) == 0 and 0 < count < GENERATED
    argv, env = khabar_index(corpus, index_dir)
    finished = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    assert finished.returncode == 0, finished.stderr
    ids = stored_ids(index_dir)
    assert sorted(ids) == sorted(f"g{number}" for number in range(GENERATED))
    again = index_paths([corpus], index_dir)
    assert (again.unchanged, again.articles_written) == (1, 0)
