"""The audit pipeline: sources -> inventory -> licences -> components -> rules -> frameworks -> one AuditReport.

Data flows one way. Each stage is a folder with an ``interface.py``; this module only wires them together.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from opengauge import __version__
from opengauge.components.build import DeclaredComponent, build_components
from opengauge.components.licensing import (
    LicenceIndex,
    identify_licence_files,
    release_licence,
    resolve_declarations,
)
from opengauge.components.scope import scoped
from opengauge.context.interface import ReleaseContext, release_context
from opengauge.errors import UsageError
from opengauge.frameworks.catalog import select
from opengauge.frameworks.interface import FrameworkOptions
from opengauge.inventory.catalog import dispatch
from opengauge.inventory.interface import LicenceDeclaration, Reader
from opengauge.inventory.parallel import default_workers, run_inventory_parallel
from opengauge.inventory.run import InventoryItem, run_inventory
from opengauge.licenses.engine import default_engine, load_data
from opengauge.licenses.interface import LicenceEngine
from opengauge.linking.interface import link_evidence
from opengauge.manifest import load_manifests
from opengauge.observer import NullObserver, Observer
from opengauge.record import (
    Artifact,
    AuditReport,
    ComponentResult,
    Evidence,
    EvidenceLevel,
    Finding,
    Licence,
    Link,
    Release,
    Timings,
)
from opengauge.rules.catalog import run_rules
from opengauge.rules.interface import RuleContext
from opengauge.sources.interface import Source, WalkProblem
from opengauge.sources.local import LocalSource
from opengauge.sources.open import open_source
from opengauge.texts import collect_texts


@dataclass(frozen=True, slots=True)
class AuditOptions:
    """What the user asked for. Defaults are what ``opengauge audit PATH`` does."""

    frameworks: tuple[str, ...] = ()  # empty: all
    strict: bool = False
    mof_mode: str = "evidence"
    hash: bool = False
    offline: bool = False
    follow: bool = False
    token: str | None = None
    scan: bool = True
    name: str | None = None
    manifests: tuple[Path, ...] = field(default=())
    jobs: int = 0  # worker processes for the inventory of large local sources; 0: one per core


@dataclass(slots=True)
class _Clock:
    marks: dict[str, float] = field(default_factory=dict)
    last: float = field(default_factory=time.perf_counter)

    started: float = field(default_factory=time.perf_counter)

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.marks[name] = self.marks.get(name, 0.0) + (now - self.last)
        self.last = now

    def timings(self) -> Timings:
        m = self.marks
        return Timings(
            walk_s=m.get("walk", 0.0),
            inventory_s=m.get("inventory", 0.0),
            licences_s=m.get("licences", 0.0),
            components_s=m.get("components", 0.0),
            rules_s=m.get("rules", 0.0),
            frameworks_s=m.get("frameworks", 0.0),
            total_s=time.perf_counter() - self.started,
        )


def _walk(source: Source) -> tuple[list[Artifact], list[Finding]]:
    artifacts: list[Artifact] = []
    problems: list[Finding] = []
    for item in source.walk():
        if isinstance(item, WalkProblem):
            problems.append(
                Finding(
                    rule_id=item.rule_id,
                    severity=item.severity,
                    message=item.message,
                    location=f"{source.info.id}:{item.path}",
                )
            )
        else:
            artifacts.append(item)
    return artifacts, problems


def _release_name(sources: Sequence[Source], options: AuditOptions) -> str:
    if options.name:
        return options.name
    first = sources[0].info.location.rstrip("/")
    return first.rsplit("/", 1)[-1].split(":")[-1] or first


def _gather_links(items: Sequence[InventoryItem]) -> tuple[Link, ...]:
    seen: dict[tuple[str, str], Link] = {}
    for item in items:
        for link in item.observation.links:
            seen.setdefault((link.url, link.source_path), link)
    return tuple(seen.values())


def _incomplete(findings: Sequence[Finding]) -> bool:
    return any(f.rule_id in {"OG-SRC-002", "OG-INV-001", "OG-INV-002"} for f in findings)


def audit(
    locations: Sequence[str],
    options: AuditOptions = AuditOptions(),
    observer: Observer | None = None,
    engine: LicenceEngine | None = None,
) -> AuditReport:
    """Audit one release made of ``locations`` (folders, files, Hub ids)."""
    if not locations:
        raise UsageError("nothing to audit: give at least one folder, file or hf: id")
    sources: list[Source] = [open_source(loc, f"s{i + 1}", options) for i, loc in enumerate(locations)]
    if options.follow:
        from opengauge.sources.hub import follow_links

        sources += follow_links(sources, options.offline, options.token, len(sources) + 1)
    return audit_sources(sources, options, observer, engine)


def audit_sources(
    sources: Sequence[Source],
    options: AuditOptions = AuditOptions(),
    observer: Observer | None = None,
    engine: LicenceEngine | None = None,
) -> AuditReport:
    """Audit one release made of already opened sources."""
    obs = observer or NullObserver()
    eng = engine or default_engine()
    clock = _Clock()
    readers: dict[str, Reader] = {s.info.id: s for s in sources}

    obs.stage("sources")
    artifacts, findings = _stage_walk(sources, options)
    clock.lap("walk")
    obs.stage("inventory")
    items = _stage_inventory(sources, artifacts, options)
    findings.extend(f for item in items for f in item.observation.findings)
    clock.lap("inventory")
    obs.stage("licences")
    lic = _stage_licences(sources, items, readers, options, eng)
    findings.extend(lic.findings)
    clock.lap("licences")
    obs.stage("components")
    context = release_context(items, _release_name(sources, options))
    components = _stage_components(sources, items, lic, eng, findings, context)
    clock.lap("components")
    obs.stage("rules")
    release = Release(_release_name(sources, options), tuple(s.info for s in sources), tuple(artifacts))
    ctx = RuleContext(
        release=release,
        artifacts=tuple(i.facts() for i in items),
        components=components,
        licences=lic.licences,
        declarations=lic.declarations,
        links=_gather_links(items),
        texts=collect_texts(items, readers),
        licence_index=lic.index,
    )
    findings.extend(run_rules(ctx))
    if options.scan:
        findings.extend(_security(items, readers))
    clock.lap("rules")
    obs.stage("frameworks")
    draft = _draft(ctx, findings)
    fw_options = FrameworkOptions(strict=options.strict, mof_mode=options.mof_mode)
    assessments = tuple(fw.assess(draft, fw_options) for fw in select(list(options.frameworks)))
    clock.lap("frameworks")
    return replace(draft, assessments=assessments, timings=clock.timings())


def _stage_walk(sources: Sequence[Source], options: AuditOptions) -> tuple[list[Artifact], list[Finding]]:
    walked = [_walk(s) for s in sources]
    artifacts = [a for arts, _ in walked for a in arts]
    findings = [f for _, probs in walked for f in probs]
    if options.hash:
        artifacts = _hash(artifacts, sources)
    return artifacts, findings


def _stage_inventory(
    sources: Sequence[Source], artifacts: Sequence[Artifact], options: AuditOptions
) -> list[InventoryItem]:
    items: list[InventoryItem] = []
    for source in sources:
        mine = [a for a in artifacts if a.source_id == source.info.id]
        if isinstance(source, LocalSource):
            # the parent would wait idle for the workers: it builds the licence text index meanwhile
            jobs = options.jobs or default_workers()
            items.extend(run_inventory_parallel(mine, source, jobs, meanwhile=load_data))
        else:
            items.extend(run_inventory(mine, source, dispatch()))
    return items


@dataclass(frozen=True, slots=True)
class _Licensing:
    """What the licences stage hands on: declarations, identified licence files, the index that resolves them."""

    declarations: tuple[LicenceDeclaration, ...]
    declared_components: tuple[DeclaredComponent, ...]
    index: LicenceIndex
    licences: tuple[Licence, ...]
    findings: tuple[Finding, ...]


def _stage_licences(
    sources: Sequence[Source],
    items: Sequence[InventoryItem],
    readers: dict[str, Reader],
    options: AuditOptions,
    engine: LicenceEngine,
) -> _Licensing:
    manifests = load_manifests(items, readers, options.manifests, engine)
    declarations = (*manifests.declarations, *(d for item in items for d in item.observation.declarations))
    lic_files, lic_findings = identify_licence_files(items, readers, engine)
    resolved = resolve_declarations(declarations, engine, lic_files)
    index = LicenceIndex(
        files=lic_files,
        declared=resolved,
        release=release_licence(lic_files, resolved, [s.info.id for s in sources]),
    )
    licences = _distinct_licences([f.licence for f in lic_files] + [lic for _, lic in resolved])
    return _Licensing(declarations, manifests.components, index, licences, (*manifests.findings, *lic_findings))


def _stage_components(
    sources: Sequence[Source],
    items: Sequence[InventoryItem],
    lic: _Licensing,
    engine: LicenceEngine,
    findings: Sequence[Finding],
    context: ReleaseContext,
) -> tuple[ComponentResult, ...]:
    linked_ids = {s.info.id for s in sources if s.info.linked_from}
    evidence = [
        _as_linked(ev) if item.artifact.source_id in linked_ids else ev
        for item in items
        for ev in item.observation.evidence
    ]
    evidence.extend(link_evidence(items, context))
    own = list(scoped(evidence, context))
    return build_components(own, lic.index, engine, lic.declared_components, _incomplete(findings))


def _draft(ctx: RuleContext, findings: Sequence[Finding]) -> AuditReport:
    return AuditReport(
        release=ctx.release,
        artifacts=ctx.artifacts,
        components=ctx.components,
        licences=ctx.licences,
        links=ctx.links,
        findings=tuple(_sorted_findings(findings)),
        assessments=(),
        tool_version=__version__,
        created=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
    )


def _as_linked(ev: Evidence) -> Evidence:
    """Evidence from a repo the release only links to (``--follow``): the files are real, but not in the release."""
    return replace(ev, level=EvidenceLevel.LINKED) if ev.level is EvidenceLevel.VERIFIED else ev


def _sorted_findings(findings: Sequence[Finding]) -> list[Finding]:
    unique = {(f.rule_id, f.location, f.message): f for f in findings}
    return sorted(unique.values(), key=lambda f: (-f.severity.rank, f.rule_id, f.location or ""))


def _distinct_licences(licences: Sequence[Licence]) -> tuple[Licence, ...]:
    seen: dict[tuple[str, str | None], Licence] = {}
    for lic in licences:
        seen.setdefault((lic.expression, lic.location), lic)
    return tuple(seen.values())


def _hash(artifacts: list[Artifact], sources: Sequence[Source]) -> list[Artifact]:
    from opengauge.sources.digest import hash_artifacts

    return hash_artifacts(artifacts, sources)


def _security(items: Sequence[InventoryItem], readers: dict[str, Reader]) -> list[Finding]:
    from opengauge.rules.unsafe import security_findings

    return security_findings(items, readers)
