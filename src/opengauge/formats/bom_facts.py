"""The facts a BOM states, gathered once from an AuditReport; both BOM writers render this, nothing more.

Nothing is invented: a fact the report does not hold (task, architecture, metrics, a dataset's licence)
stays ``None`` or empty and the writers omit it. Model-card facts come from ``ArtifactFacts.details`` of
model cards, configs, manifests and evaluation results under these keys (the inventory's contract with the
BOM writers):

``pipeline_tag`` / ``task``; ``architecture_family`` / ``model_type``; ``model_architecture`` /
``architectures``; ``learning_approach``; ``base_model`` (comma-separated); ``input_format``;
``output_format``; ``intended_users``; ``intended_use`` / ``use_case``; ``limitation`` / ``limitations``;
``ethical_risk``; ``version``; ``release_date``; ``metric:<type>`` or ``metric:<type>@<slice>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import quote

from opengauge.errors import OpenGaugeError
from opengauge.formats.bom_licences import BomLicence, bom_licence
from opengauge.record import (
    ArtifactFacts,
    ArtifactKind,
    AuditReport,
    ComponentId,
    ComponentResult,
    ComponentStatus,
    EvidenceLevel,
    IdentifiedBy,
    Licence,
    LinkKind,
    SourceInfo,
    SourceKind,
)
from opengauge.sources.locations import parse_location

HUB = "https://huggingface.co"
_HUB_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]*/[A-Za-z0-9][A-Za-z0-9._\-]*$")
_HUB_URL = re.compile(r"^https?://(?:www\.)?huggingface\.co/(datasets/|spaces/)?([^/?#]+/[^/?#]+)")
_URL = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.IGNORECASE)
LEARNING_APPROACHES = (
    "supervised",
    "unsupervised",
    "reinforcement-learning",
    "semi-supervised",
    "self-supervised",
)
_FACT_KINDS = (ArtifactKind.MODEL_CARD, ArtifactKind.CONFIG, ArtifactKind.EVAL_RESULTS, ArtifactKind.MANIFEST)


@dataclass(frozen=True, slots=True)
class ExternalRef:
    """A URL about the model, typed with CycloneDX's vocabulary (model-card, documentation, vcs, ...)."""

    kind: str
    url: str


@dataclass(frozen=True, slots=True)
class Metric:
    """One reported evaluation result, as written."""

    type: str
    value: str
    slice: str | None = None


@dataclass(frozen=True, slots=True)
class BaseModel:
    """A model this one derives from (card ``base_model``)."""

    key: str  # stable local id (bom-ref / spdxId suffix)
    name: str
    hub_id: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class DatasetFact:
    """One dataset the model was trained or evaluated on."""

    key: str  # stable local id (bom-ref / spdxId suffix)
    name: str
    purpose: str  # "training" or "evaluation"
    url: str | None
    hub_id: str | None
    in_release: bool
    licence: BomLicence | None  # None: the report attaches no licence to it


@dataclass(frozen=True, slots=True)
class FileFact:
    """One weights file with its digest when known."""

    key: str
    path: str  # source-relative POSIX path
    source_id: str
    size: int
    sha256: str | None
    format: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class ModelFacts:
    """Everything the BOM says about the model itself."""

    name: str
    version: str | None
    hub_id: str | None
    revision: str | None
    download_url: str | None
    supplier: str | None  # Hub namespace when the source is a Hub repo
    licence: BomLicence | None
    task: str | None
    architecture_family: str | None
    model_architecture: str | None
    approach: str | None
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    metrics: tuple[Metric, ...]
    users: tuple[str, ...]
    use_cases: tuple[str, ...]
    limitations: tuple[str, ...]
    ethical_risks: tuple[str, ...]
    release_date: str | None
    references: tuple[ExternalRef, ...]
    base_models: tuple[BaseModel, ...]


@dataclass(frozen=True, slots=True)
class BomFacts:
    """The model, its datasets and its weights files, plus the report's identity."""

    model: ModelFacts
    datasets: tuple[DatasetFact, ...]
    files: tuple[FileFact, ...]
    tool_version: str
    created: str
    newest_mtime: float | None


