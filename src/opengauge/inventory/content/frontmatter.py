"""YAML front matter of Markdown cards (``---`` ... ``---`` at the top), parsed with ``yaml.safe_load``
only and read back through bounded, typed accessors. Malformed front matter is reported, never raised."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from opengauge.safeyaml import safe_load

#: Front matter larger than this is not parsed (a card's metadata is a few KiB; model-index can be tens).
MAX_FRONT_MATTER = 256 * 1024
#: List accessors return at most this many items; strings are cut to MAX_STR characters.
MAX_ITEMS = 200
MAX_STR = 500

_OPEN = re.compile(r"\A(?:\ufeff)?[ \t]*---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The raw front matter block, what it parsed to (a mapping) or why it did not, and the body after it."""

    raw: str | None  # None: the text has no front matter block
    data: dict[object, object] | None  # None: absent or malformed
    error: str | None  # why ``data`` is None although ``raw`` is present
    body: str
    body_line: int  # 1-based line of the body's first line in the whole text

    @property
    def present(self) -> bool:
        return self.raw is not None


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter block or None, body, first body line)."""
    opening = _OPEN.match(text)
    if not opening:
        return None, text, 1
    closing = _CLOSE.search(text, opening.end())
    if not closing:
        return None, text, 1
    raw = text[opening.end() : closing.start()]
    rest = text[closing.end() :]
    if rest.startswith("\n"):
        rest = rest[1:]
    body_line = text.count("\n", 0, closing.end()) + 2
    return raw, rest, body_line


def _load(raw: str) -> tuple[dict[object, object] | None, str | None]:
    if len(raw) > MAX_FRONT_MATTER:
        return None, f"front matter larger than {MAX_FRONT_MATTER // 1024} KiB; not parsed"
    try:
        value = safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or type(exc).__name__
        return None, f"front matter is not valid YAML{where}: {problem}"
    except (RecursionError, MemoryError, ValueError, TypeError, OverflowError) as exc:
        return None, f"front matter could not be parsed: {type(exc).__name__}"
    if value is None:
        return {}, None
    if not isinstance(value, dict):
        return None, f"front matter is a {type(value).__name__}, not a mapping"
    return value, None


def parse_front_matter(text: str) -> FrontMatter:
    """Split and parse; never raises on text."""
    raw, body, body_line = split_front_matter(text)
    if raw is None:
        return FrontMatter(None, None, None, body, body_line)
    data, error = _load(raw)
    return FrontMatter(raw, data, error, body, body_line)


def _scalar(value: object) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)[:MAX_STR]
    return None


def get_str(data: dict[object, object] | None, key: str) -> str | None:
    """A scalar field as a string (numbers and booleans too); None when absent or not a scalar."""
    if not data:
        return None
    value = _scalar(data.get(key))
    return value.strip() if value is not None and value.strip() else None


def get_list(data: dict[object, object] | None, key: str) -> tuple[str, ...]:
    """A field that may be one scalar or a list of scalars, as strings (at most ``MAX_ITEMS``)."""
    if not data:
        return ()
    value = data.get(key)
    items = value[:MAX_ITEMS] if isinstance(value, list) else [value]
    out = (_scalar(item) for item in items)
    return tuple(s.strip() for s in out if s is not None and s.strip())


def get_mapping(data: dict[object, object] | None, key: str) -> dict[object, object] | None:
    if not data:
        return None
    value = data.get(key)
    return value if isinstance(value, dict) else None


def keys_of(data: dict[object, object] | None) -> tuple[str, ...]:
    """The string keys of a mapping, at most ``MAX_ITEMS``."""
    if not data:
        return ()
    return tuple(k for k in list(data)[:MAX_ITEMS] if isinstance(k, str))
