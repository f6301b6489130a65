"""Licence texts that match no known licence but carry restrictive clauses (a custom "community licence").

Such a text is not "unknown" in the sense that matters: whatever it is, a licence that forbids commercial use or
caps users is not open. It is reported as ``LicenseRef-opengauge-unidentified-restrictive`` with each clause
quoted, so openwashing rules can fire on it; a text with none of these clauses stays unknown.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from opengauge.licenses.fingerprint import restrictions_from
from opengauge.licenses.kb import RestrictionSpec
from opengauge.record import IdentifiedBy, Licence, LicenceFamily
from opengauge.safeyaml import safe_load

CUSTOM_RESTRICTIVE_ID = "LicenseRef-opengauge-unidentified-restrictive"
CUSTOM_DUTIES_ID = "LicenseRef-opengauge-unidentified-with-duties"
#: Flags that are duties (keep a copy of the terms, display a name), not restrictions of use: alone they leave an
#: unidentified licence unknown (with its duties quoted), not restricted.
DUTY_FLAGS = frozenset({"naming", "pass-through"})


@cache
def generic_restrictions() -> tuple[RestrictionSpec, ...]:
    text = resources.files("opengauge.data").joinpath("licenses/generic_restrictions.yaml").read_text("utf-8")
    raw = safe_load(text)
    assert isinstance(raw, dict)
    return tuple(
        RestrictionSpec(flag=str(r["flag"]), note=str(r["note"]), phrases=tuple(str(p) for p in r["phrases"]))
        for r in raw["restrictions"]
    )


def custom_restrictive(text: str, location: str) -> Licence | None:
    """A restricted licence for an unidentified text with restrictive clauses, else None."""
    found = tuple(r for r in restrictions_from(generic_restrictions(), text) if r.clause)
    if not found:
        return None
    if all(r.flag in DUTY_FLAGS for r in found):
        return Licence(
            expression=CUSTOM_DUTIES_ID,
            identified_by=IdentifiedBy.FINGERPRINT,
            confidence=0.4,
            family=LicenceFamily.UNKNOWN,
            name="unidentified licence with duties (notices, naming) and no restriction found",
            location=location,
            restrictions=found,
        )
    return Licence(
        expression=CUSTOM_RESTRICTIVE_ID,
        identified_by=IdentifiedBy.FINGERPRINT,
        confidence=0.5,
        family=LicenceFamily.RESTRICTED,
        name="unidentified licence with restrictive clauses",
        location=location,
        restrictions=found,
    )
