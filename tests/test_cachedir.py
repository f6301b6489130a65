"""The one user cache folder: $OPENGAUGE_CACHE_DIR wins, else the platform's user cache folder."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from opengauge.cachedir import user_cache_dir


def test_the_environment_variable_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("OPENGAUGE_CACHE_DIR", str(tmp_path / "here"))
    monkeypatch.setenv("XDG_CACHE_HOME", "/elsewhere")
    assert user_cache_dir() == tmp_path / "here"


@pytest.mark.parametrize(
    ("platform", "xdg", "expected"),
    [
        ("linux", "/xdg", Path("/xdg/opengauge")),
        ("linux", None, Path.home() / ".cache" / "opengauge"),
        ("darwin", "/xdg", Path.home() / "Library" / "Caches" / "opengauge"),
    ],
)
def test_platform_defaults(monkeypatch: pytest.MonkeyPatch, platform: str, xdg: str | None, expected: Path) -> None:
    monkeypatch.delenv("OPENGAUGE_CACHE_DIR", raising=False)
    monkeypatch.setattr(sys, "platform", platform)
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert user_cache_dir() == expected


def test_windows_uses_local_app_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENGAUGE_CACHE_DIR", raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", "/appdata")
    assert user_cache_dir() == Path("/appdata/opengauge/Cache")
