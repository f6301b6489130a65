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
#: Lists written one entry per line: they hold an entry per file or URL, so they are most of a large report, and
#: a line per entry keeps it greppable, diffable and fast to write (the indenting encoder is pure Python).
ONE_PER_LINE = frozenset({"artifacts", "links"})


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
        return dumps_report(report_to_dict(report))


def dumps_report(data: dict[str, Any]) -> str:
    """``data`` indented by two spaces, except that entries of ``ONE_PER_LINE`` lists (at the top level or one
    level down: ``release.artifacts``) take one line each."""
    return _dump(data, 0) + "\n"


def _dump(value: object, level: int) -> str:
    pad = "  " * level
    if isinstance(value, dict) and value and level < 2:
        parts: list[str] = []
        for key, item in value.items():
            name = json.dumps(key, ensure_ascii=False)
            if key in ONE_PER_LINE and isinstance(item, list) and item:
                rows = f",\n{pad}    ".join(json.dumps(v, ensure_ascii=False) for v in item)
                parts.append(f"{pad}  {name}: [\n{pad}    {rows}\n{pad}  ]")
            else:
                parts.append(f"{pad}  {name}: {_dump(item, level + 1)}")
        return "{\n" + ",\n".join(parts) + f"\n{pad}}}"
    # JSON strings hold no raw newline, so every newline here is layout
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + pad)
