"""The release as a whole, built once from the inventory for the stages that must tell the release's own work
from what it cites, bundles or tests with.

- ``identity``: the release's own model names and organisations (``context.identity``);
- bundled projects: a sub-folder that is a Python project of its own (a licence file and ``setup.py`` or
  ``pyproject.toml``) or sits under ``third_party/``-like folders is third-party code the release ships; what is
  in it supports the release (supporting libraries and tools) but is not its own training, evaluation or data
  work, unless its path names the release (a model the release added to the bundled framework);
- unit tests and their fixtures (``tests/``, ``test_data/``, ``test_*.py``) are not components at all.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from opengauge.context.identity import Identity, build_identity, tokens
from opengauge.inventory.content.code import is_test_path
from opengauge.inventory.run import InventoryItem
from opengauge.record import ArtifactKind

_EXAMPLE_WORDS = frozenset({"example", "examples", "demo", "demos", "dummy", "toy"})
_VENDOR_DIRS = frozenset({"third_party", "thirdparty", "third-party", "3rdparty", "vendor", "vendored", "external"})
_PROJECT_FILES = frozenset({"setup.py", "pyproject.toml", "setup.cfg"})
_LICENCE_STEMS = ("license", "licence", "copying")
_ROOT_READMES = frozenset({"readme.md", "readme", "readme.rst", "readme.txt", "readme.markdown"})
_ROOT_DOCS = frozenset({ArtifactKind.MODEL_CARD, ArtifactKind.DOCUMENT, ArtifactKind.DATA_CARD})


@dataclass(frozen=True, slots=True)
class ReleaseContext:
    """What the whole release says about itself (see the module docstring)."""

    identity: Identity = field(default_factory=Identity)
    bundled_roots: frozenset[str] = field(default=frozenset())  # "s1:finetune/Megatron-LM"
    #: The bundled roots that are Python projects, with their project file ("s1:finetune/Megatron-LM/setup.py").
    bundled_projects: tuple[str, ...] = ()

    def bundled(self, location: str) -> bool:
        """Whether ``source:path`` lies in a bundled third-party project (and does not name the release)."""
        source, _, path = location.partition(":")
        parent = posixpath.dirname(path)
        while parent:
            if f"{source}:{parent}" in self.bundled_roots:
                return not self.names_release(path[len(parent) :])
            parent = posixpath.dirname(parent)
        return False

    def names_release(self, path: str) -> bool:
        """Whether a path (a folder or file name in it) names the release."""
        return any(self.identity.named_in(" ".join(tokens(part))) for part in path.split("/") if part)

    @staticmethod
    def is_example(location: str) -> bool:
        """Usage examples and toy data (``examples/``, ``*_example_dataset/``, ``dummy_*.json``): what they hold
        shows how to use the release, it is not the release's data, weights or configuration."""
        if "://" in location:
            return False
        path = location.partition(":")[2].lower()
        return any(t in _EXAMPLE_WORDS for t in tokens(path))

    @staticmethod
    def is_test(location: str) -> bool:
        """Unit tests and their fixtures (``source:path``)."""
        return "://" not in location and is_test_path(location.partition(":")[2])


def _bundled_roots(items: Sequence[InventoryItem]) -> tuple[frozenset[str], tuple[str, ...]]:
    files: dict[str, set[str]] = {}
    for item in items:
        folder, _, name = item.artifact.path.rpartition("/")
        files.setdefault(f"{item.artifact.source_id}:{folder}", set()).add(name.lower())
    roots: set[str] = set()
    projects: list[str] = []
    for where, names in files.items():
        source, _, folder = where.partition(":")
        if not folder:
            continue
        parts = folder.split("/")
        for i, part in enumerate(parts):
            if part.lower() in _VENDOR_DIRS and i + 1 < len(parts):
                roots.add(f"{source}:{'/'.join(parts[: i + 2])}")
                break
        if names & _PROJECT_FILES and any(n.startswith(_LICENCE_STEMS) for n in names):
            roots.add(where)
            projects.append(f"{where}/{sorted(names & _PROJECT_FILES)[0]}")
    return frozenset(roots), tuple(sorted(projects))


def _identity_sources(items: Iterable[InventoryItem]) -> tuple[list[str], list[str]]:
    titles: list[str] = []
    urls: list[str] = []
    for item in items:
        obs = item.observation
        root_doc = item.artifact.path.lower() in _ROOT_READMES and obs.kind in _ROOT_DOCS
        if not (root_doc or obs.kind is ArtifactKind.MODEL_CARD) or is_test_path(item.artifact.path):
            continue
        title = dict(obs.details).get("title")
        if title:
            titles.append(title)
        name = dict(obs.details).get("model_name")
        if name:
            titles.append(name)
        urls.extend(link.url for link in obs.links)
    return titles, urls


def release_context(items: Sequence[InventoryItem], release_name: str) -> ReleaseContext:
    """The context of a release from its inventory and its name."""
    titles, urls = _identity_sources(items)
    roots, projects = _bundled_roots(items)
    return ReleaseContext(build_identity(release_name, titles, urls), roots, projects)
