"""A typed model of a Model Openness Tool (MOT) record: the YAML a publisher writes to describe a release.

The shape follows the MOT's ``schema/mof_schema.json`` (shipped as ``opengauge/data/mot/mof_schema.json``).
Reading uses ``yaml.safe_load`` only; anything that is not a MOT record becomes an ``InputFormatError`` with a
one-line message.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from opengauge.errors import InputFormatError
from opengauge.record.mof import ComponentId, ContentType
from opengauge.safeyaml import safe_load

MOF_FRAMEWORK_NAME = "Model Openness Framework"
MOF_FRAMEWORK_VERSION = "1.0"
MOF_FRAMEWORK_DATE = "2024-12-15"  # the date the MOT writes for MOF 1.0
UNLICENSED = "unlicensed"
LICENCE_KINDS: tuple[str, ...] = ("distribution", "code", "data", "document")
_RELEASE_TEXT_FIELDS: tuple[str, ...] = (
    "version",
    "date",
    "type",
    "architecture",
    "treatment",
    "origin",
    "producer",
    "contact",
    "repository",
    "huggingface",
)


@dataclass(frozen=True, slots=True)
class MotFramework:
    """The ``framework`` block: always the Model Openness Framework."""

    name: str = MOF_FRAMEWORK_NAME
    version: str = MOF_FRAMEWORK_VERSION
    date: str = MOF_FRAMEWORK_DATE


@dataclass(frozen=True, slots=True)
class MotLicenceRef:
    """One global licence entry (``release.license.<kind>``): an SPDX id (or free text) and where it is."""

    name: str | None = None
    path: str | None = None


@dataclass(frozen=True, slots=True)
class MotLicences:
    """The ``release.license`` block: a distribution-wide licence and optional per-content-type licences."""

    distribution: MotLicenceRef | None = None
    code: MotLicenceRef | None = None
    data: MotLicenceRef | None = None
    document: MotLicenceRef | None = None

    def for_type(self, content_type: ContentType) -> MotLicenceRef | None:
        """The type-specific global licence entry for ``content_type`` (None when absent)."""
        ref: MotLicenceRef | None = getattr(self, content_type.value)
        return ref

    def resolve(self, content_type: ContentType) -> str | None:
        """The global licence a component of ``content_type`` inherits: type-specific, else distribution."""
        for ref in (self.for_type(content_type), self.distribution):
            if ref is not None and ref.name:
                return ref.name
        return None


@dataclass(frozen=True, slots=True)
class MotComponent:
    """One listed component. ``license`` None: inherit the global licence; "" or "unlicensed": no licence."""

    name: ComponentId
    description: str = ""
    license: str | None = None
    license_path: str | None = None
    component_path: str | None = None

    @property
    def unlicensed(self) -> bool:
        return self.license is not None and self.license in ("", UNLICENSED)


@dataclass(frozen=True, slots=True)
class MotRelease:
    """The ``release`` block of a MOT record."""

    name: str
    producer: str = ""
    version: str | None = None
    date: str | None = None
    type: str | None = None
    architecture: str | None = None
    treatment: str | None = None
    origin: str | None = None
    contact: str | None = None
    repository: str | None = None
    huggingface: str | None = None
    license: MotLicences = field(default_factory=MotLicences)
    components: tuple[MotComponent, ...] = field(default=())

    def component(self, cid: ComponentId) -> MotComponent | None:
        """The listed entry for ``cid`` (the last one wins when listed twice, as in the MOT)."""
        found: MotComponent | None = None
        for comp in self.components:
            if comp.name is cid:
                found = comp
        return found


@dataclass(frozen=True, slots=True)
class MotRecord:
    """A whole MOT record; ``source`` is the path it was read from (None when built in memory)."""

    release: MotRelease
    framework: MotFramework = field(default_factory=MotFramework)
    source: str | None = None


# ---------------------------------------------------------------------------------------------------- reading


def _text(value: object, where: str) -> str | None:
    """A scalar as text (YAML may read ``1.0`` or ``2024-01-01`` as numbers or dates); None stays None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    raise InputFormatError(f"MOT record: {where} must be text, got {type(value).__name__}")


