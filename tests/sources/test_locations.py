"""parse_location: local paths, hf:/hf-dataset: ids and Hugging Face URLs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opengauge.errors import UsageError
from opengauge.sources.locations import Location, LocationKind, parse_location

M, D, L = LocationKind.HUB_MODEL, LocationKind.HUB_DATASET, LocationKind.LOCAL


@pytest.mark.parametrize(
    ("text", "kind", "repo_id", "revision", "path"),
    [
        ("hf:EleutherAI/pythia-70m", M, "EleutherAI/pythia-70m", None, None),
        ("hf:gpt2", M, "gpt2", None, None),
        ("hf:org/name@v1.0", M, "org/name", "v1.0", None),
        ("hf:org/name@refs/pr/3", M, "org/name", "refs/pr/3", None),
        ("hf:org/name/onnx@main", M, "org/name", "main", "onnx"),
        ("hf-model:org/name", M, "org/name", None, None),
        ("HF:org/name", M, "org/name", None, None),
        ("hf-dataset:org/data", D, "org/data", None, None),
        ("hf-dataset:squad@abc123", D, "squad", "abc123", None),
        ("hf:datasets/org/data", D, "org/data", None, None),
        ("https://huggingface.co/EleutherAI/pythia-70m", M, "EleutherAI/pythia-70m", None, None),
        ("https://huggingface.co/EleutherAI/pythia-70m/", M, "EleutherAI/pythia-70m", None, None),
        ("https://hf.co/org/name?x=1#frag", M, "org/name", None, None),
        ("https://huggingface.co/org/name/tree/step1000", M, "org/name", "step1000", None),
        ("https://huggingface.co/org/name/tree/refs%2Fpr%2F1/sub/dir", M, "org/name", "refs/pr/1", "sub/dir"),
        ("https://huggingface.co/org/name/blob/main/README.md", M, "org/name", "main", "README.md"),
        ("https://huggingface.co/org/name/resolve/main/config.json", M, "org/name", "main", "config.json"),
        ("https://huggingface.co/org/name/commit/0123abc", M, "org/name", "0123abc", None),
        ("https://huggingface.co/gpt2/tree/main", M, "gpt2", "main", None),
        ("https://huggingface.co/datasets/org/data", D, "org/data", None, None),
        ("https://huggingface.co/datasets/squad/tree/main/plain_text", D, "squad", "main", "plain_text"),
        ("https://huggingface.co/models/org/name", M, "org/name", None, None),
        ("./some/folder", L, None, None, "./some/folder"),
        ("org/name", L, None, None, "org/name"),
        ("C:\\models\\x", L, None, None, "C:\\models\\x"),
        ("  spaced/path  ", L, None, None, "spaced/path"),
    ],
)
def test_parse(text: str, kind: LocationKind, repo_id: str | None, revision: str | None, path: str | None) -> None:
    loc = parse_location(text)
    assert (loc.kind, loc.repo_id, loc.revision, loc.path) == (kind, repo_id, revision, path)
    assert loc.text == text


def test_hf_endpoint_host_is_a_hub_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:8123")
    loc = parse_location("http://127.0.0.1:8123/org/name/tree/dev")
    assert (loc.kind, loc.repo_id, loc.revision) == (M, "org/name", "dev")
    monkeypatch.delenv("HF_ENDPOINT")
    with pytest.raises(UsageError, match="unsupported location"):
        parse_location("http://127.0.0.1:8123/org/name")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty location"),
        ("hf:", "missing repository id"),
        ("hf:org/name@", "empty revision"),
        ("hf:org--x/name", "'--' and '..' are not allowed"),
        ("hf:org/na..me", "'--' and '..' are not allowed"),
        ("hf:-org/name", "invalid Hugging Face repo id"),
        ("hf:org/name.", "invalid Hugging Face repo id"),
        ("hf:org/na me", "invalid Hugging Face repo id"),
        ("hf:org/" + "x" * 97, "invalid Hugging Face repo id"),
        ("hf:org/name.git", "drop the '.git' suffix"),
        ("hf:org/name@bad rev", "invalid revision"),
        ("hf:org/name@a..b", "invalid revision"),
        ("hf:spaces/org/app", "spaces are not supported"),
        ("hf://org/name", "hf:// URIs are not supported"),
        ("https://example.com/org/name", "unsupported location"),
        ("ftp://huggingface.co/org/name", "unsupported location"),
        ("https://huggingface.co/", "no repository in URL"),
        ("https://huggingface.co/spaces/org/app", "spaces are not supported"),
        ("https://huggingface.co/org/name/discussions/3", "unsupported Hugging Face URL"),
        ("https://huggingface.co/org/name/tree", "missing revision"),
        ("https://huggingface.co/org/name/tree/main/../x", "invalid path"),
    ],
)
def test_malformed_ids_are_usage_errors(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message.replace(".", r"\.").replace("(", r"\(")):
        parse_location(text)


def test_canonical_round_trip() -> None:
    for text in ("hf:org/name@v1", "hf-dataset:org/data", "hf:org/name/sub@main", "hf:gpt2"):
        assert parse_location(text).canonical() == text
    assert Location(L, "x", path="x").canonical() == "x"


_ALNUM = "abcXYZ019_"
_segment = st.builds(
    lambda first, rest: first + "".join(rest),
    st.sampled_from(_ALNUM),
    st.lists(st.sampled_from([*_ALNUM, "-a", ".b", "_c"]), max_size=12),
).filter(lambda s: not s.endswith(".git"))
_revision = st.builds(
    lambda first, rest: first + "".join(rest),
    st.sampled_from(_ALNUM),
    st.lists(st.sampled_from([*_ALNUM, "-1", ".2", "/x"]), max_size=12),
)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_fuzz_never_raises_anything_but_usage_error(text: str) -> None:
    try:
        loc = parse_location(text)
    except UsageError as exc:
        assert "\n" not in str(exc)  # one line for the CLI
        return
    if loc.is_hub:
        assert loc.repo_id and 1 <= loc.repo_id.count("/") + 1 <= 2


@settings(max_examples=200, deadline=None)
@given(_segment, _segment, st.none() | _revision, st.booleans())
def test_fuzz_valid_ids_round_trip(org: str, name: str, revision: str | None, dataset: bool) -> None:
    prefix = "hf-dataset:" if dataset else "hf:"
    text = f"{prefix}{org}/{name}" + (f"@{revision}" if revision else "")
    loc = parse_location(text)
    assert (loc.repo_id, loc.revision) == (f"{org}/{name}", revision)
    assert loc.kind is (D if dataset else M)
    assert parse_location(loc.canonical()) == Location(loc.kind, loc.canonical(), loc.repo_id, revision)
    url = "https://huggingface.co/" + ("datasets/" if dataset else "") + f"{org}/{name}"
    assert parse_location(url).repo_id == loc.repo_id
