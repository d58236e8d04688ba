"""A trusted but damaged index (issue 9): bytes inside a correctly signed segment are wrong —
a posting block, the term table, a column, stored articles. Every command answers or says, in
one line, that the index is damaged and how to see and repair it; never "unexpected error".
``khabar check`` names the damage and a re-run of ``khabar index`` repairs it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from searcher.cli.app import main
from searcher.index import trust
from searcher.index.opened import OpenedIndex
from searcher.index.run import index_paths


def sub_files(segment: Path) -> dict[str, tuple[int, int]]:
    """(offset, length) of each file packed in a compound ``.seg``, by its extension."""
    from whoosh.filedb.compound import CompoundStorage
    from whoosh.filedb.filestore import FileStorage

    packed = CompoundStorage(FileStorage(str(segment.parent)).open_file(segment.name),
                             use_mmap=False)
    try:
        return {name.split(".", 1)[1]: (entry["offset"], entry["length"])
                for name, entry in packed._dir.items()}
    finally:
        packed.close()


def _flip(data: bytearray, start: int, end: int) -> None:
    data[start:end] = bytes(b ^ 0x5A for b in data[start:end])


def garbage(data: bytearray, start: int, length: int) -> None:
    """Flip the bits of up to 32 bytes from the middle of the span (never past its end)."""
    middle = start + length // 2
    _flip(data, middle, min(middle + 32, start + length))


def bad_header(data: bytearray, start: int, length: int) -> None:
    """Flip the bits of the span's first 4 bytes (a file header, a block's length)."""
    _flip(data, start, start + 4)


def zeroed_tail(data: bytearray, start: int, length: int) -> None:
    """The second half of the span is zeros, as a torn write leaves it."""
    middle = start + length // 2
    data[middle:start + length] = bytes(start + length - middle)


def cut_short(data: bytearray, start: int, length: int) -> None:
    """The file ends two thirds of the way in, as after a torn copy."""
    del data[start + length * 2 // 3:]


# (packed file, what is done to it): each of these made some command fail with "unexpected
# error" (UnpicklingError, zlib.error, FileFormatError, IndexError, "Block tag error"). Damage
# that decodes to other numbers (a flipped length or date) raises nothing and is not here.
DAMAGE = [
    ("pst", zeroed_tail),  # posting blocks
    ("trm", zeroed_tail),  # the term table
    ("_stored.col", garbage),  # stored articles
    ("_stored.col", zeroed_tail),
    ("_stored.col", bad_header),
    ("source_name.col", garbage),  # the agency column (stats, facets)
    ("seg", cut_short),  # the whole segment file, cut short (its directory is at the end)
]
COMMANDS = [["search", "تهران"], ["search", "انتخابات مجلس"], ["stats"], ["export"],
            ["show", "ID"], ["similar", "ID"]]


@pytest.fixture(scope="module")
def pristine(sample_home) -> tuple[Path, str]:
    """The sample index and the id of one of its articles."""
    with pytest.MonkeyPatch.context() as patch:
        sample_home.apply(patch)
        with OpenedIndex(sample_home.index_dir) as archive:
            return sample_home.index_dir, next(archive.articles()).id


def damaged_copy(pristine: Path, tmp_path: Path, packed: str, damage) -> Path:
    """A copy of the index with ``damage`` done inside ``packed``, then signed again: khabar
    trusts it (as after ``khabar trust`` of a damaged copy, or a bug that signed bad bytes)."""
    index_dir = tmp_path / "index"
    shutil.copytree(pristine, index_dir)
    (segment,) = index_dir.glob("MAIN_*.seg")
    data = bytearray(segment.read_bytes())
    damage(data, *(sub_files(segment)[packed] if packed != "seg" else (0, len(data))))
    segment.write_bytes(bytes(data))
    trust.sign(index_dir)
    return index_dir


def run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().err


@pytest.fixture(params=DAMAGE, ids=[f"{p}-{d.__name__}" for p, d in DAMAGE])
def damaged(request: pytest.FixtureRequest, pristine: tuple[Path, str], sample_home,
            tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A damaged, signed copy of the sample index, with this process pointed at its home."""
    sample_home.apply(monkeypatch)
    return damaged_copy(pristine[0], tmp_path, *request.param)


def test_every_command_answers_or_says_the_index_is_damaged(
        damaged: Path, pristine: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    index_dir = damaged
    refused = 0
    for argv in COMMANDS:
        argv = [pristine[1] if arg == "ID" else arg for arg in argv]
        code, err = run(capsys, [*argv, "--index", str(index_dir)])
        assert "unexpected error" not in err and "Traceback" not in err, (argv, err)
        assert code in (0, 1, 2), (argv, err)
        if code == 2:
            refused += 1
            (line,) = err.splitlines()
            assert line.startswith(f"khabar: error: the index at {index_dir} is damaged: "), argv
            assert f"khabar check --index {index_dir}" in line and "khabar index" in line
    assert refused, "the damage must show in some command, or this case tests nothing"


def test_check_names_the_damage_and_a_rerun_repairs_it(
        damaged: Path, pristine: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    index_dir = damaged
    code, err = run(capsys, ["check", "--index", str(index_dir)])
    assert code == 2 and "unexpected error" not in err
    report = index_paths([Path(__file__).resolve().parents[3] / "sample_corpus"], index_dir)
    assert any("damaged" in problem for problem in report.problems)
    code, _ = run(capsys, ["check", "--index", str(index_dir)])
    assert code == 0
    with OpenedIndex(index_dir) as repaired, OpenedIndex(pristine[0]) as original:
        assert sorted(a.id for a in repaired.articles()) == sorted(
            a.id for a in original.articles())
