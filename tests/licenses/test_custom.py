"""Unidentified licence texts with restrictive clauses are restricted (never unknown-but-maybe-open)."""

from __future__ import annotations

from opengauge.licenses.custom import CUSTOM_RESTRICTIVE_ID, custom_restrictive
from opengauge.licenses.engine import default_engine
from opengauge.record import ContentType, LicenceFamily

CUSTOM = (
    "Example Model Licence\n\n1. You may use the model for non-commercial purposes.\n"
    "2. Licensees with more than 10 monthly active users need our written permission.\n"
)


def test_custom_restrictive_text_is_restricted_with_quoted_clauses() -> None:
    (lic,) = default_engine().identify_text(CUSTOM, "s1:LICENSE")
    assert lic.expression == CUSTOM_RESTRICTIVE_ID and lic.family is LicenceFamily.RESTRICTED
    clauses = {r.flag: r.clause for r in lic.restrictions}
    assert "non-commercial" in (clauses["non-commercial"] or "")
    assert "monthly active users" in (clauses["user-cap"] or "")
    for ctype in ContentType:
        assert default_engine().openness(lic, ctype).open is False


def test_plain_unknown_text_stays_unknown() -> None:
    assert custom_restrictive("This is a friendly note about our project.", "s1:LICENSE") is None
    assert default_engine().identify_text("This is a friendly note about our project.", "s1:LICENSE") == []


def test_known_licences_are_not_replaced_by_the_custom_fallback() -> None:
    found = default_engine().identify_text("SPDX-License-Identifier: MIT\n", "s1:LICENSE")
    assert found and found[0].expression == "MIT"
