"""The report as JSON, following the versioned schema in ``opengauge/data/schema/report.schema.json``."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any, ClassVar

from opengauge.formats.interface import RenderOptions
from opengauge.formats.jsonable import to_jsonable
from opengauge.record import AuditReport

SCHEMA_ID = "https://opengauge.dev/schema/report-1.0.json"


def report_to_dict(report: AuditReport) -> dict[str, Any]:
    data: dict[str, Any] = {"$schema": SCHEMA_ID}
    data.update(to_jsonable(report))
    return data


@cache
def report_schema() -> dict[str, Any]:
    """The published JSON schema for reports (draft 2020-12)."""
    text = resources.files("opengauge.data").joinpath("schema/report.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


class JsonFormatter:
    """The whole report, machine-readable; validated against the published schema in the tests."""

    name: ClassVar[str] = "json"
    media_type: ClassVar[str] = "application/json"
    suffix: ClassVar[str] = ".json"

    def render(self, report: AuditReport, options: RenderOptions) -> str:
        return json.dumps(report_to_dict(report), indent=2, ensure_ascii=False) + "\n"
