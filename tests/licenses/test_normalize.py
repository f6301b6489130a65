from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from opengauge.licenses.normalize import normal, words


def test_words_fold_case_punctuation_and_spelling() -> None:
    assert words("The Licence, (c) 2024 — “Licensor’s” terms!") == [
        "the",
        "license",
        "copyright",
        "2024",
        "licensor",
        "s",
        "terms",
    ]


def test_noncommercial_splits_and_plusplus_is_kept() -> None:
    assert normal("NonCommercial use") == "non commercial use"
    assert normal("Open RAIL++-M") == "open rail plusplus m"
    assert normal("Open RAIL-M") == "open rail m"


def test_layout_does_not_matter() -> None:
    a = "Permission is hereby granted,\n  free of charge, to any person"
    b = "permission IS hereby   granted free-of-charge to any person"
    assert words(a) == words(b)


def test_bigrams_of_short_sequences() -> None:
    from opengauge.licenses.textmatch import Vocabulary

    vocab = Vocabulary(["a", "b"])
    assert vocab.encode([]) == set()
    assert vocab.encode(["one"]) == set()
    assert len(vocab.encode(["a", "b", "a", "b"])) == 2


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_words_never_fail_and_are_plain_ascii(text: str) -> None:
    out = words(text)
    assert all(re.fullmatch(r"[a-z0-9]+", w) for w in out)
    assert normal(text) == " ".join(out)
