"""SPDX expressions (AND / OR / WITH) through ``license-expression``, with our ``LicenseRef-`` ids allowed."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from license_expression import (
    ExpressionError,
    LicenseSymbol,
    LicenseWithExceptionSymbol,
    Licensing,
    get_spdx_licensing,
)


@dataclass(frozen=True, slots=True)
class Node:
    """A parsed expression: a leaf (``op`` is None, ``key`` the licence id) or an AND / OR of children."""

    op: str | None  # "AND", "OR" or None
    key: str = ""
    exception: str | None = None
    children: tuple[Node, ...] = ()

    def leaves(self) -> list[Node]:
        if self.op is None:
            return [self]
        return [leaf for c in self.children for leaf in c.leaves()]


@cache
def _spdx() -> Licensing:
    return get_spdx_licensing()


def _convert(expr: object, licensing: Licensing) -> Node:
    if isinstance(expr, LicenseWithExceptionSymbol):
        return Node(None, key=str(expr.license_symbol.key), exception=str(expr.exception_symbol.key))
    if isinstance(expr, LicenseSymbol):
        return Node(None, key=str(expr.key))
    op = "AND" if isinstance(expr, licensing.AND) else "OR"
    args = getattr(expr, "args", ())
    return Node(op, children=tuple(_convert(a, licensing) for a in args))


@cache
def parse(expression: str) -> Node | None:
    """Parse ``expression``; None when it is not a valid SPDX-style expression."""
    text = expression.strip()
    if not text or len(text) > 2000:
        return None
    licensing = _spdx()
    try:
        parsed = licensing.parse(text, validate=False, simple=False)
    except (ExpressionError, ValueError, TypeError, AttributeError, KeyError, RecursionError):
        return None
    if parsed is None:
        return None
    return _convert(parsed, licensing)


def render(node: Node) -> str:
    """Back to text, with parentheses only where needed."""
    if node.op is None:
        return node.key + (f" WITH {node.exception}" if node.exception else "")
    parts = []
    for c in node.children:
        s = render(c)
        parts.append(f"({s})" if c.op is not None and c.op != node.op else s)
    return f" {node.op} ".join(parts)
