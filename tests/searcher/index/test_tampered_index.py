"""A tampered index runs nothing (issue 9, item 4): the signature binds every file's bytes, and
every pickle whoosh reads goes through an allowlist of the classes an index holds."""

from __future__ import annotations

import os
import pickle
import subprocess
import zlib
from pathlib import Path

import pytest

from searcher.cli.app import main
from searcher.engine import safe_pickle
from searcher.index import trust
from searcher.index.opened import OpenedIndex
from searcher.index.run import index_paths


class _RunsACommand:
    """Pickles to a call of posix.system, as an attacker's stored article would."""

    def __init__(self, command: str) -> None:
        self.command = command

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.system, (self.command,)


def stored_bytes(index_dir: Path, article_id: str) -> bytes:
    """The bytes khabar wrote for one article's stored fields: whoosh's pickle, compressed
    as khabar compresses it (searcher.engine.deflate)."""
    from searcher.engine.deflate import compress

    with OpenedIndex(index_dir) as archive:
        stored = archive.searcher.stored_fields(archive.docnum(article_id))
    return compress(pickle.dumps(stored, 2), 3)


def same_length_payload(command: str, length: int) -> bytes:
    """A zlib stream of exactly ``length`` bytes whose pickle runs ``command``."""
    evil = pickle.dumps(_RunsACommand(command), 2)
    for pad in range(length):
        packed = zlib.compress(evil + b"\0" * pad, 0)  # stored blocks: one byte per pad byte
        if len(packed) == length:
            return packed
    raise AssertionError("the stored article is too short for the payload")


@pytest.fixture
def tampered(tmp_path: Path, write_pages) -> tuple[Path, Path, str]:
    """The issue's reproduction: one stored article inside the .seg overwritten in place."""
    write_pages(tmp_path / "news")
    index_dir = tmp_path / "index"
    index_paths([tmp_path / "news"], index_dir)
    with OpenedIndex(index_dir) as archive:
        article_id = next(archive.articles()).id
    original = stored_bytes(index_dir, article_id)
    marker = tmp_path / "pwned"
    payload = same_length_payload(f"touch {marker}", len(original))
    (segment,) = index_dir.glob("MAIN_*.seg")
    data = segment.read_bytes()
    assert data.count(original) == 1
    segment.write_bytes(data.replace(original, payload))
    assert segment.stat().st_size == len(data)
    return index_dir, marker, article_id


COMMANDS = [
    ["stats"],
    ["export"],
    ["search", "تهران"],
    ["show", "ID"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=[argv[0] for argv in COMMANDS])
def test_tampered_index_is_refused_and_runs_nothing(
        tampered: tuple[Path, Path, str], argv: list[str],
        capsys: pytest.CaptureFixture[str]) -> None:
    index_dir, marker, article_id = tampered
    argv = [article_id if arg == "ID" else arg for arg in argv]
    assert main([*argv, "--index", str(index_dir)]) == 2
    out, err = capsys.readouterr()
    (line,) = err.strip().splitlines()
    assert line.startswith("khabar: error: refusing to open") and "changed since" in line
    assert out == ""
    assert not marker.exists()


@pytest.mark.parametrize("argv", COMMANDS, ids=[argv[0] for argv in COMMANDS])
def test_trusting_a_tampered_index_still_runs_nothing(
        tampered: tuple[Path, Path, str], argv: list[str],
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Defence in depth: with the signature waved through, the unpickler refuses os.system."""
    index_dir, marker, article_id = tampered
    monkeypatch.setenv("KHABAR_TRUST_INDEX", "1")
    argv = [article_id if arg == "ID" else arg for arg in argv]
    if argv[0] == "search":
        argv[1] = "ماملو OR کارنامه OR پنالتی OR مترو OR زعفران OR کتاب OR تهران"
    if argv[0] == "stats":  # counts from the index's columns: it reads no stored article
        assert main([*argv, "--index", str(index_dir)]) == 0
        assert not marker.exists()
        return
    assert main([*argv, "--index", str(index_dir)]) == 2
    _, err = capsys.readouterr()
    (line,) = err.strip().splitlines()
    assert "posix.system" in line and "khabar check" in line, line
    assert not marker.exists()


def test_the_command_line_refuses_the_reproduction(tampered: tuple[Path, Path, str],
                                                   khabar_command) -> None:
    index_dir, marker, _ = tampered
    env = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONUTF8": "1"}
    for extra in ({}, {"KHABAR_TRUST_INDEX": "1"}):
        # export reads every stored article (stats reads none: see above).
        done = subprocess.run(khabar_command("export", "--index", str(index_dir)),
                              env={**env, **extra}, capture_output=True, text=True, timeout=120,
                              check=False)
        assert done.returncode == 2
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert not marker.exists()


@pytest.mark.parametrize("name", ["system", "eval", "getattr", "__import__"])
def test_unpickler_refuses_every_callable_outside_the_allowlist(name: str) -> None:
    module = "posix" if name == "system" else "builtins"
    data = f"c{module}\n{name}\n(S'true'\ntR.".encode()
    with pytest.raises(safe_pickle.RefusedPickle, match=f"{module}.{name}"):
        safe_pickle.loads(data)


def test_unpickler_reads_what_whoosh_writes(tmp_path: Path, write_pages) -> None:
    """Every pickle of a real index (TOC, stored fields, postings) loads through the allowlist."""
    write_pages(tmp_path / "news")
    index_paths([tmp_path / "news"], tmp_path / "index", batch_size=2)
    from searcher.rank.search import search

    with OpenedIndex(tmp_path / "index") as archive:
        assert len(list(archive.articles())) == 6
        assert search(archive, "تهران", sort="date").total > 0
        assert search(archive, "«شرکت آب» OR title:کنکور -فوتبال").total > 0
    assert trust.is_trusted(tmp_path / "index")


def test_the_allowlist_holds_every_class_khabar_pickles() -> None:
    from searcher.index.format import PICKLED_CLASSES

    allowed = {f"{module}.{name}" for module, name in safe_pickle.ALLOWED}
    assert set(PICKLED_CLASSES) <= allowed


def test_a_tampered_posting_block_runs_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str],
                                               write_pages) -> None:
    """A posting block replaced by a pickle that calls os.system, in a trusted index: ranking
    reads blocks by their opcodes, and this one goes to the allowlist, which refuses it."""
    write_pages(tmp_path / "news")
    index_dir = tmp_path / "index"
    index_paths([tmp_path / "news"], index_dir)
    with OpenedIndex(index_dir) as archive:
        terms = archive.searcher.reader().leaf_readers()[0][0]._terms
        blocks = {}
        for term in archive.searcher.lexicon("text"):
            matcher = terms.matcher("text", term, archive.searcher.schema["text"].format)
            blocks[term.decode("utf-8")] = matcher._postfile.get(
                matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
    term, original = max(blocks.items(), key=lambda item: len(item[1]))
    monkeypatch.chdir(tmp_path)  # a short command, to fit in the block: touch ./p
    payload = same_length_payload("touch p", len(original))
    (segment,) = index_dir.glob("MAIN_*.seg")
    data = segment.read_bytes()
    assert data.count(original) == 1
    segment.write_bytes(data.replace(original, payload))
    monkeypatch.setenv("KHABAR_TRUST_INDEX", "1")
    assert main(["search", term, "--index", str(index_dir)]) == 2
    _, err = capsys.readouterr()
    (line,) = err.strip().splitlines()
    assert "posix.system" in line, line
    assert not (tmp_path / "p").exists()
