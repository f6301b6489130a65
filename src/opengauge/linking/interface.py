"""Links as evidence: what each URL found in a release (its cards, READMEs, docs, configs and code) says about
the release's components, decided once for the whole release.

Classifiers only *extract* links (``inventory.content.links``: the URL, its anchor text, the sentence and the
heading it stands in, where it came from). This stage decides what they mean, with the release's context
(``context.interface.ReleaseContext``: its own names and organisations, bundled projects, tests):

- per link, small rules (``rules.LINK_RULES``, each with an id and a docstring): a hub model repository is the
  release's weights (``linked``), a checkpoint URL too, a dataset URL is training or evaluation data, an own
  code repository holds code components, ...;
- per document (``papers``): all the places one paper, report or blog post is linked from are weighed together,
  to tell the release's own paper or report from the work it cites.

Every piece of evidence names the URL (``location``), the rule (``extractor``: ``link:<rule id>``) and where the
link was found (``excerpt``). Links in unit tests and in bundled third-party projects are not the release's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from opengauge.context.interface import ReleaseContext
from opengauge.inventory.run import InventoryItem
from opengauge.record import ArtifactKind, Evidence, Link


@dataclass(frozen=True, slots=True)
class LinkSite:
    """One link and the file it stands in."""

    link: Link
    file_kind: ArtifactKind
    file_roles: frozenset[str]  # ComponentId values the file itself supports
    file_benchmarks: tuple[str, ...] = ()  # benchmarks the file's results tables report

    @property
    def where(self) -> str:
        return f"{self.link.source_path}:{self.link.line}" if self.link.line else self.link.source_path

    @property
    def words(self) -> str:
        """Anchor, sentence and heading together (lower case): what the release says about the URL."""
        return " | ".join(p for p in (self.link.text, self.link.context, self.link.section) if p).lower()

    @property
    def in_card(self) -> bool:
        return self.file_kind in {ArtifactKind.MODEL_CARD, ArtifactKind.DATA_CARD}


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule's finding: the component, how sure, and why (a short phrase)."""

    component: str
    confidence: float
    why: str


class LinkRule(Protocol):
    """One rule over one link. The class docstring says what it recognises and why it is evidence."""

    id: str

    def hits(self, site: LinkSite, ctx: ReleaseContext) -> Iterable[Hit]: ...


_DOC_FOLDERS = frozenset({"docs", "doc", "documentation", "data", "datasets", "dataset"})


def speaks_for_release(site: LinkSite, ctx: ReleaseContext) -> bool:
    """Whether the file a link stands in speaks for the whole release: the root README and docs, a model card, the
    ``docs/`` and ``data/`` folders, or a folder named after the release. A sub-project's README (a recipe, a
    demo, a fine-tuning example) speaks for the sub-project."""
    path = site.link.source_path.partition(":")[2]
    folder = path.rpartition("/")[0]
    top = folder.split("/", 1)[0].lower()
    return not folder or site.in_card or top in _DOC_FOLDERS or ctx.names_release(folder)


def sites(items: Sequence[InventoryItem], ctx: ReleaseContext) -> list[LinkSite]:
    """Every link of the release with its file, leaving out unit tests and bundled third-party projects."""
    out: list[LinkSite] = []
    for item in items:
        obs = item.observation
        if not obs.links or ctx.is_test(item.location) or ctx.bundled(item.location):
            continue
        roles = frozenset(obs.roles)
        reported = dict(obs.details).get("benchmarks")
        benchmarks = tuple(reported.split(",")) if reported else ()
        out.extend(LinkSite(link, obs.kind, roles, benchmarks) for link in obs.links)
    return out


def link_evidence(items: Sequence[InventoryItem], ctx: ReleaseContext) -> tuple[Evidence, ...]:
    """All evidence the release's links give (see the module docstring)."""
    from opengauge.linking.papers import document_evidence
    from opengauge.linking.rules import LINK_RULES, as_evidence

    found = sites(items, ctx)
    evidence: list[Evidence] = []
    for site in found:
        for rule in LINK_RULES:
            evidence.extend(as_evidence(site, rule.id, hit) for hit in rule.hits(site, ctx))
    evidence.extend(document_evidence(found, ctx))
    return tuple(evidence)
