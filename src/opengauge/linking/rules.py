"""The per-link rules: what one URL, in the sentence it stands in, is evidence of. Each rule is a small class with
an id and a docstring that says what it recognises and why; ``LINK_RULES`` lists them. All evidence they give
is ``linked``: the URL was not fetched."""

from __future__ import annotations

import re
from collections.abc import Iterable

from opengauge.context.identity import tokens
from opengauge.context.interface import ReleaseContext
from opengauge.inventory.content.benchmarks import is_harness, names_benchmark
from opengauge.inventory.content.urls import (
    CONFIG_FILES,
    WEIGHTS_SUFFIXES,
    file_name,
    github_repo,
    hub_dataset,
    hub_model,
    is_archive,
    is_checkpoint_url,
    is_data_url,
)
from opengauge.linking.interface import Hit, LinkRule, LinkSite, speaks_for_release
from opengauge.record import ComponentId, Evidence, EvidenceLevel, LinkOrigin

FINAL = ComponentId.MODEL_PARAMETERS_FINAL.value
INTERMEDIATE = ComponentId.MODEL_PARAMETERS_INTERMEDIATE.value
METADATA = ComponentId.MODEL_METADATA.value
ARCH = ComponentId.MODEL_ARCHITECTURE.value
CARD = ComponentId.MODEL_CARD.value
DATASETS = ComponentId.DATASETS.value
EVAL_DATA = ComponentId.EVALUATION_DATA.value
RESULTS = ComponentId.EVALUATION_RESULTS.value
SAMPLES = ComponentId.SAMPLE_OUTPUTS.value
TRAIN = ComponentId.TRAINING_CODE.value
EVAL = ComponentId.EVALUATION_CODE.value
PREP = ComponentId.DATA_PREPROCESSING_CODE.value
LIBS = ComponentId.SUPPORTING_LIBRARIES.value
MAX_EXCERPT = 300

#: A repository, revision or file named like a checkpoint of a training run rather than the final model.
_CHECKPOINT_NAME = re.compile(
    r"(?:^|[-_./])(?:\d+(?:\.\d+)?(?:bt|tt|t)|\d+k?[-_]?steps?|step[-_]?\d+k?|iter(?:ation)?[-_]?\d+|ckpts?|"
    r"checkpoints?|intermediate|preview)(?:$|[-_./])",
    re.IGNORECASE,
)
_CHECKPOINT_WORDS = re.compile(
    r"intermediate|not\s+yet\s+(?:done|finished)\s+training|partially\s+trained|training\s+checkpoints|中间",
    re.IGNORECASE,
)
_EVAL_WORDS = re.compile(
    r"\beval(?:uat\w*)?\b|benchmark|\btest[\s_-]?sets?\b|\bdev[\s_-]?sets?\b|\bvalidation\b|leaderboard|评测|测评",
    re.IGNORECASE,
)
_RESULT_FILE = re.compile(r"result|score|judg(?:e)?ment|leaderboard|metrics", re.IGNORECASE)
_OUTPUT_FILE = re.compile(r"answer|generation|output|completion|response", re.IGNORECASE)
_RESULT_WORDS = re.compile(r"evaluation\s+results|\bresults\b|scores", re.IGNORECASE)
_OWN_CODE = re.compile(r"\bour\b|\bwe\s+(?:developed|built|wrote|released?|open-?sourced?)\b", re.IGNORECASE)
#: A repository named with a model size (``Baichuan-7B``, ``llama-2-13b``) is a model's release, not a tool.
_MODEL_REPO = re.compile(r"(?:^|[-_.])\d+(?:\.\d+)?[bm](?:$|[-_.])", re.IGNORECASE)
_BASED_ON = re.compile(r"\bbased\s+on\b|\bbuilt\s+(?:up)?on\b", re.IGNORECASE)
_TRAINED_WITH = re.compile(r"\btrain(?:ed|s)?\b[^.]{0,80}\b(?:using|with)\b", re.IGNORECASE)
_NOT_REPO_PAGES = frozenset(
    {
        "issues",
        "pull",
        "pulls",
        "discussions",
        "actions",
        "wiki",
        "releases",
        "commit",
        "commits",
        "compare",
        "blob",
        "raw",
        "security",
        "stargazers",
        "network",
    }
)
_CODE_ROLES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"eval|harness|benchmark|analysis", re.IGNORECASE), (EVAL,)),
    (
        re.compile(
            r"data[\s_-]*prep|preprocess|pre-process|data[\s_-]*(?:processing|pipeline|curation)|curation|"
            r"dedup",
            re.IGNORECASE,
        ),
        (PREP,),
    ),
    (re.compile(r"\btrain|fine-?tun|pre-?train", re.IGNORECASE), (TRAIN,)),
    (re.compile(r"framework|library|toolkit|codebase", re.IGNORECASE), (LIBS,)),
)


