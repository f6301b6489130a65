"""Session-wide test settings: caches go to a temporary folder, never to the user's; under CI (``$CI`` set, as
``.ci/run`` does) Hypothesis draws the same examples every run, so that a red CI always means a change broke
something. Local runs keep drawing new examples: that is how they find bugs."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


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
