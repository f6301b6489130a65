"""SPDX 3.0.1 (JSON-LD) of a release with the AI and Dataset profiles, built with spdx-python-model.

The model is an ``ai_AIPackage``; each dataset a ``dataset_DatasetPackage`` linked by ``trainedOn`` /
``testedOn``; weights files are ``software_File`` elements with SHA-256 (``contains``); base models are
``software_Package`` elements (purpose ``model``) with ``ancestorOf`` to the model. Licences are
``simplelicensing_LicenseExpression`` elements (non-SPDX licences as ``LicenseRef-`` with their URL in
``customIdToUri``) or the ``NoAssertionLicense`` individual, linked by ``hasDeclaredLicense`` and
``hasConcludedLicense``.

The profiles' required fields that neither the JSON schema nor SHACL enforce are always written and checked by
``check_spdx_required``. Where the report has no value for one, the SPDX "no assertion" forms are used
(``NOASSERTION``, ``NoAssertionElement``, dataset type ``noAssertion``); the two times (``releaseTime``,
``builtTime``) have no such form, so the best time the report holds is written and the element's ``comment``
says where it comes from.
"""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import ClassVar, TypeVar, cast

from spdx_python_model import v3_0_1 as spdx

from opengauge.errors import OpenGaugeError
from opengauge.formats.bom_facts import BomFacts, DatasetFact, ExternalRef, FileFact, LocalIds, gather, slug
from opengauge.formats.bom_json import Json, load_object, objs, text
from opengauge.formats.bom_licences import BomLicence, LicenceForm
from opengauge.formats.bom_summary import BomEntry, BomSummary
from opengauge.formats.interface import RenderOptions
from opengauge.record import AuditReport

SPEC_VERSION = "3.0.1"
NOASSERTION = "NOASSERTION"
NO_ASSERTION_ELEMENT = "https://spdx.org/rdf/3.0.1/terms/Core/NoAssertionElement"
NO_ASSERTION_LICENSE = "expandedlicensing_NoAssertionLicense"
NONE_LICENSE = "expandedlicensing_NoneLicense"
E = TypeVar("E", bound=spdx.Element)
_DOC_NS = uuid.UUID("0c8f2f55-58c8-4a43-9a0e-3c1f39d1a6a7")

#: Fields the AI and Dataset profiles require but neither schema.json nor the SHACL model enforce.
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "ai_AIPackage": (
        "releaseTime",
        "suppliedBy",
        "software_downloadLocation",
        "software_packageVersion",
        "software_primaryPurpose",
    ),
    "dataset_DatasetPackage": (
        "builtTime",
        "originatedBy",
        "releaseTime",
        "software_downloadLocation",
        "software_primaryPurpose",
        "dataset_datasetType",
    ),
}
_REF_TYPES = {
    "vcs": "vcs",
    "documentation": "documentation",
    "model-card": "documentation",
    "distribution": "altDownloadLocation",
}


class SpdxBuildError(OpenGaugeError):
    """A document we generated misses a field we promise: a bug of ours, reported rather than written."""


def _usable(stamp: datetime) -> datetime | None:
    """A UTC time SPDX can write (four-digit years only), or None."""
    try:
        stamp = (stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)).astimezone(UTC).replace(microsecond=0)
    except (ValueError, OverflowError):
        return None
    return stamp if 1000 <= stamp.year <= 9999 else None


def _spdx_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        stamp = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return _usable(stamp)


def _file_time(mtime: float | None) -> datetime | None:
    if mtime is None:
        return None
    try:
        return _usable(datetime.fromtimestamp(int(mtime), tz=UTC))
    except (ValueError, OverflowError, OSError):
        return None


