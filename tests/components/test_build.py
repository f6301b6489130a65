from __future__ import annotations

from opengauge.components.build import DeclaredComponent, build_components
from opengauge.components.licensing import LicenceFile, LicenceIndex, ResolvedLicence, release_licence
from opengauge.inventory.interface import LicenceDeclaration
from opengauge.record import (
    ComponentId,
    ComponentStatus,
    Evidence,
    EvidenceLevel,
    IdentifiedBy,
    Licence,
    LicenceFamily,
)

from .fake_engine import FakeEngine

ENGINE = FakeEngine()


def lic(expr: str, fam: LicenceFamily, where: str = "s1:LICENSE") -> Licence:
    return Licence(expr, IdentifiedBy.TEXT_EXACT, 1.0, fam, location=where)


def ev(cid: ComponentId, level: EvidenceLevel, location: str) -> Evidence:
    return Evidence(component=cid.value, level=level, location=location, extractor="test")


def index(files=(), declared=(), release=None) -> LicenceIndex:
    return LicenceIndex(files=tuple(files), declared=tuple(declared), release=release)


def by_name(results):
    return {r.component: r for r in results}


def test_all_seventeen_components_in_mof_order_and_absent_is_not_unknown() -> None:
    results = build_components([], index(), ENGINE)
    assert [r.component for r in results] == [c.value for c in ComponentId]
    assert {r.status for r in results} == {ComponentStatus.ABSENT}
    unknown = build_components([], index(), ENGINE, incomplete=True)
    assert {r.status for r in unknown} == {ComponentStatus.UNKNOWN}


def test_nearest_licence_file_up_the_tree_wins() -> None:
    files = [
        LicenceFile("s1", "LICENSE", "", None, lic("MIT", LicenceFamily.OSI_CODE)),
        LicenceFile("s1", "vendor/LICENSE", "vendor", None, lic("Apache-2.0", LicenceFamily.OSI_CODE)),
    ]
    evidence = [
        ev(ComponentId.TRAINING_CODE, EvidenceLevel.VERIFIED, "s1:train.py"),
        ev(ComponentId.SUPPORTING_LIBRARIES, EvidenceLevel.VERIFIED, "s1:vendor/lib/x.py"),
    ]
    r = by_name(build_components(evidence, index(files), ENGINE))
    train = r[ComponentId.TRAINING_CODE.value]
    assert train.status is ComponentStatus.PRESENT
    assert train.licence is not None and train.licence.expression == "MIT"
    assert train.licence_scope == "folder" and train.open_licence is True and train.licence_appropriate is True
    assert r[ComponentId.SUPPORTING_LIBRARIES.value].licence.expression == "Apache-2.0"


def test_spdx_header_beats_folder_licence() -> None:
    files = [LicenceFile("s1", "LICENSE", "", None, lic("MIT", LicenceFamily.OSI_CODE))]
    decl = LicenceDeclaration("Apache-2.0", "spdx-header", "s1:model.py:1", "s1:")
    declared = [(decl, ENGINE.from_declared("Apache-2.0", decl.location, decl.how))]
    evidence = [ev(ComponentId.MODEL_ARCHITECTURE, EvidenceLevel.VERIFIED, "s1:model.py")]
    r = by_name(build_components(evidence, index(files, declared), ENGINE))
    arch = r[ComponentId.MODEL_ARCHITECTURE.value]
    assert arch.licence.expression == "Apache-2.0" and arch.licence_scope == "file"