def as_evidence(site: LinkSite, rule_id: str, hit: Hit) -> Evidence:
    """The evidence of one hit: the URL, the rule, the reason and where the link stands."""
    anchor = f" {site.link.text!r}" if site.link.text else ""
    excerpt = f"{hit.why}:{anchor} linked from {site.where}"
    return Evidence(
        component=hit.component,
        level=EvidenceLevel.LINKED,
        location=site.link.url,
        extractor=f"link:{rule_id}",
        excerpt=excerpt[:MAX_EXCERPT],
        line=site.link.line,
        confidence=hit.confidence,
    )


def _checkpointish(site: LinkSite, *names: str | None) -> bool:
    return any(n and _CHECKPOINT_NAME.search(n) for n in names) or bool(_CHECKPOINT_WORDS.search(site.words))


class HubModelRepository:
    """A model repository on a hub (Hugging Face, Kaggle, ModelScope) is where a release publishes its weights and
    their configuration: Model parameters (Final) and Model metadata, linked. A repository or revision named like
    a checkpoint of a training run (``step-480k``, ``-intermediate-checkpoints``, a token count such as
    ``_1.25T``, ``preview``), or described as intermediate, is Model parameters (Intermediate) instead. A link to
    one file counts by the file: weights -> parameters, a config or tokenizer file -> metadata. A Hugging Face
    repository of the release's own organisation, linked from a document that speaks for the release, also holds
    its model card (the repository's README): Model card, linked. A card's ``base_model`` is the model this one
    derives from, not this one's weights."""

    id = "LNK-001"

    def hits(self, site: LinkSite, ctx: ReleaseContext) -> Iterable[Hit]:
        if site.link.origin is LinkOrigin.BASE_MODEL:
            return
        ref = hub_model(site.link.url)
        if ref is None:
            return
        # checkpoints of a training run are the release's own only when its organisation publishes them
        own = not ctx.identity.orgs or ctx.identity.owns_org(ref.org)
        params = INTERMEDIATE if own and _checkpointish(site, ref.name, ref.revision) else FINAL
        if ref.file:
            name = ref.file.rsplit("/", 1)[-1].lower()
            if any(name.endswith(s) for s in WEIGHTS_SUFFIXES):
                yield Hit(params, 0.8, f"weights file in the {ref.hub} repository {ref.repo}")
            elif name in CONFIG_FILES:
                yield Hit(METADATA, 0.8, f"configuration file in the {ref.hub} repository {ref.repo}")
            return
        yield Hit(params, 0.8, f"{ref.hub} model repository {ref.repo}")
        yield Hit(METADATA, 0.6, f"{ref.hub} model repository {ref.repo} (configuration published with the weights)")
        if ref.hub == "huggingface" and own and speaks_for_release(site, ctx):
            yield Hit(CARD, 0.5, f"the model card of the Hugging Face repository {ref.repo} (its README)")


