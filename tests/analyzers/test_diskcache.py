"""The analyzer's table cache: built once, read back, never stale, never fatal."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzers import diskcache
from analyzers.lexicon import data_dir


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KHABAR_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_built_once_then_read_back(cache: Path) -> None:
    calls = []

    def build() -> dict[str, int]:
        calls.append(1)
        return {"کتاب": 3, "تهران": 7}

    first = diskcache.load_or_build("t", data_dir(), build)
    second = diskcache.load_or_build("t", data_dir(), build)
    assert first == second == {"کتاب": 3, "تهران": 7}
    assert len(calls) == 1
    assert len(list(cache.glob("t-*.marshal"))) == 1


def test_corrupt_cache_is_rebuilt(cache: Path) -> None:
    diskcache.load_or_build("t", data_dir(), lambda: {"a": 1})
    (path,) = cache.glob("t-*.marshal")
    path.write_bytes(b"\x00garbage")
    assert diskcache.load_or_build("t", data_dir(), lambda: {"a": 2}) == {"a": 2}


def test_unwritable_cache_still_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("KHABAR_CACHE_DIR", str(blocker / "cache"))
    assert diskcache.load_or_build("t", data_dir(), lambda: ("ok",)) == ("ok",)


def test_key_changes_with_the_data(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "words.dat").write_text("کتاب\t1\tN\n", encoding="utf-8")
    before = diskcache._key(data)
    (data / "words.dat").write_text("کتاب\t1\tN\nتهران\t2\tN\n", encoding="utf-8")
    diskcache._key.cache_clear()
    assert diskcache._key(data) != before


# (HOME, XDG_*_HOME) pairs: None leaves the variable unset.
USER_DIR_ENVIRONMENTS = [
    ("/home/maryam", None),
    ("/home/maryam", "/srv/xdg"),
    ("/home/maryam", ""),
    ("/home/maryam", "relative/xdg"),  # not absolute: platformdirs ignores it
    ("/home/maryam/", None),
    ("/", None),
    ("relative-home", None),  # left to platformdirs itself
    (None, "/srv/xdg"),
]


@pytest.mark.parametrize("kind", ["data", "config", "cache"])
@pytest.mark.parametrize(("home", "xdg"), USER_DIR_ENVIRONMENTS)
def test_user_dirs_are_what_platformdirs_gives(kind: str, home: str | None, xdg: str | None,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    variable = f"XDG_{kind.upper()}_HOME"
    for name, value in (("HOME", home), (variable, xdg)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    expected = getattr(platformdirs, f"user_{kind}_dir")("khabar")
    assert diskcache.user_dir(kind) == Path(expected)
