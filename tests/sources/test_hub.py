"""The Hub source against a local fake Hub, through the real huggingface_hub client (no network)."""

from __future__ import annotations

import json
import socket
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest

from opengauge.errors import SourceError
from opengauge.record import Artifact, SourceKind
from opengauge.sources import hub_http
from opengauge.sources.hub import HubSource, UnreachableLink, follow_links, is_small_file, open_hub_source
from opengauge.sources.interface import WalkProblem
from opengauge.sources.locations import LocationKind, parse_location

from .hubserver import FakeRepo, HubServer, fake_file, point_hf_at, safetensors_bytes

README = b"---\nlicense: apache-2.0\ndatasets:\n- org/data-one\nbase_model: org/base\n---\n# Tiny model\nOurs.\n"
CARD = {"license": "apache-2.0", "datasets": ["org/data-one", "not a valid id!"], "base_model": "org/base"}
GB_WEIGHTS = {"embed": ("F32", [16384, 16384])}  # 1 GiB of F32


@pytest.fixture
def hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    with HubServer() as server:
        point_hf_at(server, tmp_path, monkeypatch)
        monkeypatch.setattr(hub_http, "BACKOFF_BASE_S", 0.01)
        yield server


def tiny_repo(repo_id: str = "org/tiny", **kwargs: object) -> FakeRepo:
    files = {
        "README.md": fake_file(README),
        "config.json": fake_file(b'{"hidden_size": 16384}'),
        "LICENSE": fake_file(b"Our own short test licence text.\n"),
        "model.safetensors": safetensors_bytes(GB_WEIGHTS),
        "src/train.py": fake_file(b"print('training')\n"),
    }
    params = {"parameters": {"F32": 16384 * 16384}, "total": 16384 * 16384}
    return FakeRepo(repo_id, files, card_data=CARD, safetensors=params, tags=["license:apache-2.0"], **kwargs)  # type: ignore[arg-type]


def open_src(text: str, *, offline: bool = False, follow: bool = False, token: str | None = None) -> HubSource:
    return open_hub_source(parse_location(text), "s1", offline, follow, token)


def artifacts(src: HubSource) -> dict[str, Artifact]:
    return {a.path: a for a in src.walk() if isinstance(a, Artifact)}


def problems(src: HubSource) -> list[WalkProblem]:
    return [p for p in src.walk() if isinstance(p, WalkProblem)]


def test_walk_lists_files_from_metadata_and_records_the_commit(hub: HubServer) -> None:
    repo = hub.add(tiny_repo())
    src = open_src("hf:org/tiny")
    assert src.info.kind is SourceKind.HUB
    assert src.info.revision == repo.sha
    assert src.info.location == "hf:org/tiny"
    arts = artifacts(src)
    assert sorted(arts) == ["LICENSE", "README.md", "config.json", "model.safetensors", "src/train.py"]
    weights = arts["model.safetensors"]
    assert weights.size == repo.files["model.safetensors"].size > 1024**3
    assert weights.lfs_oid == repo.files["model.safetensors"].sha256
    assert arts["README.md"].lfs_oid is None and arts["README.md"].size == len(README)
    assert problems(src) == []
    facts = dict(src.facts())
    assert facts["hub.license"] == "apache-2.0"
    assert facts["hub.total_parameters"] == str(16384 * 16384)
    assert facts["hub.sha"] == repo.sha


def test_small_files_are_downloaded_into_the_hf_cache(hub: HubServer, tmp_path: Path) -> None:
    hub.add(tiny_repo())
    src = open_src("hf:org/tiny")
    assert src.read("README.md") == README
    assert src.read("README.md", 4, 7) == README[4:11]
    local = src.local_path("config.json")
    assert local is not None and local.is_relative_to(tmp_path / "hf" / "hub")
    assert local.read_bytes() == b'{"hidden_size": 16384}'
    assert hub.bytes_sent["org/tiny/README.md"] == len(README)  # downloaded once, then read from disk


