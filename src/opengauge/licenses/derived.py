"""Licences derived from an open licence: a text that is (nearly) an open licence's text but adds terms of its own
that restrict use (royalties, user or revenue caps, fields of use, an acceptable-use policy, terms the licensor
may change), or that says it is that licence "with modifications", is not that licence. It is read as a lawyer
would read it: the derived licence governs the file, it is ``restricted``, and each added clause is quoted.

A clause counts as added only when its phrase is not in the base licence's own text ("royalty-free" in the
Apache licence's grant is not a royalty), so an unmodified open licence never becomes restricted.
"""

from __future__ import annotations

import re
from functools import cache

from opengauge.licenses import spdx
from opengauge.licenses.custom import DUTY_FLAGS, generic_restrictions
from opengauge.licenses.fingerprint import quote_clause
from opengauge.licenses.normalize import normal
from opengauge.record import IdentifiedBy, Licence, LicenceFamily, Restriction

DERIVED_ID = "LicenseRef-opengauge-derived-restrictive"
_MODIFIED = re.compile(
    r"\b(?:based\s+on|derived\s+from|adapted\s+from|a\s+modified\s+version\s+of)\s+(?:the\s+)?"
    r"[\w .\-]{2,60}?\blicen[cs]e\b(?:[^.\n]|\.(?=\d)){0,60}?\b(?:with|incorporating)\s+(?:\w+\s+){0,2}"
    r"(?:modifications|changes|additional\s+terms|amendments)",
    re.IGNORECASE,
)


@cache
def _base_texts() -> dict[str, str]:
    """Every SPDX licence's own text, normalised and padded with spaces for phrase search (read once)."""
    return {lic_id: f" {normal(text)} " for lic_id, text in spdx.licence_texts()}


@cache
def _phrases() -> tuple[tuple[str, str, str, str], ...]:
    """(flag, note, phrase, normalised phrase) of every restrictive clause phrase."""
    return tuple((spec.flag, spec.note, p, f" {normal(p)} ") for spec in generic_restrictions() for p in spec.phrases)


def added_restrictions(text: str, base_id: str, normalised: str | None = None) -> tuple[Restriction, ...]:
    """The restrictive clauses of ``text`` that the base licence ``base_id`` does not have, quoted.
    ``normalised``: ``normal(text)`` when the caller has it."""
    padded = f" {normalised if normalised is not None else normal(text)} "
    found = [(flag, note, phrase, norm) for flag, note, phrase, norm in _phrases() if norm in padded]
    modified = _MODIFIED.search(text)
    if not found and not modified:
        return ()
    base = _base_texts().get(base_id, " ")
    out: list[Restriction] = []
    seen: set[str] = set()
    for flag, note, phrase, norm in found:
        if flag not in seen and norm not in base:
            clause = quote_clause(text, phrase)
            if clause:
                out.append(Restriction(flag=flag, clause=clause, note=note))
                seen.add(flag)
    if modified and f" {normal(modified.group(0))} " not in base:
        out.append(
            Restriction(
                flag="modified-licence",
                clause=quote_clause(text, modified.group(0)) or modified.group(0),
                note=f"The text says it is a modified version of another licence; its terms differ from {base_id}.",
            )
        )
    return tuple(out)


def derived_licence(text: str, base: Licence, normalised: str | None = None) -> Licence | None:
    """The licence a text really is when it is ``base`` (an open licence matched on the whole text) with
    restrictive additions; None when it adds none (duties alone, such as a notice, do not count)."""
    if base.family is LicenceFamily.RESTRICTED or base.family is LicenceFamily.UNKNOWN:
        return None
    added = added_restrictions(text, base.expression, normalised)
    if not any(r.flag not in DUTY_FLAGS for r in added):
        return None
    flags = ", ".join(dict.fromkeys(r.flag for r in added))
    return Licence(
        expression=DERIVED_ID,
        identified_by=IdentifiedBy.TEXT_MATCH,
        confidence=max(base.confidence, 0.9),
        family=LicenceFamily.RESTRICTED,
        name=f"a licence derived from {base.expression} with restrictive additions ({flags})",
        location=base.location,
        restrictions=added,
        derived_from=base.expression,
    )
