"""Configuration files: model configs (``config.json`` and friends), tokenizer files, trainer state, training
configurations (YAML/JSON/TOML/INI with training hyper-parameters) and dependency lists. All of them are model
metadata, not code. Parsed with ``json``, ``yaml.safe_load``, ``tomllib`` and ``configparser`` only; templates
(e.g. a tokenizer's chat template) are never rendered."""

from __future__ import annotations

import configparser
import itertools
import json
import re
import tomllib
from collections.abc import Iterator

import yaml

from opengauge.inventory.content._shared import (
    MAX_TEXT,
    clip,
    decode,
    dir_parts,
    evidence,
    finding,
    is_shape_key,
    read_upto,
    roles_of,
    sorted_details,
)
from opengauge.inventory.content.data import in_data_folder, looks_like_json_lines, schema_like
from opengauge.inventory.content.training_tokens import details as token_details
from opengauge.inventory.content.training_tokens import from_config as tokens_in_config
from opengauge.inventory.interface import Observation, Reader
from opengauge.record import Artifact, ArtifactKind, ComponentId, Evidence, Finding
from opengauge.record.artifact import suffix_of
from opengauge.safeyaml import safe_load, safe_load_all

EXTRACTOR = "config"
META = ComponentId.MODEL_METADATA.value
PARSE_RULE = "OG-INV-014"
MAX_TRAINER_STATE = 8 * 1024 * 1024
#: YAML (pure-Python parser) is parsed up to this size; larger files are scanned for keys only.
MAX_YAML = 256 * 1024
MAX_KEYS = 10_000
MAX_DEPTH = 12

TOKENIZER_NAMES = frozenset(
    {
        "tokenizer.json",
        "tokenizer_config.json",
        "special_tokens_map.json",
        "vocab.json",
        "vocab.txt",
        "merges.txt",
        "added_tokens.json",
        "tokenizer.model",
        "spiece.model",
        "sentencepiece.model",
        "sentencepiece.bpe.model",
        "vocab.bpe",
        "encoder.json",
        "bpe.codes",
        "chat_template.json",
        "chat_template.jinja",
        "tokenizer.txt",
        "vocab.model",
    }
)
MODEL_CONFIG_NAMES = frozenset(
    {
        "config.json",
        "generation_config.json",
        "preprocessor_config.json",
        "processor_config.json",
        "feature_extractor_config.json",
        "image_processor_config.json",
        "adapter_config.json",
        "model_index.json",
        "scheduler_config.json",
        "params.json",
        "quantize_config.json",
        "quantization_config.json",
        "configuration.json",
        "sentence_bert_config.json",
        "config_sentence_transformers.json",
        "modules.json",
        "hparams.yaml",
        "hparams.yml",
        "trainer_state.json",
        "training_args.json",
        "mlc-chat-config.json",
    }
)
CONFIG_SUFFIXES = {
    ".json": "json",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".toml": "toml",
    ".cfg": "ini",
    ".ini": "ini",
    ".conf": "ini",
    ".gin": "gin",
}
TRAINING_KEYS = frozenset(
    {
        "learning_rate",
        "lr",
        "optimizer",
        "optim",
        "batch_size",
        "train_batch_size",
        "per_device_train_batch_size",
        "global_batch_size",
        "micro_batch_size",
        "train_micro_batch_size_per_gpu",
        "epochs",
        "num_epochs",
        "num_train_epochs",
        "max_epochs",
        "max_steps",
        "train_steps",
        "total_steps",
        "warmup",
        "warmup_steps",
        "warmup_ratio",
        "warmup_iters",
        "lr_scheduler",
        "lr_scheduler_type",
        "weight_decay",
        "gradient_accumulation_steps",
        "max_iters",
        "lr_decay_iters",
        "min_lr",
        "adam_beta1",
        "adam_beta2",
        "betas",
        "grad_clip",
        "max_grad_norm",
        "gradient_clipping",
        "zero_optimization",
        "lr_warmup_steps",
        "train_iters",
        "micro_batch_size_per_gpu",
    }
)
EVAL_KEYS = frozenset({"num_fewshot", "metric_list", "eval_batch_size", "per_device_eval_batch_size", "tasks"})
MODEL_FIELDS = (
    "model_type",
    "architectures",
    "hidden_size",
    "num_hidden_layers",
    "num_attention_heads",
    "vocab_size",
    "max_position_embeddings",
    "torch_dtype",
    "transformers_version",
    "num_parameters",
    "n_params",
    "dim",
    "n_layers",
    "n_heads",
    "d_model",
    "n_layer",
    "n_head",
    "peft_type",
    "base_model_name_or_path",
    "_class_name",
    "tokenizer_class",
    "model_max_length",
    "_name_or_path",
)
_KEY_LINE = re.compile(r"^[ \t]*[\"']?([A-Za-z_][\w.\-]{0,60})[\"']?[ \t]*[:=]", re.MULTILINE)


