"""The output formats the CLI offers for a report (the terminal table lives in the CLI: it needs rich)."""

from __future__ import annotations

from opengauge.errors import UsageError
from opengauge.formats.cyclonedx import CycloneDxFormatter
from opengauge.formats.interface import Formatter
from opengauge.formats.json import JsonFormatter
from opengauge.formats.markdown import MarkdownFormatter
from opengauge.formats.mof_yaml import MofYamlFormatter
from opengauge.formats.spdx3 import Spdx3Formatter

FORMATTERS: dict[str, type[Formatter]] = {
    JsonFormatter.name: JsonFormatter,
    MarkdownFormatter.name: MarkdownFormatter,
    MofYamlFormatter.name: MofYamlFormatter,
    CycloneDxFormatter.name: CycloneDxFormatter,
    Spdx3Formatter.name: Spdx3Formatter,
}


def formatter(name: str) -> Formatter:
    try:
        return FORMATTERS[name]()
    except KeyError:
        known = ", ".join(["table", *FORMATTERS])
        raise UsageError(f"unknown format {name!r}; known: {known}") from None
