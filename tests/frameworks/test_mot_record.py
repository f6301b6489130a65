"""The typed MOT record: loading, bad input as typed errors, YAML that validates against the schema."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from opengauge.errors import InputFormatError
from opengauge.frameworks.mot_record import (
    MotComponent,
    MotLicenceRef,
    MotLicences,
    MotRecord,
    MotRelease,
    dump_mot_record,
    load_mot_record,
    mot_record_from_data,
    parse_mot_record,
    validate_mot_yaml,
)
from opengauge.record import ComponentId, ContentType

REPO = Path(__file__).resolve().parents[2]
MOT = REPO.parent / "shared" / "anchors" / "mot"
needs_anchors = pytest.mark.skipif(
    not MOT.is_dir(), reason=f"MOT conformance anchors not found at {MOT} (a fresh clone has no ../shared)"
)
TEST_FILES = sorted((MOT / "test_data").glob("*.yml")) if MOT.is_dir() else []

OURS = """\
framework:
  name: Model Openness Framework
  version: '1.0'
  date: '2024-12-15'
release:
  name: og-test-model
  version: 7B
  date: '2026-01-02'
  type: language
  architecture: decoder
  producer: Example Lab
  contact: ''
  license:
    distribution: {name: Apache-2.0, path: LICENSE}
    data: {name: CDLA-Permissive-2.0, path: null}
  components:
    - name: Model architecture
      description: our words
      component_path: src/model.py
    - name: Model card
      description: our words
      license: unlicensed
    - name: Datasets
      description: our words
      license: ''
      license_path: data/LICENSE
