"""Example releases the tests build themselves (no third-party text, no network).

``build_code_repo`` makes a small GitHub-style code repository; ``build_hf_model`` a Hugging Face-style model
folder with a card, a sharded safetensors index, a real (tiny) safetensors shard and a Git LFS pointer.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.inventory.weights_helpers import safetensors_head, safetensors_header

MIT_TEXT = """MIT License

Copyright (c) 2026 Example Lab

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""

MODEL_PY = '''"""A tiny transformer block."""
import torch
from torch import nn


class TinyBlock(nn.Module):
    def __init__(self, dim: int) -> None:
        super().__init__()
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        return self.proj(x)
'''

TRAIN_PY = '''"""Train the tiny model."""
import argparse
import torch
from model import TinyBlock


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=10)
    args = parser.parse_args()
    model = TinyBlock(8)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    for _ in range(args.steps):
        loss = model(torch.randn(4, 8)).pow(2).mean()
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()


if __name__ == "__main__":
    main()
'''

EVAL_PY = '''"""Evaluate the tiny model."""
import evaluate
import torch


def run(model, batches):
    metric = evaluate.load("accuracy")
    model.eval()
    with torch.no_grad():
        for inputs, labels in batches:
            metric.add_batch(predictions=model(inputs).argmax(-1), references=labels)
    return metric.compute()
'''

INFER_PY = '''"""Generate text with the released model."""
from transformers import AutoModelForCausalLM, AutoTokenizer


def generate(prompt: str) -> str:
    tok = AutoTokenizer.from_pretrained("example-lab/tiny")
    model = AutoModelForCausalLM.from_pretrained("example-lab/tiny")
    out = model.generate(**tok(prompt, return_tensors="pt"), max_new_tokens=20)
    return tok.decode(out[0])
'''

PREPROCESS_PY = '''"""Clean and deduplicate the raw corpus."""
from datasets import load_dataset


def normalise(example):
    example["text"] = " ".join(example["text"].split())
    return example


def main():
    ds = load_dataset("example-lab/tiny-corpus", split="train")
    ds = ds.map(normalise).filter(lambda e: len(e["text"]) > 10)
    ds.save_to_disk("clean")
'''

CARD = """---
license: apache-2.0
datasets:
- example-lab/tiny-corpus
language:
- en
pipeline_tag: text-generation
model-index:
- name: tiny
  results:
  - task:
      type: text-generation
    dataset:
      name: tiny-eval
      type: example-lab/tiny-eval
    metrics:
    - type: accuracy
      value: 0.42
---

# Tiny

A tiny example model, fully open.

## Model Details

Trained by Example Lab. Paper: https://arxiv.org/abs/2401.00001
Code: https://github.com/example-lab/tiny

## Intended Use

Research on openness tooling.

## Training Data

The [tiny corpus](https://huggingface.co/datasets/example-lab/tiny-corpus).

## Limitations

It is tiny.
"""


def safetensors_bytes(tensors: dict[str, tuple[str, list[int]]]) -> bytes:
    """A valid safetensors file with zero-filled payload."""
    header, offset = safetensors_header(tensors, {"format": "pt"})
    return safetensors_head(header) + b"\0" * offset


def lfs_pointer(oid: str, size: int) -> str:
    return f"version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize {size}\n"


def build_code_repo(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "LICENSE").write_text(MIT_TEXT)
    (root / "README.md").write_text(
        "# tiny\n\nTraining and inference code for Tiny. "
        "Technical report: [Tiny technical report](https://example.org/tiny-tech-report.pdf)\n"
    )
    (root / "model.py").write_text(MODEL_PY)
    (root / "train.py").write_text(TRAIN_PY)
    (root / "eval.py").write_text(EVAL_PY)
    (root / "infer.py").write_text(INFER_PY)
    (root / "preprocess.py").write_text(PREPROCESS_PY)
    (root / "configs").mkdir(exist_ok=True)
    (root / "configs" / "train.yaml").write_text("learning_rate: 0.001\nbatch_size: 4\nmax_steps: 10\n")
    (root / ".git").mkdir(exist_ok=True)
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    return root


def build_hf_model(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "README.md").write_text(CARD)
    (root / "config.json").write_text(json.dumps({"model_type": "tiny", "architectures": ["TinyForCausalLM"]}))
    shard1 = safetensors_bytes({"a.weight": ("F32", [8, 8]), "a.bias": ("F32", [8])})
    (root / "model-00001-of-00002.safetensors").write_bytes(shard1)
    (root / "model-00002-of-00002.safetensors").write_text(lfs_pointer("ab" * 32, 1_000_000))
    index = {
        "metadata": {"total_size": 288 + 1_000_000},
        "weight_map": {
            "a.weight": "model-00001-of-00002.safetensors",
            "a.bias": "model-00001-of-00002.safetensors",
            "b.weight": "model-00002-of-00002.safetensors",
        },
    }
    (root / "model.safetensors.index.json").write_text(json.dumps(index))
    (root / "tokenizer.json").write_text(json.dumps({"version": "1.0", "model": {"type": "BPE"}}))
    return root
