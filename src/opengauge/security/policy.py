"""Allow-list (by default) and deny-list (to grade severity) for pickle globals and graph contents."""

from __future__ import annotations

import _compat_pickle
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from opengauge.record import Severity

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: Submodule names that never appear inside a legitimate pickled module path (``pkg.os``).
_MODULE_DANGER = frozenset({"os", "sys", "subprocess", "builtins", "posix", "nt", "importlib", "pickle", "shutil"})


@dataclass(frozen=True, slots=True)
class Verdict:
    """Why a global is not simply allowed."""

    rule_id: str
    severity: Severity
    reason: str


@dataclass(frozen=True, slots=True)
class GraphPolicy:
    """TensorFlow op deny-list and Keras module roots."""

    tf_ops: dict[str, Severity]
    keras_modules: tuple[str, ...]


class Policy:
    """Grades ``module.name`` globals: None when allowed, else a Verdict."""

    def __init__(
        self,
        allowed: set[tuple[str, str]],
        classes: list[tuple[str, re.Pattern[str]]],
        deny: dict[tuple[str, str], Severity],
        danger_parts: frozenset[str],
        graph: GraphPolicy,
        frameworks: tuple[str, ...],
    ) -> None:
        self._allowed = allowed
        self._classes = classes
        self._deny = deny
        self._danger = danger_parts
        self.graph = graph
        self.frameworks = frameworks
        self._cache: dict[tuple[str, str], Verdict | None] = {}

    def with_extra(self, extra: tuple[str, ...]) -> Policy:
        """A copy that also allows the given ``module.name`` globals."""
        allowed = set(self._allowed)
        for item in extra:
            module, _, name = item.rpartition(".")
            if module and name:
                allowed.add((module, name))
        return Policy(allowed, self._classes, self._deny, self._danger, self.graph, self.frameworks)

    def grade(self, module: str, name: str) -> Verdict | None:
        key = (module, name)
        if key not in self._cache:
            if len(self._cache) > 100_000:
                self._cache.clear()
            self._cache[key] = self._grade(*normalize(module, name))
        return self._cache[key]

    def denied_module(self, module: str) -> Severity | None:
        """Severity when a module (or a parent package) is on the deny-list with all its names."""
        parts = module.split(".")
        for i in range(len(parts), 0, -1):
            sev = self._deny.get((".".join(parts[:i]), "*"))
            if sev is not None:
                return sev
        return None

    def _grade(self, module: str, name: str) -> Verdict | None:
        full = f"{module}.{name}"
        if not module or not name or not all(_IDENT.match(p) for p in full.split(".")):
            return Verdict("OG-SEC-005", Severity.CRITICAL, f"malformed global name {full!r}")
        sev = self._deny.get((module, name)) or self.denied_module(module)
        if sev is not None:
            return Verdict("OG-SEC-001", sev, f"{full} is on the deny-list")
        parts = name.split(".")
        if len(parts) > 1:
            for i in range(len(parts) - 1):  # the dotted path may name a denied submodule's member
                sub = ".".join([module, *parts[:i]]) if i else module
                sev = self._deny.get((sub, parts[i])) or self.denied_module(f"{sub}.{parts[i]}")
                if sev is not None:
                    return Verdict("OG-SEC-001", sev, f"{full} reaches the denied {sub}.{parts[i]}")
            bad = [p for p in parts if p in self._danger or (p.startswith("__") and p.endswith("__"))]
            if bad:
                return Verdict("OG-SEC-005", Severity.CRITICAL, f"{full} walks attributes ({', '.join(bad)})")
        sub_parts = module.split(".")[1:]
        if any(p in _MODULE_DANGER or (p.startswith("__") and p.endswith("__")) for p in sub_parts):
            return Verdict("OG-SEC-005", Severity.CRITICAL, f"{full}: module path reaches {module}")
        if (module, name) in self._allowed:
            return None
        if len(parts) == 1:
            for prefix, pattern in self._classes:
                if (module + ".").startswith(prefix) and pattern.match(name):
                    return None
        if len(parts) > 1:
            return Verdict("OG-SEC-005", Severity.HIGH, f"{full} is a dotted path not on the allow-list")
        return Verdict("OG-SEC-003", Severity.HIGH, f"{full} is not on the allow-list")


def normalize(module: str, name: str) -> tuple[str, str]:
    """Apply the Python 2 name mapping that pickle applies on load (``fix_imports``)."""
    mapped = _compat_pickle.NAME_MAPPING.get((module, name))
    if mapped is not None:
        return mapped
    return _compat_pickle.IMPORT_MAPPING.get(module, module), name


def _safe_load(text: str) -> Any:
    import yaml  # imported on first use; the C loader when available (both are safe loaders)

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe loaders only


def _load_yaml(*parts: str) -> Any:
    ref = resources.files("opengauge.data.security").joinpath(*parts)
    return _safe_load(ref.read_text(encoding="utf-8"))


def _names(value: Any) -> list[str]:
    if value == "*":
        return ["*"]
    return [str(v) for v in value] if isinstance(value, list) else []


@lru_cache(maxsize=1)
def default_policy() -> Policy:
    """The policy built from the data files under ``opengauge/data/security``."""
    allowed: set[tuple[str, str]] = set()
    classes: list[tuple[str, re.Pattern[str]]] = []
    frameworks: list[str] = []
    allow_dir = resources.files("opengauge.data.security").joinpath("allow")
    for entry in sorted(allow_dir.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        doc = _safe_load(entry.read_text(encoding="utf-8"))
        frameworks.append(f"{doc.get('framework')} ({doc.get('covers')}) v{doc.get('version')}")
        for module, names in (doc.get("globals") or {}).items():
            allowed.update((str(module), n) for n in _names(names))
        for prefix, pattern in (doc.get("classes") or {}).items():
            classes.append((str(prefix), re.compile(str(pattern))))
    deny_doc = _load_yaml("deny.yaml")
    deny: dict[tuple[str, str], Severity] = {}
    for level in ("high", "critical"):
        for module, names in (deny_doc.get(level) or {}).items():
            for n in _names(names):
                deny[(str(module), n)] = Severity(level)
    graph_doc = _load_yaml("graph.yaml")
    tf_ops = {str(op): Severity(level) for level, ops in graph_doc["tf_ops"].items() for op in ops}
    graph = GraphPolicy(tf_ops=tf_ops, keras_modules=tuple(graph_doc["keras_modules"]))
    danger = frozenset(str(p) for p in deny_doc.get("danger_parts") or [])
    return Policy(allowed, classes, deny, danger, graph, tuple(frameworks))
