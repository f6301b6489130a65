"""What a piece of Python source does, from its syntax tree only (never imported, never run): architecture
classes, training steps, generation calls, metric computation, dataset preprocessing, imports, argparse."""

from __future__ import annotations

import ast
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from opengauge.inventory.content._shared import is_shape_key
from opengauge.record import ComponentId

#: A call, dict or class setting at least this many model sizes as constants holds the model's hyperparameters.
MIN_HYPERPARAMETERS = 3
#: Sources longer than this are not parsed.
MAX_SOURCE = 1024 * 1024
#: The syntax tree walk stops after this many nodes.
MAX_NODES = 300_000

META = ComponentId.MODEL_METADATA.value
ARCH = ComponentId.MODEL_ARCHITECTURE.value
TRAIN = ComponentId.TRAINING_CODE.value
INFER = ComponentId.INFERENCE_CODE.value
EVAL = ComponentId.EVALUATION_CODE.value
PREP = ComponentId.DATA_PREPROCESSING_CODE.value
LIBS = ComponentId.SUPPORTING_LIBRARIES.value

#: Top-level modules worth listing in an artifact's details.
NOTABLE_IMPORTS = frozenset(
    {
        "torch",
        "transformers",
        "jax",
        "flax",
        "tensorflow",
        "keras",
        "datasets",
        "evaluate",
        "lm_eval",
        "sklearn",
        "deepspeed",
        "accelerate",
        "peft",
        "trl",
        "vllm",
        "numpy",
        "optax",
        "haiku",
        "equinox",
        "lightning",
        "pytorch_lightning",
        "megatron",
        "torchmetrics",
        "sacrebleu",
        "rouge_score",
        "gradio",
        "streamlit",
        "fastapi",
        "tokenizers",
        "sentencepiece",
        "tiktoken",
        "datasketch",
        "ftfy",
        "mlx",
        "diffusers",
        "timm",
        "open_clip",
        "argparse",
        "nltk",
        "spacy",
        "pandas",
        "pyarrow",
        "xformers",
        "flash_attn",
        "bitsandbytes",
        "onnxruntime",
        "triton",
        "llama_cpp",
        "text_dedup",
        "langdetect",
    }
)
_EVAL_IMPORTS = (
    "evaluate",
    "lm_eval",
    "sklearn.metrics",
    "torchmetrics",
    "sacrebleu",
    "rouge_score",
    "nltk.translate",
    "bert_score",
    "lighteval",
    "opencompass",
)
_INFER_IMPORTS = ("vllm", "gradio", "streamlit", "llama_cpp", "text_generation", "sglang", "tensorrt_llm")
_PREP_IMPORTS = ("datasketch", "ftfy", "text_dedup", "langdetect", "fasttext", "datatrove", "nemo_curator")
_MODULE_BASES = re.compile(
    r"(?:^|\.)(?:Module|PreTrainedModel|\w+PreTrainedModel|Model|LightningModule|ModelMixin|"
    r"TFPreTrainedModel|FlaxPreTrainedModel|Layer)$"
)
_MODULE_OWNERS = (
    "nn",
    "torch.nn",
    "linen",
    "flax.linen",
    "hk",
    "haiku",
    "eqx",
    "equinox",
    "keras",
    "tf.keras",
    "tensorflow.keras",
    "keras.layers",
    "tf.keras.layers",
    "layers",
    "pl",
    "L",
    "lightning",
    "pytorch_lightning",
    "transformers",
    "diffusers",
    "mx.nn",
    "mlx.nn",
)
_METRIC_CALLS = frozenset(
    {
        "accuracy_score",
        "f1_score",
        "precision_score",
        "recall_score",
        "roc_auc_score",
        "precision_recall_fscore_support",
        "classification_report",
        "confusion_matrix",
        "mean_squared_error",
        "corpus_bleu",
        "sentence_bleu",
        "load_metric",
        "simple_evaluate",
        "compute_metrics",
        "perplexity",
        "exact_match",
        "accuracy",
        "compute_accuracy",
        "top_k_accuracy",
        "topk_accuracy",
    }
)
#: Functions that evaluate a model (a validation loop inside a training script counts: it evaluates).
_EVAL_FUNCTIONS = re.compile(
    r"^(?:estimate_loss|evaluate(?:_\w+)?|eval_(?:model|loop|epoch|step|loss|ppl|perplexity|accuracy|checkpoint)\w*|"
    r"run_eval\w*|validation_(?:step|loop|epoch)|validate_(?:model|epoch|step|loop))$"
)
#: Functions that load a trained checkpoint: code that runs a released model.
_CHECKPOINT_LOADS = frozenset(
    {
        "torch.load",
        "torch.jit.load",
        "load_state_dict",
        "from_pretrained",
        "hf_hub_download",
        "snapshot_download",
        "load_checkpoint",
        "restore_checkpoint",
    }
)
_PREP_WORDS = re.compile(
    r"minhash|near_?dup|^_?preprocess(?:ing)?$|^pretokeni[sz]e|^augment|^(?:train|build|learn)_(?:vocab|bpe)|"
    r"^process_(?:shards?|data(?:set)?|corpus|chunks?)$|^prepare_(?:data(?:set)?|corpus|shards?)|"
    r"(?:dedup\w*|clean|filter|normali[sz]e|tokenize|preprocess)_?"
    r"(?:docs?|documents?|data(?:set)?|texts?|corpus|lines|examples?|samples?|function|batch)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Signal:
    """One reason to give code a role: the component, a short human reason and the line it is on."""

    component: str
    reason: str
    line: int | None


@dataclass(frozen=True, slots=True)
class PythonFacts:
    """Everything the syntax tree told us. ``error`` is set (and the rest empty) when it did not parse."""

    signals: tuple[Signal, ...] = field(default=())
    imports: tuple[str, ...] = field(default=())
    classes: tuple[str, ...] = field(default=())
    argparse: bool = False
    dataset_ids: tuple[str, ...] = field(default=())
    setup_license: str | None = None
    error: str | None = None
    error_line: int | None = None

    def first(self, component: str) -> Signal | None:
        for s in self.signals:
            if s.component == component:
                return s
        return None


def dotted(node: ast.AST) -> str:
    """``a.b.c`` for names and attribute chains; ``a().b`` keeps only what follows the call (``.b``)."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    elif isinstance(node, ast.Call):
        parts.append("")
    return ".".join(reversed(parts))


def _first_str_arg(call: ast.Call) -> str | None:
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def _is_training_step(last: str, owner: str) -> bool:
    """``loss.backward()``, ``optimizer.step()``/``zero_grad()``, ``trainer.train()``, ``model.fit()``."""
    if last in {"backward", "zero_grad"}:
        return True
    if last == "step":
        return "optim" in owner or owner.endswith("opt")
    if last == "train":
        return "trainer" in owner
    return last == "fit" and ("trainer" in owner or "model" in owner)


def _is_data_op(last: str, owner: str) -> bool:
    """``dataset.map()``/``.filter()`` and writing processed data (counted only when ``datasets`` is used)."""
    if last in {"map", "filter"}:
        return bool(owner) and "tokenizer" not in owner
    return last in {"save_to_disk", "to_parquet", "push_to_hub"} and "model" not in owner


class _Visitor:
    """Collects signals from a tree; bounded by ``MAX_NODES``."""

    def __init__(self) -> None:
        self.signals: list[Signal] = []
        self.imports: dict[str, None] = {}
        self.full_imports: set[str] = set()
        self.classes: list[str] = []
        self.module_classes: set[str] = set()
        self.argparse = False
        self.dataset_ids: dict[str, None] = {}
        self.setup_license: str | None = None
        self.eval_call: int | None = None
        self.no_grad: int | None = None
        self.data_ops: list[tuple[str, int]] = []
        self.loads_checkpoint: tuple[str, int] | None = None
        self.hyperparameters: tuple[tuple[str, ...], int] | None = None
        self.uses_datasets = False

    def note_hyperparameters(self, names: list[str], line: int) -> None:
        """Model sizes given as constants (a config call, a dict, a config class): the model's metadata."""
        shape = sorted({n for n in names if is_shape_key(n)})
        if len(shape) >= MIN_HYPERPARAMETERS and self.hyperparameters is None:
            self.hyperparameters = (tuple(shape), line)

    def add(self, component: str, reason: str, line: int | None) -> None:
        self.signals.append(Signal(component, reason, line))

    # -- node kinds ------------------------------------------------------------------------------------------

    def visit_import(self, names: list[str], line: int) -> None:
        for name in names:
            top = name.split(".")[0]
            self.imports.setdefault(top, None)
            self.full_imports.add(name)
            if top == "argparse":
                self.argparse = True
            if top == "datasets":
                self.uses_datasets = True
            for prefix, component in (
                *((p, EVAL) for p in _EVAL_IMPORTS),
                *((p, INFER) for p in _INFER_IMPORTS),
                *((p, PREP) for p in _PREP_IMPORTS),
            ):
                if name == prefix or name.startswith(prefix + "."):
                    self.add(component, f"imports {name}", line)

    def visit_class(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        if self.hyperparameters is None:
            self._class_hyperparameters(node)
        self._class_bases(node)

    def _class_hyperparameters(self, node: ast.ClassDef) -> None:
        fields = [
            target.id
            for stmt in node.body
            if isinstance(stmt, ast.AnnAssign | ast.Assign) and _constant_number(stmt.value)
            for target in (stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target])
            if isinstance(target, ast.Name)
        ]
        self.note_hyperparameters(fields, node.lineno)

    def _class_bases(self, node: ast.ClassDef) -> None:
        for base in node.bases:
            name = dotted(base)
            if self._is_module_base(name):
                self.module_classes.add(node.name)
                self.add(ARCH, f"defines class {node.name}({name})", node.lineno)
                if name.endswith("LightningModule"):
                    self.add(TRAIN, f"defines class {node.name}({name})", node.lineno)
                break
            if name.endswith("Trainer") and name:
                self.add(TRAIN, f"defines class {node.name}({name})", node.lineno)
                break
            if name.endswith("Optimizer") and name:
                self.add(LIBS, f"defines an optimizer, class {node.name}({name})", node.lineno)
                break

    def _is_module_base(self, name: str) -> bool:
        if not name or not _MODULE_BASES.search(name):
            return name in self.module_classes
        owner, _, last = name.rpartition(".")
        if last.endswith("PreTrainedModel") or last in {"LightningModule", "ModelMixin"}:
            return True
        if owner:
            return owner in _MODULE_OWNERS
        # A bare ``Module``/``Model``/``Layer``: only when imported from a deep-learning library.
        return any(
            imp.split(".")[0] in {"torch", "flax", "keras", "tensorflow", "haiku", "equinox", "mlx"}
            for imp in self.full_imports
        )

    def visit_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if _EVAL_FUNCTIONS.match(node.name) or node.name == "compute_metrics":
            self.add(EVAL, f"defines {node.name}()", node.lineno)
        elif _PREP_WORDS.search(node.name):
            self.add(PREP, f"defines {node.name}()", node.lineno)
        for deco in node.decorator_list:
            name = dotted(deco.func if isinstance(deco, ast.Call) else deco)
            if name.endswith(("no_grad", "inference_mode")):
                self.no_grad = self.no_grad or node.lineno

    def visit_call(self, node: ast.Call) -> None:
        name = dotted(node.func)
        last = name.rpartition(".")[2]
        owner = name.rpartition(".")[0].lower()
        line = node.lineno
        self._training_call(name, last, owner, line)
        self._inference_call(name, last, owner, node, line)
        self._evaluation_call(name, last, owner, line)
        self._data_call(name, last, owner, node, line)
        if len(node.keywords) >= MIN_HYPERPARAMETERS and self.hyperparameters is None:
            self.note_hyperparameters([kw.arg for kw in node.keywords if kw.arg and _constant_number(kw.value)], line)
        if last == "ArgumentParser":
            self.argparse = True

    def _training_call(self, name: str, last: str, owner: str, line: int) -> None:
        if _is_training_step(last, owner):
            self.add(TRAIN, f"calls {name}()", line)
        elif last.endswith("Trainer") or last in {"TrainingArguments", "Seq2SeqTrainingArguments"}:
            self.add(TRAIN, f"creates {last}(...)", line)
        elif (".optim." in f".{name}" and last[:1].isupper()) or name.startswith("optax."):
            self.add(TRAIN, f"creates optimizer {name}(...)", line)

    def _inference_call(self, name: str, last: str, owner: str, node: ast.Call, line: int) -> None:
        if (last == "generate" and owner and "data" not in owner) or (last == "predict" and "model" in owner):
            self.add(INFER, f"calls {name}()", line)
        elif last == "eval" and "model" in owner and (node.args or node.keywords):
            self.add(EVAL, f"calls {name}(...) on evaluation data", line)
        elif name in {"pipeline", "transformers.pipeline"}:
            self.add(INFER, f"calls {name}(...)", line)
        elif (name in _CHECKPOINT_LOADS or last in _CHECKPOINT_LOADS) and self.loads_checkpoint is None:
            self.loads_checkpoint = (name, line)
        elif last == "eval" and owner and not node.args:
            self.eval_call = self.eval_call or line
        elif last in {"no_grad", "inference_mode"}:
            self.no_grad = self.no_grad or line

    def _evaluation_call(self, name: str, last: str, owner: str, line: int) -> None:
        if name in {"evaluate.load", "evaluate.combine"} or last in _METRIC_CALLS:
            self.add(EVAL, f"calls {name}(...)", line)
        elif last == "evaluate" and ("trainer" in owner or "evaluator" in owner or "lm_eval" in owner):
            self.add(EVAL, f"calls {name}()", line)

    def _data_call(self, name: str, last: str, owner: str, node: ast.Call, line: int) -> None:
        if last == "load_dataset":
            self.uses_datasets = True
            ident = _first_str_arg(node)
            if ident and re.fullmatch(r"[\w.\-]+(?:/[\w.\-]+)?", ident) and len(self.dataset_ids) < 50:
                self.dataset_ids.setdefault(ident, None)
        elif _is_data_op(last, owner):
            self.data_ops.append((f"calls {name}(...)", line))
        elif not owner and _PREP_WORDS.search(last):
            self.add(PREP, f"calls {name}(...)", line)
        elif name in {"setup", "setuptools.setup"}:
            for kw in node.keywords:
                if kw.arg == "license" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                    self.setup_license = kw.value.value[:200]

    # -- after the walk --------------------------------------------------------------------------------------

    def finish(self) -> PythonFacts:
        if self.hyperparameters:
            names, line = self.hyperparameters
            self.add(META, f"sets model hyperparameters: {', '.join(names[:5])}", line)
        found = {s.component for s in self.signals}
        if self.eval_call and self.no_grad and EVAL not in found:
            self.add(INFER, "puts the model in eval mode under torch.no_grad()", self.eval_call)
        if self.loads_checkpoint and not found & {TRAIN, EVAL}:
            self.add(INFER, f"loads a trained checkpoint ({self.loads_checkpoint[0]}(...))", self.loads_checkpoint[1])
        if self.uses_datasets and self.data_ops:
            reason, line = self.data_ops[0]
            self.add(PREP, reason, line)
        signals = sorted(self.signals, key=lambda s: s.line or 0)
        return PythonFacts(
            signals=tuple(signals),
            imports=tuple(sorted(self.imports)),
            classes=tuple(self.classes[:100]),
            argparse=self.argparse,
            dataset_ids=tuple(self.dataset_ids),
            setup_license=self.setup_license,
        )


def _constant_number(node: ast.AST | None) -> bool:
    """A size: a whole-number constant of at least 2 (not 0/1 flags, not a device index, not a rate)."""
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int)
        and not isinstance(node.value, bool)
        and node.value >= 2
    )


