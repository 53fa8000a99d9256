"""The frozen result objects every function returns, built from the core's plain data."""

from __future__ import annotations

import dataclasses
import decimal
import functools
import typing
from typing import Any, ClassVar, Dict, FrozenSet, Mapping, Tuple, Type, TypeVar, cast

import numpy as np

__all__ = ["Result"]


_R = TypeVar("_R", bound="Result")


@dataclasses.dataclass(frozen=True)
class Result:
    """Base of all result objects: immutable, with ``to_dict()`` and a readable repr.

    Fields typed ``np.ndarray`` arrive as float64 (or int64 for counts) numpy arrays, nested
    results as their own classes, labels as plain strings, money (fields typed ``Decimal``) as
    ``decimal.Decimal`` built from the core's exact decimal string.
    """

    _int_arrays: ClassVar[FrozenSet[str]] = frozenset()

    @classmethod
    def _from(cls: Type[_R], data: Mapping[str, Any]) -> _R:
        return cls(**{name: _convert(hint, data[name], name in cls._int_arrays) for name, hint in _fields(cast(type, cls))})

    def to_dict(self) -> Dict[str, Any]:
        """The result as plain Python data (lists instead of arrays), e.g. for JSON."""
        return {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}


@functools.lru_cache(maxsize=None)
def _fields(cls: type) -> Tuple[Tuple[str, Any], ...]:
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


def _convert(hint: Any, value: Any, ints: bool) -> Any:
    if value is None:
        return None
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is decimal.Decimal:
        return decimal.Decimal(value)
    if isinstance(value, np.ndarray):  # built by the extension already (no per-element copy)
        return value
    if hint is np.ndarray:
        return np.asarray(
            [np.nan if v is None else v for v in value] if not ints else value,
            dtype=np.int64 if ints else np.float64,
        )
    if isinstance(hint, type) and issubclass(hint, Result):
        return hint._from(value)
    if isinstance(origin, type) and issubclass(origin, Result):  # a generic result: Cells[int]
        return origin._from(value)
    if origin is tuple:  # labels: immutable, like the result
        return tuple(value)
    if origin is typing.Union:  # Optional[X]
        inner = [a for a in args if a is not type(None)][0]
        return _convert(inner, value, ints)
    if origin in (list, typing.List) and args and isinstance(args[0], type) and issubclass(args[0], Result):
        return [args[0]._from(v) for v in value]
    if origin in (list, typing.List) and args and typing.get_origin(args[0]) is typing.Union:
        inner = [a for a in typing.get_args(args[0]) if a is not type(None)][0]
        return [None if v is None else _convert(inner, v, ints) for v in value]
    if hint is float:
        return float("nan") if value is None else float(value)
    return value


def _plain(value: Any) -> Any:
    # decimal.Decimal stays exact: json.dumps(result.to_dict(), default=str) writes its digits.
    if isinstance(value, Result):
        return value.to_dict()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
