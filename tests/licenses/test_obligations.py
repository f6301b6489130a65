"""Common obligations found with their clause quoted: terms that change ("may update from time to time"),
naming ("display 'Built with X'") and notices ("include a copy of this Agreement"), in known AI licences'
texts as read and in custom licences. Every text here is a short fixture in our own words."""

from __future__ import annotations

import pytest

from opengauge.licenses.custom import CUSTOM_DUTIES_ID, CUSTOM_RESTRICTIVE_ID, DUTY_FLAGS
from opengauge.licenses.engine import default_engine
from opengauge.record import Licence, LicenceFamily, Release, SourceInfo, SourceKind
from opengauge.rules.interface import RuleContext
from opengauge.rules.licence_rules import ChangeableTerms

#: (expected id, text, {flag: words its quoted clause must contain})
KNOWN = [
    (
        "LicenseRef-Llama-3.1-Community",
        "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\nLlama 3.1 Version Release Date: July 23, 2024\n\n"
        "1. b. i. If you distribute the Llama Materials, you shall provide a copy of this Agreement with them, and "
        "prominently display \u201cBuilt with Llama\u201d on a related website.\n"
        "iv. Your use must comply with the Acceptable Use Policy, which Meta may update from time to time.\n",
        {"pass-through": "copy of this Agreement", "naming": "Built with Llama", "aup-changeable": "from time to time"},
    ),
    (
        "LicenseRef-Gemma-Terms-of-Use",
        "Gemma Terms of Use\nLast modified: February 21, 2024\n\nSection 3.1: you must give all third party "
        'recipients a copy of this Agreement, and include a Notice file stating that "Gemma is provided under and '
        'subject to the Gemma Terms of Use found at ai.google.dev/gemma/terms".\n'
        "Google may update Gemma Prohibited Use Policy from time to time.\n",
        {"pass-through": "copy of this Agreement", "aup-changeable": "from time to time"},
    ),
    (
        "LicenseRef-Qwen",
        "Qwen LICENSE AGREEMENT\nRelease Date: September 19, 2024\n\n4. Redistribution. (a) You shall give any "
        "other recipients of the Materials or derivative works a copy of this Agreement; (b) you shall keep the "
        'attribution notice within a "Notice" text file. If you use the Materials to improve an AI model, you '
        "shall prominently display \u201cBuilt with Qwen\u201d in the product documentation.\n",
        {"pass-through": "copy of this Agreement", "naming": "Built with Qwen"},
    ),
    (
        "LicenseRef-Stability-AI-Community",
        "STABILITY AI COMMUNITY LICENSE AGREEMENT\nLast Updated: July 5, 2024\n\nIf you distribute the materials "
        "you must provide a copy of this Agreement with them and prominently display \u201cPowered by Stability "
        "AI\u201d on a related website.\nOrganisations with more than $1,000,000 in annual revenue need another "
        "licence. Use must follow the Acceptable Use Policy, which may change from time to time.\n",
        {"pass-through": "copy of this Agreement", "naming": "Powered by Stability AI"},
    ),
    (
        "LicenseRef-NVIDIA-Open-Model",
        "NVIDIA OPEN MODEL LICENSE AGREEMENT\nLast Modified: June 2024\n\nRedistribution: you must give any "
        "other recipients a copy of this Agreement and include the notice \u201cLicensed by NVIDIA Corporation "
        "under the NVIDIA Open Model License\u201d. Bypassing a safety guardrail ends your rights. Use is subject "
        "to the Trustworthy AI terms.\n",
        {"pass-through": "copy of this Agreement"},
    ),
]


def _identify(text: str) -> Licence:
    found = default_engine().identify_text(text, "s1:LICENSE")
    assert found, "nothing identified"
    return found[0]


@pytest.mark.parametrize(("expected", "text", "clauses"), KNOWN, ids=[k[0] for k in KNOWN])
def test_obligations_are_quoted_from_known_licence_texts(expected: str, text: str, clauses: dict[str, str]) -> None:
    lic = _identify(text)
    assert lic.expression == expected
    quoted = {r.flag: r.clause for r in lic.restrictions}
    for flag, words in clauses.items():
        assert flag in quoted, f"{expected}: no {flag} flag"
        assert quoted[flag] and words.lower() in quoted[flag].lower(), f"{expected}/{flag}: {quoted[flag]!r}"


@pytest.mark.parametrize(
    ("sentence", "flag", "words"),
    [
        ("Acme may update this Agreement from time to time, and the new terms bind you.", "aup-changeable",
         "may update this Agreement"),
        ("Use follows the Acme policy, which we may update from time to time.", "aup-changeable",
         "may update from time to time"),
        ("Acme reserves the right to modify these terms at any time.", "aup-changeable", "modify these terms"),
        ("You must prominently display \u201cBuilt with Acme\u201d on your product page.", "naming",
         "Built with Acme"),
        ("Any model you derive must display 'Powered by Acme' in its documentation.", "naming", "Powered by Acme"),
        ("You must include a copy of this Agreement with every copy of the model you share.", "pass-through",
         "copy of this Agreement"),
    ],
)  # fmt: skip
def test_obligations_are_quoted_from_custom_licences(sentence: str, flag: str, words: str) -> None:
    text = f"ACME MODEL AGREEMENT\n\n1. Grant. Acme grants you a licence to use the model.\n2. {sentence}\n"
    lic = _identify(text)
    if flag in DUTY_FLAGS:
        # a duty (a notice, a name to display) is no restriction of use: the licence stays unknown, duty quoted
        assert lic.expression == CUSTOM_DUTIES_ID and lic.family is LicenceFamily.UNKNOWN
    else:
        assert lic.expression == CUSTOM_RESTRICTIVE_ID and lic.family is LicenceFamily.RESTRICTED
    quoted = {r.flag: r.clause for r in lic.restrictions}
    assert quoted.get(flag) and words.lower() in (quoted[flag] or "").lower(), quoted


def test_changing_terms_in_a_custom_licence_are_og_lic_006_with_the_clause() -> None:
    lic = _identify("ACME MODEL AGREEMENT\n\nAcme may update this Agreement from time to time.\n")
    ctx = RuleContext(
        release=Release(name="r", sources=(SourceInfo("s1", SourceKind.LOCAL, "/tmp/r"),)),
        artifacts=(),
        components=(),
        licences=(lic,),
        declarations=(),
        links=(),
    )
    (found,) = ChangeableTerms().check(ctx)
    assert found.evidence == '"Acme may update this Agreement from time to time."'


def test_plain_permissive_wording_is_not_an_obligation_of_this_kind() -> None:
    """Notice duties of OSI licences are worded "this License"/"this permission notice"; an unidentified text
    that only says so stays unknown (never restricted)."""
    text = "ACME NOTE\n\nThe above copyright notice and this permission notice shall be included in all copies.\n"
    assert default_engine().identify_text(text, "s1:LICENSE") == []