def test_weight_header_is_read_with_range_requests_only(hub: HubServer) -> None:
    hub.add(tiny_repo())
    src = open_src("hf:org/tiny")
    head = src.read("model.safetensors", 0, 4096)  # what the inventory reads first
    (n,) = struct.unpack("<Q", src.read("model.safetensors", 0, 8))
    header = json.loads(src.read("model.safetensors", 8, n))
    assert head[:8] == struct.pack("<Q", n)
    assert header["embed"]["shape"] == [16384, 16384]
    assert src.local_path("model.safetensors") is None  # never downloaded
    assert src.read("model.safetensors", 512 * 1024 * 1024, 16) == b"\0" * 16  # a read in the middle
    size = artifacts(src)["model.safetensors"].size
    assert src.read("model.safetensors", size - 4, 100) == b"\0" * 4  # short at the end
    assert src.read("model.safetensors", size + 10, 100) == b""
    assert hub.bytes_sent["org/tiny/model.safetensors"] < 1024 * 1024
    ranges = [h.get("range") for m, p, h in hub.requests if p.endswith("model.safetensors")]
    assert ranges and all(r and r.startswith("bytes=") for r in ranges)


def test_branch_tag_and_sha_resolve_to_the_same_commit(hub: HubServer) -> None:
    repo = hub.add(tiny_repo())
    repo.refs["v1.0"] = repo.sha
    for text in ("hf:org/tiny@v1.0", f"hf:org/tiny@{repo.sha}", "https://huggingface.co/org/tiny/tree/v1.0"):
        assert open_src(text).info.revision == repo.sha


def test_missing_revision_is_a_clear_source_error(hub: HubServer) -> None:
    hub.add(tiny_repo())
    with pytest.raises(SourceError, match=r"^hf:org/tiny@nope: revision not found$"):
        open_src("hf:org/tiny@nope")


def test_unknown_repo_is_a_clear_source_error(hub: HubServer) -> None:
    with pytest.raises(SourceError, match="repository not found"):
        open_src("hf:org/missing")


