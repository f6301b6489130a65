"""Evidence: why we believe a component is (or is not) part of a release."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from opengauge.record._pickling import pickled_by_fields


class EvidenceLevel(enum.StrEnum):
    """How directly we saw a component. Ordered strongest first."""

    VERIFIED = "verified"  # the artifact is in the release and was parsed
    LINKED = "linked"  # a URL in the release points to it; not fetched
    DECLARED = "declared"  # a manifest or card only says so

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self.value]


_LEVEL_RANK = {"verified": 3, "linked": 2, "declared": 1}


#: Evidence below this confidence shows that a component exists but not in a usable form (e.g. a heading-only
#: model card): it is reported, but frameworks give it no credit.
MIN_CREDIT_CONFIDENCE = 0.4


class LinkKind(enum.StrEnum):
    HF_MODEL = "hf-model"
    HF_DATASET = "hf-dataset"
    HF_SPACE = "hf-space"
    GITHUB = "github"
    ARXIV = "arxiv"
    OPENREVIEW = "openreview"
    ACL = "acl-anthology"
    DOI = "doi"
    ZENODO = "zenodo"
    OTHER = "other"


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Link:
    """A URL found in a card, README or manifest."""

    url: str
    kind: LinkKind
    source_path: str  # the artifact the URL was found in
    line: int | None = None
    text: str | None = None  # anchor text or surrounding words


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Evidence:
    """One reason to believe a component is present.

    ``location`` is an artifact path (``source_id:path``) or a URL. ``excerpt`` is a short quote or summary
    (never a whole file). ``extractor`` names the code that produced it, for debugging and trust.
    """

    component: str  # ComponentId value
    level: EvidenceLevel
    location: str
    extractor: str
    excerpt: str | None = None
    line: int | None = None
    confidence: float = 1.0
