"""A stored report back into its dataclasses: the inverse of ``rehearse.report.report.to_dict``."""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import lru_cache

from rehearse.errors import StoreError
from rehearse.report.report import Report


def from_dict(data: dict) -> Report:
    """Rebuild a ``Report`` (with every nested dataclass) from its dict; raises ``StoreError``."""
    try:
        return _build(Report, data)
    except (TypeError, KeyError, ValueError) as exc:
        raise StoreError(f"a stored report could not be read back ({type(exc).__name__}: {exc})") from exc


@lru_cache(maxsize=None)
def _hints(cls) -> dict:
    return typing.get_type_hints(cls)


def _build(tp, value):
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return _build(options[0], value) if len(options) == 1 else value
    if dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        kwargs = {f.name: _build(hints[f.name], value[f.name])
                  for f in dataclasses.fields(tp) if f.name in value}
        return tp(**kwargs)
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_build(args[0], v) for v in value)
        return tuple(_build(a, v) for a, v in zip(args, value))
    if origin is list:
        (arg,) = typing.get_args(tp)
        return [_build(arg, v) for v in value]
    if origin is dict:
        _, arg = typing.get_args(tp)
        return {k: _build(arg, v) for k, v in value.items()}
    if tp is float and isinstance(value, int):
        return float(value)
    return value
