"""Unsafe artifacts: the security scanner's findings, fed into the audit report.

Which files are scanned: every file whose first bytes the scanner's own format detection (``security.detect``, magic
bytes) takes for something a loader deserialises, renders or unpacks (a pickle, a zip or tar, a compressed stream,
npy, HDF5, GGUF, safetensors, a chat template ...), whatever the inventory called it (a pickle in
``data/train.tar`` is scanned like one in ``model.bin``); every binary artifact (weights, unknown files: the scanner
also probes their tails); and release code that `trust_remote_code` would import (modeling/configuration/tokenization
files, dataset scripts).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from opengauge.inventory.interface import Reader
from opengauge.inventory.run import InventoryItem
from opengauge.record import ArtifactKind, Finding
from opengauge.security.interface import ScanOptions, scan_file

_BINARY_KINDS = {ArtifactKind.WEIGHTS, ArtifactKind.OTHER, ArtifactKind.UNKNOWN, ArtifactKind.TOKENIZER}
_REMOTE_CODE = re.compile(r"(^|/)(modeling|configuration|tokenization|processing|image_processing)_[^/]*\.py$")
_DATASET_SCRIPT = re.compile(r"(^|/)[^/]*(dataset|loading_script)[^/]*\.py$", re.IGNORECASE)


def should_scan(item: InventoryItem) -> bool:
    if item.loadable is not None:
        return True
    kind = item.observation.kind
    path = item.artifact.path
    if kind in _BINARY_KINDS:
        return True
    if kind is ArtifactKind.CONFIG and item.artifact.name == "tokenizer_config.json":
        return True
    return kind is ArtifactKind.CODE and bool(_REMOTE_CODE.search(path) or _DATASET_SCRIPT.search(path))


def security_findings(
    items: Sequence[InventoryItem], readers: Mapping[str, Reader], options: ScanOptions | None = None
) -> list[Finding]:
    """Scan every artifact that can run code when loaded; see ``opengauge.security``."""
    opts = options or ScanOptions()
    out: list[Finding] = []
    for item in items:
        if not should_scan(item) or item.artifact.size == 0:
            continue
        reader = readers[item.artifact.source_id]
        path = item.artifact.path

        def read(offset: int, length: int, reader: Reader = reader, path: str = path) -> bytes:
            return reader.read(path, offset, length)

        result = scan_file(read, item.artifact.size, item.location, opts)
        out.extend(result.findings)
    return out
