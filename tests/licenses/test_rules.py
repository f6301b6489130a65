from __future__ import annotations

import pytest

from opengauge.inventory.interface import LicenceDeclaration
from opengauge.licenses.engine import default_engine
from opengauge.record import ArtifactFacts, ArtifactKind, Licence, Release, Severity, SourceInfo, SourceKind
from opengauge.rules.interface import RuleContext, TextSnippet
from opengauge.rules.licence_rules import (
    RULES,
    BaseModelTermsDropped,
    ChangeableTerms,
    DeclaredTextMismatch,
    GatedAccessExtraTerms,
    OpenClaimRestrictedLicence,
    PermissiveRepoRestrictiveWeights,
    UnidentifiedDeclaredLicence,
    front_matter,
)

LLAMA_TEXT = (
    "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\nLlama 3.1 Version Release Date: July 23, 2024\n"
    "2. Additional Commercial Terms. If the licensee had more than 700 million monthly active users in the "
    "preceding calendar month, it must request a license from Meta.\n"
    "Use must follow the Acceptable Use Policy, which is hereby incorporated by reference into this Agreement."
)


def _ctx(
    *,
    licences: tuple[Licence, ...] = (),
    declarations: tuple[LicenceDeclaration, ...] = (),
    texts: tuple[TextSnippet, ...] = (),
    artifacts: tuple[ArtifactFacts, ...] = (),
) -> RuleContext:
    release = Release(name="r", sources=(SourceInfo("s1", SourceKind.LOCAL, "/tmp/r"),))
    return RuleContext(
        release=release,
        artifacts=artifacts,
        components=(),
        licences=licences,
        declarations=declarations,
        links=(),
        texts=texts,
    )


def _text_licence(text: str, location: str) -> Licence:
    return default_engine().identify_text(text, location)[0]


def _decl(value: str, name: str | None = None) -> LicenceDeclaration:
    return LicenceDeclaration(value=value, how="card-tag", location="s1:README.md", scope="", name=name)


def test_rules_are_exported_with_stable_ids_and_docs() -> None:
    ids = [r.id for r in RULES]
    assert ids == [f"OG-LIC-00{i}" for i in range(1, 10)]
    for rule in RULES:
        assert type(rule).__doc__ and rule.id in (type(rule).__doc__ or "")
        assert isinstance(rule.severity, Severity)


def test_open_source_claim_next_to_llama() -> None:
    card = TextSnippet("s1:README.md", "---\nlicense: llama3.1\n---\n# Model\n\nOur fully open-source model beats X.\n")
    lic = _text_licence(LLAMA_TEXT, "s1:LICENSE")
    found = list(OpenClaimRestrictedLicence().check(_ctx(licences=(lic,), texts=(card,))))
    assert len(found) == 1
    f = found[0]
    assert f.rule_id == "OG-LIC-001" and f.location == "s1:README.md"
    assert f.evidence and "fully open-source model beats X" in f.evidence
    assert "700 million monthly active users" in f.evidence  # the clause, quoted from the licence text


def test_no_claim_or_negated_claim_or_open_licence_gives_nothing() -> None:
    lic = _text_licence(LLAMA_TEXT, "s1:LICENSE")
    quiet = TextSnippet("s1:README.md", "A model. This is not open source. See opensource.org/licenses for more.")
    assert not list(OpenClaimRestrictedLicence().check(_ctx(licences=(lic,), texts=(quiet,))))
    claim = TextSnippet("s1:README.md", "An open-source model.")
    mit = default_engine().from_declared("mit", "s1:README.md", "card-tag")
    assert not list(OpenClaimRestrictedLicence().check(_ctx(licences=(mit,), texts=(claim,))))


def test_claim_found_through_a_declaration_alone() -> None:
    claim = TextSnippet("s1:README.md", "Gemma-based open weights release.")
    found = list(OpenClaimRestrictedLicence().check(_ctx(declarations=(_decl("gemma"),), texts=(claim,))))
    assert found and "Gemma" in found[0].message


@pytest.mark.parametrize(
    ("sentence", "claimed"),
    [
        ("This model is open source.", True),
        ("We release it as open source.", True),
        ("It is open-source.", True),
        ("It is open source!", True),
        ("The weights are open-weights.\n", True),
        ("This model is not open source.", False),
        ("It isn't open-source.", False),
        ("It isn\u2019t open source, it is source-available.", False),
        ("See opensource.org for the definition.", False),
        ("Read the Open Source Initiative's view.", False),
    ],
)
def test_plain_open_source_wording_under_a_non_commercial_licence(sentence: str, claimed: bool) -> None:
    card = TextSnippet("s1:README.md", f"---\nlicense: cc-by-nc-4.0\n---\n# Model\n\n{sentence}\n")
    ctx = _ctx(declarations=(_decl("cc-by-nc-4.0"),), texts=(card,))
    found = list(OpenClaimRestrictedLicence().check(ctx))
    assert bool(found) is claimed, found
    if claimed:
        assert found[0].evidence and sentence.strip().rstrip(".!") in found[0].evidence


def test_gated_access() -> None:
    card = TextSnippet(
        "s1:README.md",
        "---\nlicense: other\nextra_gated_prompt: You agree to share your contact details.\n"
        "extra_gated_fields:\n  Company: text\n  Country: country\n---\n# M\n",
    )
    found = list(GatedAccessExtraTerms().check(_ctx(texts=(card,))))
    assert len(found) == 1 and found[0].evidence and "contact details" in found[0].evidence
    assert "Company" in found[0].evidence
    plain = TextSnippet("s1:README.md", "---\nlicense: mit\n---\n# M\n")
    assert not list(GatedAccessExtraTerms().check(_ctx(texts=(plain,))))