def _tokenizer_file(name: str) -> bool:
    if name in TOKENIZER_NAMES or name.endswith((".tiktoken", ".spm")):
        return True
    if name.endswith((".txt", ".txt.gz", ".json", ".bpe")) and (
        "vocab" in name or "merges" in name or name.startswith(("bpe", "tokenizer"))
    ):
        return True  # a vocabulary or merge table under its own name (``bpe_simple_vocab_16e6.txt.gz``)
    return name.endswith(".model") and any(w in name for w in ("tok", "spiece", "sentencepiece", "spm", "bpe"))


_ENVIRONMENT_NAMES = frozenset(
    {
        "environment.yml",
        "environment.yaml",
        "pipfile",
        "pipfile.lock",
        "poetry.lock",
        "uv.lock",
        "conda.yaml",
        "conda.yml",
    }
)


def _requirements(name: str) -> bool:
    return (name.startswith("requirements") and name.endswith((".txt", ".in"))) or name in _ENVIRONMENT_NAMES


#: Every suffix ``ConfigClassifier.accepts`` can say yes to (from the same tables, so they cannot drift apart).
_CONSIDERED = frozenset(
    {
        *CONFIG_SUFFIXES,
        *(suffix_of(n) for n in TOKENIZER_NAMES | MODEL_CONFIG_NAMES | _ENVIRONMENT_NAMES),
        ".tiktoken",
        ".spm",
        ".model",
        ".gz",
        ".bpe",
        ".txt",
        ".in",
    }
)


def walk_keys(value: object, depth: int = 0) -> Iterator[str]:
    """Every string key of nested mappings (lower case), bounded in depth; callers bound the count."""
    if depth > MAX_DEPTH:
        return
    if isinstance(value, dict):
        for key, sub in value.items():
            if isinstance(key, str):
                yield key.lower()
            yield from walk_keys(sub, depth + 1)
    elif isinstance(value, list):
        for sub in value[:1000]:
            yield from walk_keys(sub, depth + 1)


def parse_config(text: str, fmt: str) -> tuple[object, str | None]:
    """(parsed value, error) for one config text; never raises on text."""
    try:
        if fmt == "json":
            return json.loads(text), None
        if fmt == "yaml":
            try:
                return safe_load(text), None
            except yaml.composer.ComposerError:
                return safe_load_all(text, 20), None
        if fmt == "toml":
            return tomllib.loads(text), None
        if fmt == "ini":
            parser = configparser.ConfigParser(interpolation=None, strict=False)
            parser.read_string(text)
            return {s: dict(parser.items(s)) for s in parser.sections()}, None
    except (ValueError, yaml.YAMLError, configparser.Error, RecursionError, TypeError) as exc:
        return None, f"{type(exc).__name__}: {str(exc).splitlines()[0][:150] if str(exc) else ''}"
    return None, None


def config_keys(value: object, text: str, parsed_ok: bool) -> frozenset[str]:
    if parsed_ok:
        return frozenset(itertools.islice(walk_keys(value), MAX_KEYS))
    return frozenset(m.group(1).lower() for m in itertools.islice(_KEY_LINE.finditer(text), MAX_KEYS))


def _scalar(value: object) -> str | None:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str | int | float):
        return str(value)[:200]
    if isinstance(value, list) and all(isinstance(v, str) for v in value[:20]):
        return ",".join(str(v) for v in value[:20])[:300]
    return None


def model_fields(value: object) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    out: dict[str, str] = {}
    for key in MODEL_FIELDS:
        if key not in value:
            continue
        scalar = _scalar(value[key])
        if scalar is not None:
            out[key] = scalar
    if isinstance(value.get("chat_template"), str | list):
        out["chat_template"] = "true"
    return out


def _trainer_state(artifact: Artifact, value: object) -> tuple[dict[str, str], tuple[Evidence, ...]]:
    details: dict[str, str] = {"config_type": "trainer-state"}
    if not isinstance(value, dict):
        return details, ()
    history = value.get("log_history")
    entries = history if isinstance(history, list) else []
    evals = sum(1 for e in entries if isinstance(e, dict) and any(str(k).startswith("eval_") for k in e))
    for key in ("global_step", "max_steps", "best_model_checkpoint", "num_train_epochs", "epoch"):
        scalar = _scalar(value.get(key))
        if scalar is not None:
            details[key] = scalar
    details["log_entries"] = str(len(entries))
    details["eval_entries"] = str(evals)
    found: tuple[Evidence, ...] = (
        evidence(META, artifact, EXTRACTOR, f"trainer state: {len(entries)} training log entries"),
    )
    if evals:
        found += (
            evidence(
                ComponentId.EVALUATION_RESULTS.value,
                artifact,
                EXTRACTOR,
                f"trainer state log history: {evals} intermediate evaluation entries",
                confidence=0.5,
            ),
        )
    return details, found


def _summary(fields: dict[str, str]) -> str:
    shown = [f"{k}: {fields[k]}" for k in ("model_type", "architectures", "peft_type", "_class_name") if k in fields]
    return "; ".join(shown)


