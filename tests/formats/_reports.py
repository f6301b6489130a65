"""Hand-built AuditReports for the BOM writers (all text written by us; no third-party content)."""

from __future__ import annotations

import json
import struct
from pathlib import Path

from opengauge.record import (
    Artifact,
    ArtifactFacts,
    ArtifactKind,
    AuditReport,
    ComponentId,
    ComponentResult,
    ComponentStatus,
    Evidence,
    EvidenceLevel,
    IdentifiedBy,
    Licence,
    LicenceFamily,
    Link,
    LinkKind,
    Release,
    SourceInfo,
    SourceKind,
)

CREATED = "2026-11-23T09:00:00Z"
SHA_A = "a" * 64
SHA_B = "b" * 64
HUB_REV = "0123456789ABCDEF0123456789abcdef01234567"


def lic(expression: str, family: LicenceFamily = LicenceFamily.UNKNOWN, **kw: str) -> Licence:
    return Licence(expression, IdentifiedBy.DECLARED_TAG, 0.9, family, **kw)  # type: ignore[arg-type]


def comp(
    cid: ComponentId,
    evidence: tuple[Evidence, ...] = (),
    licence: Licence | None = None,
    status: ComponentStatus = ComponentStatus.PRESENT,
) -> ComponentResult:
    return ComponentResult(cid.value, status, evidence, licence, "component" if licence else None, "test")


def ev(
    cid: ComponentId, location: str, level: EvidenceLevel = EvidenceLevel.VERIFIED, excerpt: str | None = None
) -> Evidence:
    return Evidence(cid.value, level, location, "test", excerpt)


def report(
    name: str,
    sources: tuple[SourceInfo, ...],
    artifacts: tuple[ArtifactFacts, ...],
    components: tuple[ComponentResult, ...],
    licences: tuple[Licence, ...] = (),
    links: tuple[Link, ...] = (),
    raw: tuple[Artifact, ...] = (),
) -> AuditReport:
    return AuditReport(
        release=Release(name, sources, raw),
        artifacts=artifacts,
        components=components,
        licences=licences,
        links=links,
        findings=(),
        assessments=(),
        tool_version="0.1.0",
        created=CREATED,
    )


LOCAL = (SourceInfo("s1", SourceKind.LOCAL, "/releases/model"),)


def licence_ref_release() -> AuditReport:
    """Weights under a non-SPDX licence, data under a raw (non-SPDX) tag, a mixed expression for code."""
    weights_lic = lic(
        "LicenseRef-og-test-community",
        LicenceFamily.RESTRICTED,
        name="OG Test Community Licence",
        location="https://example.org/licences/og-test-community",
    )
    data_lic = lic("og-data-terms", LicenceFamily.UNKNOWN, location="s1:data/LICENSE")
    card = ArtifactFacts(
        "s1",
        "README.md",
        900,
        ArtifactKind.MODEL_CARD,
        "markdown",
        details=(
            ("architectures", "OgForCausalLM"),
            ("ethical_risk", "May produce confident wrong answers"),
            ("intended_use", "Research on small language models"),
            ("limitation", "English only"),
            ("model_type", "og-decoder"),
            ("pipeline_tag", "text-generation"),
        ),
    )
    weights = ArtifactFacts("s1", "model.safetensors", 4096, ArtifactKind.WEIGHTS, "safetensors", sha256=SHA_A)
    data = ArtifactFacts("s1", "data/train.jsonl", 2048, ArtifactKind.DATA, "jsonl")
    return report(
        "og-test-restricted",
        LOCAL,
        (card, weights, data),
        (
            comp(
                ComponentId.MODEL_PARAMETERS_FINAL,
                (ev(ComponentId.MODEL_PARAMETERS_FINAL, "s1:model.safetensors"),),
                weights_lic,
            ),
            comp(ComponentId.DATASETS, (ev(ComponentId.DATASETS, "s1:data/train.jsonl"),), data_lic),
            comp(ComponentId.INFERENCE_CODE, (), lic("MIT AND LicenseRef-og-extra"), ComponentStatus.PRESENT),
        ),
        licences=(weights_lic, data_lic),
    )


def unlicensed_release() -> AuditReport:
    """No licence anywhere, no card facts, one weights file without a digest."""
    weights = ArtifactFacts("s1", "weights/model.gguf", 10, ArtifactKind.WEIGHTS, "gguf")
    return report(
        "og-test-unlicensed",
        LOCAL,
        (weights,),
        (
            comp(
                ComponentId.MODEL_PARAMETERS_FINAL,
                (ev(ComponentId.MODEL_PARAMETERS_FINAL, "s1:weights/model.gguf"),),
            ),
            comp(ComponentId.DATASETS, (), None, ComponentStatus.ABSENT),
        ),
    )


