"""The knowledge base: data checks, and synthetic texts (written here) carrying each entry's fingerprints."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opengauge.licenses import spdx
from opengauge.licenses.engine import default_engine
from opengauge.licenses.fingerprint import quote_clause
from opengauge.licenses.kb import KbEntry, hf_tags, knowledge_base
from opengauge.record import ContentType, IdentifiedBy, LicenceFamily

FLAGS = {
    "user-cap",
    "revenue-cap",
    "non-commercial",
    "research-only",
    "use-restrictions",
    "aup-changeable",
    "naming",
    "geographic",
    "no-improving-other-models",
    "pass-through",
    "guardrail-termination",
    "remote-restriction",
    "no-derivatives",
    "hosting-restricted",
    "not-osi",
}
ENTRIES = knowledge_base().entries


def test_kb_has_a_version_and_unique_ids() -> None:
    kb = knowledge_base()
    assert kb.version
    ids = [e.id for e in ENTRIES]
    assert len(ids) == len(set(ids))
    for e in ENTRIES:
        assert e.id.startswith("LicenseRef-") or spdx.lookup(e.id) is not None, e.id
        assert e.titles, e.id
        assert all(r.flag in FLAGS for r in e.restrictions), e.id
        if e.family is LicenceFamily.RESTRICTED:
            assert e.restrictions, f"{e.id}: a restricted licence must say what it restricts"


def test_kb_has_no_long_verbatim_passages() -> None:
    for e in ENTRIES:
        for phrase in (*e.titles, *e.markers, *e.phrases, *(p for r in e.restrictions for p in r.phrases)):
            assert len(phrase.split()) <= 16, f"{e.id}: fingerprint too long: {phrase!r}"


def test_every_hf_tag_of_the_kb_is_in_the_tag_table() -> None:
    _, table = hf_tags()
    for e in ENTRIES:
        for tag in e.hf_tags:
            if tag in table:
                assert table[tag].id == e.id, tag


def _synthetic(entry: KbEntry) -> str:
    """A short text in our own words that carries the entry's fingerprints."""
    lines = [entry.titles[0].upper(), ""]
    lines += [f"Marker: {m}." for m in entry.markers]
    lines.append("This agreement sets out the terms that apply to the materials.")
    lines += [f"Section {i + 1}. The licensee acknowledges the rule on {p}." for i, p in enumerate(entry.phrases)]
    for r in entry.restrictions:
        lines += [f"Clause. You accept that {p} applies here." for p in r.phrases[:1]]
    return "\n".join(lines)


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_synthetic_fingerprint_text_is_identified(entry: KbEntry) -> None:
    found = default_engine().identify_text(_synthetic(entry), "s1:LICENSE")
    assert found, entry.id
    top = found[0]
    assert top.expression == entry.id
    assert top.identified_by is IdentifiedBy.FINGERPRINT
    assert top.family is entry.family
    assert {r.flag for r in top.restrictions} == {r.flag for r in entry.restrictions}
    for r in top.restrictions:
        spec = next(s for s in entry.restrictions if s.flag == r.flag)
        if spec.phrases:
            assert r.clause, f"{entry.id}/{r.flag}: clause not quoted"


