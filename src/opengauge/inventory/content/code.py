"""Source code: which MOF code components a file is (training, inference, evaluation, preprocessing,
architecture, supporting library), from its path and, for Python, its syntax tree. Package metadata
(``pyproject.toml``, ``setup.cfg``, ``setup.py``) also names the package's licence."""

from __future__ import annotations

import configparser
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from opengauge.inventory.content._shared import (
    dir_parts,
    evidence,
    finding,
    folder_scope,
    location,
    read_text,
    roles_of,
    sorted_details,
    stem,
    tokens,
)
from opengauge.inventory.content.links import code_urls
from opengauge.inventory.content.python_analysis import (
    ARCH,
    EVAL,
    INFER,
    LIBS,
    MAX_SOURCE,
    NOTABLE_IMPORTS,
    PREP,
    TRAIN,
    PythonFacts,
    analyse_python,
)
from opengauge.inventory.content.spdx_headers import spdx_declarations
from opengauge.inventory.interface import LicenceDeclaration, Observation, Reader
from opengauge.record import (
    Artifact,
    ArtifactKind,
    Evidence,
    Finding,
    Link,
    LinkKind,
    LinkOrigin,
)

EXTRACTOR = "code"
AST_CONFIDENCE = 0.9
PATH_CONFIDENCE = 0.6
SYNTAX_RULE = "OG-INV-010"
METADATA_RULE = "OG-INV-015"

LANGUAGES: dict[str, str] = {
    ".py": "python",
    ".pyx": "cython",
    ".sh": "shell",
    ".bash": "shell",
    ".zsh": "shell",
    ".sbatch": "shell",
    ".slurm": "shell",
    ".c": "c",
    ".h": "c",
    ".cc": "c++",
    ".cpp": "c++",
    ".cxx": "c++",
    ".hpp": "c++",
    ".cu": "cuda",
    ".cuh": "cuda",
    ".rs": "rust",
    ".js": "javascript",
    ".mjs": "javascript",
    ".ts": "typescript",
    ".jl": "julia",
    ".go": "go",
    ".java": "java",
    ".scala": "scala",
    ".r": "r",
    ".lua": "lua",
    ".swift": "swift",
    ".kt": "kotlin",
    ".mojo": "mojo",
    ".metal": "metal",
    ".ps1": "powershell",
}
NAMED: dict[str, str] = {
    "dockerfile": "dockerfile",
    "makefile": "make",
    "cmakelists.txt": "cmake",
    "justfile": "make",
    "pyproject.toml": "pyproject",
    "setup.cfg": "setup.cfg",
}
#: Dataset "builders" of ``load_dataset`` that read local files: not dataset ids.
_LOCAL_BUILDERS = frozenset(
    {
        "json",
        "csv",
        "parquet",
        "text",
        "arrow",
        "imagefolder",
        "audiofolder",
        "videofolder",
        "webdataset",
        "pandas",
        "generator",
        "sql",
        "xml",
        "folder",
    }
)
_NOT_TRAINING = frozenset({"pretrained", "trained", "untrained", "trainable"})
_ARCH_STEMS = frozenset(
    {
        "model",
        "models",
        "layers",
        "layer",
        "attention",
        "transformer",
        "network",
        "networks",
        "architecture",
        "arch",
        "blocks",
    }
)
_ARCH_DIRS = frozenset({"models", "model", "modeling", "modelling", "architecture", "architectures", "layers"})
_TEST_DIRS = frozenset(
    {"tests", "test", "testing", "unittests", "test_data", "testdata", "test_assets", "fixtures", "test_fixtures"}
)
#: Languages whose text is read: Python for its syntax tree, shell for the scripts it runs; both for URLs.
_READ_LANGUAGES = frozenset({"python", "shell"})
_SCRIPT_CALL = re.compile(r"(?<![\w\-])([\w\-]{1,100})\.py\b")


@dataclass(frozen=True, slots=True)
class PathHit:
    """A role suggested by a path: the component and the word that suggested it."""

    component: str
    reason: str