def several_datasets_release() -> AuditReport:
    """Apache-2.0 weights, local data under CC-BY-4.0, Hub dataset links, a declared set and an eval set."""
    data_lic = lic("CC-BY-4.0", LicenceFamily.OPEN_DATA, location="s1:data/LICENSE")
    weights_lic = lic("Apache-2.0", LicenceFamily.OSI_CODE, location="s1:LICENSE")
    card = ArtifactFacts(
        "s1",
        "README.md",
        500,
        ArtifactKind.MODEL_CARD,
        "markdown",
        details=(
            ("learning_approach", "self-supervised"),
            ("pipeline_tag", "fill-mask"),
            ("version", "1.2.0"),
        ),
    )
    evals = ArtifactFacts(
        "s1",
        "eval/results.json",
        300,
        ArtifactKind.EVAL_RESULTS,
        "json",
        details=(("metric:accuracy", "0.812"), ("metric:f1@test-clean", "0.77")),
    )
    weights = ArtifactFacts("s1", "model.safetensors", 4096, ArtifactKind.WEIGHTS, "safetensors", sha256=SHA_B)
    datasets = comp(
        ComponentId.DATASETS,
        (
            ev(ComponentId.DATASETS, "s1:data/corpus"),
            ev(
                ComponentId.DATASETS,
                "https://huggingface.co/datasets/og-org/og-web-text",
                EvidenceLevel.LINKED,
            ),
            ev(ComponentId.DATASETS, "s1:README.md", EvidenceLevel.DECLARED, "og-org/og-books"),
        ),
        data_lic,
    )
    evaluation = comp(
        ComponentId.EVALUATION_DATA,
        (ev(ComponentId.EVALUATION_DATA, "https://example.org/og-bench.zip", EvidenceLevel.LINKED),),
    )
    links = (
        Link("https://huggingface.co/datasets/og-org/og-extra", LinkKind.HF_DATASET, "s1:README.md", 12),
        Link("https://github.com/og-org/og-train", LinkKind.GITHUB, "s1:README.md", 3),
        Link("https://arxiv.org/abs/2601.00001", LinkKind.ARXIV, "s1:README.md", 4),
    )
    return report(
        "og-test-datasets",
        LOCAL,
        (card, evals, weights),
        (
            comp(
                ComponentId.MODEL_PARAMETERS_FINAL,
                (ev(ComponentId.MODEL_PARAMETERS_FINAL, "s1:model.safetensors"),),
                weights_lic,
            ),
            datasets,
            evaluation,
        ),
        licences=(weights_lic, data_lic),
        links=links,
    )


def hub_release() -> AuditReport:
    """A Hub repo with a revision, base-model lineage, LFS digests and an MIT licence."""
    hub = (SourceInfo("s1", SourceKind.HUB, "hf:og-org/og-tiny-chat", HUB_REV),)
    mit = lic("MIT", LicenceFamily.OSI_CODE, location="s1:README.md")
    card = ArtifactFacts(
        "s1",
        "README.md",
        700,
        ArtifactKind.MODEL_CARD,
        "markdown",
        details=(
            ("base_model", "og-org/og-tiny, https://huggingface.co/og-org/og-tiny-extra"),
            ("pipeline_tag", "text-generation"),
        ),
    )
    config = ArtifactFacts(
        "s1",
        "config.json",
        200,
        ArtifactKind.CONFIG,
        "json",
        details=(("architectures", "OgForCausalLM"), ("model_type", "og")),
    )
    shards = tuple(
        ArtifactFacts("s1", f"model-0000{i}-of-00002.safetensors", 1 << 20, ArtifactKind.WEIGHTS, "safetensors")
        for i in (1, 2)
    )
    raw = tuple(
        Artifact("s1", s.path, 135, lfs_oid=(SHA_A if i == 0 else SHA_B), lfs_size=1 << 20)
        for i, s in enumerate(shards)
    )
    return report(
        "og-org/og-tiny-chat",
        hub,
        (card, config, *shards),
        (
            comp(
                ComponentId.MODEL_PARAMETERS_FINAL,
                tuple(ev(ComponentId.MODEL_PARAMETERS_FINAL, f"s1:{s.path}") for s in shards),
                mit,
            ),
        ),
        licences=(mit,),
        raw=raw,
    )


ALL = {
    "licence-ref": licence_ref_release,
    "unlicensed": unlicensed_release,
    "several-datasets": several_datasets_release,
    "hub": hub_release,
}


def write_release(root: Path) -> Path:
    """A small release folder written by us: a card with front matter, a config and a safetensors file."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "README.md").write_text(
        "---\nlicense: apache-2.0\npipeline_tag: text-generation\nbase_model: og-org/og-base\n"
        "datasets:\n- og-org/og-corpus\n---\n# OG tiny\nA test model card written for opengauge's tests.\n",
        encoding="utf-8",
    )
    (root / "config.json").write_text('{"architectures": ["OgForCausalLM"], "model_type": "og"}', encoding="utf-8")
    header = json.dumps({"w": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}).encode()
    (root / "model.safetensors").write_bytes(struct.pack("<Q", len(header)) + header + bytes(8))
    return root