def test_permissive_repo_with_restrictive_weights_licence() -> None:
    apache = default_engine().from_declared("Apache-2.0", "s1:LICENSE", "manifest")
    apache = Licence(apache.expression, apache.identified_by, 0.99, apache.family, apache.name, "s1:LICENSE")
    weights = _text_licence(LLAMA_TEXT, "s1:LICENSE-MODEL")
    found = list(PermissiveRepoRestrictiveWeights().check(_ctx(licences=(apache, weights))))
    assert len(found) == 1 and found[0].location == "s1:LICENSE-MODEL"
    # a licence file in the weights folder counts too
    nested = _text_licence(LLAMA_TEXT, "s1:weights/LICENSE")
    art = ArtifactFacts(source_id="s1", path="weights/model.safetensors", size=10, kind=ArtifactKind.WEIGHTS)
    assert list(PermissiveRepoRestrictiveWeights().check(_ctx(licences=(apache, nested), artifacts=(art,))))
    assert not list(PermissiveRepoRestrictiveWeights().check(_ctx(licences=(apache,))))


def test_fine_tune_dropping_base_terms() -> None:
    card = TextSnippet("s1:README.md", "---\nlicense: apache-2.0\nbase_model: meta-llama/Llama-3.1-8B\n---\n")
    ctx = _ctx(declarations=(_decl("apache-2.0"),), texts=(card,))
    found = list(BaseModelTermsDropped().check(ctx))
    assert len(found) == 1 and "Llama 3.1" in found[0].message
    kept = _ctx(declarations=(_decl("llama3.1"),), texts=(card,))
    assert not list(BaseModelTermsDropped().check(kept))
    free_base = TextSnippet("s1:README.md", "---\nlicense: apache-2.0\nbase_model: mistralai/Mistral-7B-v0.1\n---\n")
    assert not list(BaseModelTermsDropped().check(_ctx(declarations=(_decl("apache-2.0"),), texts=(free_base,))))


def test_declared_tag_disagrees_with_text() -> None:
    text_lic = _text_licence(LLAMA_TEXT, "s1:LICENSE")
    found = list(DeclaredTextMismatch().check(_ctx(licences=(text_lic,), declarations=(_decl("apache-2.0"),))))
    assert len(found) == 1 and "LicenseRef-Llama-3.1-Community" in found[0].message
    # version mismatch inside one family is a disagreement too
    assert list(DeclaredTextMismatch().check(_ctx(licences=(text_lic,), declarations=(_decl("llama3"),))))
    assert not list(DeclaredTextMismatch().check(_ctx(licences=(text_lic,), declarations=(_decl("llama3.1"),))))
    # `other` with no name cannot disagree; it is reported as unidentified only without text
    assert not list(DeclaredTextMismatch().check(_ctx(licences=(text_lic,), declarations=(_decl("other"),))))


def test_identical_texts_are_not_a_disagreement() -> None:
    from opengauge.licenses import spdx

    gpl = dict(spdx.licence_texts())["GPL-3.0-or-later"]
    text_lic = _text_licence(gpl, "s1:COPYING")
    assert text_lic.expression.startswith("GPL-3.0")
    decl = LicenceDeclaration("GPL-3.0-or-later", "package-metadata", "s1:pyproject.toml", "")
    assert not list(DeclaredTextMismatch().check(_ctx(licences=(text_lic,), declarations=(decl,))))


def test_changeable_terms_quotes_the_clause() -> None:
    lic = _text_licence(LLAMA_TEXT, "s1:LICENSE")
    found = list(ChangeableTerms().check(_ctx(licences=(lic,))))
    assert len(found) == 1 and found[0].evidence and "incorporated by reference" in found[0].evidence
    mit = default_engine().from_declared("mit", "s1:README.md", "card-tag")
    assert not list(ChangeableTerms().check(_ctx(licences=(mit,))))


def test_unidentified_declared_licence() -> None:
    found = list(UnidentifiedDeclaredLicence().check(_ctx(declarations=(_decl("other", name="my-terms"),))))
    assert len(found) == 1 and found[0].evidence == "license_name: my-terms"
    assert not list(UnidentifiedDeclaredLicence().check(_ctx(declarations=(_decl("mit"),))))


def test_front_matter_is_safe() -> None:
    assert front_matter("---\nlicense: mit\n---\nbody") == {"license": "mit"}
    assert front_matter("---\n!!python/object:os.system x\n---\n") == {}
    assert front_matter("no front matter") == {}
    assert front_matter("---\n- a list\n---\n") == {}


def test_front_matter_fuzz() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=200, deadline=None)
    @given(st.text(max_size=300))
    def run(body: str) -> None:
        assert isinstance(front_matter("---\n" + body + "\n---\n"), dict)
        assert isinstance(front_matter(body), dict)

    run()


def test_claim_rule_never_fails_on_odd_texts() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    lic = default_engine().from_declared("llama3.1", "s1:README.md", "card-tag")

    @settings(max_examples=100, deadline=None)
    @given(st.text(max_size=500))
    def run(body: str) -> None:
        ctx = _ctx(licences=(lic,), texts=(TextSnippet("s1:README.md", body),))
        for rule in RULES:
            for f in rule.check(ctx):
                assert f.rule_id == rule.id

    run()
