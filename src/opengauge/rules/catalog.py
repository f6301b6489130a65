"""The one list of rules, and the loop that runs them (a failing rule becomes a finding, never a crash)."""

from __future__ import annotations

from functools import cache

from opengauge.record import Finding, Severity
from opengauge.rules.component_rules import (
    InappropriateLicenceType,
    ManifestLicenceMismatch,
    MissingModelCard,
    NoReleaseLicence,
    ThinCard,
    UnlicensedComponent,
    UnsupportedManifestClaim,
)
from opengauge.rules.interface import Rule, RuleContext


@cache
def rules() -> tuple[Rule, ...]:
    from opengauge.rules.licence_rules import RULES as LICENCE_RULES

    own: tuple[Rule, ...] = (
        NoReleaseLicence(),
        UnlicensedComponent(),
        InappropriateLicenceType(),
        MissingModelCard(),
        UnsupportedManifestClaim(),
        ManifestLicenceMismatch(),
        ThinCard(),
    )
    return own + tuple(LICENCE_RULES)


def run_rules(ctx: RuleContext) -> list[Finding]:
    out: list[Finding] = []
    for rule in rules():
        try:
            out.extend(rule.check(ctx))
        except Exception as exc:  # one broken rule must not stop the audit
            out.append(
                Finding(
                    rule_id="OG-RUL-001",
                    severity=Severity.LOW,
                    message=f"rule {rule.id} failed: {type(exc).__name__}: {exc}"[:300],
                )
            )
    return out
