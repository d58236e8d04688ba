"""The fault suite: its own signing key and index locations for every test (the kill points
are bench/faults.py's, run here at a small scale; tests/conftest.py makes bench/ importable)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_khabar(tmp_path_factory: pytest.TempPathFactory,
                     monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("khabar-home")
    monkeypatch.setenv("KHABAR_KEY_FILE", str(home / "index.key"))
    monkeypatch.setenv("KHABAR_INDEX", str(home / "index"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    for name in ("KHABAR_TRUST_INDEX", "KHABAR_BATCH", "KHABAR_DEBUG", "KHABAR_FAULT_AT",
                 "KHABAR_JOBS"):
        monkeypatch.delenv(name, raising=False)
