from __future__ import annotations

from pathlib import Path

import pytest

from opengauge.security import ScanOptions, ScanResult, scan_path


@pytest.fixture
def scan() -> object:
    def _scan(path: Path, **kw: object) -> ScanResult:
        return scan_path(path, ScanOptions(**kw))  # type: ignore[arg-type]

    return _scan
