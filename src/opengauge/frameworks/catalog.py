"""The one list of frameworks. Add a framework by adding its class here."""

from __future__ import annotations

from opengauge.errors import UsageError
from opengauge.frameworks.eu_ai_act import EuAiActFramework
from opengauge.frameworks.interface import Framework
from opengauge.frameworks.mof import MofFramework
from opengauge.frameworks.osai_index import OsaiIndexFramework
from opengauge.frameworks.osaid import OsaidFramework

# Each entry is a Framework class; instantiate with no arguments.
FRAMEWORKS: tuple[type[Framework], ...] = (MofFramework, OsaidFramework, OsaiIndexFramework, EuAiActFramework)


def framework_ids() -> tuple[str, ...]:
    return tuple(f.id for f in FRAMEWORKS)


def select(ids: list[str] | None) -> list[Framework]:
    """Instances of the named frameworks (all when ``ids`` is empty or None); unknown ids are usage errors."""
    if not ids or ids == ["all"]:
        return [f() for f in FRAMEWORKS]
    by_id = {f.id: f for f in FRAMEWORKS}
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        raise UsageError(f"unknown framework {', '.join(unknown)}; known: {', '.join(by_id) or 'none'}")
    return [by_id[i]() for i in ids]
