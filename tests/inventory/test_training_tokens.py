"""Training tokens read from cards, documents and configs: the number, its unit, the sentence and its line."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opengauge.inventory.content.training_tokens import (
    MAX_QUOTE,
    ClaimSource,
    TokenClaim,
    details,
    from_config,
    from_text,
)
from tests.strategies import json_values

T, B = 10**12, 10**9


@pytest.mark.parametrize(
    ("sentence", "tokens", "unit"),
    [
        ("The model was trained on 1,000B tokens.", 1000 * B, "B"),
        ("It was pretrained on 2T tokens of public data.", 2 * T, "T"),
        ("Llama-like models are pre-trained on 1.4 trillion tokens.", 14 * 10**11, "trillion"),
        ("We pretrain on **15T+** tokens.", 15 * T, "T"),
        ("Training used a 3T-token corpus.", 3 * T, "T"),
        ("The model has seen 500 billion tokens.", 500 * B, "billion"),
        ("Training data: 2 T tokens", 2 * T, "T"),
        ("It was trained for 300B tokens in total.", 300 * B, "B"),
        ("The corpus holds 1,200,000,000,000 tokens.", 12 * 10**11, ""),
        ("We trained on 7.5e12 tokens.", 75 * 10**11, ""),
        ("Pretraining consumed 2.5 tn tokens.", 25 * 10**11, "tn"),
    ],
)
def test_a_training_sentence_gives_the_number_and_quotes_it(sentence: str, tokens: int, unit: str) -> None:
    claim = from_text(f"# Model\n\nSome words.\n\n{sentence}\n")
    assert claim == TokenClaim(tokens, unit, sentence.replace("**", ""), 5, ClaimSource.SENTENCE)


@pytest.mark.parametrize(
    "sentence",
    [
        "The context window is 128K tokens.",
        "It supports a context of 1M tokens.",
        "We use a batch size of 4M tokens during training.",
        "Training ran at 2M tokens per second.",
        "It generates 10M tokens a day for our users.",
        "The vocabulary has 32,000 tokens.",
        "Our API costs $1 per 1M tokens of training data.",
        "It was trained on 2T examples.",  # not tokens
        "The model can read 2B tokens.",  # no training word
        "Trained on 4096 tokens long sequences.",  # too few to be a training run
        "We trained on 10^30 tokens.",
        "Trained on 99999999999999999999T tokens.",  # beyond any corpus
    ],
)
def test_other_token_counts_are_not_training_tokens(sentence: str) -> None:
    assert from_text(sentence) is None


def test_the_largest_claim_wins_and_lines_count_from_first_line() -> None:
    text = "Fine-tuned on 10B tokens.\n\nIt was pretrained on 2T tokens; of these, 500B tokens are code data.\n"
    claim = from_text(text, first_line=7)
    assert claim is not None
    assert (claim.tokens, claim.line, claim.quote) == (2 * T, 9, "It was pretrained on 2T tokens;")


def test_a_data_mix_total_row() -> None:
    text = "## Data\n\n| Source | Share | Tokens |\n| --- | --- | ---: |\n| Web | 80% | 1.5T |\n" \
           "| Code | 15% | 300B |\n| **Total** | 100% | **1.8T** |\n"  # fmt: skip
    claim = from_text(text)
    assert claim == TokenClaim(18 * 10**11, "T", "Total | 100% | 1.8T", 7, ClaimSource.DATA_MIX)


def test_a_data_mix_without_total_is_summed_with_the_header_unit() -> None:
    text = "| Source | Tokens (B) |\n|:--|--:|\n| Web | 1,500 |\n| Books | 200 |\n| Code | 300 |\n"
    claim = from_text(text)
    assert claim is not None and claim.source is ClaimSource.DATA_MIX
    assert (claim.tokens, claim.unit, claim.line) == (2000 * B, "B", 1)
    assert "sum of 3 rows" in claim.quote


def test_a_table_without_a_token_column_says_nothing() -> None:
    assert from_text("| Source | Size |\n| --- | --- |\n| Web | 1.5T |\n| Code | 300B |\n") is None


@pytest.mark.parametrize(
    ("config", "tokens", "unit"),
    [
        ({"num_train_tokens": 2_000_000_000_000}, 2 * T, ""),
        ({"trainer": {"train_tokens": 3e12}}, 3 * T, ""),
        ({"data": [{"name": "web"}, {"training_tokens": "1.5T"}]}, 15 * 10**11, "T"),
        ({"tokens_seen": "300B"}, 300 * B, "B"),
        ({"numTrainingTokens": 5 * T}, 5 * T, ""),
    ],
)
def test_config_keys(config: dict[str, object], tokens: int, unit: str) -> None:
    text = json.dumps(config, indent=2)
    claim = from_config(config, text)
    assert claim is not None and (claim.tokens, claim.unit, claim.source) == (tokens, unit, ClaimSource.CONFIG)
    key = next(k for k in text.splitlines() if "oken" in k)
    assert claim.quote == " ".join(key.split()) and claim.line == text.splitlines().index(key) + 1


@pytest.mark.parametrize(
    "config",
    [
        {"max_tokens": 2 * T},
        {"vocab_size": 32000, "max_position_embeddings": 4096},
        {"num_train_tokens": True},
        {"num_train_tokens": "lots"},
        {"train_tokens": 4096},
        {"train_tokens": float("nan")},
        "num_train_tokens: 2T",
        None,
    ],
)
def test_configs_without_a_training_token_count(config: object) -> None:
    assert from_config(config, str(config)) is None


def test_details_carry_the_number_and_the_quoted_line() -> None:
    claim = from_text("\nWe trained on 2T tokens.\n")
    quote = "line 2: We trained on 2T tokens."
    assert details(claim) == {"training_tokens": str(2 * T), "training_tokens_quote": quote}
    assert details(None) == {}


_UNIT = {"B": B, "T": T, "billion": B, "trillion": T, "M": 10**6}


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 999),
    st.sampled_from(sorted(_UNIT)),
    st.sampled_from(["trained on", "pretrained on", "pre-trained on", "has seen"]),
    st.text(alphabet="abc \n", max_size=40),
)
def test_fuzz_any_stated_amount_is_read_back(n: int, unit: str, verb: str, noise: str) -> None:
    sep = "" if len(unit) == 1 else " "
    text = f"{noise}\n\nThe model {verb} {n}{sep}{unit} tokens.\n{noise}"
    claim = from_text(text)
    if n * _UNIT[unit] < 10**6:
        assert claim is None
        return
    assert claim is not None and claim.tokens == n * _UNIT[unit] and claim.unit == unit
    assert claim.line == noise.count("\n") + 3


_WORDS = ["trained", "on", "2T", "1,000B", "1.5", "T", "tokens", "token", "|", "---", "|\n", "\n", "Total", "batch",
          "per", "second", ".", "(B)", "Tokens", "9" * 30, "1e99", "data", "**"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400) | st.lists(st.sampled_from(_WORDS), max_size=80).map(" ".join))
def test_fuzz_any_text_gives_a_bounded_claim_or_none(text: str) -> None:
    claim = from_text(text)
    if claim is not None:
        assert 10**6 <= claim.tokens <= 10**16
        assert len(claim.quote) <= MAX_QUOTE
        assert 1 <= claim.line <= text.count("\n") + 1 or text.splitlines() == []


@settings(max_examples=200, deadline=None)
@given(json_values(["num_train_tokens", "train_tokens", "tokens_seen", "x", "data"], floats=True))
def test_fuzz_any_config_gives_a_bounded_claim_or_none(value: object) -> None:
    claim = from_config(value, json.dumps(value))
    if claim is not None:
        assert 10**6 <= claim.tokens <= 10**16 and not math.isnan(claim.tokens)
        assert len(claim.quote) <= MAX_QUOTE