def test_private_repo_needs_a_token(hub: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    hub.add(tiny_repo("org/secret", private=True, tokens=frozenset({"hf_good"})))
    with pytest.raises(SourceError, match=r"repository not found .*HF_TOKEN"):
        open_src("hf:org/secret")
    monkeypatch.setenv("HF_TOKEN", "hf_good")
    src = open_src("hf:org/secret")
    assert src.read("README.md") == README
    assert all(h.get("authorization") == "Bearer hf_good" for _, p, h in hub.requests[-2:])


def test_gated_repo_without_access_audits_public_metadata(hub: HubServer) -> None:
    hub.add(tiny_repo("org/gated", gated="manual", tokens=frozenset({"hf_ok"})))
    for token in (None, "hf_other"):  # 401 without a token, 403 with one that has no access
        src = open_src("hf:org/gated", token=token)
        rules = [p.rule_id for p in problems(src)]
        assert rules == ["OG-SRC-010", "OG-SRC-011"]
        assert "gated" in problems(src)[0].message and "approval" in problems(src)[0].message
        assert "model.safetensors" in artifacts(src)  # the file list is public
        with pytest.raises(PermissionError):
            src.read("README.md")
        assert dict(src.facts())["hub.gated"] == "manual"


def test_gated_repo_with_access_reads_files_and_still_reports_gating(hub: HubServer) -> None:
    hub.add(tiny_repo("org/gated", gated="auto", tokens=frozenset({"hf_ok"})))
    src = open_src("hf:org/gated", token="hf_ok")
    assert [p.rule_id for p in problems(src)] == ["OG-SRC-010"]
    assert src.read("README.md") == README
    assert src.read("model.safetensors", 0, 8) != b""


def test_rate_limit_is_retried_after_retry_after(hub: HubServer) -> None:
    hub.add(tiny_repo())
    hub.fail_next(429, headers={"Retry-After": "0"}, match="/api/")
    src = open_src("hf:org/tiny")
    assert src.info.revision
    assert hub.paths("GET").count("/api/models/org/tiny") == 2


def test_persistent_rate_limit_gives_up_with_a_clear_error(hub: HubServer) -> None:
    hub.add(tiny_repo())
    hub.fail_next(429, headers={"Retry-After": "0"}, match="/api/", times=50)
    with pytest.raises(SourceError, match="rate limited"):
        open_src("hf:org/tiny")
    assert hub.paths("GET").count("/api/models/org/tiny") == 4  # bounded


def test_server_error_on_a_range_read_is_retried(hub: HubServer) -> None:
    hub.add(tiny_repo())
    src = open_src("hf:org/tiny")
    hub.fail_next(503, headers={"Retry-After": "0"}, match="model.safetensors")
    assert len(src.read("model.safetensors", 0, 8)) == 8


def test_network_down_is_a_clear_source_error(hub: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{_free_port()}")
    with pytest.raises(SourceError, match="cannot reach the Hub"):
        open_src("hf:org/tiny")


def test_network_down_falls_back_to_the_cache(hub: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = hub.add(tiny_repo())
    open_src("hf:org/tiny").read("README.md")
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{_free_port()}")
    src = open_src("hf:org/tiny")
    assert src.info.revision == repo.sha
    assert any("could not be reached" in p.message for p in problems(src))
    assert src.read("README.md") == README


def test_metadata_is_cached_by_commit(hub: HubServer) -> None:
    hub.add(tiny_repo())
    open_src("hf:org/tiny")
    full_calls = [p for p in hub.paths("GET") if "/revision/" in p]
    open_src("hf:org/tiny")
    assert [p for p in hub.paths("GET") if "/revision/" in p] == full_calls  # the file list came from the cache
    assert hub.paths("GET").count("/api/models/org/tiny") == 2  # only the cheap sha look-up again


def test_a_corrupt_metadata_cache_is_ignored(hub: HubServer, tmp_path: Path) -> None:
    repo = hub.add(tiny_repo())
    open_src("hf:org/tiny")
    (cached,) = (tmp_path / "og").rglob(f"{repo.sha}.json")
    cached.write_text('{"schema": 1, "files": "not a list"')
    assert sorted(artifacts(open_src("hf:org/tiny"))) == sorted(repo.files)
    assert len([p for p in hub.paths("GET") if "/revision/" in p]) == 2  # fetched again


def test_offline_uses_the_hf_cache_and_cached_metadata(hub: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = hub.add(tiny_repo())
    online = open_src("hf:org/tiny")
    assert online.read("README.md") == README
    before = len(hub.requests)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    src = open_src("hf:org/tiny")
    assert src.info.revision == repo.sha
    assert artifacts(src) == artifacts(online)  # sizes and LFS oids from the cached metadata
    assert src.read("README.md") == README
    with pytest.raises(FileNotFoundError):
        src.read("model.safetensors", 0, 8)
    assert any(p.rule_id == "OG-SRC-012" and "not in the local cache" in p.message for p in problems(src))
    assert len(hub.requests) == before  # not one request


def test_offline_without_cache_is_a_clear_error(hub: HubServer) -> None:
    with pytest.raises(SourceError, match="not in the local Hugging Face cache"):
        open_src("hf:org/tiny", offline=True)


def test_dataset_repo(hub: HubServer) -> None:
    card = b"---\nlicense: cc-by-4.0\n---\n# Data\n"
    files = {"README.md": fake_file(card), "data/train.parquet": fake_file(b"PAR1" + b"\1" * 3000 + b"PAR1")}
    hub.add(FakeRepo("org/data-one", files, repo_type="dataset", card_data={"license": "cc-by-4.0"}))
    src = open_src("hf-dataset:org/data-one")
    assert sorted(artifacts(src)) == ["README.md", "data/train.parquet"]
    assert src.read("README.md") == card
    assert src.read("data/train.parquet", 0, 4) == b"PAR1"
    assert any(p.startswith("/datasets/org/data-one/resolve/") for p in hub.paths())


def test_follow_lists_linked_datasets_and_base_model(hub: HubServer) -> None:
    hub.add(tiny_repo())
    assert open_src("hf:org/tiny").linked_sources() == []
    linked = open_src("hf:org/tiny", follow=True).linked_sources()
    assert [(loc.kind, loc.repo_id, loc.linked_from) for loc in linked] == [
        (LocationKind.HUB_MODEL, "org/base", "s1"),
        (LocationKind.HUB_DATASET, "org/data-one", "s1"),
    ]


def test_a_linked_repo_contributes_its_card_and_licence_only(hub: HubServer) -> None:
    hub.add(tiny_repo())
    files = {
        "README.md": fake_file(b"# data\n"),
        "LICENSE.txt": fake_file(b"terms\n"),
        "data/a.parquet": fake_file(b"PAR1"),
    }
    hub.add(FakeRepo("org/data-one", files, repo_type="dataset"))
    loc = open_src("hf:org/tiny", follow=True).linked_sources()[1]
    linked = open_hub_source(loc, "s2", False, True, None)
    assert sorted(artifacts(linked)) == ["LICENSE.txt", "README.md"]
    assert linked.linked_sources() == []  # one level only


def test_follow_links_opens_linked_repos_and_reports_unreachable_ones(hub: HubServer) -> None:
    hub.add(tiny_repo())
    hub.add(FakeRepo("org/data-one", {"README.md": fake_file(b"# data\n")}, repo_type="dataset"))
    main = open_src("hf:org/tiny", follow=True)
    linked = follow_links([main], offline=False, token=None, first_number=2)
    base, data = linked
    assert isinstance(base, UnreachableLink) and base.info.id == "s2"
    (problem,) = list(base.walk())
    assert isinstance(problem, WalkProblem) and problem.rule_id == "OG-SRC-014"
    assert "linked from s1" in problem.message and "repository not found" in problem.message
    assert isinstance(data, HubSource) and data.info.id == "s3" and data.info.location == "hf-dataset:org/data-one"
    assert sorted(artifacts(data)) == ["README.md"]
    assert follow_links([open_src("hf:org/tiny")], offline=False, token=None, first_number=2) == []


def test_single_file_location(hub: HubServer) -> None:
    hub.add(tiny_repo())
    src = open_src("https://huggingface.co/org/tiny/blob/main/src/train.py")
    assert sorted(artifacts(src)) == ["train.py"]
    assert src.read("train.py", 0, 5) == b"print"


def test_subfolder_location(hub: HubServer) -> None:
    hub.add(tiny_repo())
    src = open_src("https://huggingface.co/org/tiny/tree/main/src")
    assert sorted(artifacts(src)) == ["train.py"]
    assert src.read("train.py") == b"print('training')\n"
    with pytest.raises(SourceError, match="no file or folder"):
        open_src("hf:org/tiny/nothing-here")


def test_unknown_path_and_bad_offsets(hub: HubServer) -> None:
    hub.add(tiny_repo())
    src = open_src("hf:org/tiny")
    with pytest.raises(FileNotFoundError):
        src.read("nope.bin")
    with pytest.raises(OSError):
        src.read("README.md", -1, 4)
    assert src.local_path("nope.bin") is None


@pytest.mark.parametrize(
    ("path", "size", "small"),
    [
        ("README.md", 10, True),
        ("LICENSE", 10, True),
        ("sub/config.json", 10, True),
        ("tokenizer.json", 17_000_000, False),
        ("model.safetensors", 10, False),
        ("model.gguf", 10, False),
        ("USE_POLICY", 100, True),
    ],
)
def test_small_file_rule(path: str, size: int, small: bool) -> None:
    assert is_small_file(path, size) is small


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
