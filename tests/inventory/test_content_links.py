"""Links: extraction from text, classification by kind, and the component each link is evidence for."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opengauge.inventory.content.links import MAX_LINKS, arxiv_id, classify_url, extract_links, link_evidence
from opengauge.record import ComponentId, EvidenceLevel, Link, LinkKind

TEXT = """\
# Our model
Read [the paper](https://arxiv.org/abs/2307.09288v2) and the tech report: https://example.org/report.pdf.
Data: https://huggingface.co/datasets/acme/corpus, code (https://github.com/acme/tiny).
Cite doi 10.1234/abc.def or arXiv:2101.00001.
Mirror https://doi.org/10.5281/zenodo.12345 and https://zenodo.org/records/42
Base https://huggingface.co/acme/tiny-7b, demo https://huggingface.co/spaces/acme/demo
Also https://openreview.net/forum?id=abc123 https://aclanthology.org/2023.acl-long.1/
[wiki](https://en.wikipedia.org/wiki/Foo_(bar)) <https://example.com/x>
"""


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://huggingface.co/meta-llama/Llama-3.1-8B", LinkKind.HF_MODEL),
        ("https://huggingface.co/gpt2", LinkKind.HF_MODEL),
        ("https://hf.co/datasets/allenai/dolma", LinkKind.HF_DATASET),
        ("https://huggingface.co/spaces/acme/demo", LinkKind.HF_SPACE),
        ("https://huggingface.co/papers/2307.09288", LinkKind.ARXIV),
        ("https://huggingface.co/docs/hub/index", LinkKind.OTHER),
        ("https://huggingface.co/datasets", LinkKind.OTHER),
        ("https://github.com/acme/tiny/blob/main/train.py", LinkKind.GITHUB),
        ("https://github.com/acme", LinkKind.OTHER),
        ("https://raw.githubusercontent.com/acme/tiny/main/x", LinkKind.GITHUB),
        ("https://arxiv.org/abs/2307.09288", LinkKind.ARXIV),
        ("https://arxiv.org/pdf/2307.09288v1.pdf", LinkKind.ARXIV),
        ("https://arxiv.org/abs/hep-th/9901001", LinkKind.ARXIV),
        ("https://arxiv.org/list/cs.CL/recent", LinkKind.OTHER),
        ("https://openreview.net/pdf?id=xyz", LinkKind.OPENREVIEW),
        ("https://aclanthology.org/P19-1001.pdf", LinkKind.ACL),
        ("https://www.aclweb.org/anthology/P19-1001", LinkKind.ACL),
        ("https://doi.org/10.1145/123.456", LinkKind.DOI),
        ("https://dx.doi.org/10.1145/123.456", LinkKind.DOI),
        ("https://doi.org/10.5281/zenodo.1", LinkKind.ZENODO),
        ("https://zenodo.org/records/1", LinkKind.ZENODO),
        ("https://example.com/", LinkKind.OTHER),
        ("https://[bad", LinkKind.OTHER),
    ],
)
def test_classify_url(url: str, kind: LinkKind) -> None:
    assert classify_url(url) is kind


def test_extract_every_kind() -> None:
    links = extract_links(TEXT, "s1:README.md")
    by_url = {lk.url: lk for lk in links}
    assert by_url["https://arxiv.org/abs/2307.09288v2"].text == "the paper"
    assert by_url["https://arxiv.org/abs/2307.09288v2"].line == 2
    assert by_url["https://example.org/report.pdf"].kind is LinkKind.OTHER  # trailing "." dropped
    assert "tech report" in (by_url["https://example.org/report.pdf"].text or "")
    assert by_url["https://huggingface.co/datasets/acme/corpus"].kind is LinkKind.HF_DATASET  # "," dropped
    assert by_url["https://github.com/acme/tiny"].kind is LinkKind.GITHUB  # ")." dropped
    assert by_url["https://doi.org/10.1234/abc.def"].kind is LinkKind.DOI  # bare DOI
    assert by_url["https://arxiv.org/abs/2101.00001"].kind is LinkKind.ARXIV  # arXiv: reference
    assert by_url["https://doi.org/10.5281/zenodo.12345"].kind is LinkKind.ZENODO
    assert by_url["https://zenodo.org/records/42"].kind is LinkKind.ZENODO
    assert by_url["https://huggingface.co/acme/tiny-7b"].kind is LinkKind.HF_MODEL
    assert by_url["https://huggingface.co/spaces/acme/demo"].kind is LinkKind.HF_SPACE
    assert by_url["https://openreview.net/forum?id=abc123"].kind is LinkKind.OPENREVIEW
    assert by_url["https://aclanthology.org/2023.acl-long.1/"].kind is LinkKind.ACL
    assert "https://en.wikipedia.org/wiki/Foo_(bar)" in by_url  # balanced parentheses kept
    assert "https://example.com/x" in by_url
    assert all(lk.source_path == "s1:README.md" for lk in links)
    # the DOI inside the zenodo URL is not taken twice
    assert not any(u.endswith("10.5281/zenodo.12345") and u != "https://doi.org/10.5281/zenodo.12345" for u in by_url)


def test_first_occurrence_wins() -> None:
    links = extract_links("https://github.com/a/b\n[x](https://github.com/a/b)\n", "p")
    assert len(links) == 1 and links[0].line == 1


def test_link_count_is_bounded() -> None:
    text = "\n".join(f"https://example.com/{i}" for i in range(MAX_LINKS + 50))
    assert len(extract_links(text, "p")) == MAX_LINKS


def test_evidence_per_kind() -> None:
    def comp(url: str, text: str | None = None) -> str | None:
        ev = link_evidence(Link(url, classify_url(url), "s1:README.md", 3, text))
        return ev.component if ev else None

    assert comp("https://arxiv.org/abs/2307.09288") == ComponentId.RESEARCH_PAPER.value
    assert comp("https://openreview.net/forum?id=x") == ComponentId.RESEARCH_PAPER.value
    assert comp("https://aclanthology.org/x") == ComponentId.RESEARCH_PAPER.value
    assert comp("https://doi.org/10.1/x") == ComponentId.RESEARCH_PAPER.value
    assert comp("https://arxiv.org/abs/2307.09288", "Technical Report") == ComponentId.TECHNICAL_REPORT.value
    assert comp("https://example.com/tech-report.pdf") == ComponentId.TECHNICAL_REPORT.value
    assert comp("https://huggingface.co/datasets/a/b") == ComponentId.DATASETS.value
    assert comp("https://github.com/a/b") is None
    assert comp("https://huggingface.co/a/b", "base model") is None
    assert comp("https://zenodo.org/records/1") is None
    assert comp("https://example.com/") is None


def test_evidence_is_linked_with_url_location() -> None:
    link = Link("https://arxiv.org/abs/2307.09288", LinkKind.ARXIV, "s1:README.md", 7, "paper")
    ev = link_evidence(link)
    assert ev is not None
    assert ev.level is EvidenceLevel.LINKED and ev.location == link.url and ev.extractor == "links"
    assert "s1:README.md:7" in (ev.excerpt or "")


def test_arxiv_id() -> None:
    assert arxiv_id("https://arxiv.org/pdf/2307.09288v3") == "2307.09288"
    assert arxiv_id("https://huggingface.co/papers/2401.00001") == "2401.00001"
    assert arxiv_id("https://example.com") is None


@pytest.mark.parametrize(
    "text",
    [
        "[" * 200_000,
        "[a" * 100_000,
        "http://" * 100_000,
        "[x](http://" + "a(" * 50_000,
        "10." + "1" * 200_000,
        "arxiv:" * 100_000,
        ("https://example.com/" + "x" * 3000 + " ") * 30,
    ],
)
def test_adversarial_text_is_fast(text: str) -> None:
    start = time.perf_counter()
    links = extract_links(text, "p")
    assert time.perf_counter() - start < 3
    assert all(len(lk.url) <= 2000 for lk in links)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=3000))
def test_fuzz_extract_links_never_raises(text: str) -> None:
    links = extract_links(text, "s1:x.md")
    assert len(links) <= MAX_LINKS
    for link in links:
        assert link.url.lower().startswith("http")
        assert link.line is not None and link.line >= 1
        link_evidence(link)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "https://",
                "hf.co/",
                "[a](",
                ")",
                "]",
                "(",
                "10.1234/",
                "arXiv:",
                "2307.09288",
                "datasets/",
                " ",
                "\n",
                "github.com/",
                ".",
                "x",
            ]
        ),
        max_size=60,
    )
)
def test_fuzz_link_like_fragments(parts: list[str]) -> None:
    for link in extract_links("".join(parts), "p"):
        assert isinstance(link.kind, LinkKind)