class RemoteModelCode:
    """``from_pretrained(..., trust_remote_code=True)`` runs modelling code that the hub repository ships: the
    model's architecture is published there (Model architecture, linked), not in this folder."""

    id = "LNK-002"

    def hits(self, site: LinkSite, ctx: ReleaseContext) -> Iterable[Hit]:
        link = site.link
        if link.origin is LinkOrigin.CODE and "trust_remote_code" in (link.text or "") and hub_model(link.url):
            yield Hit(ARCH, 0.7, "modelling code loaded from the hub repository (trust_remote_code)")


class CheckpointUrl:
    """A URL of a weights file (``.pth``, ``.bin``, ``.safetensors``, ``.gguf``, ...), of an archive of a model (a
    ``.zip`` or ``.tar.gz`` under a ``models``/``checkpoints`` path) or of a folder of pretrained models on a
    storage host is the release's weights: Model parameters (Final), linked (Intermediate when named like a
    training step); an archive of a model also holds its configuration (Model metadata)."""

    id = "LNK-003"

    def hits(self, site: LinkSite, ctx: ReleaseContext) -> Iterable[Hit]:
        url = site.link.url
        if hub_model(url) or not is_checkpoint_url(url):
            return
        name = file_name(url)
        params = INTERMEDIATE if _checkpointish(site, name) else FINAL
        yield Hit(params, 0.8, f"checkpoint {name or url}")
        if is_archive(url):
            yield Hit(METADATA, 0.5, f"model archive {name} (configuration and vocabulary inside)")


class DataUrl:
    """A Hub dataset, a dataset catalogue entry or a data file URL is data the release points to. It is Evaluation
    data when it names a known benchmark (``data/knowledge/benchmarks.yaml``), is a dataset of a card's
    ``model-index``, is loaded by evaluation code, or the sentence or heading around it is about evaluation;
    otherwise Datasets (training data). A card's ``datasets:`` list is training data."""

    id = "LNK-004"

    def hits(self, site: LinkSite, ctx: ReleaseContext) -> Iterable[Hit]:
        link = site.link
        ident = hub_dataset(link.url)
        fetched = PREP in site.file_roles and link.origin is LinkOrigin.CODE  # a URL a data script downloads
        if ident is None and (
            not is_data_url(link.url, loose=fetched) or is_checkpoint_url(link.url) or _result_file(link.url)
        ):
            return
        name = ident or file_name(link.url) or link.url
        if link.origin is LinkOrigin.MODEL_INDEX:
            yield Hit(EVAL_DATA, 0.8, f"evaluation dataset {name} of the card's model-index")
        elif link.origin is LinkOrigin.CARD_DATASETS:
            yield Hit(DATASETS, 0.8, f"training dataset {name} listed in the card's metadata")
        elif names_benchmark(name):
            yield Hit(EVAL_DATA, 0.7, f"benchmark dataset {name}")
        elif link.origin is LinkOrigin.CODE and EVAL in site.file_roles and not site.file_roles & {TRAIN, PREP}:
            yield Hit(EVAL_DATA, 0.7, f"dataset {name} loaded by evaluation code")
        elif link.origin is not LinkOrigin.CODE and _EVAL_WORDS.search(site.words):
            yield Hit(EVAL_DATA, 0.6, f"dataset {name}, in a passage about evaluation")
        elif _used_by_code(site) or (link.origin is not LinkOrigin.CODE and speaks_for_release(site, ctx)):
            yield Hit(DATASETS, 0.7, f"dataset {name}")


def _used_by_code(site: LinkSite) -> bool:
    """A dataset that code loads (``load_dataset``), or that data preparation or training code fetches; a URL in
    other code (a registry of models, an admin script) is no dataset of the release."""
    if site.link.origin is not LinkOrigin.CODE:
        return False
    return (site.link.text or "").startswith("load_dataset(") or bool(site.file_roles & {PREP, TRAIN})