def slug(text: str) -> str:
    """A bom-ref / IRI-safe local id (not unique: see ``LocalIds``)."""
    return re.sub(r"[^A-Za-z0-9._\-]+", "-", text).strip("-") or "x"


class LocalIds:
    """Local ids (bom-refs, spdxId suffixes) for names, unique within one document: the same name always gets
    the same id, and different names that slug alike ("a b" and "a-b", or two made of punctuation only) get
    ``-2``, ``-3``, ... instead of one id for two elements, which both BOM formats reject."""

    def __init__(self) -> None:
        self._by_name: dict[tuple[str, str], str] = {}
        self._used: set[str] = set()

    def id(self, prefix: str, name: str) -> str:
        found = self._by_name.get((prefix, name))
        if found is None:
            base = f"{prefix}-{slug(name)}"
            found, n = base, 1
            while found in self._used:
                n += 1
                found = f"{base}-{n}"
            self._used.add(found)
            self._by_name[(prefix, name)] = found
        return found


def hub_id_of(text: str) -> str | None:
    """``org/name`` from a Hub id or a huggingface.co URL (models or datasets), else None."""
    match = _HUB_URL.match(text)
    if match:
        return match.group(2)
    return text if _HUB_ID.match(text) else None


def is_url(text: str) -> bool:
    return bool(_URL.match(text))


@dataclass(frozen=True, slots=True)
class HubRepo:
    """A Hub source's repository: ``model`` or ``dataset``, ``org/name`` and the revision asked for."""

    repo_type: str
    repo_id: str
    revision: str | None

    @property
    def url(self) -> str:
        return f"{HUB}/datasets/{self.repo_id}" if self.repo_type == "dataset" else f"{HUB}/{self.repo_id}"


def hub_repo(src: SourceInfo) -> HubRepo | None:
    """The Hub repository of a HUB source (``hf:``, ``hf-dataset:``, URL or bare ``org/name``), else None."""
    if src.kind is not SourceKind.HUB:
        return None
    try:
        loc = parse_location(src.location)
    except OpenGaugeError:
        loc = None
    if loc is not None and loc.is_hub and loc.repo_id:
        return HubRepo(loc.repo_type, loc.repo_id, loc.revision)
    bare = hub_id_of(src.location)
    return HubRepo("model", bare, None) if bare else None


def _hub_source(report: AuditReport) -> tuple[SourceInfo, HubRepo] | None:
    for src in report.release.sources:
        repo = hub_repo(src)
        if repo is not None and repo.repo_type == "model":
            return src, repo
    return None


def _file_url(report: AuditReport, source_id: str, path: str) -> str | None:
    for src in report.release.sources:
        if src.id != source_id:
            continue
        if (repo := hub_repo(src)) is not None:
            return f"{repo.url}/blob/{src.revision or repo.revision or 'main'}/{quote(path)}"
        if src.kind is SourceKind.GIT and is_url(src.location) and "github.com" in src.location:
            base = src.location.removesuffix(".git").rstrip("/")
            return f"{base}/blob/{src.revision or 'HEAD'}/{quote(path)}"
    return None


def _location_url(report: AuditReport, location: str | None) -> str | None:
    if not location:
        return None
    if is_url(location):
        return location
    source_id, sep, rest = location.partition(":")
    if not sep:
        return None
    path = rest.rsplit(":", 1)[0] if rest.rsplit(":", 1)[-1].isdigit() else rest
    return _file_url(report, source_id, path)


_DECLARED_BY = (IdentifiedBy.DECLARED_TAG, IdentifiedBy.SPDX_HEADER, IdentifiedBy.MANIFEST)


def licence_of(report: AuditReport, licence: Licence | None) -> BomLicence | None:
    if licence is None:
        return None
    found = bom_licence(licence.expression, licence.name, _location_url(report, licence.location))
    return replace(found, declared=licence.identified_by in _DECLARED_BY)