def _mapping(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InputFormatError(f"MOT record: {where} must be a mapping, got {type(value).__name__}")
    return value


def _framework(value: object) -> MotFramework:
    if value is None:
        return MotFramework()
    raw = _mapping(value, "framework")
    default = MotFramework()
    return MotFramework(
        name=_text(raw.get("name"), "framework.name") or default.name,
        version=_text(raw.get("version"), "framework.version") or default.version,
        date=_text(raw.get("date"), "framework.date") or default.date,
    )


def _licence_ref(value: object, where: str) -> MotLicenceRef | None:
    if value is None:
        return None
    raw = _mapping(value, where)
    return MotLicenceRef(name=_text(raw.get("name"), f"{where}.name"), path=_text(raw.get("path"), f"{where}.path"))


def _licences(value: object) -> MotLicences:
    if value is None:
        return MotLicences()
    raw = _mapping(value, "release.license")
    refs = {kind: _licence_ref(raw.get(kind), f"release.license.{kind}") for kind in LICENCE_KINDS}
    return MotLicences(**refs)


def _component(value: object, index: int) -> MotComponent:
    where = f"release.components[{index}]"
    raw = _mapping(value, where)
    name = _text(raw.get("name"), f"{where}.name")
    if not name:
        raise InputFormatError(f"MOT record: {where} has no name")
    try:
        cid = ComponentId(name.strip())
    except ValueError:
        raise InputFormatError(f"MOT record: unknown component name {name!r} in {where}") from None
    return MotComponent(
        name=cid,
        description=_text(raw.get("description"), f"{where}.description") or "",
        license=_text(raw.get("license"), f"{where}.license"),
        license_path=_text(raw.get("license_path"), f"{where}.license_path"),
        component_path=_text(raw.get("component_path"), f"{where}.component_path"),
    )


def _components(value: object) -> tuple[MotComponent, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise InputFormatError(f"MOT record: release.components must be a list, got {type(value).__name__}")
    return tuple(_component(item, i) for i, item in enumerate(value))


def _release(value: object) -> MotRelease:
    raw = _mapping(value, "release")
    name = _text(raw.get("name"), "release.name")
    if not name or not name.strip():
        raise InputFormatError("MOT record: release.name is missing or empty")
    texts = {key: _text(raw.get(key), f"release.{key}") for key in _RELEASE_TEXT_FIELDS}
    producer = texts.pop("producer") or ""
    return MotRelease(
        name=name,
        producer=producer,
        license=_licences(raw.get("license")),
        components=_components(raw.get("components")),
        **texts,
    )


def mot_record_from_data(data: object, source: str | None = None) -> MotRecord:
    """Build a record from already-parsed YAML/JSON data; bad shapes raise ``InputFormatError``."""
    raw = _mapping(data, "the document")
    if "release" not in raw:
        raise InputFormatError("MOT record: no 'release' block")
    return MotRecord(release=_release(raw["release"]), framework=_framework(raw.get("framework")), source=source)


def parse_mot_record(text: str, source: str | None = None) -> MotRecord:
    """Parse MOT YAML text (``yaml.safe_load``); bad input raises ``InputFormatError``."""
    try:
        data = safe_load(text)
    except yaml.YAMLError as exc:
        raise InputFormatError(f"MOT record{_at(source)}: not valid YAML ({_yaml_problem(exc)})") from None
    except RecursionError:
        raise InputFormatError(f"MOT record{_at(source)}: YAML nested too deeply") from None
    try:
        return mot_record_from_data(data, source)
    except InputFormatError as exc:
        if source is None:
            raise
        raise InputFormatError(f"{source}: {exc}") from None


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """A one-line description of a YAML error: the problem and where."""
    if isinstance(exc, yaml.MarkedYAMLError):
        problem = exc.problem or exc.context or "syntax error"
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        return f"{problem}{where}"
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def _at(source: str | None) -> str:
    return f" {source}" if source else ""


def load_mot_record(path: Path | str) -> MotRecord:
    """Read a MOT record from ``path``; unreadable files, non-UTF-8 text and bad YAML raise typed errors."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputFormatError(f"MOT record {p}: no such file") from None
    except IsADirectoryError:
        raise InputFormatError(f"MOT record {p}: is a directory") from None
    except OSError as exc:
        raise InputFormatError(f"MOT record {p}: cannot read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputFormatError(f"MOT record {p}: not UTF-8 text") from None
    return parse_mot_record(text, str(p))


# ---------------------------------------------------------------------------------------------------- writing


def mot_record_to_data(rec: MotRecord) -> dict[str, Any]:
    """The record as plain data in the MOT's key order (None fields left out)."""
    rel = rec.release
    release: dict[str, Any] = {"name": rel.name}
    for key in _RELEASE_TEXT_FIELDS:
        value = rel.producer if key == "producer" else getattr(rel, key)
        if value is not None:
            release[key] = value
    release["license"] = _licences_data(rel.license)
    release["components"] = [_component_data(c) for c in rel.components]
    framework = {"name": rec.framework.name, "version": rec.framework.version, "date": rec.framework.date}
    return {"framework": framework, "release": release}


def _licences_data(lic: MotLicences) -> dict[str, dict[str, str | None]]:
    out: dict[str, dict[str, str | None]] = {}
    for kind in LICENCE_KINDS:
        ref: MotLicenceRef | None = getattr(lic, kind)
        if ref is not None:
            out[kind] = {"name": ref.name, "path": ref.path}
    return out


def _component_data(comp: MotComponent) -> dict[str, str]:
    out = {"name": comp.name.value, "description": comp.description}
    for key in ("license", "license_path", "component_path"):
        value = getattr(comp, key)
        if value is not None:
            out[key] = value
    return out


def dump_mot_record(rec: MotRecord) -> str:
    """YAML for ``rec`` that validates against the MOT schema (``yaml.safe_dump``, key order kept).

    Non-ASCII text is written as it is, unless that would not read back the same (PyYAML writes U+0085 and
    the other Unicode line breaks unescaped, and reading folds them): then everything non-ASCII is escaped.
    """
    data = mot_record_to_data(rec)
    text: str = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=110)
    if safe_load(text) != data:
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=False, default_flow_style=False, width=110)
    return text


# ---------------------------------------------------------------------------------------------------- schema


@cache
def mot_schema() -> dict[str, Any]:
    """The MOT's JSON schema, shipped as package data."""
    text = resources.files("opengauge.data").joinpath("mot/mof_schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator() -> Any:
    import jsonschema  # type: ignore[import-untyped]  # lazily: format checkers take seconds to import

    cls = jsonschema.validators.validator_for(mot_schema(), default=jsonschema.Draft7Validator)
    return cls(mot_schema(), format_checker=cls.FORMAT_CHECKER)


def validate_mot_yaml(data: object) -> list[str]:
    """Schema errors of parsed MOT data, one string each (``path: message``); empty when valid."""
    errors = sorted(_validator().iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}" for e in errors]
