"""``SPDX-License-Identifier:`` lines in the first bytes of a file, as licence declarations of that file."""

from __future__ import annotations

import re

from opengauge.inventory.content._shared import location
from opengauge.inventory.interface import LicenceDeclaration
from opengauge.record import Artifact

#: Only the file's head is searched.
HEADER_BYTES = 4096
MAX_VALUE = 200

_SPDX = re.compile(r"SPDX-License-Identifier:[ \t]*([^\r\n]{1,300})")
_CLOSERS = ("*/", "-->", "#}", "%}", '"""', "'''", "*)", "-}")


def _clean(value: str) -> str:
    value = value.split("\\n", 1)[0].strip()  # inside a JSON string (a notebook cell)
    for closer in _CLOSERS:
        if value.endswith(closer):
            value = value[: -len(closer)].rstrip()
    return value.strip(" \t;,\"'")[:MAX_VALUE]


def spdx_declarations(artifact: Artifact, head: bytes) -> tuple[LicenceDeclaration, ...]:
    """One declaration per SPDX line in the head; the scope is the file itself (``source_id:path``)."""
    text = head[:HEADER_BYTES].decode("utf-8", errors="replace")
    found: list[LicenceDeclaration] = []
    for match in _SPDX.finditer(text):
        value = _clean(match.group(1))
        if not value:
            continue
        line = text.count("\n", 0, match.start()) + 1
        found.append(
            LicenceDeclaration(
                value=value,
                how="spdx-header",
                location=f"{location(artifact)}:{line}",
                scope=location(artifact),
            )
        )
    return tuple(found)
