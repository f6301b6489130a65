"""MOF manifests (``mof.yaml``, a Model Openness Tool record) as a declared source: what a publisher says,
to be checked against the files. A manifest's claims are ``declared`` evidence; they never outweigh the files.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from opengauge.components.build import DeclaredComponent
from opengauge.errors import InputFormatError
from opengauge.frameworks.mot_record import MotRecord, parse_mot_record
from opengauge.inventory.interface import LicenceDeclaration, Reader
from opengauge.inventory.run import InventoryItem
from opengauge.licenses.interface import LicenceEngine
from opengauge.record import Finding, Severity

MANIFEST_NAMES = frozenset({"mof.yaml", "mof.yml", "MOF.yaml", "MOF.yml"})
MAX_MANIFEST_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class LoadedManifests:
    declarations: tuple[LicenceDeclaration, ...] = field(default=())
    components: tuple[DeclaredComponent, ...] = field(default=())
    findings: tuple[Finding, ...] = field(default=())


def component_scope(component: str) -> str:
    """The ``scope`` of a manifest declaration that names one component's licence."""
    return f"component:{component}"


def _declared(rec: MotRecord, location: str, engine: LicenceEngine) -> LoadedManifests:
    decls: list[LicenceDeclaration] = []
    comps: list[DeclaredComponent] = []
    dist = rec.release.license.distribution
    if dist is not None and dist.name:
        decls.append(LicenceDeclaration(dist.name, "manifest", location, ""))
    for comp in rec.release.components:
        value = None if comp.unlicensed else (comp.license or rec.release.license.resolve(comp.name.spec.content_type))
        licence = engine.from_declared(value, location, "manifest") if value else None
        if value:
            decls.append(LicenceDeclaration(value, "manifest", location, component_scope(comp.name.value)))
        comps.append(DeclaredComponent(comp.name, location, licence, comp.component_path))
    return LoadedManifests(tuple(decls), tuple(comps))


def _bad(location: str, exc: Exception) -> LoadedManifests:
    return LoadedManifests(
        findings=(
            Finding(
                rule_id="OG-MAN-003",
                severity=Severity.MEDIUM,
                message=f"the MOF manifest could not be read: {exc}"[:300],
                location=location,
                remediation="Fix the manifest (`opengauge init` writes a valid one).",
            ),
        )
    )


def _texts(
    items: Sequence[InventoryItem], readers: Mapping[str, Reader], extra: Sequence[Path]
) -> Iterator[tuple[str, str | OSError]]:
    for item in items:
        if item.artifact.name in MANIFEST_NAMES and "/" not in item.artifact.path:
            try:
                data = readers[item.artifact.source_id].read(item.artifact.path, 0, MAX_MANIFEST_BYTES)
                yield item.location, data.decode("utf-8", errors="replace")
            except OSError as exc:
                yield item.location, exc
    for path in extra:
        try:
            yield f"manifest:{path}", path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            yield f"manifest:{path}", exc


def load_manifests(
    items: Sequence[InventoryItem],
    readers: Mapping[str, Reader],
    extra: Sequence[Path],
    engine: LicenceEngine,
) -> LoadedManifests:
    """Manifests found at a source root (``mof.yaml``) plus those given explicitly (``--manifest``)."""
    decls: list[LicenceDeclaration] = []
    comps: list[DeclaredComponent] = []
    findings: list[Finding] = []
    for location, text in _texts(items, readers, extra):
        if isinstance(text, OSError):
            loaded = _bad(location, text)
        else:
            try:
                loaded = _declared(parse_mot_record(text, location), location, engine)
            except InputFormatError as exc:
                loaded = _bad(location, exc)
        decls.extend(loaded.declarations)
        comps.extend(loaded.components)
        findings.extend(loaded.findings)
    return LoadedManifests(tuple(decls), tuple(comps), tuple(findings))