def _dict(visitor: _Visitor, node: ast.Dict) -> None:
    if len(node.keys) < MIN_HYPERPARAMETERS or visitor.hyperparameters is not None:
        return
    keys = [
        k.value
        for k, v in zip(node.keys, node.values, strict=False)
        if isinstance(k, ast.Constant) and isinstance(k.value, str) and _constant_number(v)
    ]
    visitor.note_hyperparameters(keys, node.lineno)


def _import(visitor: _Visitor, node: ast.Import) -> None:
    visitor.visit_import([a.name for a in node.names], node.lineno)


def _import_from(visitor: _Visitor, node: ast.ImportFrom) -> None:
    if node.module and not node.level:
        visitor.visit_import([node.module, *(f"{node.module}.{a.name}" for a in node.names)], node.lineno)


def _with(visitor: _Visitor, node: ast.With | ast.AsyncWith) -> None:
    for item in node.items:
        expr = item.context_expr
        if isinstance(expr, ast.Call) and dotted(expr.func).endswith(("no_grad", "inference_mode")):
            visitor.no_grad = visitor.no_grad or node.lineno


#: What the walk does at each node type of interest (exact types: ``ast.parse`` makes no subclasses).
_HANDLERS: dict[type[ast.AST], Callable[[_Visitor, Any], None]] = {
    ast.Import: _import,
    ast.ImportFrom: _import_from,
    ast.ClassDef: _Visitor.visit_class,
    ast.FunctionDef: _Visitor.visit_function,
    ast.AsyncFunctionDef: _Visitor.visit_function,
    ast.Call: _Visitor.visit_call,
    ast.With: _with,
    ast.AsyncWith: _with,
    ast.Dict: _dict,
}


