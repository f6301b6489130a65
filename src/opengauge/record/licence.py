"""Licences as identified in a release, with how they were identified and what they restrict."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class LicenceFamily(enum.StrEnum):
    """Coarse openness family of a licence."""

    OSI_CODE = "osi-code"  # OSI-approved (or FSF-libre) software licence
    OPEN_DATA = "open-data"  # CDLA, CC0, CC-BY(-SA), ODC-By, ODbL, PDDL, OpenMDW
    OPEN_CONTENT = "open-content"  # open documentation/content licence
    RESTRICTED = "restricted"  # known, and not open (NC, use restrictions, caps, ...)
    UNKNOWN = "unknown"  # we could not tell


class IdentifiedBy(enum.StrEnum):
    DECLARED_TAG = "declared-tag"  # card `license:` field, package metadata, manifest
    SPDX_HEADER = "spdx-header"  # SPDX-License-Identifier line
    TEXT_EXACT = "text-exact"
    TEXT_MATCH = "text-match"  # near-exact / similarity
    FINGERPRINT = "fingerprint"  # knowledge-base phrases for AI licences
    MANIFEST = "manifest"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Restriction:
    """One restriction a licence imposes, with the clause that says so when we have the text."""

    flag: str  # e.g. "non-commercial", "user-cap", "use-restrictions", "aup-changeable"
    clause: str | None = None  # quoted from the text actually read
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Licence:
    """A licence as identified: an SPDX id or expression, or a ``LicenseRef-`` of ours."""

    expression: str  # "Apache-2.0", "MIT OR Apache-2.0", "LicenseRef-llama-3.1", "NOASSERTION"
    identified_by: IdentifiedBy
    confidence: float
    family: LicenceFamily
    name: str | None = None
    location: str | None = None  # where it was found: source:path[:line] or URL
    restrictions: tuple[Restriction, ...] = field(default=())
    declared_as: str | None = None  # the raw declared string (e.g. card tag "llama3.1")
    derived_from: str | None = None  # the open licence a derived licence's text is based on (``Apache-2.0``)

    @property
    def known(self) -> bool:
        return self.family is not LicenceFamily.UNKNOWN
