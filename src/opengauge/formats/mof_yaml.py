"""The report as a Model Openness Tool (MOT) record: YAML that validates against the MOT's schema."""

from __future__ import annotations

from typing import ClassVar

from opengauge.formats.interface import RenderOptions
from opengauge.frameworks.mof import report_to_mot_record
from opengauge.frameworks.mot_record import dump_mot_record
from opengauge.record import AuditReport


class MofYamlFormatter:
    """What the audit found, written as a MOT record (verified or linked components, each with its licence).

    The output can be submitted to the MOT or read back with ``opengauge mof evaluate``. Declared-only
    components are left out: the record states what the release itself shows.
    """

    name: ClassVar[str] = "mof-yaml"
    media_type: ClassVar[str] = "application/yaml"
    suffix: ClassVar[str] = ".yml"

    def render(self, report: AuditReport, options: RenderOptions) -> str:
        return dump_mot_record(report_to_mot_record(report))
