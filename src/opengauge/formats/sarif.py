"""SARIF 2.1.0 rendering of findings (code-scanning upload). Used by ``opengauge scan`` and audit reports."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from opengauge.record import Finding, Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/opengauge/opengauge"

_LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
#: GitHub code scanning reads ``security-severity`` (0-10) to rank alerts.
_SCORE = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "0.0",
}
_TAIL = re.compile(r"^(?P<path>.*?)(?:@(?P<offset>\d+))?(?:#op(?P<op>\d+))?(?::(?P<line>\d+))?$")


def _rule_meta(rule_id: str) -> tuple[str, str | None]:
    """(title, remediation) from the scanner's rule table when the rule is one of its own."""
    try:
        from opengauge.security.rules import RULES
    except ImportError:  # pragma: no cover - defensive: formats must not depend on the scanner
        return rule_id, None
    rule = RULES.get(rule_id)
    return (rule.title, rule.remediation) if rule else (rule_id, None)


def _location(location: str) -> dict[str, Any] | None:
    m = _TAIL.match(location)
    if m is None:  # pragma: no cover - the pattern matches every string
        return None
    path = m.group("path")
    file, _, members = path.partition("!")
    if re.match(r"^[a-z][a-z0-9+.-]*://", file):
        uri = file
    else:
        uri = quote(file.replace("\\", "/").removeprefix("./"), safe="/:@")
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    region: dict[str, Any] = {}
    if m.group("line"):
        region["startLine"] = int(m.group("line"))
    if m.group("offset") and not members:
        region["byteOffset"] = int(m.group("offset"))
    if region:
        physical["region"] = region
    out: dict[str, Any] = {"physicalLocation": physical}
    if members:
        out["logicalLocations"] = [{"fullyQualifiedName": members.replace("!", "/"), "kind": "member"}]
    return out


def _result(finding: Finding, index: int) -> dict[str, Any]:
    text = finding.message + (f" [{finding.evidence}]" if finding.evidence else "")
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": index,
        "level": _LEVEL[finding.severity],
        "message": {"text": text},
        "properties": {"severity": finding.severity.value},
    }
    if finding.location:
        loc = _location(finding.location)
        if loc is not None:
            result["locations"] = [loc]
        digest = hashlib.sha256(f"{finding.rule_id}|{finding.location}|{finding.message}".encode()).hexdigest()
        result["partialFingerprints"] = {"opengauge/v1": digest[:32]}
    if finding.component:
        result["properties"]["component"] = finding.component
    return result


def findings_to_sarif(findings: Iterable[Finding], tool_version: str) -> str:
    """One SARIF 2.1.0 log with one run; rules are the distinct rule ids of the findings."""
    items = list(findings)
    order: dict[str, int] = {}
    rules: list[dict[str, Any]] = []
    for f in items:
        if f.rule_id in order:
            continue
        order[f.rule_id] = len(rules)
        title, remediation = _rule_meta(f.rule_id)
        rule: dict[str, Any] = {
            "id": f.rule_id,
            "name": re.sub(r"[^A-Za-z0-9]+", "", title.title()) or f.rule_id,
            "shortDescription": {"text": title},
            "defaultConfiguration": {"level": _LEVEL[f.severity]},
            "properties": {"security-severity": _SCORE[f.severity], "tags": ["security"]},
        }
        help_text = remediation or f.remediation
        if help_text:
            rule["help"] = {"text": help_text}
        rules.append(rule)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "opengauge",
                        "version": tool_version,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "results": [_result(f, order[f.rule_id]) for f in items],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
