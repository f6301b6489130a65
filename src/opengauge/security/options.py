"""Scan options: caps and the gate threshold."""

from __future__ import annotations

from dataclasses import dataclass, field

from opengauge.record import Severity
from opengauge.security.suppress import Suppression


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """Caps bound time and memory; each cap hit is reported (the scan then is inconclusive)."""

    fail_on: Severity = Severity.MEDIUM  # findings at or above this severity fail the gate
    max_opcodes: int = 100_000_000  # pickle opcodes per top-level file
    max_memo: int = 5_000_000  # pickle memo entries per stream
    max_stack: int = 1_000_000  # pickle stack + mark depth
    max_depth: int = 6  # container / nested-payload nesting
    max_members: int = 1_000_000  # zip / tar members per archive
    max_nested_bytes: int = 64 << 20  # a nested payload read into memory (from a compressed stream)
    max_header: int = 100 << 20  # safetensors / GGUF header bytes
    max_json: int = 16 << 20  # a JSON config (Keras, tokenizer) read into memory
    max_code: int = 4 << 20  # a Python source file
    max_inflate: int = 1 << 34  # decompressed bytes from one compressed member / file
    max_ratio: int = 200  # compression ratio above which a big member counts as a bomb
    max_findings: int = 10_000
    max_files: int = 1_000_000
    extra_allow: tuple[str, ...] = field(default=())  # "module.name" globals allowed on top of the data files
    suppressions: tuple[Suppression, ...] = field(default=())