"""


def _write(tmp_path: Path, text: str | bytes, name: str = "m.yml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_load_our_record(tmp_path: Path) -> None:
    rec = load_mot_record(_write(tmp_path, OURS))
    rel = rec.release
    assert rec.source == str(tmp_path / "m.yml")
    assert (rel.name, rel.version, rel.date, rel.producer) == (
        "og-test-model",
        "7B",
        "2026-01-02",
        "Example Lab",
    )
    assert rel.license.distribution == MotLicenceRef("Apache-2.0", "LICENSE")
    assert rel.license.resolve(ContentType.DATA) == "CDLA-Permissive-2.0"
    assert rel.license.resolve(ContentType.CODE) == "Apache-2.0"
    arch = rel.component(ComponentId.MODEL_ARCHITECTURE)
    assert arch is not None and arch.license is None and not arch.unlicensed
    assert arch.component_path == "src/model.py"
    card = rel.component(ComponentId.MODEL_CARD)
    data = rel.component(ComponentId.DATASETS)
    assert card is not None and card.unlicensed
    assert data is not None and data.unlicensed and data.license_path == "data/LICENSE"
    assert rel.component(ComponentId.RESEARCH_PAPER) is None


def test_round_trip_keeps_everything(tmp_path: Path) -> None:
    rec = load_mot_record(_write(tmp_path, OURS))
    text = dump_mot_record(rec)
    assert validate_mot_yaml(yaml.safe_load(text)) == []
    again = parse_mot_record(text)
    assert again == dataclasses.replace(rec, source=None)


def test_scalars_are_read_as_text(tmp_path: Path) -> None:
    text = "release:\n  name: 42\n  version: 1.5\n  date: 2026-01-02\n  producer: x\n  components: []\n"
    rec = load_mot_record(_write(tmp_path, text))
    assert (rec.release.name, rec.release.version, rec.release.date) == ("42", "1.5", "2026-01-02")
    assert rec.framework.name == "Model Openness Framework"  # framework block defaults
    assert validate_mot_yaml(yaml.safe_load(dump_mot_record(rec))) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("release: [", "not valid YAML"),
        ("- a\n- b\n", "the document must be a mapping"),
        ("just text", "the document must be a mapping"),
        ("", "the document must be a mapping"),
        ("framework: {}\n", "no 'release' block"),
        ("release: [1, 2]\n", "release must be a mapping"),
        ("release: {producer: x}\n", "release.name is missing"),
        ("release: {name: '  '}\n", "release.name is missing"),
        ("release: {name: [a]}\n", "release.name must be text"),
        ("release: {name: m, components: {a: 1}}\n", "release.components must be a list"),
        ("release: {name: m, components: [3]}\n", "release.components[0] must be a mapping"),
        ("release: {name: m, components: [{description: x}]}\n", "release.components[0] has no name"),
        ("release: {name: m, components: [{name: Weights}]}\n", "unknown component name 'Weights'"),
        ("release: {name: m, license: MIT}\n", "release.license must be a mapping"),
        ("release: {name: m, license: {code: MIT}}\n", "release.license.code must be a mapping"),
        ("release: {name: m, license: {code: {name: [MIT]}}}\n", "release.license.code.name must be text"),
        ("framework: 3\nrelease: {name: m}\n", "framework must be a mapping"),
    ],
)
def test_bad_input_is_a_one_line_typed_error(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(InputFormatError) as info:
        load_mot_record(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_unreadable_files_are_typed_errors(tmp_path: Path) -> None:
    with pytest.raises(InputFormatError, match="no such file"):
        load_mot_record(tmp_path / "missing.yml")
    with pytest.raises(InputFormatError, match="is a directory"):
        load_mot_record(tmp_path)
    with pytest.raises(InputFormatError, match="not UTF-8"):
        load_mot_record(_write(tmp_path, b"release:\n  name: \xff\xfe\n"))


def test_yaml_tags_are_not_executed(tmp_path: Path) -> None:
    text = "release: !!python/object/apply:os.system ['echo hi']\n"
    with pytest.raises(InputFormatError, match="not valid YAML"):
        load_mot_record(_write(tmp_path, text))


def test_validate_reports_schema_errors() -> None:
    assert validate_mot_yaml({"framework": {"name": "x"}}) != []
    errors = validate_mot_yaml({"framework": {"name": "Model Openness Framework", "version": "1", "date": "x"}})
    assert any("release" in e for e in errors)
    assert any(e.startswith("framework/date") for e in errors)  # format: date is checked
    bad_type = yaml.safe_load(OURS)
    bad_type["release"]["type"] = "spaceship"
    assert [e for e in validate_mot_yaml(bad_type) if e.startswith("release/type")]
    assert validate_mot_yaml(yaml.safe_load(OURS)) == []


def test_dump_of_in_memory_record_validates() -> None:
    rec = MotRecord(
        MotRelease(
            name="m",
            license=MotLicences(code=MotLicenceRef(None, None)),
            components=(MotComponent(ComponentId.INFERENCE_CODE, "d", "MIT", "LICENSE", "infer.py"),),
        )
    )
    data = yaml.safe_load(dump_mot_record(rec))
    assert validate_mot_yaml(data) == []
    assert data["release"]["components"][0]["component_path"] == "infer.py"
    assert data["release"]["license"] == {"code": {"name": None, "path": None}}


@needs_anchors
@pytest.mark.parametrize("path", TEST_FILES, ids=[p.stem for p in TEST_FILES])
def test_anchor_records_round_trip_through_the_schema(path: Path) -> None:
    original = yaml.safe_load(path.read_text("utf-8"))
    assert validate_mot_yaml(original) == []
    rec = load_mot_record(path)
    dumped = yaml.safe_load(dump_mot_record(rec))
    assert validate_mot_yaml(dumped) == []
    assert dumped == original  # nothing lost, nothing added


@needs_anchors
def test_anchor_sample_record() -> None:
    rec = load_mot_record(MOT / "schema" / "sample_model.yml")
    assert len(rec.release.components) == 17
    arch = rec.release.component(ComponentId.MODEL_ARCHITECTURE)
    assert arch is not None and arch.unlicensed
    assert rec.release.license.data == MotLicenceRef(None, None)
    assert validate_mot_yaml(yaml.safe_load(dump_mot_record(rec))) == []


# ------------------------------------------------------------------------------------------------ fuzzing

_KEYS = ["framework", "release", "name", "license", "components", "distribution", "code", "data", "document"]
_KEYS += ["path", "description", "license_path", "component_path", "producer", "version", "date"]
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=12))
_NAMES = st.one_of(st.sampled_from([c.value for c in ComponentId]), st.text(max_size=8))
_ANY = st.recursive(
    _SCALARS | _NAMES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(_KEYS), inner, max_size=6),
    max_leaves=25,
)
_REF = st.one_of(st.none(), st.fixed_dictionaries({}, optional={"name": _SCALARS, "path": _SCALARS}), _ANY)
_COMPONENT = st.fixed_dictionaries(
    {"name": _NAMES},
    optional={"description": _SCALARS, "license": _SCALARS, "license_path": _SCALARS, "component_path": _ANY},
)
_RELEASE = st.fixed_dictionaries(
    {"name": _SCALARS},
    optional={
        "producer": _SCALARS,
        "date": _SCALARS,
        "license": st.dictionaries(st.sampled_from(["distribution", "code", "data", "document"]), _REF),
        "components": st.lists(_COMPONENT, max_size=5) | _ANY,
    },
)
_DOCS = st.one_of(_ANY, st.fixed_dictionaries({"release": _RELEASE}, optional={"framework": _ANY}))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_fuzz_text_never_escapes_as_other_errors(text: str) -> None:
    try:
        parse_mot_record(text)
    except InputFormatError as exc:
        assert "\n" not in str(exc)


@settings(max_examples=200, deadline=None)
@given(_DOCS)
def test_fuzz_structures_load_or_fail_cleanly(data: object) -> None:
    try:
        rec = mot_record_from_data(data)
    except InputFormatError:
        return
    text = dump_mot_record(rec)
    assert parse_mot_record(text) == rec


def test_unicode_line_breaks_survive_a_round_trip() -> None:
    """Found by the fuzz test: PyYAML writes U+0085 raw and reads it back as a space."""
    for odd in ("\x85", "a\u2028b", "Z\u00fcrich \u2029"):
        rec = mot_record_from_data({"release": {"name": "m", "producer": odd}})
        assert parse_mot_record(dump_mot_record(rec)).release.producer == odd
    plain = dump_mot_record(mot_record_from_data({"release": {"name": "m", "producer": "Zürich"}}))
    assert "Zürich" in plain, "ordinary non-ASCII text stays readable"
