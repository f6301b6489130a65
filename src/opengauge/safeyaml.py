"""The one way opengauge reads YAML: the safe loader (plain data only, never objects), libyaml's C parser when
PyYAML was built with it (same safety, about ten times faster), the pure-Python one otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

import yaml

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str | bytes) -> object:
    """Like ``yaml.safe_load``; raises ``yaml.YAMLError`` on bad input."""
    return yaml.load(text, Loader=SafeLoader)  # noqa: S506 - SafeLoader (or its C twin) only


def safe_load_all(text: str | bytes, limit: int) -> list[object]:
    """At most ``limit`` documents of a multi-document stream."""
    docs: Iterator[object] = yaml.load_all(text, Loader=SafeLoader)
    return list(islice(docs, limit))
