"""Known evaluation benchmarks and evaluation harnesses (``data/knowledge/benchmarks.yaml``): a dataset that names a
benchmark is evaluation data, and benchmarks run through a public harness are data the harness downloads."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_TOKEN = re.compile(r"[^\W_]+")


@cache
def _knowledge() -> tuple[frozenset[str], frozenset[str]]:
    from opengauge.safeyaml import safe_load

    text = resources.files("opengauge.data").joinpath("knowledge/benchmarks.yaml").read_text("utf-8")
    raw = safe_load(text)
    assert isinstance(raw, dict)
    return frozenset(str(b) for b in raw["benchmarks"]), frozenset(str(h).lower() for h in raw["harnesses"])


def names_benchmark(name: str) -> bool:
    """Whether a dataset name or id (``cais/mmlu``, ``allenai/ai2_arc``, ``ARC Challenge``) names a known
    benchmark: one of its words, or two or three adjacent words joined, is a benchmark's name."""
    toks = [t.lower() for t in _TOKEN.findall(name)]
    known = _knowledge()[0]
    return any("".join(toks[i : i + n]) in known for n in (1, 2, 3) for i in range(len(toks) - n + 1))


def is_harness(repository: str) -> bool:
    """Whether a repository name (``lm-evaluation-harness``) is a known public evaluation harness."""
    return repository.lower().removesuffix(".git") in _knowledge()[1]
