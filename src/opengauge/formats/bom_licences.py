"""How a licence expression of the record is written in a BOM: SPDX ids, SPDX expressions, or LicenseRefs.

``license-expression`` tells valid SPDX expressions. A ``LicenseRef-`` symbol is valid SPDX syntax but names
no listed licence; CycloneDX gets such licences as a name (and URL), SPDX 3 as a LicenseRef with its URL in
``customIdToUri``. A symbol that is neither (a raw Hub tag such as ``llama3.1``) becomes
``LicenseRef-llama3.1``.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from functools import cache

from license_expression import ExpressionError, Licensing, get_spdx_licensing

_REF = re.compile(r"^(DocumentRef-[A-Za-z0-9.\-]+:)?LicenseRef-[A-Za-z0-9.\-]+$")
_UNSAFE = re.compile(r"[^A-Za-z0-9.\-]+")
NOASSERTION = "NOASSERTION"
NONE = "NONE"


class LicenceForm(enum.StrEnum):
    """How an expression can be written."""

    SPDX_ID = "spdx-id"  # one listed licence id
    SPDX_EXPRESSION = "spdx-expression"  # listed ids joined by AND / OR / WITH
    LICENSE_REF = "license-ref"  # valid SPDX syntax with at least one LicenseRef- symbol
    NOASSERTION = "noassertion"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class BomLicence:
    """A licence ready for a BOM: the SPDX-valid expression, its form, a display name and a URL if known."""

    expression: str  # always valid SPDX syntax (LicenseRefs allowed), or NOASSERTION / NONE
    form: LicenceForm
    name: str  # human name (the record's name, else the expression)
    url: str | None
    refs: tuple[str, ...]  # the LicenseRef- symbols in ``expression``
    declared: bool = True  # stated by the release (tag, header, manifest) rather than concluded from a text


@cache
def _licensing() -> Licensing:
    return get_spdx_licensing()


def to_license_ref(symbol: str) -> str:
    """A ``LicenseRef-`` id for a symbol that is not a listed licence (idempotent)."""
    if _REF.match(symbol):
        return symbol
    cleaned = _UNSAFE.sub("-", symbol.replace("+", "plus")).strip("-.") or "unknown"
    return f"LicenseRef-{cleaned}"


def _symbols(expression: str) -> list[str] | None:
    try:
        parsed = _licensing().parse(expression, validate=False, simple=False)
    except (ExpressionError, TypeError, ValueError):
        return None
    if parsed is None:
        return None
    return [str(getattr(sym, "key", sym)) for sym in _licensing().license_symbols(parsed, decompose=True)]


def _normalise(expression: str) -> tuple[str, tuple[str, ...]] | None:
    """(SPDX-valid expression, LicenseRef symbols), or None when the expression cannot be parsed."""
    symbols = _symbols(expression)
    if not symbols:
        return None
    result = _licensing().validate(expression)
    if not result.errors and result.normalized_expression:
        return str(result.normalized_expression), ()
    known = {str(s) for s in symbols if s not in result.invalid_symbols}
    text = expression
    refs: list[str] = []
    for symbol in sorted(set(symbols) - known, key=len, reverse=True):
        ref = to_license_ref(symbol)
        refs.append(ref)
        text = re.sub(rf"(?<![A-Za-z0-9.\-+:]){re.escape(symbol)}(?![A-Za-z0-9.\-+])", ref, text)
    check = _licensing().validate(text)
    if _symbols(text) is None or not all(_REF.match(str(s)) for s in check.invalid_symbols):
        return None  # the substitution did not give SPDX syntax: the caller makes one LicenseRef of it all
    return text, tuple(sorted(set(refs)))


def bom_licence(expression: str | None, name: str | None = None, url: str | None = None) -> BomLicence:
    """Classify a record's licence expression for the BOM writers."""
    raw = " ".join((expression or "").split())  # any whitespace (tabs, control separators) becomes one space
    if not raw or raw.upper() == NOASSERTION:
        return BomLicence(NOASSERTION, LicenceForm.NOASSERTION, name or NOASSERTION, url, ())
    if raw.upper() == NONE:
        return BomLicence(NONE, LicenceForm.NONE, name or NONE, url, ())
    normal = _normalise(raw)
    if normal is None:
        ref = to_license_ref(raw)
        return BomLicence(ref, LicenceForm.LICENSE_REF, name or raw, url, (ref,))
    text, refs = normal
    if refs and " WITH " in f" {text.upper()} ":  # an unknown exception or licence around WITH: one ref
        ref = to_license_ref(raw)
        return BomLicence(ref, LicenceForm.LICENSE_REF, name or raw, url, (ref,))
    if refs:
        return BomLicence(text, LicenceForm.LICENSE_REF, name or raw, url, refs)
    form = LicenceForm.SPDX_ID if len(_symbols(text) or []) == 1 and " " not in text else LicenceForm.SPDX_EXPRESSION
    return BomLicence(text, form, name or text, url, ())
