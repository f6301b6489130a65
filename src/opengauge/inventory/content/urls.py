"""What a URL points at, from its shape alone (nothing is fetched): a model repository on a hub (Hugging Face,
Kaggle, ModelScope) and which revision or file in it, a checkpoint file or archive, a data file or dataset page,
a blog post, a code repository."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urlsplit

WEIGHTS_SUFFIXES = frozenset(
    {
        ".pth",
        ".pt",
        ".bin",
        ".ckpt",
        ".safetensors",
        ".gguf",
        ".ggml",
        ".h5",
        ".msgpack",
        ".onnx",
        ".tflite",
        ".pkl",
        ".npz",
        ".keras",
        ".mlmodel",
        ".pdparams",
        ".caffemodel",
        ".nemo",
        ".engine",
    }
)
ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2", ".tar.zst", ".7z")
DATA_SUFFIXES = (
    ".json",
    ".jsonl",
    ".jsonl.gz",
    ".json.gz",
    ".csv",
    ".tsv",
    ".parquet",
    ".arrow",
    ".txt",
    ".xml",
    ".xml.bz2",
    ".bz2",
    ".gz",
    ".zst",
    ".tfrecord",
    ".xlsx",
    *ARCHIVE_SUFFIXES,
)
CONFIG_FILES = frozenset(
    {
        "config.json",
        "generation_config.json",
        "tokenizer.json",
        "tokenizer_config.json",
        "tokenizer.model",
        "vocab.txt",
        "vocab.json",
        "merges.txt",
        "special_tokens_map.json",
        "params.json",
        "preprocessor_config.json",
    }
)
_MODEL_WORDS = re.compile(
    r"(?:^|[/_\-.])(?:models?|checkpoints?|ckpts?|weights|pretrained(?:_models?)?|"
    r"snapshots?)(?:$|[/_\-.])",
    re.IGNORECASE,
)
_DATA_WORDS = re.compile(
    r"(?:^|[/_\-.])(?:data|datasets?|corpus|corpora|benchmarks?|eval(?:uation)?|"
    r"test|dev|train|validation|splits?)(?:$|[/_\-.\d])",
    re.IGNORECASE,
)
_CODE_HOSTS = frozenset({"github.com", "gitlab.com", "bitbucket.org", "gist.github.com"})
_HF_HOSTS = frozenset({"huggingface.co", "hf.co"})
_HF_PAGES = frozenset(
    {
        "datasets",
        "spaces",
        "docs",
        "collections",
        "models",
        "papers",
        "blog",
        "organizations",
        "settings",
        "join",
        "login",
        "new",
        "posts",
        "learn",
        "tasks",
        "api",
        "chat",
        "pricing",
        "exbert",
        "transformers",
        "course",
        "inference-endpoints",
        "enterprise",
    }
)


@dataclass(frozen=True, slots=True)
class HubRef:
    """A model repository on a hub, and what in it a URL points at."""

    hub: str  # "huggingface", "kaggle", "modelscope"
    org: str
    name: str
    revision: str | None = None  # /tree/<rev>, /resolve/<rev>/..., /blob/<rev>/...
    file: str | None = None  # a file inside the repository

    @property
    def repo(self) -> str:
        return f"{self.org}/{self.name}"


@lru_cache(maxsize=16384)
def _parts(url: str) -> tuple[str, tuple[str, ...]] | None:
    try:
        split = urlsplit(url)
        host = (split.hostname or "").lower().removeprefix("www.")
    except ValueError:
        return None
    return host, tuple(unquote(s) for s in split.path.split("/") if s)


def hub_model(url: str) -> HubRef | None:
    """The hub model repository a URL points into, if any (datasets and spaces are not models)."""
    got = _parts(url)
    if got is None:
        return None
    host, segs = got
    if host in _HF_HOSTS:
        if len(segs) < 2 or segs[0] in _HF_PAGES:
            return None
        rest = segs[2:]
        if len(rest) >= 2 and rest[0] in {"tree", "resolve", "blob", "raw", "commit"}:
            return HubRef("huggingface", segs[0], segs[1], rest[1], "/".join(rest[2:]) or None)
        return HubRef("huggingface", segs[0], segs[1])
    if host == "kaggle.com" and len(segs) >= 3 and segs[0] == "models":
        return HubRef("kaggle", segs[1], segs[2])
    if host in {"modelscope.cn", "modelscope.ai"} and len(segs) >= 3 and segs[0] == "models":
        return HubRef("modelscope", segs[1], segs[2])
    return None


def hub_dataset(url: str) -> str | None:
    """``org/name`` of a Hugging Face (or Kaggle) dataset URL."""
    got = _parts(url)
    if got is None:
        return None
    host, segs = got
    if host in _HF_HOSTS and len(segs) >= 3 and segs[0] == "datasets":
        return f"{segs[1]}/{segs[2]}"
    if host == "kaggle.com" and len(segs) >= 3 and segs[0] == "datasets":
        return f"{segs[1]}/{segs[2]}"
    return None


def file_name(url: str) -> str:
    got = _parts(url)
    return got[1][-1] if got and got[1] else ""


def _suffix(name: str) -> str:
    lower = name.lower()
    for double in (".tar.gz", ".tar.xz", ".tar.bz2", ".tar.zst", ".jsonl.gz", ".json.gz", ".xml.bz2"):
        if lower.endswith(double):
            return double
    return posixpath.splitext(lower)[1]


def on_code_host(url: str) -> bool:
    got = _parts(url)
    if got is None:
        return False
    host, segs = got
    if host not in _CODE_HOSTS:
        return False
    return not ("releases" in segs and "download" in segs)  # a release asset is a file, not source


def is_checkpoint_url(url: str) -> bool:
    """A weights file, an archive of a model, or a folder of pretrained models on a storage host."""
    if on_code_host(url) or hub_dataset(url):
        return False
    got = _parts(url)
    if got is None or not got[1]:
        return False
    name = got[1][-1]
    suffix = _suffix(name)
    path = "/".join(got[1])
    if suffix in WEIGHTS_SUFFIXES:
        return True
    if suffix in ARCHIVE_SUFFIXES:
        return bool(_MODEL_WORDS.search(path)) and not _DATA_WORDS.search(name)
    return not suffix and bool(
        re.search(r"(?:^|/)(?:pretrained[_-]?models?|checkpoints?|model[_-]?weights)(?:/|$)", path, re.IGNORECASE)
    )


def is_archive(url: str) -> bool:
    return _suffix(file_name(url)) in ARCHIVE_SUFFIXES


def is_data_url(url: str, *, loose: bool = False) -> bool:
    """A data file or a dataset's page: a data suffix under a data-like path, a dataset catalogue entry. With
    ``loose`` (a URL a data download script fetches), any data suffix."""
    if on_code_host(url):
        return False
    got = _parts(url)
    if got is None or not got[1]:
        return False
    host, segs = got
    path = "/".join(segs)
    if host.endswith("tensorflow.org") and path.startswith("datasets/catalog/"):
        return True
    if "zenodo.org" in host and "records" in segs:
        return True
    if "dataset" in host or any(s.lower() in {"datasets", "dataset"} for s in segs[:-1]):
        return True
    suffix = _suffix(segs[-1])
    return suffix in DATA_SUFFIXES and (loose or bool(_DATA_WORDS.search(path)))


def is_blog(url: str) -> bool:
    got = _parts(url)
    if got is None:
        return False
    host, segs = got
    return "blog" in host or any("blog" in s.lower() for s in segs[:2]) or host.endswith("notion.site")


def is_report_page(url: str) -> bool:
    """An experiment-tracker report (W&B ``/reports/``) or a document named a report."""
    return bool(re.search(r"/reports?/|tech(?:nical)?[_\-]?report", url, re.IGNORECASE))


def github_repo(url: str) -> tuple[str, str, tuple[str, ...]] | None:
    """(owner, repo, rest of the path) of a GitHub URL."""
    got = _parts(url)
    if got is None:
        return None
    host, segs = got
    if host != "github.com" or len(segs) < 2:
        return None
    return segs[0], segs[1].removesuffix(".git"), tuple(segs[2:])


def is_artifact_url(url: str) -> bool:
    """A URL of something a release is made of: a hub model or dataset, a checkpoint, a data or results file."""
    return bool(hub_model(url) or hub_dataset(url) or is_checkpoint_url(url) or is_data_url(url))