def _walk(tree: ast.AST, visitor: _Visitor) -> None:
    """Breadth first, like ``ast.walk`` (same order), with the child lookup inlined: this walk is most of the
    time spent on a code file."""
    todo: deque[ast.AST] = deque((tree,))
    pop, push, extend = todo.popleft, todo.append, todo.extend
    handlers = _HANDLERS
    count = 0
    while todo and count < MAX_NODES:
        node = pop()
        count += 1
        handler = handlers.get(type(node))
        if handler is not None:
            handler(visitor, node)
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, ast.AST):
                push(value)
            elif type(value) is list:
                extend([v for v in value if isinstance(v, ast.AST)])


def analyse_python(source: str) -> PythonFacts:
    """Parse ``source`` (never executed) and collect role signals. Never raises on text."""
    if len(source) > MAX_SOURCE:
        return PythonFacts(error=f"larger than {MAX_SOURCE // 1024} KiB; not parsed")
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        return PythonFacts(error=f"syntax error: {exc.msg}", error_line=exc.lineno)
    except (ValueError, RecursionError, MemoryError, OverflowError) as exc:
        return PythonFacts(error=f"could not be parsed: {type(exc).__name__}")
    visitor = _Visitor()
    # Module-level imports first, so that a bare ``Module`` base can be traced to its library.
    for node in tree.body if isinstance(tree, ast.Module) else ():
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        names = [a.name for a in node.names]
        if isinstance(node, ast.ImportFrom) and node.module:
            visitor.full_imports.update({node.module, *(f"{node.module}.{n}" for n in names)})
        else:
            visitor.full_imports.update(names)
    try:
        _walk(tree, visitor)
    except RecursionError:
        return PythonFacts(error="too deeply nested to analyse")
    return visitor.finish()
