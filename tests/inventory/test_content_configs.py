"""Configs: model configs, tokenizer files, trainer state, training configs, dependency lists."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from opengauge.inventory.content.configs import parse_config
from opengauge.record import ArtifactKind, ComponentId
from tests.inventory.content_support import classify, components, details, pick

META = ComponentId.MODEL_METADATA.value


def test_hf_model_config() -> None:
    cfg = {"model_type": "llama", "architectures": ["LlamaForCausalLM"], "hidden_size": 64, "vocab_size": 100}
    name, obs = classify("config.json", json.dumps(cfg))
    assert name == "config" and obs.kind is ArtifactKind.CONFIG and obs.format == "json"
    assert obs.roles == (META,)
    d = details(obs)
    assert d["config_type"] == "model" and d["model_type"] == "llama"
    assert d["architectures"] == "LlamaForCausalLM" and d["hidden_size"] == "64"
    assert obs.evidence[0].excerpt == "model_type: llama; architectures: LlamaForCausalLM"
    assert ComponentId.MODEL_ARCHITECTURE.value not in obs.roles  # a config is not architecture code


def test_generation_config() -> None:
    _, obs = classify("generation_config.json", '{"max_new_tokens": 10, "temperature": 0.7}')
    assert obs.roles == (META,) and details(obs)["config_type"] == "model"


def test_tokenizer_files() -> None:
    for path in (
        "tokenizer.json",
        "tokenizer_config.json",
        "vocab.txt",
        "merges.txt",
        "tokenizer.model",
        "special_tokens_map.json",
        "spiece.model",
        "cl100k.tiktoken",
    ):
        name, obs = classify(path, "{}")
        assert name == "config" and obs.kind is ArtifactKind.TOKENIZER, path
        assert obs.roles == (META,), path
    _, tok = classify("tokenizer_config.json", '{"tokenizer_class": "LlamaTokenizer", "chat_template": "{{ x }}"}')
    assert details(tok)["tokenizer_class"] == "LlamaTokenizer" and details(tok)["chat_template"] == "true"
    assert classify("tokenizer.model", b"\x0a\x05hello")[1].format == "sentencepiece"


def test_trainer_state_suggests_intermediate_evaluation() -> None:
    state = {
        "global_step": 300,
        "max_steps": 1000,
        "log_history": [{"loss": 2.0, "step": 100}, {"eval_loss": 1.9, "step": 100}, {"eval_loss": 1.7, "step": 200}],
    }
    _, obs = classify("checkpoint-300/trainer_state.json", json.dumps(state))
    d = details(obs)
    assert d["config_type"] == "trainer-state" and d["eval_entries"] == "2" and d["log_entries"] == "3"
    assert d["global_step"] == "300"
    assert META in obs.roles and ComponentId.EVALUATION_RESULTS.value in components(obs)


def test_training_yaml_config_is_metadata_not_code() -> None:
    text = (
        "model:\n  n_layers: 12\n  n_heads: 8\n  d_model: 512\noptim:\n  learning_rate: 3e-4\n  warmup_steps: 100\n"
        "train:\n  batch_size: 32\n  epochs: 3\n"
    )
    name, obs = classify("configs/pretrain.yaml", text)
    assert name == "config" and obs.format == "yaml"
    assert obs.roles == (META,)
    assert ComponentId.TRAINING_CODE.value not in obs.roles
    d = details(obs)
    assert d["config_type"] == "training"
    assert d["training_keys"] == "batch_size,epochs,learning_rate,optim,warmup_steps"
    assert d["model_keys"] == "d_model,n_heads,n_layers"


def test_training_recipe_without_the_model_is_not_model_metadata() -> None:
    """A DeepSpeed or fine-tuning recipe (batch sizes, stages, rates) does not describe the released model."""
    recipe = "learning_rate: 2e-5\nper_device_train_batch_size: 4\nnum_train_epochs: 3\nblock_size: 1024\n"
    _, obs = classify("chat/config.yaml", recipe)
    assert details(obs)["config_type"] == "training" and obs.roles == ()
    _, ds = classify("ds_config.json", '{"train_batch_size": 8, "zero_optimization": {"stage": 2}, "fp16": {}}')
    assert ds.roles == ()


def test_gin_and_bare_hyperparameter_configs_are_metadata() -> None:
    _, gin = classify("models/base.gin", "include 'x.gin'\nd_ff = 2048\nMultiheadAttention.num_heads = 12\n")
    assert gin.roles == (META,) and details(gin)["config_type"] == "model"
    _, plain = classify("sizes.yaml", "hidden_size: 768\nnum_layers: 12\nnum_heads: 12\n")
    assert plain.roles == (META,)


def test_training_toml_and_json_configs() -> None:
    _, toml = classify("train.toml", "[trainer]\nlr = 0.1\nmax_steps = 10\n")
    assert details(toml)["config_type"] == "training"
    _, ds = classify("ds_config.json", '{"train_batch_size": 8, "zero_optimization": {"stage": 2}}')
    assert details(ds)["config_type"] == "training"


def test_multi_document_yaml() -> None:
    _, obs = classify("sweep.yaml", "lr: 1\n---\nbatch_size: 2\n")
    assert details(obs)["config_type"] == "training" and obs.findings == ()


def test_malformed_yaml_falls_back_to_key_scan() -> None:
    _, obs = classify("conf/train.yaml", "learning_rate: 1\nbatch_size: [2\nepochs: 3\n")
    assert [f.rule_id for f in obs.findings] == ["OG-INV-014"]
    assert details(obs)["config_type"] == "training"


def test_other_configs_have_no_role() -> None:
    _, obs = classify("settings.yaml", "name: x\ncolour: blue\n")
    assert obs.kind is ArtifactKind.CONFIG and obs.roles == () and details(obs)["config_type"] == "other"
    _, ci = classify(".github/workflows/ci.yml", "on: push\njobs: {lr: 1, batch_size: 2}\n")
    assert details(ci)["config_type"] == "ci" and ci.roles == ()


def test_dependency_lists() -> None:
    for path in ("requirements.txt", "requirements-dev.txt", "environment.yml"):
        name, obs = classify(path, "torch\n")
        assert name == "config" and obs.format == "requirements" and obs.roles == (), path


def test_json_lines_and_data_folder_json_are_not_configs() -> None:
    assert pick("data/train.json", '{"a": 1}') == "data"
    assert pick("dump.json", '{"text": "a"}\n{"text": "b"}\n') == "data"


def test_adapter_config() -> None:
    _, obs = classify("adapter_config.json", '{"peft_type": "LORA", "base_model_name_or_path": "acme/base"}')
    d = details(obs)
    assert d["peft_type"] == "LORA" and d["base_model_name_or_path"] == "acme/base"
    assert obs.evidence[0].excerpt == "peft_type: LORA"


def test_config_json_of_unknown_shape_is_still_metadata() -> None:
    _, obs = classify("config.json", '{"foo": 1}')
    assert obs.roles == (META,) and obs.evidence[0].confidence == 0.6


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=1500), st.sampled_from(["json", "yaml", "toml", "ini", "gin"]))
def test_fuzz_parse_config_never_raises(text: str, fmt: str) -> None:
    _value, error = parse_config(text, fmt)
    assert error is None or isinstance(error, str)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=800))
def test_fuzz_config_classifier_never_raises(text: str) -> None:
    for path in ("x.yaml", "config.json", "trainer_state.json", "tokenizer_config.json"):
        classify(path, text)
