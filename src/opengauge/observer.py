"""Progress reporting. Library code never prints; it tells an observer, which the CLI implements."""

from __future__ import annotations

from typing import Protocol


class Observer(Protocol):
    def stage(self, name: str) -> None: ...

    def note(self, message: str) -> None: ...


class NullObserver:
    """The default: hears everything, says nothing."""

    def stage(self, name: str) -> None:
        return None

    def note(self, message: str) -> None:
        return None
