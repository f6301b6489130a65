"""The ordered list of classifiers. Weight formats first (they look at magic bytes), then content by name."""

from __future__ import annotations

from functools import cache

from opengauge.inventory.interface import Classifier
from opengauge.inventory.run import Dispatch


@cache
def classifiers() -> tuple[Classifier, ...]:
    """All classifiers in the order they are tried; the first whose ``accepts`` is True wins."""
    from opengauge.inventory.content import CLASSIFIERS as CONTENT
    from opengauge.inventory.weights import CLASSIFIERS as WEIGHTS

    return (*WEIGHTS, *CONTENT)


@cache
def dispatch() -> Dispatch:
    """The catalog's classifiers by suffix (see ``Dispatch``), shared by every audit in the process."""
    return Dispatch(classifiers())
