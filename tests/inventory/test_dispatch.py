"""The inventory tries ``accepts`` only on classifiers that ``considers`` a file's suffix. That shortcut is
sound only if no classifier ever accepts a file whose suffix it said it does not consider: checked here on
every name the classifiers' own tables know, in the folders that change their answers, with the first bytes
that change them, and on generated names."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from opengauge.inventory.catalog import classifiers, dispatch
from opengauge.inventory.content.cards import DATA_CARD_NAMES, MODEL_CARD_NAMES
from opengauge.inventory.content.code import LANGUAGES, NAMED
from opengauge.inventory.content.configs import CONFIG_SUFFIXES, MODEL_CONFIG_NAMES, TOKENIZER_NAMES
from opengauge.inventory.content.data import ALWAYS_DATA, DATA_FOLDER_ONLY
from opengauge.inventory.content.documents import PAPER_SUFFIXES, TEXT_SUFFIXES
from opengauge.inventory.content.licence_files import PREFIXES
from opengauge.inventory.run import Dispatch
from opengauge.inventory.weights._paths import AMBIGUOUS_SUFFIXES, DATA_SUFFIXES, WEIGHTS_SUFFIXES
from opengauge.record import Artifact

SUFFIXES = sorted(
    {
        "",
        ".data",
        ".onnx_data",
        ".data-00000-of-00002",
        ".weights",
        ".pb",
        ".pbtxt",
        ".index.json",
        ".jsonl.gz",
        ".tiktoken",
        ".spm",
        ".model",
        ".in",
        ".lock",
        ".ipynb",
        ".pdf",
        ".tex",
        ".license",
        ".gpu",
        ".html",
        ".xyz",
        *WEIGHTS_SUFFIXES,
        *AMBIGUOUS_SUFFIXES,
        *DATA_SUFFIXES,
        *LANGUAGES,
        *CONFIG_SUFFIXES,
        *ALWAYS_DATA,
        *DATA_FOLDER_ONLY,
        *TEXT_SUFFIXES,
        *PAPER_SUFFIXES,
    }
)
STEMS = [
    "model",
    "pytorch_model",
    "README",
    "readme",
    "LICENSE",
    "notice",
    "use_policy",
    "paper",
    "technical_report",
    "results",
    "eval_results",
    "metrics",
    "generations",
    "samples_0",
    "sample_outputs",
    "requirements",
    "requirements-dev",
    "download_data",
    "prepare_dataset",
    "train",
    "saved_model",
    "variables",
    "tokenizer",
    "spiece",
    "Dockerfile",
    "datasheet",
    "x",
    *(stem for name in MODEL_CARD_NAMES | DATA_CARD_NAMES for stem in (name,)),
]
WHOLE_NAMES = sorted(
    {*TOKENIZER_NAMES, *MODEL_CONFIG_NAMES, *NAMED, "pipfile", "environment.yml", "dockerfile-cuda", "Makefile"}
    | {f"{p}" for p in PREFIXES}
    | {"model.onnx.data", "model.safetensors.index.json", "variables.data-00000-of-00001", "trainer_state.json"}
)
FOLDERS = ["", "data/", "samples/", "examples/", ".eval_results/", "licenses/", "checkpoint-100/", "tests/"]
HEADS = [
    b"",
    b"GGUF\x03\x00\x00\x00",
    b"lmgg\x00\x00",
    b"\x93NUMPY\x01\x00",
    b"\x1c\x00\x00\x00TFL3",
    b"version https://git-lfs.github.com/spec/v1\noid sha256:" + b"0" * 64 + b"\nsize 10\n",
    b"PK\x03\x04",
    b"\x80\x02}q\x00.",
    b'\x10\x00\x00\x00\x00\x00\x00\x00{"a":1}        ',
    b"\x89HDF\r\n\x1a\n",
    b"#!/bin/bash\necho\n",
    b"#!/usr/bin/env python\n",
    b'{"text": "a"}\n{"text": "b"}\n',
    b'{"$schema": "x", "type": "object"}',
]


def _assert_sound(path: str, head: bytes) -> None:
    art = Artifact(source_id="s1", path=path, size=max(len(head), 1) * 1000)
    for classifier in classifiers():
        if classifier.accepts(art, head):
            assert classifier.considers(art.suffix), f"{classifier.name} accepts {path!r} but skips {art.suffix!r}"


def test_no_classifier_accepts_a_suffix_it_does_not_consider() -> None:
    names = [*(f"{stem}{suffix}" for stem, suffix in itertools.product(STEMS, SUFFIXES)), *WHOLE_NAMES]
    for name, head in itertools.product(names, HEADS):  # first bytes change answers ...
        _assert_sound(name, head)
    for folder, name in itertools.product(FOLDERS[1:], names):  # ... and so do folders
        _assert_sound(folder + name, HEADS[-2])


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(FOLDERS),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzLICENSE_-.0123456789", min_size=1, max_size=30),
    st.sampled_from(HEADS) | st.binary(max_size=64),
)
def test_generated_names_too(folder: str, name: str, head: bytes) -> None:
    _assert_sound(folder + name, head)


def test_dispatch_keeps_catalog_order_and_skips() -> None:
    order = [c.name for c in classifiers()]
    for suffix in ("", ".py", ".md", ".safetensors", ".jsonl", ".xyz"):
        names = [c.name for c in dispatch().candidates(suffix)]
        assert names == sorted(names, key=order.index), suffix
    assert len(dispatch().candidates(".py")) < len(classifiers()) / 2
    assert "code" in [c.name for c in dispatch().candidates(".py")]
    assert "weights.safetensors" not in [c.name for c in dispatch().candidates(".py")]


def test_first_picks_like_the_catalog() -> None:
    art = Artifact(source_id="s1", path="models/model.safetensors", size=100)
    picked = Dispatch(classifiers()).first(art, b"")
    assert picked is not None and picked.name == "weights.safetensors"
    assert Dispatch(classifiers()).first(Artifact("s1", "x.xyz", 3), b"abc") is None


def test_many_suffixes_are_not_all_remembered() -> None:
    d = Dispatch(classifiers())
    for i in range(Dispatch.MAX_SUFFIXES + 50):
        d.candidates(f".r{i}")
    assert len(d._by_suffix) == Dispatch.MAX_SUFFIXES
    assert d.candidates(".r999999") == d.candidates(".r0")
