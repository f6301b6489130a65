"""OG-LIC-008 (the card's tag vs the licence of the weights it describes) and OG-LIC-009 (terms inherited from
a restricted base model), on releases the tests build (texts written by us)."""

from __future__ import annotations

from pathlib import Path

import pytest

from opengauge.inventory.interface import LicenceDeclaration
from opengauge.pipeline import AuditOptions, audit
from opengauge.record import Finding, Release, Severity, SourceInfo, SourceKind
from opengauge.rules.interface import RuleContext, TextSnippet
from opengauge.rules.licence_rules import BaseModelTermsDropped, InheritedBaseModelTerms
from tests.licenses.test_rules import LLAMA_TEXT
from tests.releases import MIT_TEXT

OPEN_WEIGHTS_TEXT = (
    "OpenMDW License Agreement, version 1.0\n\nThe Model Materials may be used, modified and shared by anyone, "
    "for any purpose, under the conditions below.\n"
)


def _release(root: Path, card_tag: str, files: dict[str, str]) -> Path:
    root.mkdir()
    (root / "README.md").write_text(f"---\nlicense: {card_tag}\n---\n# Tiny model\n\nWeights and code.\n")
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def _findings(root: Path, rule: str) -> list[Finding]:
    return [f for f in audit([str(root)], AuditOptions(scan=False)).findings if f.rule_id == rule]


def test_card_tag_disagreeing_with_the_weights_licence_file(tmp_path: Path) -> None:
    """The card says MIT, the repository's LICENSE is MIT (so OG-LIC-005 is quiet), the weights are under
    LICENSE-MODEL: a Llama licence."""
    root = _release(
        tmp_path / "r",
        "mit",
        {"LICENSE": MIT_TEXT, "LICENSE-MODEL": LLAMA_TEXT, "model.safetensors": "x", "train.py": "print(1)\n"},
    )
    (found,) = _findings(root, "OG-LIC-008")
    assert found.severity is Severity.HIGH  # the tag is open, the weights' licence is not
    assert found.location == "s1:README.md" and "LicenseRef-Llama-3.1-Community" in found.message
    assert found.evidence and "s1:LICENSE-MODEL" in found.evidence and "s1:model.safetensors" in found.evidence
    assert not _findings(root, "OG-LIC-005")


def test_weights_in_a_folder_with_their_own_open_but_different_licence(tmp_path: Path) -> None:
    root = _release(
        tmp_path / "r",
        "mit",
        {"LICENSE": MIT_TEXT, "weights/LICENSE": OPEN_WEIGHTS_TEXT, "weights/model.safetensors": "x"},
    )
    (found,) = _findings(root, "OG-LIC-008")
    assert found.severity is Severity.MEDIUM and "OpenMDW-1.0" in found.message


@pytest.mark.parametrize(
    ("tag", "files"),
    [
        ("mit", {"LICENSE": MIT_TEXT, "model.safetensors": "x"}),  # weights under the card's licence
        ("llama3.1", {"LICENSE": MIT_TEXT, "LICENSE-MODEL": LLAMA_TEXT, "model.safetensors": "x"}),
        ("mit", {"LICENSE": MIT_TEXT, "docs/LICENSE": LLAMA_TEXT, "model.safetensors": "x"}),  # not the weights'
    ],
)
def test_no_disagreement_no_finding(tag: str, files: dict[str, str], tmp_path: Path) -> None:
    assert not _findings(_release(tmp_path / "r", tag, files), "OG-LIC-008")


# ---------------------------------------------------------------------------------------------- OG-LIC-009


def _ctx(
    texts: tuple[TextSnippet, ...], declarations: tuple[LicenceDeclaration, ...] = (), follow: bool = False
) -> RuleContext:
    sources = [SourceInfo("s1", SourceKind.LOCAL, "/tmp/r")]
    if follow:
        sources.append(SourceInfo("s2", SourceKind.HUB, "hf:example-org/base-7b", "abc", linked_from="s1"))
    return RuleContext(
        release=Release(name="r", sources=tuple(sources)),
        artifacts=(),
        components=(),
        licences=(),
        declarations=declarations,
        links=(),
        texts=texts,
    )


def _tag(value: str, where: str = "s1:README.md") -> LicenceDeclaration:
    return LicenceDeclaration(value=value, how="card-tag", location=where, scope="")


def _card(base: str, tag: str, where: str = "s1:README.md") -> TextSnippet:
    return TextSnippet(where, f"---\nlicense: {tag}\nbase_model: {base}\n---\n# Fine-tune\n")


def test_a_llama_base_passes_its_terms_on() -> None:
    card = _card("meta-llama/Llama-3.1-8B-Instruct", "llama3.1")
    (found,) = InheritedBaseModelTerms().check(_ctx((card,), (_tag("llama3.1"),)))
    assert found.rule_id == "OG-LIC-009" and found.location == "s1:README.md"
    assert "meta-llama/Llama-3.1-8B-Instruct" in found.message and "LicenseRef-Llama-3.1-Community" in found.message
    for flag in ("user-cap", "naming", "use-restrictions", "pass-through"):
        assert flag in found.message
    assert found.evidence and "Built with Llama" in found.evidence and "700 million" in found.evidence


def test_relabelled_fine_tune_is_og_lic_004_not_both() -> None:
    card = _card("meta-llama/Llama-3.1-8B", "apache-2.0")
    ctx = _ctx((card,), (_tag("apache-2.0"),))
    assert [f.rule_id for f in BaseModelTermsDropped().check(ctx)] == ["OG-LIC-004"]
    assert not list(InheritedBaseModelTerms().check(ctx))


def test_the_base_licence_from_a_followed_card() -> None:
    card = _card("example-org/base-7b", "apache-2.0")
    base_card = TextSnippet("s2:README.md", "---\nlicense: cc-by-nc-4.0\n---\n# Base\n")
    decls = (_tag("apache-2.0"), _tag("cc-by-nc-4.0", "s2:README.md"))
    (found,) = InheritedBaseModelTerms().check(_ctx((card, base_card), decls, follow=True))
    assert "CC-BY-NC-4.0" in found.message and "non-commercial" in found.message
    assert found.evidence and "the base model's own card (s2:README.md)" in found.evidence


@pytest.mark.parametrize(
    ("base", "base_tag", "follow"),
    [
        ("example-org/base-7b", "apache-2.0", True),  # an open base (no pass-through): nothing inherited
        ("example-org/unknown-7b", "", False),  # neither known nor followed
        ("mistralai/Mistral-7B-v0.1", "", False),
    ],
)
def test_open_or_unknown_bases_give_nothing(base: str, base_tag: str, follow: bool) -> None:
    base_card = TextSnippet("s2:README.md", f"---\nlicense: {base_tag}\n---\n")
    texts = (_card(base, "mit"),) + ((base_card,) if follow else ())
    decls = (_tag("mit"),) + ((_tag(base_tag, "s2:README.md"),) if follow else ())
    assert not list(InheritedBaseModelTerms().check(_ctx(texts, decls, follow=follow)))