def test_weights_prefer_model_licence_and_card_tag_applies_in_its_folder() -> None:
    files = [
        LicenceFile("s2", "LICENSE", "", None, lic("Apache-2.0", LicenceFamily.OSI_CODE)),
        LicenceFile("s2", "LICENSE-MODEL", "", "weights", lic("LicenseRef-llama", LicenceFamily.RESTRICTED)),
    ]
    evidence = [ev(ComponentId.MODEL_PARAMETERS_FINAL, EvidenceLevel.VERIFIED, "s2:model.safetensors")]
    r = by_name(build_components(evidence, index(files), ENGINE))
    weights = r[ComponentId.MODEL_PARAMETERS_FINAL.value]
    assert weights.licence.expression == "LicenseRef-llama" and weights.open_licence is False

    decl = LicenceDeclaration("CDLA-Permissive-2.0", "card-tag", "s3:README.md", "s3:")
    declared = [(decl, ENGINE.from_declared(decl.value, decl.location, decl.how))]
    evidence = [ev(ComponentId.MODEL_PARAMETERS_FINAL, EvidenceLevel.VERIFIED, "s3:w/model.safetensors")]
    r = by_name(build_components(evidence, index((), declared), ENGINE))
    assert r[ComponentId.MODEL_PARAMETERS_FINAL.value].licence_scope == "card"


def test_unknown_licence_is_not_open_and_no_licence_is_closed() -> None:
    unknown = Licence("NOASSERTION", IdentifiedBy.NONE, 0.0, LicenceFamily.UNKNOWN, location="s1:LICENSE")
    files = [LicenceFile("s1", "LICENSE", "", None, unknown)]
    evidence = [ev(ComponentId.TRAINING_CODE, EvidenceLevel.VERIFIED, "s1:train.py")]
    r = by_name(build_components(evidence, index(files), ENGINE))
    assert r[ComponentId.TRAINING_CODE.value].open_licence is None
    r = by_name(build_components(evidence, index(), ENGINE))
    assert r[ComponentId.TRAINING_CODE.value].licence is None
    assert r[ComponentId.TRAINING_CODE.value].open_licence is False


def test_levels_give_status_and_strongest_evidence_first() -> None:
    evidence = [
        ev(ComponentId.RESEARCH_PAPER, EvidenceLevel.LINKED, "https://arxiv.org/abs/2401.00001"),
        ev(ComponentId.DATASETS, EvidenceLevel.DECLARED, "s1:README.md"),
        ev(ComponentId.DATASETS, EvidenceLevel.LINKED, "https://huggingface.co/datasets/x/y"),
    ]
    rel = ResolvedLicence(lic("MIT", LicenceFamily.OSI_CODE), "release")
    r = by_name(build_components(evidence, index(release=rel), ENGINE))
    paper = r[ComponentId.RESEARCH_PAPER.value]
    assert paper.status is ComponentStatus.LINKED
    assert r[ComponentId.DATASETS.value].status is ComponentStatus.LINKED
    assert r[ComponentId.DATASETS.value].evidence[0].level is EvidenceLevel.LINKED


def test_manifest_declared_component_carries_its_licence() -> None:
    d = DeclaredComponent(ComponentId.DATA_CARD, "s1:mof.yaml", lic("CC-BY-4.0", LicenceFamily.OPEN_CONTENT))
    r = by_name(build_components([], index(), ENGINE, declared=[d]))
    card = r[ComponentId.DATA_CARD.value]
    assert card.status is ComponentStatus.DECLARED
    assert card.licence_scope == "manifest" and card.open_licence is True


def test_release_licence_prefers_first_source_root_then_manifest() -> None:
    files = [
        LicenceFile("s2", "LICENSE", "", None, lic("Apache-2.0", LicenceFamily.OSI_CODE)),
        LicenceFile("s1", "sub/LICENSE", "sub", None, lic("MIT", LicenceFamily.OSI_CODE)),
    ]
    found = release_licence(files, [], ["s1", "s2"])
    assert found is not None and found.licence.expression == "Apache-2.0"
    decl = LicenceDeclaration("MIT", "manifest", "s1:mof.yaml", "")
    declared = [(decl, ENGINE.from_declared("MIT", decl.location, decl.how))]
    assert release_licence(files, declared, ["s2"]).scope == "release"
    found = release_licence(files, declared, ["s1"])
    assert found is not None and found.scope == "manifest"
