"""CycloneDX 1.6 / 1.7 ML-BOM of a release, built with cyclonedx-python-lib and validated strictly offline.

The model is ``metadata.component`` (type ``machine-learning-model``) with ``pkg:huggingface`` purl,
base-model pedigree and external references; every dataset is a ``data`` component and every weights file a
``file`` component with its SHA-256. The library has no model card: ``bom_modelcard`` builds it (and the
``data`` lists), they are spliced into the library's JSON by bom-ref, and the result is re-validated with the
library's strict JSON validator for the chosen version. A BOM that fails validation is never returned.
"""

from __future__ import annotations

import json
import uuid
import warnings
from datetime import UTC, datetime
from functools import cache
from typing import ClassVar, cast

from cyclonedx.model import ExternalReference, ExternalReferenceType, HashAlgorithm, HashType, Property, XsUri
from cyclonedx.model.bom import Bom, BomMetaData
from cyclonedx.model.component import Component, ComponentType, Pedigree
from cyclonedx.model.license import DisjunctiveLicense, License, LicenseExpression
from cyclonedx.model.tool import ToolRepository
from cyclonedx.output.json import Json as JsonOutput
from cyclonedx.output.json import JsonV1Dot6, JsonV1Dot7
from cyclonedx.schema import SchemaVersion
from cyclonedx.schema._res import SPDX_JSON
from cyclonedx.validation.json import JsonStrictValidator
from packageurl import PackageURL

from opengauge.errors import OpenGaugeError, UsageError
from opengauge.formats.bom_facts import BomFacts, DatasetFact, ExternalRef, FileFact, ModelFacts, gather
from opengauge.formats.bom_json import Json, load_object, obj, objs, text
from opengauge.formats.bom_licences import BomLicence, LicenceForm
from opengauge.formats.bom_modelcard import (
    ComponentData,
    Considerations,
    ModelCard,
    ModelParameters,
    PerformanceMetric,
    Risk,
)
from opengauge.formats.bom_summary import BomEntry, BomSummary
from opengauge.formats.interface import RenderOptions
from opengauge.record import AuditReport

SPEC_VERSIONS: dict[str, SchemaVersion] = {"1.6": SchemaVersion.V1_6, "1.7": SchemaVersion.V1_7}
_OUTPUTTERS: dict[str, type[JsonOutput]] = {"1.6": JsonV1Dot6, "1.7": JsonV1Dot7}
EXPRESSION_PROPERTY = "opengauge:spdx-expression"
MODEL_REF = "model"
_SERIAL_NS = uuid.UUID("6f1c3a52-2a8e-4d0f-9c7e-0b4b9f3b8d11")


class BomValidationError(OpenGaugeError):
    """A BOM we generated does not validate: a bug of ours, reported rather than written."""


@cache
def _cdx_spdx_ids() -> frozenset[str]:
    with open(SPDX_JSON, encoding="utf-8") as fh:
        return frozenset(json.load(fh).get("enum", ()))


def _licences(lic: BomLicence | None) -> list[License]:
    if lic is None or lic.form in (LicenceForm.NOASSERTION, LicenceForm.NONE):
        return []
    if lic.form is LicenceForm.SPDX_ID and lic.expression in _cdx_spdx_ids():
        return [DisjunctiveLicense(id=lic.expression, url=XsUri(lic.url) if lic.url else None)]
    if lic.form in (LicenceForm.SPDX_ID, LicenceForm.SPDX_EXPRESSION):
        return [LicenseExpression(lic.expression)]
    prop = Property(name=EXPRESSION_PROPERTY, value=lic.expression)
    return [DisjunctiveLicense(name=lic.name, url=XsUri(lic.url) if lic.url else None, properties=[prop])]


def _ext_refs(refs: tuple[ExternalRef, ...]) -> list[ExternalReference]:
    return [ExternalReference(type=ExternalReferenceType(r.kind), url=XsUri(r.url)) for r in refs]


def _hub_purl(hub_id: str | None, revision: str | None) -> PackageURL | None:
    if not hub_id:
        return None
    namespace, _, name = hub_id.partition("/")
    return PackageURL(
        type="huggingface", namespace=namespace, name=name, version=revision.lower() if revision else None
    )


