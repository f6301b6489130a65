"""Session-wide test settings: caches go to a temporary folder, never to the user's."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_cache_dir() -> Iterator[None]:
    before = os.environ.get("OPENGAUGE_CACHE_DIR")
    with tempfile.TemporaryDirectory(prefix="og-test-cache-") as folder:
        os.environ["OPENGAUGE_CACHE_DIR"] = folder
        yield
    if before is None:
        os.environ.pop("OPENGAUGE_CACHE_DIR", None)
    else:
        os.environ["OPENGAUGE_CACHE_DIR"] = before
