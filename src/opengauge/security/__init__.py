"""The artifact safety scanner: static, never loads. See ``security.interface`` and docs/security.md."""

from __future__ import annotations

from opengauge.security.interface import ScanOptions, ScanResult, scan_file, scan_path, scan_paths

__all__ = ["ScanOptions", "ScanResult", "scan_file", "scan_path", "scan_paths"]
