"""Turn the record's frozen dataclasses into plain JSON values (and only that)."""

from __future__ import annotations

import dataclasses
import enum
from typing import Any

#: Fields holding sorted (key, value) pairs that are written as JSON objects.
PAIR_FIELDS = frozenset({"details"})

JsonValue = Any  # JSON has no precise static type in Python; confined to this module and its callers


def to_jsonable(value: object) -> JsonValue:
    """Dataclasses -> dicts (field order kept), enums -> values, tuples -> lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, JsonValue] = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if f.name in PAIR_FIELDS:
                out[f.name] = {k: v for k, v in item}
            else:
                out[f.name] = to_jsonable(item)
        return out
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, float):
        return round(value, 6)
    return value
