"""Rules: small classes with a stable id and a docstring, each yielding Findings from the audit context."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Protocol

from opengauge.inventory.interface import LicenceDeclaration
from opengauge.record import ArtifactFacts, ComponentResult, Finding, Licence, Link, Release, Severity

if TYPE_CHECKING:
    from opengauge.components.licensing import LicenceIndex


@dataclass(frozen=True, slots=True)
class TextSnippet:
    """A short text the rules may quote (card/README prose), with where it came from."""

    location: str
    text: str


@dataclass(frozen=True, slots=True)
class RuleContext:
    """Everything the rules see: the release, facts, components and licences as resolved."""

    release: Release
    artifacts: tuple[ArtifactFacts, ...]
    components: tuple[ComponentResult, ...]
    licences: tuple[Licence, ...]
    declarations: tuple[LicenceDeclaration, ...]
    links: tuple[Link, ...]
    texts: tuple[TextSnippet, ...] = field(default=())  # cards and READMEs (bounded) for claim checks
    licence_index: LicenceIndex | None = None  # which licence governs a file, as the components stage resolved it


class Rule(Protocol):
    """One check. ``id`` is stable (``OG-LIC-003``); the class docstring explains it to users."""

    id: ClassVar[str]
    severity: ClassVar[Severity]

    def check(self, ctx: RuleContext) -> Iterable[Finding]: ...
