"""The sample corpus, indexed once per module and opened for library-level searches."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from searcher.index.opened import OpenedIndex


@pytest.fixture(scope="module")
def opened(sample_home) -> Iterator[OpenedIndex]:
    with pytest.MonkeyPatch.context() as patch:
        sample_home.apply(patch)
        with OpenedIndex(sample_home.index_dir) as index:
            yield index
