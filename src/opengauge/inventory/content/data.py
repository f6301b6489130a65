"""Data files (training data or evaluation data) and data download/preparation scripts."""

from __future__ import annotations

import json
from dataclasses import replace

from opengauge.inventory.content._shared import (
    dir_parts,
    evidence,
    location,
    read_text,
    roles_of,
    sorted_details,
    stem,
    tokens,
)
from opengauge.inventory.content.code import (
    LANGUAGES,
    NAMED,
    PATH_CONFIDENCE,
    analyse_code,
    code_evidence,
    dataset_links,
    language_of,
    path_roles,
    python_details,
    syntax_finding,
)
from opengauge.inventory.content.links import extract_links
from opengauge.inventory.content.spdx_headers import spdx_declarations
from opengauge.inventory.interface import Observation, Reader
from opengauge.record import Artifact, ArtifactKind, ComponentId, Evidence, LinkOrigin
from opengauge.record.artifact import suffix_of

EXTRACTOR = "data"
DATASETS = ComponentId.DATASETS.value
EVAL_DATA = ComponentId.EVALUATION_DATA.value
PREP = ComponentId.DATA_PREPROCESSING_CODE.value
MAX_SCRIPT_URLS = 20

DATA_FOLDERS = frozenset({"data", "datasets", "dataset", "corpus", "corpora", "raw_data", "processed_data"})
EVAL_PREFIXES = ("eval", "test", "validation", "benchmark", "heldout", "judg")
EVAL_TOKENS = frozenset({"val", "valid", "dev", "bench"})
ALWAYS_DATA = {
    ".parquet": "parquet",
    ".arrow": "arrow",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".tfrecord": "tfrecord",
    ".tfrecords": "tfrecord",
    ".feather": "feather",
    ".avro": "avro",
    ".orc": "orc",
    ".csv": "csv",
    ".tsv": "tsv",
    ".lance": "lance",
}
DATA_FOLDER_ONLY = {
    ".txt": "text",
    ".json": "json",
    ".tar": "tar",
    ".zst": "zstd",
    ".gz": "gzip",
    ".xz": "xz",
    ".bz2": "bzip2",
    ".zip": "zip",
    ".npy": "npy",
    ".bin": "binary",
    ".idx": "index",
    ".jsonl.gz": "jsonl",
}
_MAGIC = {
    "parquet": (b"PAR1",),
    "arrow": (b"ARROW1", b"\xff\xff\xff\xff"),
    "zstd": (b"\x28\xb5\x2f\xfd",),
    "gzip": (b"\x1f\x8b",),
    "zip": (b"PK",),
}
_SCRIPT_PREFIXES = (
    "download_data",
    "download_dataset",
    "prepare_dataset",
    "prepare_data",
    "get_data",
    "fetch_data",
    "download_corpus",
)


#: Formats that hold datasets wherever they are (nobody ships a script's few examples as Parquet).
COLUMNAR = frozenset({"parquet", "arrow", "tfrecord", "feather", "avro", "orc", "lance"})


def _data_like(folder: str) -> bool:
    return folder in DATA_FOLDERS or folder.endswith("_data") or folder.startswith("data_")


def release_data_location(path: str) -> bool:
    """A data file where a release keeps its datasets: at the root, or under a top-level data folder."""
    dirs = dir_parts(path)
    return not dirs or _data_like(dirs[0])


def in_data_folder(path: str) -> bool:
    """Under a folder named like ``data/``, ``datasets/``, ``corpus/`` (or ``*_data``)."""
    return any(_data_like(d) for d in dir_parts(path))


def looks_like_json_lines(head: bytes) -> bool:
    """The first line is a complete JSON object and there is a second one starting with ``{``."""
    lines = head.split(b"\n", 2)
    if len(lines) < 2 or not lines[0].strip().startswith(b"{") or not lines[1].strip().startswith(b"{"):
        return False
    try:
        return isinstance(json.loads(lines[0]), dict)
    except ValueError:
        return False


def is_eval_path(path: str) -> bool:
    """Evaluation data by folder (eval/, test/, validation/, benchmark/) or file name (test*, eval*, ...)."""
    words = [*dir_parts(path), stem(path.rsplit("/", 1)[-1]).lower()]
    return any(t.startswith(EVAL_PREFIXES) or t in EVAL_TOKENS for w in words for t in tokens(w))


def schema_like(artifact: Artifact, head: bytes) -> bool:
    """JSON schemas and other single JSON resources shipped in a package's ``data/`` folder are not data."""
    return artifact.suffix == ".json" and ("schema" in artifact.name.lower() or b'"$schema"' in head[:2048])


