"""Defensive access to parsed JSON for reading BOMs back: wrong shapes read as empty, never as a crash."""

from __future__ import annotations

import json
from typing import TypeAlias

from opengauge.errors import InputFormatError

Json: TypeAlias = dict[str, object]


def load_object(text: str, what: str) -> Json:
    """Parse ``text`` as a JSON object or raise ``InputFormatError``."""
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InputFormatError(f"not a {what} JSON document: {exc}") from None
    if not isinstance(doc, dict):
        raise InputFormatError(f"not a {what} JSON document: the top level is not an object")
    return doc


def obj(value: object) -> Json:
    """``value`` if it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def objs(value: object) -> list[Json]:
    """The JSON objects in ``value`` if it is a list, else none."""
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def text(value: object) -> str | None:
    """``value`` if it is a non-empty string, else None."""
    return value if isinstance(value, str) and value else None
