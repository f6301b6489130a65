"""Where opengauge keeps what it can recompute: file digests, Hub metadata by commit, the licence text index.

Everything under it may be deleted at any time; it is rebuilt on the next run.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def user_cache_dir() -> Path:
    """``$OPENGAUGE_CACHE_DIR``, else the platform's user cache folder followed by ``opengauge``
    (``$XDG_CACHE_HOME/opengauge`` or ``~/.cache/opengauge`` on Linux)."""
    explicit = os.environ.get("OPENGAUGE_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
        return base / "opengauge" / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "opengauge"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else home / ".cache") / "opengauge"