def _model_component(model: ModelFacts) -> Component:
    ancestors = [
        Component(
            type=ComponentType.MACHINE_LEARNING_MODEL,
            name=base.name,
            bom_ref=base.key,
            purl=_hub_purl(base.hub_id, None),
            external_references=_ext_refs((ExternalRef("distribution", base.url),) if base.url else ()),
        )
        for base in model.base_models
    ]
    return Component(
        type=ComponentType.MACHINE_LEARNING_MODEL,
        name=model.name,
        bom_ref=MODEL_REF,
        version=model.version or model.revision,
        purl=_hub_purl(model.hub_id, model.revision),
        licenses=_licences(model.licence),
        external_references=_ext_refs(model.references),
        pedigree=Pedigree(ancestors=ancestors) if ancestors else None,
    )


def _dataset_component(ds: DatasetFact) -> Component:
    props = [Property(name="opengauge:dataset-purpose", value=ds.purpose)]
    props.append(Property(name="opengauge:in-release", value=str(ds.in_release).lower()))
    return Component(
        type=ComponentType.DATA,
        name=ds.name,
        bom_ref=ds.key,
        licenses=_licences(ds.licence),
        external_references=_ext_refs((ExternalRef("distribution", ds.url),) if ds.url else ()),
        properties=props,
    )


def _file_component(ff: FileFact) -> Component:
    props = [Property(name="opengauge:size", value=str(ff.size))]
    if ff.format:
        props.append(Property(name="opengauge:format", value=ff.format))
    return Component(
        type=ComponentType.FILE,
        name=ff.path,
        bom_ref=ff.key,
        hashes=[HashType(alg=HashAlgorithm.SHA_256, content=ff.sha256)] if ff.sha256 else [],
        external_references=_ext_refs((ExternalRef("distribution", ff.url),) if ff.url else ()),
        properties=props,
    )


def model_card(facts: BomFacts) -> ModelCard:
    """The model card of the model component, from the facts only."""
    m = facts.model
    return ModelCard(
        bom_ref="model-card",
        parameters=ModelParameters(
            approach=m.approach,
            task=m.task,
            architecture_family=m.architecture_family,
            model_architecture=m.model_architecture,
            dataset_refs=tuple(d.key for d in facts.datasets),
            inputs=m.inputs,
            outputs=m.outputs,
        ),
        metrics=tuple(PerformanceMetric(x.type, x.value, x.slice) for x in m.metrics),
        considerations=Considerations(
            users=m.users,
            use_cases=m.use_cases,
            technical_limitations=m.limitations,
            ethical_considerations=tuple(Risk(r) for r in m.ethical_risks),
        ),
    )


def _timestamp(created: str) -> datetime:
    try:
        stamp = datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError:
        return datetime(1970, 1, 1, tzinfo=UTC)
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def _bom(facts: BomFacts, spec: str, reproducible: bool) -> Bom:
    model = _model_component(facts.model)
    bom = Bom(
        serial_number=uuid.uuid5(_SERIAL_NS, f"{facts.model.name}\n{facts.created}\n{spec}")
        if reproducible
        else uuid.uuid4(),
        metadata=BomMetaData(
            component=model,
            timestamp=_timestamp(facts.created) if reproducible else datetime.now(tz=UTC),
            tools=ToolRepository(
                components=[Component(type=ComponentType.APPLICATION, name="opengauge", version=facts.tool_version)]
            ),
        ),
    )
    for ds in facts.datasets:
        bom.components.add(_dataset_component(ds))
    for ff in facts.files:
        bom.components.add(_file_component(ff))
    bom.register_dependency(model, list(bom.components))
    return bom