def _details(report: AuditReport, keys: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for art in report.artifacts:
        if art.kind not in _FACT_KINDS:
            continue
        for key, value in art.details:
            if key in keys and value.strip() and value.strip() not in out:
                out.append(value.strip())
    return out


def _first(report: AuditReport, *keys: str) -> str | None:
    values = _details(report, keys)
    return values[0] if values else None


def _metrics(report: AuditReport) -> tuple[Metric, ...]:
    out: list[Metric] = []
    for art in report.artifacts:
        if art.kind not in _FACT_KINDS:
            continue
        for key, value in art.details:
            if not key.startswith("metric:") or not value.strip():
                continue
            name, _, part = key.removeprefix("metric:").partition("@")
            metric = Metric(name.strip(), value.strip(), part.strip() or None)
            if metric.type and metric not in out:
                out.append(metric)
    return tuple(out)


def _component(report: AuditReport, cid: ComponentId) -> ComponentResult | None:
    try:
        return report.component(cid.value)
    except KeyError:
        return None


def _model_licence(report: AuditReport) -> BomLicence | None:
    weights = _component(report, ComponentId.MODEL_PARAMETERS_FINAL)
    if weights is not None and weights.licence is not None:
        return licence_of(report, weights.licence)
    distinct = {lic.expression: lic for lic in report.licences}
    if len(distinct) == 1:
        return licence_of(report, next(iter(distinct.values())))
    return None


def _base_models(report: AuditReport, ids: LocalIds) -> tuple[BaseModel, ...]:
    names: list[str] = []
    for value in _details(report, ("base_model",)):
        names.extend(part.strip() for part in value.split(",") if part.strip())
    out: list[BaseModel] = []
    for name in dict.fromkeys(names):
        hub = hub_id_of(name)
        shown = hub or name
        url = f"{HUB}/{hub}" if hub else (name if is_url(name) else None)
        out.append(BaseModel(ids.id("base-model", shown), shown, hub, url))
    return tuple(out)


_LINK_REF_KIND = {
    LinkKind.GITHUB: "vcs",
    LinkKind.ARXIV: "documentation",
    LinkKind.OPENREVIEW: "documentation",
    LinkKind.ACL: "documentation",
    LinkKind.DOI: "documentation",
    LinkKind.ZENODO: "distribution",
}
_DOC_COMPONENTS = (ComponentId.TECHNICAL_REPORT, ComponentId.RESEARCH_PAPER)


def _references(report: AuditReport, hub: HubRepo | None) -> tuple[ExternalRef, ...]:
    refs: list[ExternalRef] = []
    if hub is not None:
        refs.append(ExternalRef("distribution", hub.url))
    for src in report.release.sources:
        if src.kind is SourceKind.GIT and is_url(src.location):
            refs.append(ExternalRef("vcs", src.location))
    for art in report.artifacts:
        if art.kind is ArtifactKind.MODEL_CARD and (url := _file_url(report, art.source_id, art.path)):
            refs.append(ExternalRef("model-card", url))
    for cid in _DOC_COMPONENTS:
        comp = _component(report, cid)
        for ev in comp.evidence if comp is not None else ():
            if (url := _location_url(report, ev.location)) is not None:
                refs.append(ExternalRef("documentation", url))
    for link in report.links:
        if link.kind in _LINK_REF_KIND:
            refs.append(ExternalRef(_LINK_REF_KIND[link.kind], link.url))
    return tuple(dict.fromkeys(refs))


def _model(report: AuditReport, ids: LocalIds) -> ModelFacts:
    found = _hub_source(report)
    hub: HubRepo | None = None
    revision = _first_revision(report)
    if found is not None:
        hub = found[1]
        revision = found[0].revision or hub.revision
    hub_id = hub.repo_id if hub is not None else None
    approach = _first(report, "learning_approach")
    return ModelFacts(
        name=report.release.name,
        version=_first(report, "version"),
        hub_id=hub_id,
        revision=revision,
        download_url=f"{HUB}/{hub_id}" if hub_id else _first_url_source(report),
        supplier=hub_id.split("/", 1)[0] if hub_id else None,
        licence=_model_licence(report),
        task=_first(report, "pipeline_tag", "task"),
        architecture_family=_first(report, "architecture_family", "model_type"),
        model_architecture=_first(report, "model_architecture", "architectures"),
        approach=approach if approach in LEARNING_APPROACHES else None,
        inputs=tuple(_details(report, ("input_format",))),
        outputs=tuple(_details(report, ("output_format",))),
        metrics=_metrics(report),
        users=tuple(_details(report, ("intended_users",))),
        use_cases=tuple(_details(report, ("intended_use", "use_case"))),
        limitations=tuple(_details(report, ("limitation", "limitations"))),
        ethical_risks=tuple(_details(report, ("ethical_risk",))),
        release_date=_first(report, "release_date"),
        references=_references(report, hub),
        base_models=_base_models(report, ids),
    )


def _first_revision(report: AuditReport) -> str | None:
    return next((s.revision for s in report.release.sources if s.revision), None)


def _first_url_source(report: AuditReport) -> str | None:
    return next((s.location for s in report.release.sources if is_url(s.location)), None)


def _dataset_from(
    report: AuditReport, location: str, excerpt: str | None, level: EvidenceLevel
) -> tuple[str, str | None, str | None, bool]:
    """(name, url, hub id, in_release) for one piece of dataset evidence."""
    if is_url(location):
        hub = hub_id_of(location) if "/datasets/" in location else None
        return hub or location, location, hub, False
    if level is EvidenceLevel.VERIFIED:
        path = location.partition(":")[2] or location
        return path, _location_url(report, location), None, True
    declared = (excerpt or "").strip()
    hub = hub_id_of(declared) if declared else None
    if hub:
        return hub, f"{HUB}/datasets/{hub}", hub, False
    return declared or location, None, None, False


def _datasets(report: AuditReport, ids: LocalIds) -> tuple[DatasetFact, ...]:
    found: dict[str, DatasetFact] = {}  # by name
    for cid, purpose in ((ComponentId.DATASETS, "training"), (ComponentId.EVALUATION_DATA, "evaluation")):
        comp = _component(report, cid)
        if comp is None or comp.status in (ComponentStatus.ABSENT, ComponentStatus.UNKNOWN):
            continue
        for ev in comp.evidence:
            if ev.extractor == "manifest":
                continue  # a manifest's claim names no dataset of its own; the files and links do
            name, url, hub, local = _dataset_from(report, ev.location, ev.excerpt, ev.level)
            lic = licence_of(report, comp.licence) if local else None
            if name not in found:
                found[name] = DatasetFact(ids.id("dataset", name), name, purpose, url, hub, local, lic)
    for link in report.links:
        hub = hub_id_of(link.url) if link.kind is LinkKind.HF_DATASET else None
        if hub and hub not in found:
            found[hub] = DatasetFact(ids.id("dataset", hub), hub, "training", link.url, hub, False, None)
    return tuple(found.values())


def _sha(report: AuditReport, art: ArtifactFacts) -> str | None:
    if art.sha256:
        return art.sha256
    for raw in report.release.artifacts:
        if raw.source_id == art.source_id and raw.path == art.path:
            return raw.sha256 or raw.lfs_oid
    return None


def _files(report: AuditReport, ids: LocalIds) -> tuple[FileFact, ...]:
    out: list[FileFact] = []
    for art in report.artifacts:
        if art.kind is not ArtifactKind.WEIGHTS:
            continue
        key = ids.id("file", f"{art.source_id}-{art.path}")
        url = _file_url(report, art.source_id, art.path)
        out.append(FileFact(key, art.path, art.source_id, art.size, _sha(report, art), art.format, url))
    return tuple(out)


def gather(report: AuditReport) -> BomFacts:
    """All BOM facts of ``report``."""
    mtimes = [a.mtime for a in report.release.artifacts if a.mtime is not None]
    ids = LocalIds()
    return BomFacts(
        model=_model(report, ids),
        datasets=_datasets(report, ids),
        files=_files(report, ids),
        tool_version=report.tool_version,
        created=report.created,
        newest_mtime=max(mtimes) if mtimes else None,
    )
