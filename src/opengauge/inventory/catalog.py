"""The ordered list of classifiers. Weight formats first (they look at magic bytes), then content by name."""

from __future__ import annotations

from functools import cache

from opengauge.inventory.interface import Classifier


@cache
def classifiers() -> tuple[Classifier, ...]:
    """All classifiers in the order they are tried; the first whose ``accepts`` is True wins."""
    from opengauge.inventory.content import CLASSIFIERS as CONTENT
    from opengauge.inventory.weights import CLASSIFIERS as WEIGHTS

    return (*WEIGHTS, *CONTENT)
