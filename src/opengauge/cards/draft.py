"""Render card drafts from the package's own Jinja2 templates (``opengauge/data/templates``), in a sandbox,
with autoescape off and only plain values (strings, lists and dicts of strings) in the context."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from opengauge.cards.facts import TODO, CardFacts, ComponentFacts, card_facts, hf_licence
from opengauge.errors import UsageError
from opengauge.licenses.custom import CUSTOM_RESTRICTIVE_ID as UNIDENTIFIED_PREFIX
from opengauge.record import AuditReport, ComponentId

KINDS = ("model", "data")
_TEMPLATES = {"model": "model_card.md.j2", "data": "data_card.md.j2"}


@cache
def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=False, undefined=StrictUndefined, keep_trailing_newline=True)


def _template_text(name: str) -> str:
    return resources.files("opengauge.data").joinpath(f"templates/{name}").read_text("utf-8")


def cite(comp: ComponentFacts) -> str:
    """``file`` list with its licence, as Markdown; empty when the release does not show the component."""
    if not comp.found:
        return ""
    where = ", ".join(f"`{loc}`" if "://" not in loc else f"<{loc}>" for loc in comp.locations)
    licence = f" (licence: {comp.licence})" if comp.licence else " (licence: TODO, not identified)"
    return where + licence


def _cited(facts: CardFacts) -> dict[str, str]:
    return {cid.slug.replace("-", "_"): cite(facts.components[cid.value]) for cid in ComponentId}


def _licences(facts: CardFacts) -> list[str]:
    lines = []
    for cid in ComponentId:
        comp = facts.components[cid.value]
        if comp.found and comp.licence:
            lines.append(f"{cid.value}: {comp.licence}")
    return lines


def _front_matter(data: dict[str, object]) -> str:
    text: str = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=110)
    return text


def _model_front_matter(facts: CardFacts) -> str:
    weights = facts.components[ComponentId.MODEL_PARAMETERS_FINAL.value]
    declared = facts.metadata.get("license", ())
    identified = weights.licence and not weights.licence.startswith(UNIDENTIFIED_PREFIX)
    if identified or not declared:
        tag, name = hf_licence(weights.licence)
    else:  # the weights' licence was not identified by name: keep what the card already declares
        tag, name = declared[0], ",".join(facts.metadata.get("license_name", ()))
    data: dict[str, object] = {"license": tag}
    if name:
        data["license_name"] = name
    for key in ("base_model", "datasets", "language", "tags"):
        if facts.metadata.get(key):
            data[key] = list(facts.metadata[key])
    for key in ("pipeline_tag", "library_name"):
        data[key] = facts.metadata.get(key, (TODO,))[0]
    return _front_matter(data)


def _data_front_matter(facts: CardFacts) -> str:
    data = facts.components[ComponentId.DATASETS.value]
    tag, name = hf_licence(data.licence)
    out: dict[str, object] = {"pretty_name": TODO, "license": tag}
    if name:
        out["license_name"] = name
    out["task_categories"] = [TODO]
    out["size_categories"] = [TODO]
    return _front_matter(out)


def _context(facts: CardFacts, kind: str) -> dict[str, object]:
    front = _model_front_matter(facts) if kind == "model" else _data_front_matter(facts)
    return {
        "name": facts.name,
        "front_matter": front,
        "c": _cited(facts),
        "licences": _licences(facts),
        "papers": list(facts.papers),
        "repositories": list(facts.repositories),
        "datasets": list(facts.metadata.get("datasets", ())),
        "base_model": list(facts.metadata.get("base_model", ())),
        "data_licence": facts.components[ComponentId.DATASETS.value].licence,
    }


def draft_card(report: AuditReport, kind: str) -> str:
    """A ``model`` or ``data`` card draft in Hugging Face format (YAML front matter and sections)."""
    if kind not in KINDS:
        raise UsageError(f"unknown card kind {kind!r}; use model or data")
    template = _environment().from_string(_template_text(_TEMPLATES[kind]))
    return template.render(_context(card_facts(report), kind))


def draft_model_card(report: AuditReport) -> str:
    """A model card draft: Hugging Face model card sections, pre-filled from the report."""
    return draft_card(report, "model")


def draft_data_card(report: AuditReport) -> str:
    """A data card draft: the seven Datasheets-for-Datasets groups, pre-filled from the report."""
    return draft_card(report, "data")