def _describe(
    artifact: Artifact, name: str, value: object, keys: frozenset[str], fmt: str = ""
) -> tuple[dict[str, str], tuple[Evidence, ...]]:
    """Details and evidence of one parsed config file, by its name and keys."""
    if name == "trainer_state.json":
        return _trainer_state(artifact, value)
    training = sorted(keys & TRAINING_KEYS)
    fields = model_fields(value)
    if name in MODEL_CONFIG_NAMES and (fields or len(training) < 2):
        what = _summary(fields) or f"{name} (model metadata)"
        conf = 0.9 if fields else 0.6
        return {"config_type": "model", **fields}, (evidence(META, artifact, EXTRACTOR, what, confidence=conf),)
    shape = sorted(k for k in keys if is_shape_key(k))
    if len(training) >= 2:
        shown = ", ".join(training[:8])
        details = {
            "config_type": "training",
            "training_keys": ",".join(training[:30]),
            "model_keys": ",".join(shape[:30]),
        }
        if len(shape) < 2:
            # how to train (batch sizes, DeepSpeed stages, learning rates) without the model it trains: a recipe
            # of the training run, not a description of the released model
            return details, ()
        why = f"training configuration with the model's hyperparameters: {', '.join(shape[:4])}; {shown}"
        return details, (evidence(META, artifact, EXTRACTOR, why, confidence=0.8),)
    if fmt == "gin" and shape:
        why = f"gin configuration of the model: {', '.join(shape[:6])}"
        return {"config_type": "model", "model_keys": ",".join(shape[:30])}, (
            evidence(META, artifact, EXTRACTOR, why, confidence=0.8),
        )
    if len(shape) >= 3:
        why = f"model hyperparameters: {', '.join(shape[:6])}"
        return {"config_type": "model", "model_keys": ",".join(shape[:30])}, (
            evidence(META, artifact, EXTRACTOR, why, confidence=0.7),
        )
    if len(keys & EVAL_KEYS) >= 2:
        return {"config_type": "evaluation"}, ()
    if fields.get("model_type") or fields.get("architectures"):
        return {"config_type": "model", **fields}, (
            evidence(META, artifact, EXTRACTOR, _summary(fields), confidence=0.7),
        )
    return {"config_type": "other"}, ()


class ConfigClassifier:
    """Model configs, tokenizer files, trainer state, training configs and other JSON/YAML/TOML/INI files."""

    name = "config"

    def considers(self, suffix: str) -> bool:
        return suffix in _CONSIDERED

    def accepts(self, artifact: Artifact, head: bytes) -> bool:
        name = artifact.name.lower()
        if _tokenizer_file(name) or name in MODEL_CONFIG_NAMES or _requirements(name):
            return True
        if artifact.suffix not in CONFIG_SUFFIXES:
            return False
        if artifact.suffix != ".json" or schema_like(artifact, head):
            return True
        return not (in_data_folder(artifact.path) or looks_like_json_lines(head))

    def classify(self, artifact: Artifact, head: bytes, reader: Reader) -> Observation:
        name = artifact.name.lower()
        if _tokenizer_file(name):
            return self._tokenizer(artifact, head, reader, name)
        if _requirements(name):
            return Observation(
                kind=ArtifactKind.CONFIG, format="requirements", details=(("config_type", "dependencies"),)
            )
        fmt = CONFIG_SUFFIXES.get(artifact.suffix, "text")
        limit = MAX_TRAINER_STATE if name == "trainer_state.json" else MAX_TEXT
        data = read_upto(reader, artifact, head, limit + 1)
        problems: tuple[Finding, ...] = ()
        value: object = None
        error: str | None = None
        text = decode(data[:limit])
        parse_limit = MAX_YAML if fmt == "yaml" and name != "trainer_state.json" else limit
        if len(data) <= parse_limit:
            value, error = parse_config(text, fmt)
            if error:
                problems = (finding(PARSE_RULE, artifact, f"{fmt.upper()} config could not be parsed: {error}"),)
        keys = config_keys(value, text, len(data) <= parse_limit and error is None and fmt != "gin")
        details, found = _describe(artifact, name, value, keys, fmt)
        details.update(token_details(tokens_in_config(value, text)))
        if any(p in {".github", ".gitlab", ".circleci"} for p in dir_parts(artifact.path)):
            details, found = {"config_type": "ci"}, ()
        return Observation(
            kind=ArtifactKind.CONFIG,
            format=fmt,
            roles=roles_of(found),
            details=sorted_details(details),
            evidence=found,
            findings=problems,
        )

    def _tokenizer(self, artifact: Artifact, head: bytes, reader: Reader, name: str) -> Observation:
        details: dict[str, str] = {"tokenizer_file": name}
        fmt = "sentencepiece" if name.endswith((".model", ".spm")) else CONFIG_SUFFIXES.get(artifact.suffix, "text")
        if name == "tokenizer_config.json":
            value, _ = parse_config(decode(read_upto(reader, artifact, head, MAX_TEXT)), "json")
            details.update(model_fields(value))
        found = (evidence(META, artifact, EXTRACTOR, clip(f"tokenizer file {artifact.name}"), confidence=0.9),)
        return Observation(
            kind=ArtifactKind.TOKENIZER,
            format=fmt,
            roles=roles_of(found),
            details=sorted_details(details),
            evidence=found,
        )
