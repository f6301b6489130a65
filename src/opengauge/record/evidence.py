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


class LinkOrigin(enum.StrEnum):
    """Where in a file a URL was found: it decides what the URL can be evidence of."""

    TEXT = "text"  # prose, a table, a list: the anchor text and the sentence say what it is
    CITATION = "citation"  # the first BibTeX entry of a "please cite" block: the release's own reference
    CITED = "cited"  # any other BibTeX entry: work the release cites
    CARD_DATASETS = "card-datasets"  # a card's ``datasets:`` metadata (training data)
    BASE_MODEL = "base-model"  # a card's ``base_model:`` metadata (the model this one derives from)
    MODEL_INDEX = "model-index"  # a dataset of a card's ``model-index`` (evaluation data)
    CODE = "code"  # a string in source code (a download URL, a Hub id passed to a loader)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Link:
    """A URL found in a card, README or manifest."""

    url: str
    kind: LinkKind
    source_path: str  # the artifact the URL was found in
    line: int | None = None
    text: str | None = None  # anchor text or surrounding words
    context: str | None = None  # the line (table row, list item, sentence) the URL stands in, clipped
    section: str | None = None  # the heading the URL stands under, if the text has headings
    origin: LinkOrigin = LinkOrigin.TEXT


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
