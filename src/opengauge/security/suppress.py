"""Suppression files: YAML entries with a rule, a location pattern and a mandatory reason."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path

from opengauge.errors import UsageError
from opengauge.record import Finding


@dataclass(frozen=True, slots=True)
class Suppression:
    """Drop findings of ``rule`` whose location matches ``location`` (glob) and evidence contains ``match``."""

    rule: str
    reason: str
    location: str = "*"
    match: str = ""

    def applies(self, finding: Finding) -> bool:
        if self.rule not in ("*", finding.rule_id):
            return False
        if not fnmatch.fnmatchcase(finding.location or "", self.location):
            return False
        text = f"{finding.message} {finding.evidence or ''}"
        return self.match in text


def load_suppressions(path: Path) -> tuple[Suppression, ...]:
    """Read a suppression file; every entry needs ``rule`` and a non-empty ``reason``."""
    import yaml

    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read suppression file {path}: {exc}") from exc
    entries = doc.get("suppressions") if isinstance(doc, dict) else doc
    if not isinstance(entries, list):
        raise UsageError(f"{path}: expected a list under 'suppressions'")
    out: list[Suppression] = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise UsageError(f"{path}: entry {i} is not a mapping")
        rule, reason = entry.get("rule"), entry.get("reason")
        if not isinstance(rule, str) or not rule:
            raise UsageError(f"{path}: entry {i} has no 'rule'")
        if not isinstance(reason, str) or not reason.strip():
            raise UsageError(f"{path}: entry {i} ({rule}) has no 'reason'")
        location, match = entry.get("location", "*"), entry.get("match", "")
        if not isinstance(location, str) or not isinstance(match, str):
            raise UsageError(f"{path}: entry {i}: 'location' and 'match' must be strings")
        out.append(Suppression(rule=rule, reason=reason.strip(), location=location, match=match))
    return tuple(out)