# Hand-written look-alikes (our wording) to check that versions and variants are told apart.
LOOKALIKES = {
    "LicenseRef-Llama-2-Community": "LLAMA 2 COMMUNITY LICENSE AGREEMENT\nLlama 2 Version Release Date: July 18, 2023\n"
    "You will not use the materials to improve any other large language model.",
    "LicenseRef-Llama-3-Community": "META LLAMA 3 COMMUNITY LICENSE AGREEMENT\nMeta Llama 3 Version Release Date: "
    'April 18, 2024\nDisplay "Built with Meta Llama 3" on a related website.',
    "LicenseRef-Llama-3.1-Community": "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\nLlama 3.1 Version Release Date: "
    "July 23, 2024\nMore than 700 million monthly active users need another licence.",
    "LicenseRef-Llama-3.2-Community": "LLAMA 3.2 COMMUNITY LICENSE AGREEMENT\nLlama 3.2 Version Release Date: "
    "September 25, 2024\n",
    "LicenseRef-Llama-3.3-Community": "LLAMA 3.3 COMMUNITY LICENSE AGREEMENT\nLlama 3.3 Version Release Date: "
    "December 6, 2024\n",
    "LicenseRef-Llama-4-Community": "LLAMA 4 COMMUNITY LICENSE AGREEMENT\nLlama 4 Version Effective Date: "
    "April 5, 2025\n",
    "LicenseRef-Qwen": "Qwen LICENSE AGREEMENT\nRelease Date: September 19, 2024\nBuilt with Qwen.",
    "LicenseRef-Qwen-Research": "Qwen RESEARCH LICENSE AGREEMENT\nFor non-commercial research or evaluation "
    "purposes only.",
    "LicenseRef-Tongyi-Qianwen": "Tongyi Qianwen LICENSE AGREEMENT\nMore than 100 million monthly active users.",
    "LicenseRef-BigScience-BLOOM-RAIL-1.0": "BigScience RAIL License v1.0\ndated May 19, 2022\nUse-based "
    "restrictions apply.",
    "LicenseRef-BigScience-OpenRAIL-M": "BigScience Open RAIL-M License\ndated August 18, 2022\n",
    "LicenseRef-CreativeML-OpenRAIL-M": "CreativeML Open RAIL-M\ndated August 22, 2022\n",
    "LicenseRef-OpenRAIL-PlusPlus-M": "CreativeML Open RAIL++-M License\ndated November 24, 2022\n",
    "LicenseRef-BigCode-OpenRAIL-M-1.0": "BigCode Open RAIL-M v1 License Agreement\n",
    "LicenseRef-Gemma-Terms-of-Use": "Gemma Terms of Use\nLast modified: February 21, 2024\nSee the Gemma "
    "Prohibited Use Policy.",
    "LicenseRef-Stability-AI-Community": "STABILITY AI COMMUNITY LICENSE AGREEMENT\nLast Updated: July 5, 2024\n"
    "Annual revenue under $1,000,000.",
    "LicenseRef-Stability-AI-NC-Research-Community": "STABILITY AI NON-COMMERCIAL RESEARCH COMMUNITY LICENSE "
    "AGREEMENT\n",
}


@pytest.mark.parametrize("expected", sorted(LOOKALIKES))
def test_versions_and_variants_are_told_apart(expected: str) -> None:
    found = default_engine().identify_text(LOOKALIKES[expected], "s1:LICENSE")
    assert found and found[0].expression == expected, [f.expression for f in found]
    others = [f.expression for f in found[1:] if f.identified_by is IdentifiedBy.FINGERPRINT]
    assert not others, others


def test_readme_naming_a_licence_gives_a_low_confidence_hit() -> None:
    readme = "Weights are released under the Llama 3.1 Community License Agreement; code under MIT."
    found = default_engine().identify_text(readme, "s1:README.md")
    assert found[0].expression == "LicenseRef-Llama-3.1-Community"
    assert found[0].confidence <= 0.6


def test_open_kb_entries_need_their_title() -> None:
    # "Version 1.0" and "model materials" alone must not make a text OpenMDW (an open licence)
    text = "Version 1.0. The Model Materials are provided for research. You agree not to use them for X."
    assert all(f.expression != "OpenMDW-1.0" for f in default_engine().identify_text(text, "x"))


def test_quote_clause_is_sentence_bounded() -> None:
    text = (
        "1. Grant. You may use it.\n\n2. Additional Commercial Terms. If the licensee has more than 700 "
        "million monthly active users, it must ask for a licence. 3. Other terms follow here."
    )
    clause = quote_clause(text, "700 million monthly active users")
    assert clause == ("If the licensee has more than 700 million monthly active users, it must ask for a licence.")
    assert quote_clause(text, "not in the text") is None


def test_no_restricted_licence_is_ever_open() -> None:
    eng = default_engine()
    checked = 0
    restricted_ids = [e.id for e in ENTRIES if e.family is LicenceFamily.RESTRICTED]
    restricted_ids += [
        i.id for i in spdx.catalog().values() if "-NC" in i.id or "-ND" in i.id or i.id.startswith("C-UDA")
    ]
    for lic_id in restricted_ids:
        lic = eng.from_declared(lic_id, "x", "card-tag")
        assert lic.family is LicenceFamily.RESTRICTED, lic_id
        for ct in ContentType:
            assert eng.openness(lic, ct).open is False, (lic_id, ct)
            both = eng.from_declared(f"MIT AND {lic_id}", "x", "card-tag")
            assert eng.openness(both, ct).open is False, (lic_id, ct)
            checked += 1
    for entry in ENTRIES:
        if entry.family is LicenceFamily.RESTRICTED:
            for lic in default_engine().identify_text(_synthetic(entry), "x"):
                for ct in ContentType:
                    assert eng.openness(lic, ct).open is not True or lic.family is not LicenceFamily.RESTRICTED
    assert checked > 100


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=600), st.sampled_from(["700 million monthly active users", "acceptable use policy", "x"]))
def test_quote_clause_never_fails_and_stays_short(text: str, phrase: str) -> None:
    clause = quote_clause(text, phrase)
    assert clause is None or len(clause) <= 330
