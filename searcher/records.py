"""Dataclasses whose methods are written once, here, instead of generated for every class.

``@dataclass`` writes each class's ``__init__``, ``__repr__``, ``__eq__``, ``__hash__`` and
(frozen) ``__setattr__`` as source text and compiles it when the module is imported: about half
a millisecond a class in Python 3.13, and a one-shot ``khabar search`` defines ten of them, a
measured share of its start-up budget (docs/benchmarks.md, issue 10). A class made with
:func:`record` is still a dataclass — ``fields()``, ``replace()``, ``asdict()``, ``match`` and
pickling behave as before — whose methods come from :class:`Record`, compiled once with this
module. They read the fields from a per-class table, so a record costs a few microseconds more
to create: right for results, articles and options, not for a million objects in a loop.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, FrozenInstanceError, dataclass, field, fields
from typing import Any, ClassVar, TypeVar, dataclass_transform, overload

T = TypeVar("T")


class _Spec:
    """What the generic methods need to know about one record class."""

    __slots__ = ("names", "compared", "shown", "defaults", "factories", "frozen")

    def __init__(self, cls: type, frozen: bool) -> None:
        every = fields(cls)  # cls is a dataclass by now
        init = [f for f in every if f.init]
        self.names = tuple(f.name for f in init)
        self.compared = tuple(f.name for f in every if f.compare)
        self.shown = tuple(f.name for f in every if f.repr)
        self.defaults = {f.name: f.default for f in init if f.default is not MISSING}
        self.factories = {f.name: f.default_factory for f in init
                          if f.default_factory is not MISSING}
        self.frozen = frozen


class Record:
    """The methods :func:`record` gives a class, equal in behaviour to dataclass's own."""

    __slots__ = ()
    _spec: ClassVar[_Spec]
    __dataclass_fields__: ClassVar[dict[str, Any]]  # set by dataclass (for type checkers)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        spec, kind = self._spec, type(self).__qualname__
        names = spec.names
        if len(args) > len(names):
            raise TypeError(f"{kind}.__init__() takes {len(names) + 1} positional arguments "
                            f"but {len(args) + 1} were given")
        values = dict(zip(names, args, strict=False))  # the rest by keyword or default
        for name, value in kwargs.items():
            if name not in spec.defaults and name not in spec.factories and name not in names:
                raise TypeError(f"{kind}.__init__() got an unexpected keyword argument {name!r}")
            if name in values:
                raise TypeError(f"{kind}.__init__() got multiple values for argument {name!r}")
            values[name] = value
        put = object.__setattr__
        for name in names:
            if name in values:
                put(self, name, values[name])
            elif name in spec.defaults:
                put(self, name, spec.defaults[name])
            elif name in spec.factories:
                put(self, name, spec.factories[name]())
            else:
                raise TypeError(f"{kind}.__init__() missing 1 required positional argument: "
                                f"{name!r}")

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._spec.shown)
        return f"{type(self).__qualname__}({shown})"

    def _compared(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._spec.compared)

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._compared() == other._compared()

    def __hash__(self) -> int:
        return hash(self._compared())

    def __setattr__(self, name: str, value: Any) -> None:
        if self._spec.frozen:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        if self._spec.frozen:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        object.__delattr__(self, name)

    # Slotted records have no __dict__; these let pickle and copy rebuild a frozen one.
    def __getstate__(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f.name) for f in fields(self))

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for f, value in zip(fields(self), state, strict=True):
            object.__setattr__(self, f.name, value)


@overload
def record(cls: type[T], *, frozen: bool = True) -> type[T]: ...
@overload
def record(cls: None = None, *, frozen: bool = True) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: type[T] | None = None, *, frozen: bool = True
           ) -> type[T] | Callable[[type[T]], type[T]]:
    """Make ``cls`` (a subclass of :class:`Record`) a slotted dataclass with Record's methods:
    frozen (hashable, immutable) unless ``frozen=False``."""

    def wrap(cls: type[T]) -> type[T]:
        if not issubclass(cls, Record):
            raise TypeError(f"{cls.__qualname__} must subclass searcher.records.Record")
        # Nothing generated: init, repr and eq come from Record (frozen is Record's too).
        made = dataclass(cls, init=False, repr=False, eq=False, slots=True)
        made._spec = _Spec(made, frozen)  # noqa: SLF001
        if not frozen:  # as dataclass: eq without frozen makes a record unhashable
            made.__hash__ = None  # type: ignore[assignment,method-assign]
        return made

    return wrap if cls is None else wrap(cls)
