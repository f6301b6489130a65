"""Code classifier: roles from paths and from the Python syntax tree, package metadata, SPDX headers."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from opengauge.inventory.content.code import path_roles
from opengauge.inventory.content.python_analysis import analyse_python
from opengauge.record import ArtifactKind, ComponentId, EvidenceLevel, LinkOrigin
from tests.inventory.content_support import classify, details, linked_components

ARCH = ComponentId.MODEL_ARCHITECTURE.value
TRAIN = ComponentId.TRAINING_CODE.value
INFER = ComponentId.INFERENCE_CODE.value
EVAL = ComponentId.EVALUATION_CODE.value
PREP = ComponentId.DATA_PREPROCESSING_CODE.value
LIBS = ComponentId.SUPPORTING_LIBRARIES.value

TRAIN_PY = """\
# SPDX-License-Identifier: Apache-2.0
import argparse
import torch
from model import TinyLM

def main():
    parser = argparse.ArgumentParser()
    model = TinyLM()
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
    for batch in range(10):
        loss = model(batch)
        loss.backward()
        optimizer.step()
"""

MODEL_PY = """\
import torch
from torch import nn

class Block(nn.Module):
    def forward(self, x):
        return x

class TinyLM(Block):
    pass
"""

EVAL_PY = """\
import evaluate

def score(preds, refs):
    metric = evaluate.load("accuracy")
    return metric.compute(predictions=preds, references=refs)
"""

INFER_PY = """\
from transformers import AutoModelForCausalLM, AutoTokenizer

tok = AutoTokenizer.from_pretrained("x")
model = AutoModelForCausalLM.from_pretrained("x")
out = model.generate(**tok("hello", return_tensors="pt"), max_new_tokens=5)
"""

PREPROCESS_PY = """\
from datasets import load_dataset

