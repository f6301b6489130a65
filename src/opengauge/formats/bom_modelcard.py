"""CycloneDX parts that cyclonedx-python-lib does not model: ``modelCard`` and component ``data``.

Typed frozen dataclasses that serialise to the exact JSON shape of CycloneDX 1.6 and 1.7 (the two agree for
these objects). Empty parts are left out, never written as empty objects or lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

Json: TypeAlias = dict[str, object]


def _put(out: Json, key: str, value: object) -> None:
    if value is None or (isinstance(value, tuple | list | dict) and not value):
        return
    out[key] = value


@dataclass(frozen=True, slots=True)
class PerformanceMetric:
    """One performance metric (``modelCard.quantitativeAnalysis.performanceMetrics[]``)."""

    type: str
    value: str
    slice: str | None = None

    def to_json(self) -> Json:
        out: Json = {"type": self.type, "value": self.value}
        _put(out, "slice", self.slice)
        return out


@dataclass(frozen=True, slots=True)
class Risk:
    """An ethical consideration (``considerations.ethicalConsiderations[]``)."""

    name: str
    mitigation_strategy: str | None = None

    def to_json(self) -> Json:
        out: Json = {"name": self.name}
        _put(out, "mitigationStrategy", self.mitigation_strategy)
        return out


@dataclass(frozen=True, slots=True)
class ModelParameters:
    """``modelCard.modelParameters``; datasets are bom-refs of ``data`` components."""

    approach: str | None = None
    task: str | None = None
    architecture_family: str | None = None
    model_architecture: str | None = None
    dataset_refs: tuple[str, ...] = field(default=())
    inputs: tuple[str, ...] = field(default=())
    outputs: tuple[str, ...] = field(default=())

    def to_json(self) -> Json:
        out: Json = {}
        _put(out, "approach", {"type": self.approach} if self.approach else None)
        _put(out, "task", self.task)
        _put(out, "architectureFamily", self.architecture_family)
        _put(out, "modelArchitecture", self.model_architecture)
        _put(out, "datasets", [{"ref": ref} for ref in self.dataset_refs])
        _put(out, "inputs", [{"format": f} for f in self.inputs])
        _put(out, "outputs", [{"format": f} for f in self.outputs])
        return out


@dataclass(frozen=True, slots=True)
class Considerations:
    """``modelCard.considerations``."""

    users: tuple[str, ...] = field(default=())
    use_cases: tuple[str, ...] = field(default=())
    technical_limitations: tuple[str, ...] = field(default=())
    ethical_considerations: tuple[Risk, ...] = field(default=())

    def to_json(self) -> Json:
        out: Json = {}
        _put(out, "users", list(self.users))
        _put(out, "useCases", list(self.use_cases))
        _put(out, "technicalLimitations", list(self.technical_limitations))
        _put(out, "ethicalConsiderations", [r.to_json() for r in self.ethical_considerations])
        return out


@dataclass(frozen=True, slots=True)
class ModelCard:
    """A CycloneDX ``modelCard`` for the ``machine-learning-model`` component."""

    bom_ref: str | None = None
    parameters: ModelParameters = field(default_factory=ModelParameters)
    metrics: tuple[PerformanceMetric, ...] = field(default=())
    considerations: Considerations = field(default_factory=Considerations)

    def to_json(self) -> Json:
        out: Json = {}
        _put(out, "bom-ref", self.bom_ref)
        _put(out, "modelParameters", self.parameters.to_json())
        metrics = [m.to_json() for m in self.metrics]
        _put(out, "quantitativeAnalysis", {"performanceMetrics": metrics} if metrics else None)
        _put(out, "considerations", self.considerations.to_json())
        return out


@dataclass(frozen=True, slots=True)
class ComponentData:
    """One entry of a ``data`` component's ``data`` list."""

    type: str = "dataset"  # source-code | configuration | dataset | definition | other
    name: str | None = None
    url: str | None = None
    description: str | None = None

    def to_json(self) -> Json:
        out: Json = {"type": self.type}
        _put(out, "name", self.name)
        _put(out, "contents", {"url": self.url} if self.url else None)
        _put(out, "description", self.description)
        return out
