"""The knowledge base of AI licences (and other licences SPDX ships no text for), loaded from package data.

Entries are keyed by our ``LicenseRef-`` ids (or an SPDX id such as ``OpenMDW-1.0``) and carry only short
fingerprints we wrote, never licence paragraphs. See ``opengauge/data/licenses/ai_licences.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from opengauge.licenses.normalize import normal
from opengauge.record import LicenceFamily


@dataclass(frozen=True, slots=True)
class RestrictionSpec:
    """A restriction a licence imposes: flag, one-line note, and phrases that locate its clause."""

    flag: str
    note: str
    phrases: tuple[str, ...]  # as written in the data file (normalised at match time)


@dataclass(frozen=True, slots=True)
class KbEntry:
    """One licence of the knowledge base."""

    id: str
    name: str
    url: str | None
    family: LicenceFamily
    hf_tags: tuple[str, ...]
    aliases: tuple[str, ...]  # normalised
    links: tuple[str, ...]  # lower-case URL substrings
    base_models: tuple[str, ...]  # lower-case HF model id prefixes released under this licence
    titles: tuple[str, ...]  # normalised
    markers: tuple[str, ...]  # normalised
    phrases: tuple[str, ...]  # normalised
    exclude: tuple[str, ...]  # normalised
    restrictions: tuple[RestrictionSpec, ...]


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    """All entries, with lookups by id, HF tag and alias."""

    version: str
    entries: tuple[KbEntry, ...]
    ids: dict[str, KbEntry]  # lower-case id -> entry

    def by_id(self, licence_id: str) -> KbEntry | None:
        return self.ids.get(licence_id.lower())

    def by_alias(self, name: str) -> KbEntry | None:
        key = normal(name)
        for e in self.entries:
            if key and (key in e.aliases or key in e.titles or key == normal(e.name)):
                return e
        return None

    def by_link(self, url: str) -> KbEntry | None:
        low = url.lower()
        best: tuple[int, KbEntry] | None = None
        for e in self.entries:
            for sub in e.links:
                if sub and sub in low and (best is None or len(sub) > best[0]):
                    best = (len(sub), e)
        return best[1] if best else None

    def by_base_model(self, model_id: str) -> KbEntry | None:
        """The licence a Hugging Face base model id (``org/name``) is known to be released under."""
        low = model_id.strip().lower().removeprefix("https://huggingface.co/")
        for e in self.entries:
            if any(low.startswith(p) for p in e.base_models):
                return e
        return None


def _strs(raw: dict[str, Any], key: str) -> tuple[str, ...]:
    value = raw.get(key) or []
    return tuple(str(v) for v in value)


def _entry(raw: dict[str, Any]) -> KbEntry:
    restrictions = tuple(
        RestrictionSpec(flag=str(r["flag"]), note=str(r["note"]), phrases=_strs(r, "phrases"))
        for r in raw.get("restrictions") or []
    )
    return KbEntry(
        id=str(raw["id"]),
        name=str(raw["name"]),
        url=str(raw["url"]) if raw.get("url") else None,
        family=LicenceFamily(str(raw["family"])),
        hf_tags=_strs(raw, "hf_tags"),
        aliases=tuple(normal(a) for a in _strs(raw, "aliases")),
        links=tuple(s.lower() for s in _strs(raw, "links")),
        base_models=tuple(s.lower() for s in _strs(raw, "base_models")),
        titles=tuple(normal(t) for t in _strs(raw, "titles")),
        markers=tuple(normal(t) for t in _strs(raw, "markers")),
        phrases=tuple(normal(t) for t in _strs(raw, "phrases")),
        exclude=tuple(normal(t) for t in _strs(raw, "exclude")),
        restrictions=restrictions,
    )


def _load(name: str) -> Any:
    text = resources.files("opengauge.data").joinpath("licenses", name).read_text("utf-8")
    # the C safe loader when libyaml is there (5x faster), the pure-Python safe loader otherwise
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader, never the full one


@cache
def knowledge_base() -> KnowledgeBase:
    """The knowledge base shipped with the package (loaded once)."""
    raw = _load("ai_licences.yaml")
    entries = tuple(_entry(e) for e in raw["licences"])
    return KnowledgeBase(version=str(raw["version"]), entries=entries, ids={e.id.lower(): e for e in entries})


@dataclass(frozen=True, slots=True)
class HfTag:
    """One Hugging Face licence tag and what it means."""

    tag: str
    id: str
    name: str | None
    family: LicenceFamily | None  # only for family tags (bsd, cc, gpl, unknown, other)


@cache
def hf_tags() -> tuple[str, dict[str, HfTag]]:
    """(version, tag -> HfTag) from ``hf_tags.yaml``."""
    raw = _load("hf_tags.yaml")
    table: dict[str, HfTag] = {}
    for tag, row in raw["tags"].items():
        fam = row.get("family")
        table[str(tag)] = HfTag(
            tag=str(tag),
            id=str(row["id"]),
            name=str(row["name"]) if row.get("name") else None,
            family=LicenceFamily(str(fam)) if fam else None,
        )
    return str(raw["version"]), table


@dataclass(frozen=True, slots=True)
class OpennessTables:
    """The open-licence lists and the MOF content-type table (``openness.yaml``)."""

    version: str
    open_data: frozenset[str]
    content_types: dict[str, tuple[str, ...]]
    open_content_prefixes: tuple[str, ...]
    open_data_prefixes: tuple[str, ...]


@cache
def openness_tables() -> OpennessTables:
    raw = _load("openness.yaml")
    return OpennessTables(
        version=str(raw["version"]),
        open_data=frozenset(str(x) for x in raw["open_data"]),
        content_types={str(k): tuple(str(t) for t in v) for k, v in raw["content_types"].items()},
        open_content_prefixes=tuple(str(x) for x in raw["open_content_prefixes"]),
        open_data_prefixes=tuple(str(x) for x in raw["open_data_prefixes"]),
    )
