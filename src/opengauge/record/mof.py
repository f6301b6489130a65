"""The 17 Model Openness Framework components, spelled exactly as the Model Openness Tool spells them.

The component table itself (id, class, content type, required) is data: ``opengauge/data/mof_components.yaml``,
copied from the MOT's ``mof.settings.yml`` with its provenance recorded there.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import cache
from importlib import resources


class ContentType(enum.StrEnum):
    """The licence type a component needs: code, data (weights count as data) or document."""

    CODE = "code"
    DATA = "data"
    DOCUMENT = "document"


class ComponentId(enum.StrEnum):
    """One of the 17 MOF components; the value is the MOT's exact name."""

    MODEL_ARCHITECTURE = "Model architecture"
    MODEL_PARAMETERS_FINAL = "Model parameters (Final)"
    MODEL_PARAMETERS_INTERMEDIATE = "Model parameters (Intermediate)"
    MODEL_METADATA = "Model metadata"
    TRAINING_CODE = "Training code"
    INFERENCE_CODE = "Inference code"
    EVALUATION_CODE = "Evaluation code"
    DATA_PREPROCESSING_CODE = "Data preprocessing code"
    SUPPORTING_LIBRARIES = "Supporting libraries and tools"
    DATASETS = "Datasets"
    EVALUATION_DATA = "Evaluation data"
    EVALUATION_RESULTS = "Evaluation results"
    MODEL_CARD = "Model card"
    DATA_CARD = "Data card"
    TECHNICAL_REPORT = "Technical report"
    RESEARCH_PAPER = "Research paper"
    SAMPLE_OUTPUTS = "Sample model outputs"

    @property
    def spec(self) -> ComponentSpec:
        return component_specs()[self]

    @property
    def slug(self) -> str:
        """A short machine name, e.g. ``model-parameters-final``."""
        return self.value.lower().replace("(", "").replace(")", "").replace(" and ", " ").replace(" ", "-")


@dataclass(frozen=True, slots=True)
class ComponentSpec:
    """One row of the MOF component table."""

    id: ComponentId
    mot_id: int
    mof_class: int
    content_type: ContentType
    required: bool
    description: str


@cache
def component_specs() -> dict[ComponentId, ComponentSpec]:
    """Load the component table shipped as package data."""
    text = resources.files("opengauge.data").joinpath("mof_components.yaml").read_text("utf-8")
    from opengauge.safeyaml import safe_load  # lazily: the record itself needs no YAML

    raw = safe_load(text)
    assert isinstance(raw, dict)
    specs: dict[ComponentId, ComponentSpec] = {}
    for row in raw["components"]:
        cid = ComponentId(row["name"])
        specs[cid] = ComponentSpec(
            id=cid,
            mot_id=int(row["id"]),
            mof_class=int(row["class"]),
            content_type=ContentType(row["content_type"]),
            required=bool(row["required"]),
            description=str(row["description"]),
        )
    return specs


CLASS_LABELS: dict[int, str] = {
    0: "Unclassified",
    1: "Class I - Open Science Model",
    2: "Class II - Open Tooling Model",
    3: "Class III - Open Model",
}
