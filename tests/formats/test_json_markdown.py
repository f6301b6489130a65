from __future__ import annotations

import json

import jsonschema
import pytest

from opengauge.formats.catalog import formatter
from opengauge.formats.interface import RenderOptions
from opengauge.formats.json import report_schema
from opengauge.record import (
    Artifact,
    ArtifactFacts,
    ArtifactKind,
    Assessment,
    AuditReport,
    ComponentId,
    ComponentResult,
    ComponentStatus,
    Criterion,
    Evidence,
    EvidenceLevel,
    Finding,
    Grade,
    IdentifiedBy,
    Licence,
    LicenceFamily,
    Release,
    Restriction,
    Severity,
    SourceInfo,
    SourceKind,
)


def sample_report() -> AuditReport:
    mit = Licence("MIT", IdentifiedBy.TEXT_EXACT, 0.99, LicenceFamily.OSI_CODE, "MIT License", "s1:LICENSE")
    llama = Licence(
        "LicenseRef-Llama-3.1-Community",
        IdentifiedBy.FINGERPRINT,
        0.95,
        LicenceFamily.RESTRICTED,
        restrictions=(Restriction("user-cap", "700 million monthly active users", None),),
    )
    comps = []
    for cid in ComponentId:
        if cid is ComponentId.TRAINING_CODE:
            ev = Evidence(cid.value, EvidenceLevel.VERIFIED, "s1:train.py", "code", "optimizer.step", 12, 0.9)
            comps.append(ComponentResult(cid.value, ComponentStatus.PRESENT, (ev,), mit, "folder", "found", True, True))
        elif cid is ComponentId.MODEL_PARAMETERS_FINAL:
            ev = Evidence(cid.value, EvidenceLevel.VERIFIED, "s1:model.safetensors", "safetensors")
            comps.append(ComponentResult(cid.value, ComponentStatus.PRESENT, (ev,), llama, "card", "x", False, False))
        else:
            comps.append(ComponentResult(cid.value, ComponentStatus.ABSENT, (), None, None, "not found"))
    mof = Assessment(
        framework="mof",
        framework_version="1.0",
        verdict="Unclassified",
        mode="evidence",
        mof_class=0,
        label="Unclassified",
        progress={"1": 0.0, "2": 0.0, "3": 16.666666666666664},
        criteria=(Criterion("Training code", "Training code", Grade.PASS, "MIT"),),
        next_steps=("Add a model card under an open content licence",),
    )
    return AuditReport(
        release=Release(
            "tiny",
            (SourceInfo("s1", SourceKind.LOCAL, "/tmp/tiny"),),
            (Artifact("s1", "train.py", 10, mtime=1.5),),
        ),
        artifacts=(
            ArtifactFacts("s1", "train.py", 10, ArtifactKind.CODE, "python", ("Training code",), (("ast", "yes"),)),
        ),
        components=tuple(comps),
        licences=(mit, llama),
        links=(),
        findings=(Finding("OG-LIC-003", Severity.HIGH, "claims open source", "s1:README.md", "open source"),),
        assessments=(mof,),
        tool_version="0.1.0",
        created="2026-11-23T00:00:00Z",
    )


def test_json_validates_against_the_published_schema() -> None:
    text = formatter("json").render(sample_report(), RenderOptions())
    data = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(report_schema())
    jsonschema.validate(data, report_schema())
    assert data["components"][4]["component"] == "Training code"
    assert data["artifacts"][0]["details"] == {"ast": "yes"}
    assert data["assessments"][0]["progress"] == {"1": 0.0, "2": 0.0, "3": 16.666667}


def test_json_layout_is_indented_with_one_line_per_file_and_link() -> None:
    from opengauge.formats.json import dumps_report, report_to_dict

    data = report_to_dict(sample_report())
    text = dumps_report(data)
    assert json.loads(text) == data
    lines = text.splitlines()
    assert lines[0] == "{" and lines[-1] == "}"
    artifact_rows = [ln for ln in lines if ln.startswith('    {"source_id": ')]
    assert len(artifact_rows) == len(data["artifacts"]) > 0
    assert '  "components": [' in lines and '      "component": "Architecture",' not in lines[:3]
    assert dumps_report({"artifacts": [], "x": {"a": "line\nbreak"}}) == (
        '{\n  "artifacts": [],\n  "x": {\n    "a": "line\\nbreak"\n  }\n}\n'
    )


def test_schema_rejects_drift() -> None:
    data = json.loads(formatter("json").render(sample_report(), RenderOptions()))
    data["components"][0]["status"] = "maybe"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, report_schema())
    data = json.loads(formatter("json").render(sample_report(), RenderOptions()))
    data["surprise"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, report_schema())


def test_markdown_has_verdicts_components_and_evidence_when_verbose() -> None:
    md = formatter("markdown").render(sample_report(), RenderOptions(verbose=True))
    assert "# Openness audit: tiny" in md
    assert "| Training code | present | MIT | yes |" in md
    assert "| Model parameters (Final) | present | LicenseRef-Llama-3.1-Community | no |" in md
    assert "- [ ] Add a model card" in md
    assert "`verified` s1:train.py (code): optimizer.step" in md
    assert "## Evidence" not in formatter("markdown").render(sample_report(), RenderOptions())


def test_unknown_format_is_a_usage_error() -> None:
    from opengauge.errors import UsageError

    with pytest.raises(UsageError, match="unknown format"):
        formatter("docx")


def test_catalog_names_match_the_formatters_and_import_lazily() -> None:
    import subprocess
    import sys

    from opengauge.formats.catalog import FORMATTERS, formatter_class

    for name in FORMATTERS:
        assert formatter_class(name).name == name
    code = "import sys, opengauge.cli; print('cyclonedx' in sys.modules, 'jsonschema' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_bom_cli_versions_match_the_formatter() -> None:
    from opengauge.cli import bom
    from opengauge.formats import cyclonedx

    assert tuple(bom.SPEC_VERSIONS) == tuple(cyclonedx.SPEC_VERSIONS)