@lru_cache(maxsize=4096)
def _word_roles(word: str, is_stem: bool) -> tuple[str, ...]:
    """The roles one folder name or file stem suggests (cached: a tree repeats its folder names)."""
    toks = tokens(word)
    joined = "_".join(toks)
    found: list[str] = []
    if any(t.startswith(("train", "finetun", "pretrain", "sft")) and t not in _NOT_TRAINING for t in toks) or (
        "fine_tun" in joined or "pre_train" in joined
    ):
        found.append(TRAIN)
    if any(t.startswith(("eval", "benchmark")) or t == "bench" for t in toks):
        found.append(EVAL)
    if any(
        t.startswith(("infer", "generat", "predict", "serve", "serving", "server", "demo", "chat", "sampl"))
        for t in toks
    ) or (is_stem and joined == "app"):
        found.append(INFER)
    if any(
        (
            t.startswith(("preprocess", "prepro", "dedup", "clean", "filter", "download", "prep", "augment"))
            and not t.endswith(("processor", "processors"))
        )
        or (t.startswith("tokenize") and not t.startswith("tokenizer"))
        for t in toks
    ) or any(p in joined for p in ("prepare_data", "process_data", "build_dataset", "make_dataset")):
        found.append(PREP)
    if (is_stem and (joined.startswith(("modeling", "modelling", "architect")) or joined in _ARCH_STEMS)) or (
        not is_stem and joined in _ARCH_DIRS
    ):
        found.append(ARCH)
    if is_stem and _is_tool(toks):
        found.append(LIBS)
    return tuple(found)


_TOOL_WORDS = ("convert", "conversion", "export", "merge", "quantiz", "quantis", "delta")
_CHECKPOINT_WORDS = frozenset({"checkpoint", "checkpoints", "ckpt", "ckpts", "weights", "weight"})
_CHECKPOINT_OPS = ("transform", "average", "averag", "consolidat", "split", "shard", "diff", "upload", "publish")


def _is_tool(toks: tuple[str, ...]) -> bool:
    """A tool for the model's artifacts: conversion, export, merging, quantisation, weight deltas or diffs, and
    operations on checkpoints (``transform_checkpoints``, ``average_weights``)."""
    if any(t.startswith(_TOOL_WORDS) for t in toks):
        return True
    return any(t in _CHECKPOINT_WORDS for t in toks) and any(t.startswith(_CHECKPOINT_OPS) for t in toks)


#: A script that generates data (``generate_instruction.py``, ``generate_data.py``): data preparation, whatever
#: it imports (a metric used to filter generated examples does not make it evaluation code).
_DATA_GENERATION = re.compile(
    r"^(?:generate|gen|synth\w*|make|create|build)_(?:data|dataset|instructions?|prompts?|questions?|pairs|"
    r"samples|seeds?|tasks?|corpus|examples)(?:$|_)"
)


@lru_cache(maxsize=4096)
def is_test_path(path: str) -> bool:
    """Unit tests (``tests/``, ``test_*.py``, ``*_test.py``): code, but not any MOF code component."""
    file_stem = stem(path.rsplit("/", 1)[-1]).lower()
    return (
        any(d in _TEST_DIRS for d in dir_parts(path))
        or file_stem.startswith("test_")
        or file_stem.endswith("_test")
        or file_stem == "conftest"
    )


def path_roles(path: str) -> tuple[PathHit, ...]:
    """Roles suggested by folder names and the file name; none for unit tests."""
    dirs = dir_parts(path)
    name = path.rsplit("/", 1)[-1]
    file_stem = stem(name).lower()
    if is_test_path(path):
        return ()
    hits: dict[str, PathHit] = {}
    for component in _word_roles(file_stem, True):
        hits.setdefault(component, PathHit(component, f"file name {name} suggests {component.lower()}"))
    for d in dirs:
        for component in _word_roles(d, False):
            hits.setdefault(component, PathHit(component, f"folder {d}/ suggests {component.lower()}"))
    if file_stem.startswith("dockerfile") or name.lower().endswith(".dockerfile"):
        hits.setdefault(LIBS, PathHit(LIBS, f"{name}: a container build for the release's tooling"))
    if _DATA_GENERATION.match(file_stem):
        hits = {PREP: PathHit(PREP, f"file name {name} suggests data generation")}
    return tuple(hits.values())