@dataclass(slots=True)
class _Builder:
    """Collects the elements of one document."""

    facts: BomFacts
    base: str
    created: datetime
    info: spdx.CreationInfo = field(init=False)
    elements: list[spdx.Element] = field(default_factory=list)
    ids: LocalIds = field(default_factory=LocalIds)  # for names (organisations, licences) that may slug alike
    _count: int = 0

    def __post_init__(self) -> None:
        self.info = spdx.CreationInfo(specVersion=SPEC_VERSION, created=self.created)
        agent = self.add(
            spdx.SoftwareAgent(spdxId=self.iri("agent-opengauge"), name="opengauge", creationInfo=self.info)
        )
        tool = self.add(
            spdx.Tool(
                spdxId=self.iri("tool-opengauge"),
                name=f"opengauge {self.facts.tool_version}",
                creationInfo=self.info,
            )
        )
        self.info.createdBy.append(agent)
        self.info.createdUsing.append(tool)

    def iri(self, local: str) -> str:
        return f"{self.base}{slug(local)}"

    def add(self, element: E) -> E:
        self.elements.append(element)
        return element

    def relate(self, source: spdx.Element, kind: str, targets: Iterable[spdx.Element | str]) -> None:
        to = list(targets)
        if not to:
            return
        self._count += 1
        rel = spdx.Relationship(
            spdxId=self.iri(f"rel-{self._count}"),
            creationInfo=self.info,
            from_=source,
            relationshipType=getattr(spdx.RelationshipType, kind),
            to=to,
        )
        self.add(rel)

    def agent(self, name: str | None) -> spdx.Agent | str:
        if not name:
            return NO_ASSERTION_ELEMENT
        iri = self.iri(self.ids.id("org", name))
        for el in self.elements:
            if el.spdxId == iri and isinstance(el, spdx.Agent):
                return el
        return self.add(spdx.Organization(spdxId=iri, name=name, creationInfo=self.info))

    def licence(self, lic: BomLicence | None) -> spdx.Element | str:
        if lic is None or lic.form is LicenceForm.NOASSERTION:
            return NO_ASSERTION_LICENSE
        if lic.form is LicenceForm.NONE:
            return NONE_LICENSE
        iri = self.iri(self.ids.id("licence", lic.expression))
        for el in self.elements:
            if el.spdxId == iri:
                return el
        expr = spdx.simplelicensing_LicenseExpression(
            spdxId=iri, creationInfo=self.info, simplelicensing_licenseExpression=lic.expression
        )
        if lic.url:
            for ref in lic.refs:
                expr.simplelicensing_customIdToUri.append(spdx.DictionaryEntry(key=ref, value=lic.url))
        return self.add(expr)

    def licences(self, element: spdx.Element, lic: BomLicence | None) -> None:
        target = self.licence(lic)
        self.relate(
            element,
            "hasDeclaredLicense",
            [target if lic is not None and lic.declared else NO_ASSERTION_LICENSE],
        )
        self.relate(element, "hasConcludedLicense", [target])

    def ext_refs(self, element: spdx.Element, refs: Iterable[ExternalRef]) -> None:
        for ref in refs:
            kind = getattr(spdx.ExternalRefType, _REF_TYPES.get(ref.kind, "other"))
            element.externalRef.append(spdx.ExternalRef(externalRefType=kind, locator=[ref.url]))


def _release_time(facts: BomFacts) -> tuple[datetime, str | None]:
    stated = _spdx_time(facts.model.release_date)
    if stated is not None:
        return stated, None
    stamp = _file_time(facts.newest_mtime)
    if stamp is not None:
        return (
            stamp,
            "releaseTime: not stated by the release; the newest file modification time seen is written.",
        )
    audit = _spdx_time(facts.created) or datetime(1970, 1, 1, tzinfo=UTC)
    return audit, "releaseTime: not stated by the release; the audit time is written."


def _purl(hub_id: str | None, revision: str | None) -> str | None:
    if not hub_id:
        return None
    version = f"@{revision.lower()}" if revision else ""
    return f"pkg:huggingface/{hub_id}{version}"


def _model(b: _Builder) -> spdx.ai_AIPackage:
    m = b.facts.model
    released, note = _release_time(b.facts)
    pkg = spdx.ai_AIPackage(
        spdxId=b.iri("model"),
        name=m.name,
        creationInfo=b.info,
        software_primaryPurpose=spdx.software_SoftwarePurpose.model,
        software_packageVersion=m.version or m.revision or NOASSERTION,
        software_downloadLocation=m.download_url or NOASSERTION,
        releaseTime=released,
        suppliedBy=b.agent(m.supplier),
    )
    if note:
        pkg.comment = note
    if (purl := _purl(m.hub_id, m.revision)) is not None:
        pkg.software_packageUrl = purl
    for value in (m.architecture_family, m.model_architecture):
        if value:
            pkg.ai_typeOfModel.append(value)
    if m.task:
        pkg.ai_domain.append(m.task)
    if m.use_cases:
        pkg.ai_informationAboutApplication = "; ".join(m.use_cases)
    if m.limitations:
        pkg.ai_limitation = "; ".join(m.limitations)
    if m.approach:
        pkg.ai_informationAboutTraining = f"learning approach: {m.approach}"
    for metric in m.metrics:
        key = f"{metric.type}@{metric.slice}" if metric.slice else metric.type
        pkg.ai_metric.append(spdx.DictionaryEntry(key=key, value=metric.value))
    b.ext_refs(pkg, m.references)
    b.add(pkg)
    b.licences(pkg, m.licence)
    return pkg


