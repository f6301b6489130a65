"""Plain facts for a card draft, taken from an ``AuditReport``: component files with their licences, card
metadata already published, links. Only strings, lists and dicts of strings leave this module."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from opengauge.licenses.kb import hf_tags
from opengauge.record import AuditReport, ComponentId, ComponentResult, ComponentStatus, LinkKind

TODO = "TODO"
_SHOWN = (ComponentStatus.PRESENT, ComponentStatus.LINKED)
MAX_ITEMS = 8


@dataclass(frozen=True, slots=True)
class ComponentFacts:
    """One component as a card can cite it: where it is and under which licence (empty when unknown)."""

    name: str
    status: str
    locations: tuple[str, ...] = field(default=())
    licence: str = ""

    @property
    def found(self) -> bool:
        return bool(self.locations)


@dataclass(frozen=True, slots=True)
class CardFacts:
    """What the release shows, keyed by what a card needs."""

    name: str
    components: dict[str, ComponentFacts]
    metadata: dict[str, tuple[str, ...]]  # published card metadata (licence, datasets, base_model, ...)
    papers: tuple[str, ...]
    repositories: tuple[str, ...]


@cache
def _spdx_to_tag() -> dict[str, str]:
    _, table = hf_tags()
    out: dict[str, str] = {}
    for tag, row in table.items():
        out.setdefault(row.id, tag)
    return out


def hf_licence(expression: str) -> tuple[str, str]:
    """(``license`` tag, ``license_name``) for an SPDX expression: a Hub tag when there is one, else "other"."""
    if not expression or expression == "NOASSERTION":
        return TODO, ""
    tag = _spdx_to_tag().get(expression)
    return (tag, "") if tag else ("other", expression)


def strip_source(location: str, prefixes: Mapping[str, str]) -> str:
    """``s1:dir/file:12`` -> ``dir/file`` (the first source's prefix is ""), other sources get their location as a
    prefix; URLs and unknown sources are unchanged."""
    if "://" in location:
        return location
    source, _, rest = location.partition(":")
    if source not in prefixes or not rest:
        return location
    path = rest.split(":", 1)[0]
    prefix = prefixes[source]
    return f"{prefix.rstrip('/')}/{path}" if prefix else path


def source_prefixes(report: AuditReport) -> dict[str, str]:
    """Source id -> path prefix: "" for the first source, its location for the others."""
    return {s.id: ("" if i == 0 else s.location) for i, s in enumerate(report.release.sources)}


def _component(res: ComponentResult, prefixes: Mapping[str, str]) -> ComponentFacts:
    if res.status not in _SHOWN:
        return ComponentFacts(res.component, res.status.value)
    locations = tuple(dict.fromkeys(strip_source(e.location, prefixes) for e in res.evidence if e.level.rank >= 2))
    licence = res.licence.expression if res.licence is not None and res.licence.known else ""
    return ComponentFacts(res.component, res.status.value, locations[:MAX_ITEMS], licence)


def _metadata(report: AuditReport) -> dict[str, tuple[str, ...]]:
    keys = ("license", "license_name", "datasets", "base_model", "language", "pipeline_tag", "library_name", "tags")
    out: dict[str, tuple[str, ...]] = {}
    for art in report.artifacts:
        if art.detail("card_type") not in {"model", "dataset"}:
            continue
        for key in keys:
            value = art.detail(key)
            if value and key not in out:
                out[key] = tuple(v for v in value.split(",") if v)[:MAX_ITEMS]
    return out


def card_facts(report: AuditReport) -> CardFacts:
    """The facts of ``report`` a card draft may state."""
    prefixes = source_prefixes(report)
    components = {c.component: _component(c, prefixes) for c in report.components}
    for cid in ComponentId:
        components.setdefault(cid.value, ComponentFacts(cid.value, ComponentStatus.ABSENT.value))
    papers = tuple(dict.fromkeys(lk.url for lk in report.links if lk.kind in (LinkKind.ARXIV, LinkKind.DOI)))
    repos = tuple(dict.fromkeys(lk.url for lk in report.links if lk.kind is LinkKind.GITHUB))
    return CardFacts(report.release.name, components, _metadata(report), papers[:MAX_ITEMS], repos[:MAX_ITEMS])
