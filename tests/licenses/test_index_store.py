"""The licence text index on disk: a saved index loads back identical and matches identically; anything that is
not exactly what was saved under the same key is refused (and then rebuilt), never trusted or crashed on."""

from __future__ import annotations

from array import array
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opengauge.licenses import index_store, textmatch
from opengauge.licenses.index_store import IndexArrays
from opengauge.licenses.normalize import words
from opengauge.licenses.textmatch import TextIndex, Vocabulary

TEXTS = [
    ("Ours-1", "Permission to use, copy and share this model is granted to everyone, for any purpose at all."),
    ("Ours-2", "You may not use this model for commercial purposes, and you must share alike any changes you make."),
    ("Ours-3", "Redistribution of the weights is permitted provided that this notice and the disclaimer stay."),
]
HEADERS = [("Ours-1", "Licensed under Ours-1; see the file for the terms.")]
KEY = "test-key"


@pytest.fixture()
def small() -> TextIndex:
    return TextIndex.build(TEXTS, HEADERS)


def _saved(tmp_path: Path, index: TextIndex) -> Path:
    path = index_store.cache_file(tmp_path, KEY)
    assert index_store.save(index.data, path, KEY)
    return path


def test_round_trip_is_identical(tmp_path: Path, small: TextIndex) -> None:
    path = _saved(tmp_path, small)
    loaded = index_store.load(path, KEY)
    assert loaded == small.data
    again = TextIndex(loaded)
    for _, text in TEXTS:
        assert again.identify(words(text)) == small.identify(words(text))
    assert [sorted(s) for s in again.sets] == [sorted(s) for s in small.sets]


def test_another_key_or_a_damaged_file_is_refused(tmp_path: Path, small: TextIndex) -> None:
    path = _saved(tmp_path, small)
    raw = path.read_bytes()
    assert index_store.load(path, "other-key") is None
    for damaged in (b"", raw[:-1], raw + b"\x00", b"NOTOURS!" + raw[8:], raw[:20], raw[:-8]):
        path.write_bytes(damaged)
        assert index_store.load(path, KEY) is None, len(damaged)
    assert index_store.load(tmp_path / "absent.bin", KEY) is None


def test_inconsistent_arrays_are_refused(small: TextIndex) -> None:
    data = small.data
    assert data.consistent()
    bad_text = array("i", data.post_values)
    bad_text[0] = len(data.ids)  # a posting to a text that does not exist
    assert not replace(data, post_values=bad_text).consistent()
    assert not replace(data, header=data.header[:-1]).consistent()
    assert not replace(data, set_offsets=array("q", [*data.set_offsets[:-1], 10**9])).consistent()
    assert not replace(data, rare_count=array("i")).consistent()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_fuzzed_files_never_crash(tmp_path: Path, data: st.DataObject) -> None:
    index = TextIndex.build(TEXTS[:2])
    path = index_store.cache_file(tmp_path, KEY)
    index_store.save(index.data, path, KEY)
    raw = bytearray(path.read_bytes())
    for _ in range(data.draw(st.integers(1, 4))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        raw[pos] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(raw)))
    path.write_bytes(bytes(raw[:cut]))
    loaded = index_store.load(path, KEY)
    if loaded is not None:  # a flip inside a number can survive the checks: it may only change matches
        TextIndex(loaded).identify(words(TEXTS[0][1]))


def test_save_into_an_unwritable_place_fails_quietly(tmp_path: Path, small: TextIndex) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert not index_store.save(small.data, blocker / "sub" / "index.bin", KEY)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_saving_removes_indexes_of_other_keys(tmp_path: Path, small: TextIndex) -> None:
    old = index_store.cache_file(tmp_path, "old-key")
    assert index_store.save(small.data, old, "old-key")
    new = _saved(tmp_path, small)
    assert [p.name for p in tmp_path.iterdir()] == [new.name]


def test_unknown_query_words_count_but_match_nothing() -> None:
    vocab = Vocabulary(["permission", "to", "use"])
    known = vocab.encode(["permission", "to", "use"])
    mixed = vocab.encode(["permission", "to", "zebra", "use", "zebra", "quokka"])
    assert len(known) == 2 and len(mixed) == 5
    assert known & mixed == {next(iter(vocab.encode(["permission", "to"])))}
    assert len(vocab) == 3, "a query does not grow the vocabulary"


def test_the_process_index_is_written_once_and_then_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENGAUGE_CACHE_DIR", str(tmp_path))
    built: list[int] = []
    real_build = TextIndex.build

    def counting_build(*args: object, **kwargs: object) -> TextIndex:
        built.append(1)
        return real_build(TEXTS, HEADERS)

    monkeypatch.setattr(TextIndex, "build", staticmethod(counting_build))
    textmatch._build.cache_clear()
    try:
        first = textmatch.text_index()
        textmatch._build.cache_clear()
        second = textmatch.text_index()
    finally:
        textmatch._build.cache_clear()
    assert built == [1]
    assert second.data == first.data
    assert [p.name for p in tmp_path.iterdir()] == [index_store.cache_file(tmp_path, textmatch.cache_key()).name]


def test_build_and_load_agree_on_the_real_texts(tmp_path: Path) -> None:
    real = textmatch.text_index()
    path = index_store.cache_file(tmp_path, KEY)
    assert index_store.save(real.data, path, KEY)
    loaded = index_store.load(path, KEY)
    assert loaded is not None and loaded == real.data
    assert isinstance(loaded, IndexArrays)
