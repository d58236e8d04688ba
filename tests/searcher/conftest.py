"""Every test here runs with its own signing key, index location and data/config folders, so
no test reads or writes the user's khabar config or index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from khabar_home import KhabarHome, make_home

from searcher.index.opened import OpenedIndex


@pytest.fixture(autouse=True)
def _isolated_khabar(tmp_path_factory: pytest.TempPathFactory,
                     monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("khabar-home")
    monkeypatch.setenv("KHABAR_KEY_FILE", str(home / "config" / "index.key"))
    monkeypatch.setenv("KHABAR_INDEX", str(home / "index"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    for name in ("KHABAR_TRUST_INDEX", "KHABAR_BATCH", "KHABAR_DEBUG", "KHABAR_BIDI"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of the six news pages of indexing_corpus."""
    from indexing_corpus import write_pages

    write_pages(tmp_path / "news")
    return tmp_path / "news"


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    """Where a test's index goes (not created yet)."""
    return tmp_path / "index"


@pytest.fixture(scope="module")
def sample_home(tmp_path_factory: pytest.TempPathFactory) -> KhabarHome:
    """sample_corpus/ indexed into a fresh home (shared by the tests of one module)."""
    return make_home(tmp_path_factory.mktemp("khabar-sample"))


@pytest.fixture
def sample_archive(sample_home: KhabarHome,
                   monkeypatch: pytest.MonkeyPatch) -> Iterator[OpenedIndex]:
    """The sample index, opened, with this process pointed at its home."""
    sample_home.apply(monkeypatch)
    with OpenedIndex(sample_home.index_dir) as opened:
        yield opened
