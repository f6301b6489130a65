"""Licence identification and openness, behind one interface so the full engine plugs in without touching
the pipeline. ``licenses.engine.default_engine()`` returns the implementation in use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from opengauge.record import ContentType, Licence


@dataclass(frozen=True, slots=True)
class Openness:
    """Whether a licence is open for one content type, and why.

    ``open`` is None when the licence is unknown ("we could not tell" is not "closed").
    ``appropriate`` says whether the licence is of the right type for the content (code: OSI-approved;
    data and weights: open data; documents: open content).
    """

    open: bool | None
    appropriate: bool | None
    reason: str


class LicenceEngine(Protocol):
    """Identifies licences from text and declarations and judges their openness."""

    @property
    def data_version(self) -> str:
        """Versions of the licence data in use (e.g. "spdx 3.29; kb 2026-11")."""
        ...

    def identify_text(self, text: str, location: str) -> list[Licence]:
        """Licences found in a text (a LICENSE file, a README with a pasted licence), best first."""
        ...

    def from_declared(
        self, value: str, location: str, how: str, name: str | None = None, link: str | None = None
    ) -> Licence:
        """Resolve a declared id or tag (card ``license``, SPDX header, manifest) to a Licence."""
        ...

    def openness(self, licence: Licence, content_type: ContentType) -> Openness:
        """Is ``licence`` open for ``content_type``?"""
        ...