def _dataset(b: _Builder, ds: DatasetFact) -> spdx.dataset_DatasetPackage:
    stamp = _spdx_time(b.facts.created) or datetime(1970, 1, 1, tzinfo=UTC)
    pkg = spdx.dataset_DatasetPackage(
        spdxId=b.iri(ds.key),
        name=ds.name,
        creationInfo=b.info,
        software_primaryPurpose=spdx.software_SoftwarePurpose.data,
        software_packageVersion=NOASSERTION,
        software_downloadLocation=ds.url or NOASSERTION,
        builtTime=stamp,
        releaseTime=stamp,
        comment="builtTime, releaseTime: not known to the audit; the audit time is written.",
    )
    pkg.originatedBy.append(b.agent(ds.hub_id.split("/", 1)[0] if ds.hub_id else None))
    pkg.dataset_datasetType.append(spdx.dataset_DatasetType.noAssertion)
    pkg.dataset_intendedUse = f"{ds.purpose} data of the model"
    b.add(pkg)
    b.licences(pkg, ds.licence)
    return pkg


def _file(b: _Builder, ff: FileFact) -> spdx.software_File:
    el = spdx.software_File(spdxId=b.iri(ff.key), name=ff.path, creationInfo=b.info)
    el.software_primaryPurpose = spdx.software_SoftwarePurpose.model
    if ff.sha256:
        el.verifiedUsing.append(spdx.Hash(algorithm=spdx.HashAlgorithm.sha256, hashValue=ff.sha256))
    if ff.url:
        el.externalRef.append(
            spdx.ExternalRef(externalRefType=spdx.ExternalRefType.altDownloadLocation, locator=[ff.url])
        )
    return b.add(el)


def _base_models(b: _Builder, model: spdx.ai_AIPackage) -> None:
    for base in b.facts.model.base_models:
        pkg = spdx.software_Package(
            spdxId=b.iri(base.key),
            name=base.name,
            creationInfo=b.info,
            software_primaryPurpose=spdx.software_SoftwarePurpose.model,
        )
        if base.url:
            pkg.software_downloadLocation = base.url
        if (purl := _purl(base.hub_id, None)) is not None:
            pkg.software_packageUrl = purl
        b.add(pkg)
        b.relate(pkg, "ancestorOf", [model])


def _document(facts: BomFacts, reproducible: bool) -> spdx.SHACLObjectSet:
    doc_id = uuid.uuid5(_DOC_NS, f"{facts.model.name}\n{facts.created}") if reproducible else uuid.uuid4()
    created = (_spdx_time(facts.created) if reproducible else None) or datetime.now(tz=UTC).replace(microsecond=0)
    b = _Builder(facts, f"urn:uuid:{doc_id}#", created)
    model = _model(b)
    trained = [_dataset(b, ds) for ds in facts.datasets if ds.purpose == "training"]
    tested = [_dataset(b, ds) for ds in facts.datasets if ds.purpose != "training"]
    b.relate(model, "trainedOn", trained)
    b.relate(model, "testedOn", tested)
    b.relate(model, "contains", [_file(b, ff) for ff in facts.files])
    _base_models(b, model)
    document = spdx.SpdxDocument(
        spdxId=b.iri("document"),
        name=f"AI BOM of {facts.model.name}",
        creationInfo=b.info,
        profileConformance=[
            spdx.ProfileIdentifierType.core,
            spdx.ProfileIdentifierType.software,
            spdx.ProfileIdentifierType.simpleLicensing,
            spdx.ProfileIdentifierType.ai,
            spdx.ProfileIdentifierType.dataset,
        ],
    )
    document.rootElement.append(model)
    document.element.extend(b.elements)
    objects = spdx.SHACLObjectSet()
    objects.add(document)
    for el in b.elements:
        objects.add(el)
    return objects


