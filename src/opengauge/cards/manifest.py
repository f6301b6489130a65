"""A MOF manifest (``mof.yaml``, a MOT-schema record) for a release, written from its audit: the components
the files show (verified or linked), each with its path and licence path relative to the first source."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import yaml

from opengauge.cards.facts import source_prefixes, strip_source
from opengauge.errors import InputFormatError
from opengauge.frameworks.mof import report_to_mot_record
from opengauge.frameworks.mot_record import MotComponent, MotRecord, dump_mot_record, validate_mot_yaml
from opengauge.record import AuditReport


def _relative(comp: MotComponent, prefixes: Mapping[str, str]) -> MotComponent:
    path = strip_source(comp.component_path, prefixes) if comp.component_path else None
    licence_path = strip_source(comp.license_path, prefixes) if comp.license_path else None
    return replace(comp, component_path=path, license_path=licence_path)


def manifest_record(report: AuditReport) -> MotRecord:
    """The MOT record of what ``report`` found, paths relative to the first source's root."""
    rec = report_to_mot_record(report)
    prefixes = source_prefixes(report)
    components = tuple(_relative(c, prefixes) for c in rec.release.components)
    return replace(rec, release=replace(rec.release, components=components))


def manifest_yaml(report: AuditReport) -> str:
    """``mof.yaml`` text for ``report``, validated against the MOT schema (``InputFormatError`` if invalid)."""
    text = dump_mot_record(manifest_record(report))
    errors = validate_mot_yaml(yaml.safe_load(text))
    if errors:
        raise InputFormatError("the manifest does not validate against the MOT schema: " + "; ".join(errors[:5]))
    header = (
        "# MOF manifest written by `opengauge init` from what the release's files show.\n"
        "# `opengauge audit` checks every claim here against the files (OG-MAN-001/002).\n"
    )
    return header + text
