"""The output formats the CLI offers for a report (the terminal table lives in the CLI: it needs rich).

Formatters are imported only when asked for: the BOM libraries (and their JSON-schema validators) take seconds
to import, which every other command should not pay.
"""

from __future__ import annotations

import importlib

from opengauge.errors import UsageError
from opengauge.formats.interface import Formatter

#: name -> (module, class). The names are the formatters' own ``name`` (checked by the tests).
FORMATTERS: dict[str, tuple[str, str]] = {
    "json": ("opengauge.formats.json", "JsonFormatter"),
    "markdown": ("opengauge.formats.markdown", "MarkdownFormatter"),
    "mof-yaml": ("opengauge.formats.mof_yaml", "MofYamlFormatter"),
    "cyclonedx": ("opengauge.formats.cyclonedx", "CycloneDxFormatter"),
    "spdx3": ("opengauge.formats.spdx3", "Spdx3Formatter"),
}


def formatter_class(name: str) -> type[Formatter]:
    try:
        module, cls = FORMATTERS[name]
    except KeyError:
        known = ", ".join(["table", *FORMATTERS])
        raise UsageError(f"unknown format {name!r}; known: {known}") from None
    found: type[Formatter] = getattr(importlib.import_module(module), cls)
    return found


def formatter(name: str) -> Formatter:
    return formatter_class(name)()
