"""Formats: each renders the one AuditReport to text or bytes. Nothing here decides anything."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Protocol

from opengauge.record import AuditReport


@dataclass(frozen=True, slots=True)
class RenderOptions:
    verbose: bool = False  # include evidence items
    color: bool = False
    width: int = 120


class Formatter(Protocol):
    name: ClassVar[str]
    media_type: ClassVar[str]
    suffix: ClassVar[str]

    def render(self, report: AuditReport, options: RenderOptions) -> str | bytes: ...
