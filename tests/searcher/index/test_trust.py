"""khabar opens only indexes it can verify it wrote; `khabar trust` is the explicit override;
the signature never lags the index, whatever moment a writer dies at."""

from __future__ import annotations

import hashlib
import hmac
import json
import shutil
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage

from searcher.index import trust
from searcher.index.opened import OpenedIndex
from searcher.cli.app import main
from searcher.errors import IndexUntrustedError
from searcher.index.run import index_paths


class Killed(BaseException):
    """Stands in for kill -9 at a chosen instant."""


@pytest.fixture
def index_dir(tmp_path: Path, write_pages) -> Path:
    write_pages(tmp_path / "news")
    index_paths([tmp_path / "news"], tmp_path / "index")
    return tmp_path / "index"


def toc(index_dir: Path) -> Path:
    (path,) = index_dir.glob("_MAIN_*.toc")
    return path


def refused(index_dir: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Assert every way in refuses the index; the one stderr line the CLI printed."""
    assert not trust.is_trusted(index_dir)
    with pytest.raises(IndexUntrustedError):
        OpenedIndex(index_dir)
    capsys.readouterr()
    assert main(["stats", "--index", str(index_dir)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    assert f"khabar trust --index {index_dir}" in lines[0]
    assert "pickle" in lines[0], "the message says what the risk is"
    return lines[0]


def trusted_after_override(index_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trust", "--index", str(index_dir)]) == 0
    assert "now trusted" in capsys.readouterr().err
    with OpenedIndex(index_dir) as archive:
        assert len(archive) == 6


def test_index_khabar_wrote_opens(index_dir: Path) -> None:
    assert trust.is_trusted(index_dir)
    with OpenedIndex(index_dir) as archive:
        assert len(archive) == 6


def test_modified_toc_is_refused_until_trusted(index_dir: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    data = bytearray(toc(index_dir).read_bytes())
    data[-1] ^= 0x01  # same size, one bit of the pickled segment list changed
    toc(index_dir).write_bytes(bytes(data))
    refused(index_dir, capsys)
    toc(index_dir).write_bytes(bytes(data[:-1]) + bytes([data[-1] ^ 0x01]))
    assert trust.is_trusted(index_dir), "the original bytes are trusted again"


def test_index_from_another_key_is_refused_until_trusted(index_dir: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    received = tmp_path / "from-a-colleague"
    shutil.copytree(index_dir, received)
    monkeypatch.setenv("KHABAR_KEY_FILE", str(tmp_path / "my-own.key"))
    refused(received, capsys)
    trusted_after_override(received, capsys)


def test_planted_toc_is_refused(index_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(toc(index_dir), index_dir / "_MAIN_99.toc")
    refused(index_dir, capsys)
    (index_dir / "_MAIN_99.toc").unlink()
    assert trust.is_trusted(index_dir)


def test_file_whoosh_would_take_for_a_toc_is_refused(index_dir: Path,
                                                     capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    # whoosh's TOC pattern has an unescaped dot: it reads _MAIN_99xtoc as generation 99.
    shutil.copy(toc(index_dir), index_dir / "_MAIN_99xtoc")
    refused(index_dir, capsys)


def test_segment_of_another_size_is_refused(index_dir: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    (segment,) = index_dir.glob("MAIN_*.seg")
    with segment.open("ab") as handle:
        handle.write(b"\x80\x04extra")
    refused(index_dir, capsys)


@pytest.mark.parametrize("signature", [None, "", "{}", '{"version": 2, "files": [], "mac": ""}',
                                       "not json at all"])
def test_missing_or_garbled_signature_is_refused(index_dir: Path, signature: str | None,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (index_dir / trust.SIGNATURE_FILE).unlink()
    if signature is not None:
        (index_dir / trust.SIGNATURE_FILE).write_text(signature, encoding="utf-8")
    refused(index_dir, capsys)


def test_leftovers_of_a_killed_writer_do_not_break_trust(index_dir: Path,
                                                         tmp_path: Path, write_pages) -> None:
    (index_dir / "MAIN_k1ll3dwr1t3r.seg").write_bytes(b"\x00" * 4096)
    (index_dir / "_MAIN_2.toc.1712345678.25").write_bytes(b"half a table of contents")
    (index_dir / "MAIN.tmp").mkdir()
    (index_dir / "MAIN.tmp" / "run0.pst").write_bytes(b"\x01\x02")
    assert trust.is_trusted(index_dir)
    with OpenedIndex(index_dir) as archive:
        assert len(archive) == 6
    write_pages(tmp_path / "more", ["dams.txt"])
    (tmp_path / "more" / "dams.txt").rename(tmp_path / "more" / "dams-copy.txt")
    index_paths([tmp_path / "more"], index_dir)
    assert trust.is_trusted(index_dir), "the next run commits over the leftovers"


def test_environment_override_opens_an_untrusted_index(index_dir: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    (index_dir / trust.SIGNATURE_FILE).unlink()
    monkeypatch.setenv("KHABAR_TRUST_INDEX", "1")
    with OpenedIndex(index_dir) as archive:
        assert len(archive) == 6


def test_killed_after_the_commit_before_re_signing_is_trusted(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              , stored_ids, write_pages) -> None:
    write_pages(tmp_path / "news")
    real_sign = trust.sign

    def sign_then_die_after_commit(index_dir: Path, *, pending=None) -> None:
        if pending is None and any(index_dir.glob("MAIN_*.seg")):
            raise Killed  # the re-signing after whoosh's commit never happens
        real_sign(index_dir, pending=pending)

    monkeypatch.setattr(trust, "sign", sign_then_die_after_commit)
    with pytest.raises(Killed):
        index_paths([tmp_path / "news"], tmp_path / "index")
    monkeypatch.setattr(trust, "sign", real_sign)
    assert trust.is_trusted(tmp_path / "index")
    assert len(stored_ids(tmp_path / "index")) == 6, "the committed batch is there"
    report = index_paths([tmp_path / "news"], tmp_path / "index")
    assert (report.new, report.articles_written) == (6, 6), "the manifest missed the batch"
    assert len(stored_ids(tmp_path / "index")) == 6, "…and redoing it adds nothing twice"


def test_killed_between_signing_and_renaming_the_toc_is_trusted(
        index_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stored_ids,
        write_generated) -> None:
    real_rename = FileStorage.rename_file

    def die_before_toc(self, oldname: str, newname: str, safe: bool = False) -> None:
        if newname.endswith(".toc"):
            raise Killed
        real_rename(self, oldname, newname, safe)

    write_generated(tmp_path / "more", 1)
    monkeypatch.setattr(FileStorage, "rename_file", die_before_toc)
    with pytest.raises(Killed):
        index_paths([tmp_path / "more"], index_dir)
    monkeypatch.setattr(FileStorage, "rename_file", real_rename)
    assert trust.is_trusted(index_dir)
    assert len(stored_ids(index_dir)) == 6, "the old generation, whole"


def test_signature_from_before_content_hashes_is_refused_until_trusted(
        index_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A version-2 signature bound segments by size only: it cannot vouch for their bytes."""
    listing = sorted([p.name, p.stat().st_size, ""] for p in index_dir.iterdir()
                     if p.is_file() and p.name.startswith(("_MAIN_", "MAIN_")))
    payload = json.dumps(listing, ensure_ascii=True, separators=(",", ":"))
    mac = hmac.new(trust.key_path().read_bytes(), f"khabar-index-v2\0{payload}".encode(),
                   hashlib.sha256).hexdigest()
    record = {"version": 2, "files": listing, "mac": mac}
    (index_dir / trust.SIGNATURE_FILE).write_text(json.dumps(record), encoding="utf-8")
    assert "older khabar" in refused(index_dir, capsys)
    trusted_after_override(index_dir, capsys)


def test_segment_changed_in_place_is_refused(index_dir: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Same name, same size, one byte different: the signature binds content."""
    (segment,) = index_dir.glob("MAIN_*.seg")
    data = bytearray(segment.read_bytes())
    data[len(data) // 2] ^= 0x40
    segment.write_bytes(bytes(data))
    assert "same size, other bytes" in refused(index_dir, capsys)


def test_unchanged_files_are_not_hashed_again_on_open(index_dir: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    trust.sign(index_dir)  # the TOC's entry now has its post-rename inode and times
    hashed: list[str] = []
    real_digest = trust._digest

    def counting_digest(path: Path) -> str:
        hashed.append(path.name)
        return real_digest(path)

    monkeypatch.setattr(trust, "_digest", counting_digest)
    assert trust.is_trusted(index_dir)
    assert hashed == []
    copy = index_dir.parent / "copy"
    shutil.copytree(index_dir, copy)
    assert trust.is_trusted(copy), "a copy is hashed in full, and its bytes are the signed ones"
    assert any(name.endswith(".seg") for name in hashed)


def test_index_rewritten_by_another_program_is_refused_until_trusted(
        index_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from whoosh import index

    # Plain whoosh, not khabar's signing storage, merges the index into a new generation.
    index.open_dir(str(index_dir)).writer().commit(optimize=True)
    refused(index_dir, capsys)
    trusted_after_override(index_dir, capsys)