#: Every suffix the data classifiers can say yes to (from the same tables, so they cannot drift apart).
_DATA_CONSIDERED = frozenset({*ALWAYS_DATA, *(suffix_of(s) for s in DATA_FOLDER_ONLY), ".gz", ".zst", ".json"})
_SCRIPT_CONSIDERED = frozenset(
    {
        "",
        *(s for s, lang in LANGUAGES.items() if lang in {"python", "shell"}),
        *(suffix_of(n) for n, lang in NAMED.items() if lang in {"python", "shell"}),
    }
)


def _format_of(artifact: Artifact) -> str | None:
    name = artifact.name.lower()
    if name.endswith((".jsonl.gz", ".jsonl.zst", ".json.gz")):
        return "jsonl"
    if artifact.suffix in ALWAYS_DATA:
        return ALWAYS_DATA[artifact.suffix]
    if artifact.suffix in DATA_FOLDER_ONLY and in_data_folder(artifact.path):
        return DATA_FOLDER_ONLY[artifact.suffix]
    return None


def _content_check(fmt: str, head: bytes) -> str:
    """``ok`` when the first bytes look like the format, ``mismatch`` when they do not, ``unchecked`` else."""
    if fmt in _MAGIC:
        return "ok" if head.startswith(_MAGIC[fmt]) else "mismatch"
    if fmt == "jsonl" and head[:1] == b"{":
        first = head.split(b"\n", 1)[0]
        try:
            json.loads(first)
        except ValueError:
            return "unchecked" if b"\n" not in head else "mismatch"
        return "ok"
    return "unchecked"


class DataFileClassifier:
    """Data files: columnar/record formats anywhere, text/archives/JSON under data folders."""

    name = "data"

    def considers(self, suffix: str) -> bool:
        return suffix in _DATA_CONSIDERED

    def accepts(self, artifact: Artifact, head: bytes) -> bool:
        if schema_like(artifact, head):
            return False
        if _format_of(artifact) is not None:
            return True
        return artifact.suffix == ".json" and looks_like_json_lines(head)

    def classify(self, artifact: Artifact, head: bytes, reader: Reader) -> Observation:
        fmt = _format_of(artifact) or "jsonl"
        check = _content_check(fmt, head)
        details = {"data_format": fmt, "content_check": check}
        dirs = dir_parts(artifact.path)
        if any(d in {"tests", "testing", "fixtures", "unittests"} for d in dirs):
            details["test_fixture"] = "true"
            return Observation(kind=ArtifactKind.DATA, format=fmt, details=sorted_details(details))
        confidence = 0.8 if check == "ok" else 0.6
        found: tuple[Evidence, ...]
        if is_eval_path(artifact.path):
            found = (
                evidence(
                    EVAL_DATA,
                    artifact,
                    EXTRACTOR,
                    f"{fmt} evaluation split or benchmark by its path",
                    confidence=confidence,
                ),
            )
        elif fmt in COLUMNAR or release_data_location(artifact.path):
            found = (evidence(DATASETS, artifact, EXTRACTOR, f"{fmt} data file", confidence=confidence),)
        else:
            # a small data file inside a code tree: a script's input, output or sample, not the release's dataset
            details["data_role"] = "script-data"
            found = ()
        return Observation(
            kind=ArtifactKind.DATA,
            format=fmt,
            roles=roles_of(found),
            details=sorted_details(details),
            evidence=found,
        )


def is_download_script(artifact: Artifact, head: bytes) -> bool:
    name = stem(artifact.name).lower()
    return name.startswith(_SCRIPT_PREFIXES) and language_of(artifact, head) in {"python", "shell"}


class DownloadScriptClassifier:
    """``download_data*``/``prepare_dataset*`` scripts: preprocessing code whose URLs are the datasets."""

    name = "data-script"

    def considers(self, suffix: str) -> bool:
        return suffix in _SCRIPT_CONSIDERED

    def accepts(self, artifact: Artifact, head: bytes) -> bool:
        return is_download_script(artifact, head)

    def classify(self, artifact: Artifact, head: bytes, reader: Reader) -> Observation:
        language = language_of(artifact, head) or "shell"
        facts = analyse_code(artifact, head, reader, language)
        hits = path_roles(artifact.path)
        found = code_evidence(artifact, facts, hits, "code")
        if PREP not in roles_of(found):
            found += (evidence(PREP, artifact, "code", f"data script {artifact.name}", confidence=PATH_CONFIDENCE),)
        roles = roles_of(found)
        text = read_text(reader, artifact, head)
        links = tuple(
            replace(link, origin=LinkOrigin.CODE) for link in extract_links(text, location(artifact), markdown=False)
        )
        ds_links = dataset_links(facts, location(artifact))
        details = python_details(facts, language)
        details["download_urls"] = str(len(links))
        return Observation(
            kind=ArtifactKind.CODE,
            format=language,
            roles=roles,
            details=sorted_details(details),
            evidence=found,
            links=ds_links + links,
            declarations=spdx_declarations(artifact, head),
            findings=syntax_finding(artifact, facts),
        )
