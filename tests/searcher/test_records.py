"""A record behaves as the dataclass it replaces: each check runs on a record and on its
dataclass twin (same fields, same defaults) and must come out the same."""

from __future__ import annotations

import copy
import pickle
from dataclasses import (
    FrozenInstanceError, asdict, astuple, dataclass, field, fields, is_dataclass, replace,
)
from datetime import UTC, datetime
from typing import Any

import pytest

from searcher.records import Record, record


@record
class NewsRecord(Record):
    """A headline and where it came from."""

    title: str
    source: str = "ایرنا"
    published: datetime | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class NewsTwin:
    """A headline and where it came from."""

    title: str
    source: str = "ایرنا"
    published: datetime | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)


@record(frozen=False)
class QueryRecord(Record):
    words: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dated: bool = False


@dataclass(slots=True)
class QueryTwin:
    words: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dated: bool = False


WHEN = datetime(2024, 3, 1, 8, 30, tzinfo=UTC)
FROZEN = [NewsRecord, NewsTwin]
CALLS: list[tuple[tuple[Any, ...], dict[str, Any]]] = [  # (args, kwargs) of a constructor call
    (("افزایش قیمت نفت",), {}),
    (("افزایش قیمت نفت", "مهر"), {}),
    (("تحریم‌های تازه",), {"published": WHEN, "tags": ("اقتصاد", "نفت")}),
    ((), {"title": "انتخابات مجلس", "source": "ایسنا"}),
]
BAD_CALLS: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    ((), {}),  # title missing
    (("یک", "دو", None, (), "پنج"), {}),  # too many
    (("انتخابات",), {"title": "مجلس"}),  # title twice
    (("انتخابات",), {"place": "تهران"}),  # no such field
]


def _outcome(call: Any) -> Any:
    try:
        return call()
    except Exception as exc:  # the type is what must match
        return type(exc)


def _same(record_value: Any, twin_value: Any) -> None:
    if isinstance(record_value, str):
        record_value = record_value.replace(NewsRecord.__name__, NewsTwin.__name__)
    assert record_value == twin_value


@pytest.mark.parametrize(("args", "kwargs"), CALLS)
def test_a_frozen_record_behaves_as_its_dataclass(args: tuple[Any, ...],
                                                   kwargs: dict[str, Any]) -> None:
    made, twin = (cls(*args, **kwargs) for cls in FROZEN)
    _same(repr(made), repr(twin))
    assert astuple(made) == astuple(twin) and asdict(made) == asdict(twin)
    assert made == NewsRecord(*args, **kwargs) and made != twin
    assert hash(made) == hash(NewsRecord(*args, **kwargs))
    assert {made, NewsRecord(*args, **kwargs)} == {made}
    assert [f.name for f in fields(made)] == [f.name for f in fields(twin)]
    assert astuple(replace(made, source="فارس")) == astuple(replace(twin, source="فارس"))
    for again in (pickle.loads(pickle.dumps(made)), copy.copy(made), copy.deepcopy(made)):
        assert again == made and type(again) is NewsRecord
    for target in (made, twin):
        with pytest.raises(FrozenInstanceError):
            target.title = "عنوان دیگر"  # type: ignore[misc]
        with pytest.raises(FrozenInstanceError):
            del target.source  # type: ignore[misc]
    assert not hasattr(made, "__dict__")  # slotted, as the dataclass


@pytest.mark.parametrize(("args", "kwargs"), BAD_CALLS)
def test_a_wrong_call_fails_as_the_dataclass_does(args: tuple[Any, ...],
                                                   kwargs: dict[str, Any]) -> None:
    assert _outcome(lambda: NewsRecord(*args, **kwargs)) is TypeError
    assert _outcome(lambda: NewsTwin(*args, **kwargs)) is TypeError


def test_a_mutable_record_behaves_as_its_dataclass() -> None:
    made, twin = QueryRecord(), QueryTwin()
    made.words.append("نفت")
    twin.words.append("نفت")
    made.dated = twin.dated = True
    assert astuple(made) == astuple(twin)
    assert QueryRecord().words == [] and QueryRecord().words is not QueryRecord().words
    assert made == QueryRecord(["نفت"], [], True)
    for target in (made, twin):
        with pytest.raises(TypeError, match="unhashable"):
            hash(target)


def test_records_match_by_position_and_are_dataclasses() -> None:
    match NewsRecord("زلزله در کرمان", "تسنیم"):
        case NewsRecord(title, source):
            assert (title, source) == ("زلزله در کرمان", "تسنیم")
    assert is_dataclass(NewsRecord) and NewsRecord.__doc__ == NewsTwin.__doc__


def test_a_record_class_compiles_no_methods_of_its_own() -> None:
    """The point of a record: its methods are Record's, compiled with that module."""
    for name in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__"):
        assert getattr(NewsRecord, name) is getattr(Record, name), name


def test_record_refuses_a_class_without_the_methods() -> None:
    with pytest.raises(TypeError, match="must subclass"):
        record(type("Plain", (), {"__annotations__": {"title": "str"}}))
