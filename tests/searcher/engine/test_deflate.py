"""The index's compressed parts (posting blocks, stored fields) are zlib streams made by ISA-L
where it is installed (searcher.engine.deflate): any zlib reads them back, whoosh's reader
included, whichever compressor made them."""

from __future__ import annotations

import platform
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searcher.engine import deflate

_PERSIAN = st.text(alphabet=st.sampled_from(list("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی ‌۰۱۲۳،.")),
                   max_size=3000)


@pytest.fixture(params=["isal", "zlib"])
def compressor(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "zlib":
        monkeypatch.setattr(deflate, "_compress", zlib.compress)
        monkeypatch.setattr(deflate, "_TOP_LEVEL", 9)
    elif not deflate.ACCELERATED:
        pytest.fail("isal is a dependency on this machine's platform but did not import")
    return str(request.param)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # the same each example
@given(text=_PERSIAN, raw=st.binary(max_size=2000), level=st.integers(1, 9))
def test_zlib_reads_back_what_either_compressor_wrote(compressor: str, text: str, raw: bytes,
                                                      level: int) -> None:
    for data in (text.encode("utf-8"), raw):
        assert zlib.decompress(deflate.compress(data, level)) == data


def test_a_news_article_s_stored_fields_shrink() -> None:
    article = ("به گزارش خبرگزاری‌ها، بانک مرکزی امروز نرخ تازه ارز را اعلام کرد و بازار "
               "سرمایه با رشد شاخص کل همراه شد. ") * 20
    data = article.encode("utf-8")
    assert len(deflate.compress(data, 3)) < len(data) / 4


def test_isal_does_the_work_where_it_has_wheels() -> None:
    """pyproject names isal for these machines; elsewhere zlib does the same work, slower."""
    if platform.machine().lower() in {"x86_64", "amd64", "aarch64", "arm64"}:
        assert deflate.ACCELERATED