def language_of(artifact: Artifact, head: bytes) -> str | None:
    name = artifact.name.lower()
    if name in NAMED:
        return NAMED[name]
    if name.startswith("dockerfile") or name.endswith(".dockerfile"):
        return "dockerfile"
    if artifact.suffix in LANGUAGES:
        return LANGUAGES[artifact.suffix]
    if not artifact.suffix and head.startswith(b"#!"):
        first = head.split(b"\n", 1)[0]
        return "python" if b"python" in first else "shell"
    return None


def test_flag(artifact: Artifact) -> str:
    return "true" if is_test_path(artifact.path) else ""


def code_evidence(
    artifact: Artifact, facts: PythonFacts | None, hits: tuple[PathHit, ...], extractor: str
) -> tuple[Evidence, ...]:
    """One evidence per role: the first syntax-tree signal (0.9) or else the path (0.6); none for unit tests."""
    out: dict[str, Evidence] = {}
    if is_test_path(artifact.path):
        return ()
    if _DATA_GENERATION.match(stem(artifact.name).lower()):
        facts = None  # what a data generator imports or calls is part of making data
    if facts is not None:
        for sig in facts.signals:
            if sig.component not in out:
                out[sig.component] = evidence(
                    sig.component, artifact, extractor, sig.reason, line=sig.line, confidence=AST_CONFIDENCE
                )
    for hit in hits:
        if hit.component not in out:
            out[hit.component] = evidence(hit.component, artifact, extractor, hit.reason, confidence=PATH_CONFIDENCE)
    return tuple(out.values())


def dataset_links(facts: PythonFacts | None, source_path: str) -> tuple[Link, ...]:
    """``load_dataset("owner/name")`` calls as Hugging Face dataset links (what they are evidence of is decided
    with the file's roles by the linking stage)."""
    if facts is None or is_test_path(source_path.split(":", 1)[-1]):
        return ()
    return tuple(
        Link(
            f"https://huggingface.co/datasets/{ident}",
            LinkKind.HF_DATASET,
            source_path,
            None,
            f"load_dataset({ident!r})",
            origin=LinkOrigin.CODE,
        )
        for ident in facts.dataset_ids
        if ident.lower() not in _LOCAL_BUILDERS and not ident.startswith((".", "/"))
    )


def python_details(facts: PythonFacts | None, language: str) -> dict[str, str]:
    details = {"language": language}
    if facts is None:
        return details
    details["ast"] = "error" if facts.error else "parsed"
    notable = [m for m in facts.imports if m in NOTABLE_IMPORTS]
    details["imports"] = ",".join(notable[:30])
    arch = [s.reason.split("class ", 1)[-1] for s in facts.signals if s.component == ARCH][:10]
    details["model_classes"] = "; ".join(arch)
    details["argparse"] = "true" if facts.argparse else ""
    details["load_dataset"] = ",".join(facts.dataset_ids[:20])
    return details


def syntax_finding(artifact: Artifact, facts: PythonFacts | None) -> tuple[Finding, ...]:
    if facts is None or facts.error is None:
        return ()
    where = f" (line {facts.error_line})" if facts.error_line else ""
    return (
        finding(
            SYNTAX_RULE,
            artifact,
            f"Python file could not be analysed{where}: {facts.error}; roles from its path only",
        ),
    )


def analyse_code(artifact: Artifact, head: bytes, reader: Reader, language: str) -> PythonFacts | None:
    if language != "python":
        return None
    text = read_text(reader, artifact, head, MAX_SOURCE + 1)
    return analyse_python(text)


def _invoked_script_hits(text: str) -> tuple[PathHit, ...]:
    """Roles of the Python scripts a shell script runs (``python train.py`` -> training)."""
    hits: dict[str, PathHit] = {}
    for match in _SCRIPT_CALL.finditer(text[:65536]):
        for component in _word_roles(match.group(1), True):
            hits.setdefault(component, PathHit(component, f"runs {match.group(1)}.py"))
    return tuple(hits.values())