def check_spdx_required(doc: Json) -> list[str]:
    """Problems with what SPDX 3.0.1 requires beyond schema and SHACL: the AI / Dataset profile fields,
    unique ``spdxId``s, and relationships whose ends exist. Empty: all present."""
    graph = objs(doc.get("@graph"))
    problems: list[str] = []
    ids: set[str] = set()
    for node in graph:
        sid = node.get("spdxId")
        if isinstance(sid, str):
            if sid in ids:
                problems.append(f"duplicate spdxId {sid}")
            ids.add(sid)
    for node in graph:
        kind = str(node.get("type"))
        for name in REQUIRED_FIELDS.get(kind, ()):
            if node.get(name) in (None, "", []):
                problems.append(f"{kind} {node.get('spdxId')}: missing {name}")
    known = ids | {NO_ASSERTION_ELEMENT, NO_ASSERTION_LICENSE, NONE_LICENSE}
    for node in graph:
        if node.get("type") != "Relationship":
            continue
        to = node.get("to")
        ends = [node.get("from"), *(to if isinstance(to, list) else [to])]
        problems += [f"relationship {node.get('spdxId')}: unknown element {end}" for end in ends if end not in known]
    if not any(node.get("type") == "SpdxDocument" for node in graph):
        problems.append("no SpdxDocument")
    return problems


def render_spdx3(report: AuditReport, *, reproducible: bool = False) -> str:
    """The SPDX 3.0.1 JSON-LD of ``report``; ``reproducible`` derives ids and times from the report."""
    objects = _document(gather(report), reproducible)
    buf = io.BytesIO()
    spdx.JSONLDSerializer().write(objects, buf, indent=2)
    text = buf.getvalue().decode("utf-8")
    problems = check_spdx_required(cast(Json, json.loads(text)))
    if problems:
        raise SpdxBuildError(f"generated SPDX 3.0.1 misses required content: {problems[0]}")
    return text if text.endswith("\n") else text + "\n"


class Spdx3Formatter:
    """SPDX 3.0.1 JSON-LD (AI + Dataset profiles) of an audit report."""

    name: ClassVar[str] = "spdx3"
    media_type: ClassVar[str] = "application/spdx+json"
    suffix: ClassVar[str] = ".spdx3.json"

    def __init__(self, reproducible: bool = False) -> None:
        self.reproducible = reproducible

    def render(self, report: AuditReport, options: RenderOptions) -> str:
        return render_spdx3(report, reproducible=self.reproducible)


# -- reading our own documents back ------------------------------------------------------------


def _concluded(graph: list[Json], by_id: dict[str, Json]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for node in graph:
        if node.get("type") != "Relationship" or node.get("relationshipType") != "hasConcludedLicense":
            continue
        to = node.get("to")
        first = to[0] if isinstance(to, list) and to else None
        target = by_id.get(first) if isinstance(first, str) else None
        out[str(node.get("from"))] = text(target.get("simplelicensing_licenseExpression")) if target else None
    return out


def _sha256(node: Json) -> str | None:
    for h in objs(node.get("verifiedUsing")):
        if h.get("algorithm") == "sha256":
            return text(h.get("hashValue"))
    return None


def read_back(text_: str) -> BomSummary:
    """The packages, files and licences an SPDX 3 document of ours states (plain JSON, no library).

    Raises ``InputFormatError`` when ``text_`` is not a JSON object; parts of the wrong shape are skipped."""
    graph = objs(load_object(text_, "SPDX 3").get("@graph"))
    by_id = {sid: n for n in graph if (sid := text(n.get("spdxId"))) is not None}
    concluded = _concluded(graph, by_id)
    entries: list[BomEntry] = []
    for sid, node in by_id.items():
        kind, name = node.get("type"), text(node.get("name")) or ""
        if kind == "ai_AIPackage":
            entries.append(BomEntry("model", name, concluded.get(sid)))
        elif kind == "dataset_DatasetPackage":
            entries.append(BomEntry("dataset", name, concluded.get(sid)))
        elif kind == "software_File":
            entries.append(BomEntry("file", name, None, _sha256(node)))
        elif kind == "software_Package" and node.get("software_primaryPurpose") == "model":
            entries.append(BomEntry("base-model", name))
    return BomSummary.of(entries)
