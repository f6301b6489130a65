"""Turn the record's frozen dataclasses into plain JSON values (and only that)."""

from __future__ import annotations

import dataclasses
import enum
from typing import Any

#: Fields holding sorted (key, value) pairs that are written as JSON objects.
PAIR_FIELDS = frozenset({"details"})

JsonValue = Any  # JSON has no precise static type in Python; confined to this module and its callers

_SCALARS = (str, int, bool, type(None))
_PLAIN = frozenset(_SCALARS)  # exact types written as they are (not enums, which subclass str)
#: Per dataclass: its field names, each with whether it holds (key, value) pairs. ``dataclasses.fields`` is slow
#: enough to be most of the time spent on a report of 10,000 files.
_FIELDS: dict[type, tuple[tuple[str, bool], ...]] = {}


def _fields_of(cls: type) -> tuple[tuple[str, bool], ...]:
    found = _FIELDS.get(cls)
    if found is None:
        found = tuple((f.name, f.name in PAIR_FIELDS) for f in dataclasses.fields(cls))
        _FIELDS[cls] = found
    return found


def to_jsonable(value: object) -> JsonValue:
    """Dataclasses -> dicts (field order kept), enums -> values, tuples -> lists."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, tuple | list):
        return [v if type(v) in _PLAIN else to_jsonable(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, JsonValue] = {}
        for name, pairs in _fields_of(type(value)):
            item = getattr(value, name)
            if type(item) in _PLAIN:
                out[name] = item
            elif pairs:
                out[name] = {k: v for k, v in item}
            else:
                out[name] = to_jsonable(item)
        return out
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, float):
        return round(value, 6)
    return value
