"""A MOT record as an ``AuditReport`` of declared evidence, so that every framework can grade MOT records.

The record is a publisher's (or the MOT's) statement, not files we read: each listed component becomes a
``declared`` ComponentResult (via ``mof.mot_record_to_components``); a component the record does not list
becomes ``absent`` (the MOT treats unlisted as missing). Licence names are resolved with the licence engine,
so that a "Llama 2 Community License" carries its family and restriction flags, while whether it is open
stays the MOT's judgement. URLs in ``component_path`` / ``license_path`` become the evidence location and
the report's links (so an arXiv paper is seen as a preprint).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from opengauge import __version__
from opengauge.frameworks.mof import mot_record_to_components
from opengauge.frameworks.mot_record import MotRecord, load_mot_record
from opengauge.inventory.content.links import classify_url
from opengauge.licenses.engine import default_engine
from opengauge.licenses.interface import LicenceEngine
from opengauge.record import (
    AuditReport,
    ComponentId,
    ComponentResult,
    ComponentStatus,
    Licence,
    Link,
    Release,
    SourceInfo,
    SourceKind,
    component_specs,
)


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _is_url(value: str | None) -> bool:
    return bool(value) and str(value).lower().startswith(("http://", "https://"))


def _resolve(licence: Licence, engine: LicenceEngine) -> Licence:
    """The licence with the engine's family and restrictions; the MOT's name stays as ``declared_as``."""
    found = engine.from_declared(licence.expression, licence.location or "", "manifest")
    if not found.known:
        return licence
    return replace(
        licence,
        expression=found.expression,
        family=found.family,
        name=found.name,
        restrictions=found.restrictions,
        declared_as=licence.declared_as or licence.expression,
    )


def _evidence_at(res: ComponentResult, url: str | None) -> ComponentResult:
    if not url:
        return res
    moved = tuple(replace(e, location=url) for e in res.evidence)
    return replace(res, evidence=moved)


def _absent(cid: ComponentId, where: str) -> ComponentResult:
    return ComponentResult(cid.value, ComponentStatus.ABSENT, (), None, None, f"not listed in the MOT record {where}")


def _links(rec: MotRecord, where: str) -> tuple[Link, ...]:
    urls: dict[str, str] = {}
    for comp in rec.release.components:
        for value in (comp.component_path, comp.license_path):
            if value and _is_url(value):
                urls.setdefault(value.strip(), comp.name.value)
    for value in (rec.release.repository, rec.release.huggingface):
        if value and _is_url(value):
            urls.setdefault(value.strip(), "release")
    return tuple(Link(url, classify_url(url), where, text=text) for url, text in urls.items())


def _sources(rec: MotRecord, where: str) -> tuple[SourceInfo, ...]:
    out = [SourceInfo("s1", SourceKind.MANIFEST, where)]
    rel = rec.release
    if rel.repository and rel.repository.strip():
        out.append(SourceInfo(f"s{len(out) + 1}", SourceKind.GIT, rel.repository.strip()))
    if rel.huggingface and rel.huggingface.strip():
        out.append(SourceInfo(f"s{len(out) + 1}", SourceKind.HUB, rel.huggingface.strip()))
    return tuple(out)


def mot_components(rec: MotRecord, engine: LicenceEngine | None = None) -> tuple[ComponentResult, ...]:
    """All 17 components: the listed ones declared (licences resolved), the others absent, in MOF order."""
    eng = engine or default_engine()
    where = rec.source or "mot-record"
    listed: dict[str, ComponentResult] = {}
    for comp, res in zip(rec.release.components, mot_record_to_components(rec, where), strict=True):
        url = comp.component_path.strip() if comp.component_path and _is_url(comp.component_path) else None
        lic = _resolve(res.licence, eng) if res.licence is not None else None
        listed[res.component] = replace(_evidence_at(res, url), licence=lic)
    return tuple(listed.get(cid.value) or _absent(cid, where) for cid in component_specs())


def mot_record_to_report(
    rec: MotRecord, engine: LicenceEngine | None = None, created: str | None = None
) -> AuditReport:
    """An audit report whose evidence is what ``rec`` declares (no files are read, nothing is fetched)."""
    where = rec.source or "mot-record"
    components = mot_components(rec, engine)
    licences: dict[str, Licence] = {}
    for res in components:
        if res.licence is not None:
            licences.setdefault(res.licence.expression, res.licence)
    return AuditReport(
        release=Release(name=rec.release.name, sources=_sources(rec, where)),
        artifacts=(),
        components=components,
        licences=tuple(licences.values()),
        links=_links(rec, where),
        findings=(),
        assessments=(),
        tool_version=__version__,
        created=created or _now(),
    )


def load_mot_report(path: Path | str, engine: LicenceEngine | None = None) -> AuditReport:
    """Read a MOT record file and convert it (``InputFormatError`` on bad input)."""
    return mot_record_to_report(load_mot_record(path), engine)
