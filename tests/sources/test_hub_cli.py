"""End to end: `opengauge audit hf:org/name --format json` against the local fake Hub."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from .hubserver import FakeRepo, HubServer, fake_file, point_hf_at, safetensors_bytes

pytest.importorskip("opengauge.pipeline", reason="the audit pipeline is not there yet")
from opengauge.cli import app
from opengauge.pipeline import AuditOptions, audit_sources
from opengauge.sources.hub import follow_links, open_hub_source
from opengauge.sources.locations import parse_location

README = b"---\nlicense: apache-2.0\ndatasets:\n- org/data-one\n---\n# Tiny model\nWritten for tests.\n"


@pytest.fixture
def hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    with HubServer() as server:
        point_hf_at(server, tmp_path, monkeypatch)
        yield server


def test_followed_links_join_the_release(hub: HubServer) -> None:
    repo = _repo(hub)
    repo.card_data = {"license": "apache-2.0", "datasets": ["org/data-one"], "base_model": "org/gone"}
    data_card = b"---\nlicense: cc-by-4.0\n---\n# Data one\nOur test data.\n"
    hub.add(FakeRepo("org/data-one", {"README.md": fake_file(data_card)}, repo_type="dataset"))
    main = open_hub_source(parse_location("hf:org/tiny"), "s1", offline=False, follow=True, token=None)
    sources = [main, *follow_links([main], offline=False, token=None, first_number=2)]
    report = audit_sources(sources, AuditOptions(follow=True))
    assert [(s.id, s.location) for s in report.release.sources] == [
        ("s1", "hf:org/tiny"),
        ("s2", "hf:org/gone"),
        ("s3", "hf-dataset:org/data-one"),
    ]
    assert ("s3", "README.md") in {(a.source_id, a.path) for a in report.artifacts}
    assert any(f.rule_id == "OG-SRC-014" and "org/gone" in (f.location or "") + f.message for f in report.findings)


def _repo(hub: HubServer, repo_id: str = "org/tiny", **kwargs: object) -> FakeRepo:
    files = {
        "README.md": fake_file(README),
        "config.json": fake_file(b'{"model_type": "bert", "hidden_size": 16384}'),
        "model.safetensors": safetensors_bytes({"embed": ("F32", [16384, 16384])}),
    }
    return hub.add(FakeRepo(repo_id, files, card_data={"license": "apache-2.0"}, **kwargs))  # type: ignore[arg-type]


def test_audit_hub_repo_as_json(hub: HubServer) -> None:
    repo = _repo(hub)
    result = CliRunner().invoke(app, ["audit", "hf:org/tiny", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    (source,) = report["release"]["sources"]
    assert (source["kind"], source["location"], source["revision"]) == ("hub", "hf:org/tiny", repo.sha)
    facts = {a["path"]: a for a in report["artifacts"]}
    assert facts["README.md"]["details"]["license"] == "apache-2.0"
    assert facts["model.safetensors"]["format"] == "safetensors"
    assert facts["model.safetensors"]["details"]["parameters"] == str(16384 * 16384)
    assert hub.bytes_sent["org/tiny/model.safetensors"] < 1024 * 1024  # the 1 GiB weights were not downloaded


def test_audit_hub_repo_with_a_local_folder(hub: HubServer, tmp_path: Path) -> None:
    _repo(hub)
    code = tmp_path / "code"
    code.mkdir()
    (code / "train.py").write_text("def main():\n    return 0\n")
    result = CliRunner().invoke(app, ["audit", "hf:org/tiny", str(code), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    assert [s["kind"] for s in report["release"]["sources"]] == ["hub", "local"]
    assert {(a["source_id"], a["path"]) for a in report["artifacts"]} >= {("s1", "README.md"), ("s2", "train.py")}


def test_offline_audit_after_an_online_one(hub: HubServer) -> None:
    repo = _repo(hub)
    online = json.loads(CliRunner().invoke(app, ["audit", "hf:org/tiny", "--format", "json"]).stdout)
    before = len(hub.requests)
    result = CliRunner().invoke(app, ["audit", "hf:org/tiny", "--offline", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    offline = json.loads(result.stdout)
    assert len(hub.requests) == before  # nothing asked of the Hub
    assert offline["release"]["sources"][0]["revision"] == repo.sha
    assert offline["release"]["artifacts"] == online["release"]["artifacts"]
    weights = next(a for a in offline["artifacts"] if a["path"] == "model.safetensors")
    assert "parameters" not in weights["details"]  # never downloaded, so not readable offline
    assert any(f["rule_id"] == "OG-SRC-012" for f in offline["findings"])


@pytest.mark.parametrize(
    ("location", "message"),
    [("hf:org/missing", "repository not found"), ("hf:org/tiny@nope", "revision not found")],
)
def test_hub_errors_exit_2_with_one_line(hub: HubServer, location: str, message: str) -> None:
    _repo(hub)
    result = CliRunner().invoke(app, ["audit", location, "--format", "json"])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_gated_repo_is_audited_from_public_metadata(hub: HubServer) -> None:
    _repo(hub, "org/gated", gated="manual", tokens=frozenset({"hf_ok"}))
    result = CliRunner().invoke(app, ["audit", "hf:org/gated", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    rules = {f["rule_id"]: f for f in report["findings"]}
    assert {"OG-SRC-010", "OG-SRC-011"} <= set(rules)
    assert rules["OG-SRC-010"]["severity"] == "medium"
    osai = next(a for a in report["assessments"] if a["framework"] == "osai-index")
    weights = next(c for c in osai["criteria"] if c["id"].endswith("weights_endmodel"))
    assert weights["grade"] != "open"  # gated weights are at most partial