def _result_file(url: str) -> bool:
    name = file_name(url)
    return bool(name) and "." in name and bool(_RESULT_FILE.search(name))


class ResultsOrOutputsUrl:
    """A file of evaluation results (``results``, ``scores``, ``judgments``, ``leaderboard``, ``metrics`` in its
    name), or an experiment tracker's page said to hold the evaluation results, is Evaluation results, linked; a
    data file of model answers or generations (``answers``, ``generations``, ``outputs``, ``completions``) is
    Sample model outputs, linked."""

    id = "LNK-005"

    def hits(self, site: LinkSite, ctx: ReleaseContext) -> Iterable[Hit]:
        url = site.link.url
        name = file_name(url)
        if _result_file(url):
            yield Hit(RESULTS, 0.7, f"results file {name}")
        elif name and "." in name and is_data_url(url) and _OUTPUT_FILE.search(name):
            yield Hit(SAMPLES, 0.6, f"file of model outputs {name}")
        elif ("wandb" in url or "tensorboard" in url) and _RESULT_WORDS.search(site.words):
            yield Hit(RESULTS, 0.6, "experiment tracker page with the evaluation results")


class OwnCodeRepository:
    """A code repository the release calls its own (under its own organisation, or introduced as "our" code or
    code "we developed") holds the code components that its name and description say: evaluation (eval,
    harness, benchmark, analysis), data preparation (data-prep, preprocessing, curation), training; a framework
    or library is a supporting library, and one the models were trained with also holds their architecture. The
    release's own repository (named like the release) is this checkout, not a link."""

    id = "LNK-006"

    def hits(self, site: LinkSite, ctx: ReleaseContext) -> Iterable[Hit]:
        repo = github_repo(site.link.url)
        if repo is None:
            return
        owner, name, rest = repo
        if rest and rest[0] in _NOT_REPO_PAGES and not (rest[0] == "blob" and rest[-1].lower().startswith("readme")):
            return
        if "".join(tokens(name)) in ctx.identity.names or _MODEL_REPO.search(name):
            return  # the release itself, or another model release of the same organisation
        if not (ctx.identity.owns_org(owner) or _OWN_CODE.search(site.link.context or "")):
            return
        words = " ".join((name.replace("-", " ").replace("_", " "), site.words))
        roles = {c for pattern, comps in _CODE_ROLES if pattern.search(words) for c in comps}
        if _BASED_ON.search(site.link.context or ""):
            # "based on the X framework/architecture": what the model is built from, not a tool of the release
            roles = {ARCH} if LIBS in roles or "architecture" in words.lower() else set()
        if TRAIN in roles and (LIBS in roles or _TRAINED_WITH.search(site.link.context or "")):
            roles.add(ARCH)  # the code the models were trained with implements them
        for component in sorted(roles):
            yield Hit(component, 0.6, f"the release's own code repository {owner}/{name}")


class EvaluationHarness:
    """A public evaluation harness (lm-evaluation-harness, lighteval, OpenCompass, ...) linked from a document whose
    results tables report benchmarks: the harness downloads those benchmarks by name, so they are the release's
    Evaluation data, linked. Benchmarks only named in prose are not."""

    id = "LNK-007"

    def hits(self, site: LinkSite, ctx: ReleaseContext) -> Iterable[Hit]:
        repo = github_repo(site.link.url)
        if repo is None or not site.file_benchmarks or not is_harness(repo[1]):
            return
        shown = ", ".join(site.file_benchmarks[:6])
        yield Hit(EVAL_DATA, 0.6, f"benchmarks run through the {repo[1]} harness, which downloads them: {shown}")


LINK_RULES: tuple[LinkRule, ...] = (
    HubModelRepository(),
    RemoteModelCode(),
    CheckpointUrl(),
    DataUrl(),
    ResultsOrOutputsUrl(),
    OwnCodeRepository(),
    EvaluationHarness(),
)
