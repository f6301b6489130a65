"""What a file's path says: a weights name, a data name, an intermediate checkpoint (and its step)."""

from __future__ import annotations

import re

from opengauge.record import ComponentId

#: Suffixes that are model parameters whatever the name.
WEIGHTS_SUFFIXES = frozenset(
    {
        ".safetensors",
        ".gguf",
        ".ggml",
        ".onnx",
        ".pt",
        ".pth",
        ".ckpt",
        ".h5",
        ".keras",
        ".msgpack",
        ".tflite",
        ".npz",
        ".pdparams",
        ".mlmodel",
        ".caffemodel",
        ".nemo",
        ".pte",
    }
)
#: Suffixes that are model parameters only when the path says so (``pytorch_model.bin``, not ``train.bin``).
AMBIGUOUS_SUFFIXES = frozenset({".bin", ".hdf5", ".npy", ".pkl", ".pickle", ".joblib", ".params", ".pb"})
DATA_SUFFIXES = frozenset(
    {
        ".parquet",
        ".arrow",
        ".feather",
        ".avro",
        ".orc",
        ".csv",
        ".tsv",
        ".jsonl",
        ".ndjson",
        ".tfrecord",
        ".tfrecords",
        ".idx",
        ".mds",
        ".lance",
        ".zst",
    }
)
_DATA_COMPOUND = (".jsonl.gz", ".json.gz", ".csv.gz", ".tsv.gz", ".jsonl.zst", ".json.zst", ".tar.gz", ".tar")
_WEIGHTISH = re.compile(
    r"model|weight|ckpt|checkpoint|pytorch|adapter|lora|consolidated|param|ggml|state_dict|variables"
)
#: Files of a training run that are pickled or tensor-shaped but are not the model's parameters.
_NOT_PARAMETERS = re.compile(
    r"^(training_args|optimizer|scheduler|rng_state|random_states|scaler|trainer_state|tokenizer|vocab|"
    r"spiece|sentencepiece)"
)
_STEP = re.compile(r"(?<![a-z0-9])(global[_-]?step|checkpoint|ckpt|step|iteration|iter|epoch)[_=-]?(\d+)(?![0-9])")


def is_not_parameters(path: str) -> bool:
    """Optimizer, scheduler, RNG state, training arguments, tokenizer files."""
    return bool(_NOT_PARAMETERS.match(path.rsplit("/", 1)[-1].lower()))


def is_weights_name(path: str) -> bool:
    """True when the path alone says "model parameters"."""
    lower = path.lower()
    name = lower.rsplit("/", 1)[-1]
    if is_not_parameters(path):
        return False
    if name.endswith((".onnx_data", ".onnx.data")) or re.search(r"\.data-\d{5}-of-\d{5}$", name):
        return True
    suffix = name[name.rfind(".") :] if "." in name else ""
    if suffix in WEIGHTS_SUFFIXES:
        return True
    return suffix in AMBIGUOUS_SUFFIXES and bool(_WEIGHTISH.search(lower))


def might_be_weights_suffix(suffix: str) -> bool:
    """Whether a file with this suffix can pass ``is_weights_name`` (the inventory skips the rest)."""
    return (
        suffix in WEIGHTS_SUFFIXES
        or suffix in AMBIGUOUS_SUFFIXES
        or suffix in {".onnx_data", ".data"}
        or suffix.startswith(".data-")
    )


def is_data_name(path: str) -> bool:
    name = path.lower().rsplit("/", 1)[-1]
    suffix = name[name.rfind(".") :] if "." in name else ""
    return suffix in DATA_SUFFIXES or name.endswith(_DATA_COMPOUND)


def pointee_kind(path: str) -> str:
    """For an LFS pointer: what the pointed file probably is, from its name: weights, data or other."""
    if is_weights_name(path):
        return "weights"
    return "data" if is_data_name(path) else "other"


def checkpoint_marks(path: str) -> dict[str, str]:
    """``{"step": "1000"}`` / ``{"epoch": "3"}`` when a folder or the file name marks a checkpoint."""
    marks: dict[str, str] = {}
    lower = path.lower()
    parts = lower.split("/")
    name = parts[-1]
    stem = name[: name.rfind(".")] if "." in name else name
    for segment in [*parts[:-1], stem]:
        for match in _STEP.finditer(segment):
            key = "epoch" if match.group(1) == "epoch" else "step"
            marks[key] = str(int(match.group(2)))
    return marks


def role_for(marks: dict[str, str]) -> str:
    """Final, or Intermediate when the path marks a checkpoint."""
    if marks:
        return ComponentId.MODEL_PARAMETERS_INTERMEDIATE.value
    return ComponentId.MODEL_PARAMETERS_FINAL.value