def _walk(node: object) -> list[Json]:
    """Every JSON object under ``node`` (depth first)."""
    found: list[Json] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.append(cast(Json, item))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _splice(doc: Json, facts: BomFacts) -> None:
    by_ref = {str(o["bom-ref"]): o for o in _walk(doc) if "bom-ref" in o and "type" in o and "name" in o}
    card = model_card(facts).to_json()
    if MODEL_REF in by_ref and any(key != "bom-ref" for key in card):
        by_ref[MODEL_REF]["modelCard"] = card
    for ds in facts.datasets:
        if ds.key in by_ref:
            by_ref[ds.key]["data"] = [ComponentData("dataset", ds.name, ds.url).to_json()]


@cache
def _validator(spec_version: str) -> JsonStrictValidator:
    return JsonStrictValidator(SPEC_VERSIONS[spec_version])


def validate_cyclonedx(text: str, spec_version: str) -> list[str]:
    """Errors of the library's strict offline JSON validator for ``spec_version`` (empty: valid)."""
    errors = _validator(spec_version).validate_str(text, all_errors=True)
    return [str(e) for e in errors] if errors else []


def render_cyclonedx(report: AuditReport, spec_version: str = "1.6", *, reproducible: bool = False) -> str:
    """The CycloneDX JSON of ``report``.

    ``reproducible`` derives the timestamp and serial number from the report (golden files, tests)."""
    if spec_version not in SPEC_VERSIONS:
        raise UsageError(f"unsupported CycloneDX version {spec_version!r}; choose one of {', '.join(SPEC_VERSIONS)}")
    facts = gather(report)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        raw = _OUTPUTTERS[spec_version](_bom(facts, spec_version, reproducible)).output_as_string()
    doc = cast(Json, json.loads(raw))
    _splice(doc, facts)
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    problems = validate_cyclonedx(text, spec_version)
    if problems:
        raise BomValidationError(f"generated CycloneDX {spec_version} is invalid: {problems[0]}")
    return text


class CycloneDxFormatter:
    """CycloneDX ML-BOM (JSON) of an audit report."""

    name: ClassVar[str] = "cyclonedx"
    media_type: ClassVar[str] = "application/vnd.cyclonedx+json"
    suffix: ClassVar[str] = ".cdx.json"

    def __init__(self, spec_version: str = "1.6", reproducible: bool = False) -> None:
        self.spec_version = spec_version
        self.reproducible = reproducible

    def render(self, report: AuditReport, options: RenderOptions) -> str:
        return render_cyclonedx(report, self.spec_version, reproducible=self.reproducible)


# -- reading our own BOMs back ------------------------------------------------------------


def _licence_of(component: Json) -> str | None:
    parts: list[str] = []
    for choice in objs(component.get("licenses")):
        if (expression := text(choice.get("expression"))) is not None:
            parts.append(expression)
            continue
        lic = obj(choice.get("license"))
        props = {text(p.get("name")): text(p.get("value")) for p in objs(lic.get("properties"))}
        value = props.get(EXPRESSION_PROPERTY) or text(lic.get("id")) or text(lic.get("name"))
        if value is not None:
            parts.append(value)
    return " AND ".join(parts) if parts else None


def _sha_of(component: Json) -> str | None:
    for h in objs(component.get("hashes")):
        if h.get("alg") == "SHA-256":
            return text(h.get("content"))
    return None


_KINDS = {"data": "dataset", "file": "file", "machine-learning-model": "model"}


def read_back(text_: str) -> BomSummary:
    """The components and licences a CycloneDX JSON BOM of ours states (plain JSON, no library).

    Raises ``InputFormatError`` when ``text_`` is not a JSON object; parts of the wrong shape are skipped."""
    doc = load_object(text_, "CycloneDX")
    model = obj(obj(doc.get("metadata")).get("component"))
    entries: list[BomEntry] = []
    if model:
        entries.append(BomEntry("model", text(model.get("name")) or "", _licence_of(model)))
        for base in objs(obj(model.get("pedigree")).get("ancestors")):
            entries.append(BomEntry("base-model", text(base.get("name")) or ""))
    for comp in objs(doc.get("components")):
        kind = _KINDS.get(str(comp.get("type")), str(comp.get("type")))
        lic = _licence_of(comp) if kind != "file" else None
        entries.append(BomEntry(kind, text(comp.get("name")) or "", lic, _sha_of(comp)))
    return BomSummary.of(entries)
