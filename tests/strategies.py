"""Hypothesis strategies shared by the fuzz tests."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st


def json_values(
    keys: Sequence[str] | None = None, *, text: int = 10, floats: bool = False, size: int = 4, leaves: int = 20
) -> st.SearchStrategy[object]:
    """Any JSON value (nested lists and objects of scalars). Object keys are drawn from ``keys`` when given (the
    names a parser looks for, so the fuzz reaches past its first checks), else any text up to ``text`` long."""
    scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=text)
    if floats:
        scalars |= st.floats(allow_nan=False)
    names = st.sampled_from(list(keys)) if keys else st.text(max_size=text)
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=size) | st.dictionaries(names, inner, max_size=size),
        max_leaves=leaves,
    )