ds = load_dataset("acme/web-corpus", split="train")
ds = ds.filter(lambda r: len(r["text"]) > 10)
ds.save_to_disk("out")
"""

SETUP_PY = """\
from setuptools import setup, find_packages
setup(name="tinylib", license="MIT", packages=find_packages())
"""


def test_training_script_by_syntax_tree() -> None:
    name, obs = classify("train.py", TRAIN_PY)
    assert name == "code"
    assert obs.kind is ArtifactKind.CODE and obs.format == "python"
    assert TRAIN in obs.roles
    ev = next(e for e in obs.evidence if e.component == TRAIN)
    assert ev.level is EvidenceLevel.VERIFIED and ev.extractor == "code"
    assert ev.confidence == 0.9 and ev.line is not None
    assert ev.location == "s1:train.py"
    assert details(obs)["argparse"] == "true"
    assert "torch" in details(obs)["imports"]


def test_training_evidence_names_the_call() -> None:
    _, obs = classify("scripts/run.py", "import torch\nloss = f()\nloss.backward()\n")
    ev = next(e for e in obs.evidence if e.component == TRAIN)
    assert ev.excerpt == "calls loss.backward()" and ev.line == 3


def test_architecture_class_and_local_subclass() -> None:
    _, obs = classify("src/tiny/model.py", MODEL_PY)
    ev = next(e for e in obs.evidence if e.component == ARCH)
    assert ev.excerpt == "defines class Block(nn.Module)" and ev.line == 4
    assert "TinyLM(Block)" in details(obs)["model_classes"]


def test_pretrained_model_subclass_is_architecture() -> None:
    src = "from transformers import PreTrainedModel\nclass Foo(PreTrainedModel):\n    pass\n"
    _, obs = classify("foo/modeling_foo.py", src)
    assert ARCH in obs.roles
    assert next(e for e in obs.evidence if e.component == ARCH).confidence == 0.9


def test_other_frameworks_architecture() -> None:
    cases = {
        "import tensorflow as tf\nclass A(tf.keras.Model):\n    pass\n": ARCH,
        "import keras\nclass A(keras.Model):\n    pass\n": ARCH,
        "import flax.linen as nn\nclass A(nn.Module):\n    pass\n": ARCH,
        "from torch.nn import Module\nclass A(Module):\n    pass\n": ARCH,
        "import lightning as L\nclass A(L.LightningModule):\n    pass\n": TRAIN,
        "from transformers import Trainer\nclass MyTrainer(Trainer):\n    pass\n": TRAIN,
    }
    for src, component in cases.items():
        assert component in classify("lib/core.py", src)[1].roles, src
    assert classify("lib/core.py", "class A(Module):\n    pass\n")[1].roles == ()


def test_pydantic_model_is_not_architecture() -> None:
    _, obs = classify("api/schemas.py", "from pydantic import BaseModel\nclass Req(BaseModel):\n    x: int\n")
    assert ARCH not in obs.roles


def test_evaluation_inference_preprocessing() -> None:
    assert EVAL in classify("eval.py", EVAL_PY)[1].roles
    infer = classify("infer.py", INFER_PY)[1]
    assert INFER in infer.roles
    assert next(e for e in infer.evidence if e.component == INFER).excerpt == (
        "loads a trained checkpoint (AutoTokenizer.from_pretrained(...))"
    )
    prep = classify("preprocess.py", PREPROCESS_PY)[1]
    assert PREP in prep.roles
    assert next(e for e in prep.evidence if e.component == PREP).confidence == 0.9


def test_load_dataset_becomes_a_dataset_link() -> None:
    _, obs = classify("preprocess.py", PREPROCESS_PY)
    assert [lk.url for lk in obs.links] == ["https://huggingface.co/datasets/acme/web-corpus"]
    assert obs.links[0].origin is LinkOrigin.CODE
    assert linked_components("preprocess.py", obs) == {ComponentId.DATASETS.value}


def test_load_dataset_in_evaluation_code_is_evaluation_data() -> None:
    src = 'import evaluate\nfrom datasets import load_dataset\nds = load_dataset("cais/mmlu")\nevaluate.load("x")\n'
    _, obs = classify("eval_mmlu.py", src)
    assert linked_components("eval_mmlu.py", obs) == {ComponentId.EVALUATION_DATA.value}
    # a dataset loaded by evaluation code is evaluation data even when it names no known benchmark
    _, other = classify("eval_x.py", src.replace("cais/mmlu", "acme/holdout"))
    assert linked_components("eval_x.py", other) == {ComponentId.EVALUATION_DATA.value}


def test_local_builders_are_not_dataset_ids() -> None:
    _, obs = classify("prep.py", 'from datasets import load_dataset\nload_dataset("json", data_files="x")\n')
    assert obs.links == ()


def test_eval_mode_under_no_grad_is_inference() -> None:
    src = "import torch\nmodel.eval()\nwith torch.no_grad():\n    y = model(x)\n"
    _, obs = classify("run_model.py", src)
    assert INFER in obs.roles


def test_trainer_api_is_training() -> None:
    src = "from transformers import Trainer, TrainingArguments\nt = Trainer(model=m)\nt.train()\n"
    _, obs = classify("finetune_lora.py", src)
    assert next(e for e in obs.evidence if e.component == TRAIN).confidence == 0.9


def test_path_only_roles_have_lower_confidence() -> None:
    _, obs = classify("train_utils.py", "x = 1\n")
    ev = next(e for e in obs.evidence if e.component == TRAIN)
    assert ev.confidence == 0.6 and ev.line is None
    assert "train_utils.py" in (ev.excerpt or "")


def test_path_roles_table() -> None:
    def roles(path: str) -> set[str]:
        return {h.component for h in path_roles(path)}

    assert roles("finetune.py") == {TRAIN}
    assert roles("pretrain_gpt.py") == {TRAIN}
    assert roles("evaluate_all.py") == {EVAL}
    assert roles("benchmarks/run.py") == {EVAL}
    assert roles("serve.py") == {INFER}
    assert roles("demo/app.py") == {INFER}
    assert roles("predict.py") == {INFER}
    assert roles("tokenize_corpus.py") == {PREP}
    assert roles("data_prep/x.py") == {PREP}
    assert roles("dedup.py") == {PREP}
    assert roles("modeling_llama.py") == {ARCH}
    assert roles("models/gpt.py") == {ARCH}
    assert roles("layers.py") == {ARCH}
    assert roles("load_pretrained.py") == set()
    assert roles("tokenizer.py") == set()
    assert roles("tests/test_train.py") == set()
    assert roles("setup.py") == set()  # packaging the release's code is not a separate library
    assert roles("convert_hf_checkpoint.py") == {LIBS}
    assert roles("export.py") == {LIBS}
    assert roles("merge_peft_adapters.py") == {LIBS}
    assert roles("weight_diff.py") == {LIBS}
    assert roles("scripts/transform_checkpoints.py") == {LIBS}
    assert roles("docker/Dockerfile") == {LIBS}
    assert roles("generate_instruction.py") == {PREP}  # data generation, not inference
    assert roles("data/augmentations.py") == {PREP}
    assert roles("gemma/image_preprocessor.py") == set()  # model-input processing at inference time


def test_unit_tests_get_no_roles() -> None:
    src = "from datasets import load_dataset\nload_dataset('a/b')\nloss.backward()\n"
    for path in ("tests/test_train.py", "pkg/train_test.py", "test_eval.py"):
        _, obs = classify(path, src)
        assert obs.kind is ArtifactKind.CODE and obs.roles == () and obs.links == (), path
        assert details(obs)["test_code"] == "true"


def test_syntax_error_is_a_low_finding_and_path_roles_remain() -> None:
    _, obs = classify("train.py", "def broken(:\n    pass\n")
    assert [f.rule_id for f in obs.findings] == ["OG-INV-010"]
    assert obs.findings[0].severity.value == "low"
    assert TRAIN in obs.roles
    assert details(obs)["ast"] == "error"


def test_null_bytes_do_not_crash() -> None:
    _, obs = classify("eval.py", b"x = 1\x00\x00")
    assert obs.findings and EVAL in obs.roles


def test_spdx_header_declaration() -> None:
    _, obs = classify("train.py", TRAIN_PY)
    (decl,) = obs.declarations
    assert decl.value == "Apache-2.0" and decl.how == "spdx-header"
    assert decl.location == "s1:train.py:1" and decl.scope == "s1:train.py"


def test_spdx_header_in_c_comment() -> None:
    _, obs = classify("kernels/attn.cu", "/* SPDX-License-Identifier: MIT OR Apache-2.0 */\nint x;\n")
    assert obs.format == "cuda"
    assert [d.value for d in obs.declarations] == ["MIT OR Apache-2.0"]


def test_setup_py_names_the_package_licence() -> None:
    _, obs = classify("tinylib/setup.py", SETUP_PY)
    assert LIBS not in obs.roles
    (decl,) = obs.declarations
    assert (decl.value, decl.how, decl.scope) == ("MIT", "package-metadata", "s1:tinylib")


def test_pyproject_and_setup_cfg() -> None:
    toml = '[project]\nname = "tinylib"\nlicense = {text = "BSD-3-Clause"}\n[build-system]\nrequires = []\n'
    name, obs = classify("pyproject.toml", toml)
    assert name == "code" and obs.roles == ()
    assert obs.declarations[0].value == "BSD-3-Clause" and obs.declarations[0].scope == "s1:"
    assert details(obs)["package"] == "tinylib"
    _, cfg = classify("lib/setup.cfg", "[metadata]\nname = tinylib\nlicense = Apache-2.0\n")
    assert cfg.roles == () and cfg.declarations[0].value == "Apache-2.0"


def test_tool_only_pyproject_is_not_a_library() -> None:
    _, obs = classify("pyproject.toml", "[tool.ruff]\nline-length = 100\n")
    assert obs.roles == () and obs.declarations == ()


def test_bad_pyproject_is_a_finding() -> None:
    _, obs = classify("pyproject.toml", "[project\nname=")
    assert obs.findings and obs.findings[0].rule_id == "OG-INV-015"


def test_shell_script_roles_by_path_and_invoked_script() -> None:
    _, obs = classify("scripts/launch.sh", "#!/bin/bash\ntorchrun --nproc 8 pretrain_gpt.py --lr 1e-4\n")
    assert obs.format == "shell" and TRAIN in obs.roles
    assert next(e for e in obs.evidence if e.component == TRAIN).excerpt == "runs pretrain_gpt.py"
    _, eval_sh = classify("eval.sh", "echo hi\n")
    assert EVAL in eval_sh.roles


def test_shell_script_scan_is_fast_on_adversarial_text() -> None:
    start = time.perf_counter()
    _, obs = classify("run.sh", "a" * 70_000 + " python scripts/train.py")
    assert time.perf_counter() - start < 2
    assert obs.roles == ()  # the invoked script is past the scanned part


def test_other_languages_and_dockerfile() -> None:
    assert classify("src/infer.rs", "fn main() {}")[1].roles == (INFER,)
    assert classify("train.jl", "x = 1")[1].format == "julia"
    name, obs = classify("Dockerfile", "FROM python:3.11\n")
    assert name == "code" and obs.format == "dockerfile"


def test_large_python_file_not_parsed() -> None:
    big = "x = 1\n" * 200_000  # > 1 MiB
    _, obs = classify("train.py", big)
    assert TRAIN in obs.roles
    assert any("not parsed" in f.message for f in obs.findings)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_fuzz_analyse_python_never_raises(text: str) -> None:
    facts = analyse_python(text)
    assert facts.error is not None or isinstance(facts.signals, tuple)


def test_deeply_nested_source_is_bounded() -> None:
    start = time.perf_counter()
    facts = analyse_python("x = " + "(" * 5000 + ")" * 5000)
    assert facts.error is not None
    assert time.perf_counter() - start < 5