def _table(data: dict[str, object], key: str) -> dict[str, object]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _package_metadata(artifact: Artifact, text: str) -> tuple[bool, str | None, str | None, Finding | None]:
    """(is a package, package name, licence string, parse problem) of pyproject.toml / setup.cfg."""
    if artifact.name.lower() == "pyproject.toml":
        try:
            data = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, RecursionError, ValueError) as exc:
            return (
                False,
                None,
                None,
                finding(METADATA_RULE, artifact, f"pyproject.toml is not valid TOML: {exc}"),
            )
        project = _table(data, "project")
        poetry = _table(_table(data, "tool"), "poetry")
        is_package = bool(project) or bool(poetry) or "build-system" in data
        name = project.get("name") or poetry.get("name")
        lic = project.get("license", poetry.get("license"))
        if isinstance(lic, dict):
            lic = lic.get("text")
        return (
            is_package,
            str(name)[:200] if name else None,
            str(lic)[:200] if isinstance(lic, str) else None,
            None,
        )
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except (configparser.Error, ValueError) as exc:
        return False, None, None, finding(METADATA_RULE, artifact, f"setup.cfg could not be parsed: {exc}")
    is_package = parser.has_section("metadata") or parser.has_section("options")
    cfg_name: str | None = parser.get("metadata", "name", fallback=None)
    cfg_lic: str | None = parser.get("metadata", "license", fallback=None)
    return is_package, cfg_name, cfg_lic, None


def _metadata_observation(artifact: Artifact, head: bytes, reader: Reader, language: str) -> Observation:
    text = read_text(reader, artifact, head)
    # Package metadata names a package and its licence; packaging the release's own code does not make it a
    # separate supporting library (the tools and libraries it ships are found by what they are).
    _, name, lic, problem = _package_metadata(artifact, text)
    declarations = spdx_declarations(artifact, head)
    if lic and lic.strip():
        declarations += (
            LicenceDeclaration(lic.strip(), "package-metadata", location(artifact), folder_scope(artifact)),
        )
    return Observation(
        kind=ArtifactKind.CODE,
        format=language,
        details=sorted_details({"language": "toml" if language == "pyproject" else "ini", "package": name or ""}),
        declarations=declarations,
        findings=(problem,) if problem else (),
    )


class CodeClassifier:
    """Source files (Python by syntax tree; shell and other languages by path), and package metadata."""

    name = "code"

    def considers(self, suffix: str) -> bool:
        return True  # named files (Dockerfile.gpu) and shebang scripts have any suffix

    def accepts(self, artifact: Artifact, head: bytes) -> bool:
        return language_of(artifact, head) is not None

    def classify(self, artifact: Artifact, head: bytes, reader: Reader) -> Observation:
        language = language_of(artifact, head) or "unknown"
        if language in {"pyproject", "setup.cfg"}:
            return _metadata_observation(artifact, head, reader, language)
        text = read_text(reader, artifact, head, MAX_SOURCE + 1) if language in _READ_LANGUAGES else ""
        facts = analyse_python(text) if language == "python" else None
        hits = path_roles(artifact.path)
        if language == "shell":
            hits += _invoked_script_hits(text[:65536])
        found = code_evidence(artifact, facts, hits, EXTRACTOR)
        roles = roles_of(found)
        where = location(artifact)
        links = dataset_links(facts, where) + (
            code_urls(text[:MAX_SOURCE], where) if not is_test_path(artifact.path) else ()
        )
        declarations = spdx_declarations(artifact, head)
        if facts is not None and facts.setup_license:
            declarations += (
                LicenceDeclaration(facts.setup_license, "package-metadata", location(artifact), folder_scope(artifact)),
            )
        return Observation(
            kind=ArtifactKind.CODE,
            format=language,
            roles=roles,
            details=sorted_details({**python_details(facts, language), "test_code": test_flag(artifact)}),
            evidence=found,
            links=links,
            declarations=declarations,
            findings=syntax_finding(artifact, facts),
        )
