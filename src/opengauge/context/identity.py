"""What a release calls itself: its own model names and organisations, from its name, the titles of its root
README and cards, its Hugging Face model links and the GitHub links to itself.

Names are compared in a normal form: lower case, letters and digits only, with the size and variant words that
follow a model's name dropped (``OpenLLaMA-7B-v2`` and ``open_llama_7b_v2`` are both ``openllama``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
#: Words after a model's name that say which size or variant it is, not what it is called.
_VARIANT = re.compile(
    r"^(?:\d+(?:\.\d+)?[a-z]{0,2}|v\d[\w.]*|base|large|small|tiny|mini|medium|xl|xxl|huge|giant|chat|instruct|it|hf"
    r"|uncased|cased|pretrain|pretrained|preview|intermediate|checkpoints?|step\d*|mono|multi|nl|deploy|int[48]"
    r"|gptq|awq|gguf|fp16|bf16|dpo|sft|rlhf|alpha|beta|final|tuned|code|vision|vl|demo|model|models)$"
)
#: A name shorter than this is only matched as a whole word (``t5``, ``yi``); none is shorter than ``MIN_SHORT``.
MIN_NAME = 4
MIN_SHORT = 2
#: Hub paths that are not organisations.
_HUB_PAGES = frozenset(
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
    }
)
#: Words that are headings or titles, not names (``# Pretraining``, ``Open Instruct``).
_COMMON = frozenset(
    {
        "open",
        "the",
        "model",
        "models",
        "language",
        "large",
        "small",
        "training",
        "pretraining",
        "finetuning",
        "introducing",
        "introduction",
        "overview",
        "what",
        "how",
        "table",
        "contents",
        "llm",
        "llms",
        "ai",
        "about",
        "news",
        "release",
        "readme",
        "welcome",
        "quick",
        "start",
        "installation",
        "usage",
        "documentation",
        "docs",
        "project",
        "official",
        "implementation",
    }
)
_TITLE_CUT = re.compile(r"\s[-–—|]\s|[:(（]")


def tokens(text: str) -> list[str]:
    """Lower-case letter/digit runs of ``text``."""
    return [t.lower() for t in _TOKEN.findall(text)]


def name_stem(name: str) -> str | None:
    """``TinyLlama-1.1B-Chat`` -> ``tinyllama``: the name's words before its first size/variant word (at most
    three), joined; None when nothing long enough is left."""
    words: list[str] = []
    for tok in tokens(name):
        if _VARIANT.match(tok) or len(words) == 3:
            break
        words.append(tok)
    stem = "".join(words)
    if len(stem) < MIN_SHORT or stem in _COMMON or (len(words) == 1 and not stem[0].isalnum()):
        return None
    return stem


def title_name(title: str) -> str | None:
    """The name a title starts with (``DINOv2: Learning ...`` -> ``dinov2``), when that part is short."""
    head = _TITLE_CUT.split(title, maxsplit=1)[0]
    if len(tokens(head)) > 3:
        return None
    return name_stem(head)


def normal_org(org: str) -> str:
    return "".join(tokens(org))


def _candidates(text: str) -> set[str]:
    toks = tokens(text)
    out = set(toks)
    for n in (2, 3):
        out.update("".join(toks[i : i + n]) for i in range(len(toks) - n + 1))
    return out


def _name_matches(name: str, candidate: str) -> bool:
    if candidate == name:
        return True
    if len(name) < MIN_NAME:
        return False
    if candidate.startswith(name) and candidate[len(name) :].isdigit():
        return True
    return len(candidate) >= MIN_NAME and name.startswith(candidate) and name[len(candidate) :].isdigit()


@dataclass(frozen=True, slots=True)
class Identity:
    """The release's own model names and organisations (normal forms)."""

    names: frozenset[str] = field(default=frozenset())
    orgs: frozenset[str] = field(default=frozenset())

    def named_in(self, text: str | None) -> bool:
        """Whether ``text`` (a title, an anchor) names the release."""
        if not text or not self.names:
            return False
        found = _candidates(text)
        return any(_name_matches(n, c) for n in self.names for c in found)

    def owns_org(self, org: str) -> bool:
        """Whether ``org`` (a Hub or GitHub owner) is the release's own (``Stability-AI`` ~ ``stabilityai``,
        ``bigcode-project`` ~ ``bigcode``)."""
        norm = normal_org(org)
        if len(norm) < 3:
            return False
        return any(
            norm == own or (min(len(norm), len(own)) >= 5 and (norm.startswith(own) or own.startswith(norm)))
            for own in self.orgs
        )


def _owner_repo(url: str) -> tuple[str, str, str] | None:
    """(host, owner, repo) of a Hub model or GitHub repository URL."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    segs = [s for s in parts.path.split("/") if s]
    if host in {"huggingface.co", "hf.co"} and len(segs) >= 2 and segs[0] not in _HUB_PAGES:
        return "hf", segs[0], segs[1]
    if host == "github.com" and len(segs) >= 2:
        return "github", segs[0], segs[1]
    return None


def build_identity(release_name: str, titles: Iterable[str], model_urls: Iterable[str]) -> Identity:
    """The identity from the release's name, the titles of its root README and cards (``titles``), and the URLs
    found in them (``model_urls``: Hub model repos give the organisation publishing most of them; a GitHub
    repository named like the release gives its owner)."""
    names: set[str] = set()
    own = name_stem(release_name)
    if own:
        names.add(own)
    for title in titles:
        found = title_name(title)
        if found:
            names.add(found)
    hub_orgs: Counter[str] = Counter()
    orgs: set[str] = set()
    for url in model_urls:
        got = _owner_repo(url)
        if got is None:
            continue
        host, owner, repo = got
        if host == "hf":
            hub_orgs[normal_org(owner)] += 1
        elif own and name_stem(repo) == own:
            orgs.add(normal_org(owner))
    if hub_orgs:
        top = hub_orgs.most_common(1)[0][1]
        # the organisation publishing most of the linked models; others only if they publish many too
        orgs.update(org for org, n in hub_orgs.items() if n == top and (top >= 2 or len(hub_orgs) == 1))
        orgs.update(org for org, n in hub_orgs.items() if n >= 3 and n * 2 >= top)
    return Identity(frozenset(names), frozenset(o for o in orgs if len(o) >= 3))
