"""The artifact safety scanner: static, never loads. See ``security.interface`` and docs/security.md.

The public names are loaded on first use, so that ``security.detect`` (format identification by magic bytes,
which the inventory uses on every file's first bytes) does not import the scanner itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from opengauge.security.interface import ScanOptions, ScanResult, scan_file, scan_path, scan_paths

__all__ = ["ScanOptions", "ScanResult", "scan_file", "scan_path", "scan_paths"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from opengauge.security import interface

        return getattr(interface, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
