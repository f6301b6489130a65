"""Data files and download scripts."""

from __future__ import annotations

from opengauge.inventory.content.data import in_data_folder, is_eval_path, looks_like_json_lines
from opengauge.record import ArtifactKind, ComponentId, EvidenceLevel
from tests.inventory.content_support import classify, details, linked_evidence, pick

DATASETS = ComponentId.DATASETS.value
EVAL_DATA = ComponentId.EVALUATION_DATA.value


def test_parquet_checked_by_magic() -> None:
    name, obs = classify("train-00000.parquet", b"PAR1" + b"\x00" * 10)
    assert name == "data" and obs.kind is ArtifactKind.DATA and obs.format == "parquet"
    assert obs.roles == (DATASETS,) and details(obs)["content_check"] == "ok"
    assert obs.evidence[0].confidence == 0.8
    _, fake = classify("x.parquet", b"hello")
    assert details(fake)["content_check"] == "mismatch" and fake.evidence[0].confidence == 0.6


def test_jsonl_csv_and_eval_splits() -> None:
    _, jsonl = classify("corpus/part1.jsonl", '{"text": "a"}\n{"text": "b"}\n')
    assert jsonl.roles == (DATASETS,) and details(jsonl)["content_check"] == "ok"
    assert classify("test.jsonl", '{"q": 1}\n')[1].roles == (EVAL_DATA,)
    assert classify("data/validation/x.csv", "a,b\n")[1].roles == (EVAL_DATA,)
    assert classify("benchmark/mmlu.tsv", "a\tb\n")[1].roles == (EVAL_DATA,)
    assert classify("data/train.csv", "a,b\n")[1].roles == (DATASETS,)


def test_text_and_archives_only_under_data_folders() -> None:
    assert pick("data/shard-000.txt", "hello") == "data"
    assert pick("data/shard-000.tar", b"x") == "data"
    assert pick("corpus_data/part.zst", b"\x28\xb5\x2f\xfd") == "data"
    assert pick("notes.txt", "hello") == "document"


def test_test_fixtures_have_no_role() -> None:
    _, obs = classify("tests/fixtures/sample.csv", "a,b\n")
    assert obs.kind is ArtifactKind.DATA and obs.roles == () and details(obs)["test_fixture"] == "true"


def test_helpers() -> None:
    assert in_data_folder("data/x/y.json") and in_data_folder("raw_data/y.json")
    assert not in_data_folder("metadata.json")
    assert is_eval_path("eval/x.jsonl") and is_eval_path("dev.csv") and is_eval_path("x/test-00001.parquet")
    assert not is_eval_path("train.csv") and not is_eval_path("device_data.csv")
    assert looks_like_json_lines(b'{"a": 1}\n{"a": 2}\n')
    assert not looks_like_json_lines(b'{"a": 1,\n "b": 2}\n')
    assert not looks_like_json_lines(b"")


def test_download_script_python() -> None:
    src = (
        "import urllib.request\n"
        "URL = 'https://example.org/corpus.tar.gz'\n"
        "urllib.request.urlretrieve(URL, 'corpus.tar.gz')\n"
        "# see https://huggingface.co/datasets/acme/corpus\n"
    )
    name, obs = classify("scripts/download_data.py", src)
    assert name == "data-script" and obs.kind is ArtifactKind.CODE
    assert obs.roles == (ComponentId.DATA_PREPROCESSING_CODE.value,)
    assert not any(e.level is EvidenceLevel.LINKED for e in obs.evidence)  # the linking stage decides
    linked = {e.location: e.component for e in linked_evidence("scripts/download_data.py", obs)}
    assert linked == {
        "https://example.org/corpus.tar.gz": DATASETS,
        "https://huggingface.co/datasets/acme/corpus": DATASETS,
    }
    assert details(obs)["download_urls"] == "2"


def test_download_script_shell_without_urls() -> None:
    name, obs = classify("prepare_dataset.sh", "#!/bin/sh\npython tokenize.py\n")
    assert name == "data-script"
    assert obs.roles == (ComponentId.DATA_PREPROCESSING_CODE.value,)
    assert not any(e.level is EvidenceLevel.LINKED for e in obs.evidence)
