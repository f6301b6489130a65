"""Matching a text against the SPDX licence texts: word-bigram Dice (as askalono does) for a licence file,
and containment (the share of a licence's bigrams found in the text) for a licence pasted into a README.

The index is built on first use and kept in the user cache folder as word ids and bigram codes (no licence
text; see ``index_store``), keyed by everything it is derived from, so that later processes load it in a few
milliseconds. A missing, stale, damaged or unwritable cache only means a build.
"""

from __future__ import annotations

import contextlib
import hashlib
import sys
import threading
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import chain, pairwise
from operator import itemgetter
from pathlib import Path
from typing import overload

from opengauge.cachedir import user_cache_dir
from opengauge.licenses import index_store, spdx
from opengauge.licenses.index_store import IndexArrays
from opengauge.licenses.normalize import words

RARE_DF = 24  # bigrams found in at most this many licence texts go into the candidate postings
CANDIDATES = 6  # licences scored exactly per query (by rare-bigram hits and by hit ratio)
MATCH_DICE = 0.75  # a whole text at least this similar to a licence is that licence (modified or not)
EXACT_DICE = 0.985  # ... and at least this similar counts as an exact copy
CONTAINED = 0.9  # a licence with this share of its bigrams in the text is pasted into it
NOVELTY = 0.5  # a further contained licence must bring this share of bigrams the earlier ones lack
MIN_BIGRAMS = 12  # licences shorter than this are not searched for inside other texts
COMMON_MARGIN = 0.03  # a common licence this close to the best (non-exact) match is preferred
NEAR = 0.8  # with nothing better, a licence file holding this share of a licence's bigrams is a near match
NEAR_MIN_BIGRAMS = 30
# A bigram's code is hash() of its pair of word ids: for ints and tuples of ints it is the same in every process
# (only str and bytes hashes are salted) and it spreads well in sets. Vocabulary ids are below _UNKNOWN, a
# query's unknown words above.
_UNKNOWN = 1 << 40
# Always scored, whatever the candidate postings say: the licences most files are under.
COMMON = (
    "MIT",
    "Apache-2.0",
    "BSD-3-Clause",
    "BSD-2-Clause",
    "ISC",
    "MPL-2.0",
    "GPL-2.0-only",
    "GPL-3.0-only",
    "LGPL-2.1-only",
    "LGPL-3.0-only",
    "AGPL-3.0-only",
    "Unlicense",
    "Zlib",
    "BSL-1.0",
    "CC0-1.0",
    "CC-BY-4.0",
    "CC-BY-SA-4.0",
    "CC-BY-NC-4.0",
    "EPL-2.0",
    "PSF-2.0",
)


@dataclass(frozen=True, slots=True)
class TextMatch:
    """How a text compares to one SPDX licence text."""

    id: str
    dice: float  # 2|A∩B| / (|A|+|B|)
    containment: float  # |A∩B| / |B|, B the licence
    matched: int  # |A∩B|
    contained: bool  # found inside a larger text rather than as the whole text
    header: bool = False  # matched the licence's standard header (notice), not its full text
    near: bool = False  # a modified copy: below the match thresholds, best of what there is


class Vocabulary:
    """Words as small integers, so that a bigram's code is the same in every process (``hash()`` is not)."""

    __slots__ = ("_ids",)

    def __init__(self, known: Iterable[str] = ()) -> None:
        self._ids: dict[str, int] = {w: i for i, w in enumerate(known)}

    def __len__(self) -> int:
        return len(self._ids)

    def words(self) -> tuple[str, ...]:
        return tuple(self._ids)

    def learn(self, seq: list[str]) -> list[int]:
        """The sorted bigram codes of a licence text, adding its new words to the vocabulary."""
        ids = self._ids
        nums = [ids.setdefault(w, len(ids)) for w in seq]
        return sorted(set(map(hash, pairwise(nums))))

    def encode(self, seq: list[str]) -> set[int]:
        """The bigram codes of a query. A word no licence has gets an id of its own, above the vocabulary's:
        its bigrams match nothing but still count in the query's size."""
        nums: list[int | None] = list(map(self._ids.get, seq))
        unknown: dict[str, int] = {}
        at = -1
        with contextlib.suppress(ValueError):  # list.index scans in C; Python runs once per unknown word
            while True:
                at = nums.index(None, at + 1)
                nums[at] = unknown.setdefault(seq[at], _UNKNOWN + len(unknown))
        return set(map(hash, pairwise(nums)))


class _Sets(Sequence[frozenset[int]]):
    """Text ``i``'s bigram set, made from the arrays when first asked for (a query looks at a few dozen)."""

    __slots__ = ("_data", "_made")

    def __init__(self, data: IndexArrays) -> None:
        self._data = data
        self._made: list[frozenset[int] | None] = [None] * len(data.ids)

    def __len__(self) -> int:
        return len(self._made)

    @overload
    def __getitem__(self, i: int) -> frozenset[int]: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[frozenset[int]]: ...
    def __getitem__(self, i: int | slice) -> frozenset[int] | Sequence[frozenset[int]]:
        if isinstance(i, slice):
            return [self[k] for k in range(len(self))[i]]
        made = self._made[i]
        if made is None:
            offsets = self._data.set_offsets
            made = frozenset(self._data.set_values[offsets[i] : offsets[i + 1]])
            self._made[i] = made
        return made


class TextIndex:
    """Bigram sets of the SPDX texts with postings for their rarer bigrams."""

    def __init__(self, data: IndexArrays) -> None:
        self.data = data
        self.vocabulary = Vocabulary(data.vocabulary)
        self.ids = data.ids
        self.sets = _Sets(data)
        self.rare_count = data.rare_count
        self.tiebreak = tuple(_tiebreak(i) for i in data.ids)
        self.header = data.header
        self.first = {lic_id: i for i, lic_id in reversed(list(enumerate(data.ids))) if not data.header[i]}
        self.common = frozenset(self.first[c] for c in COMMON if c in self.first)

    @classmethod
    def build(cls, items: Iterable[tuple[str, str]], headers: Iterable[tuple[str, str]] = ()) -> TextIndex:
        """Index licence texts (``items``) and standard headers, each as (SPDX id, text)."""
        vocabulary = Vocabulary()
        ids: list[str] = []
        is_header: list[bool] = []
        set_offsets, set_values = array("q", [0]), array("q")
        everything: dict[int, list[int]] = {}  # every bigram's texts; the rare ones become the postings
        for flag, source in ((False, items), (True, headers)):
            for lic_id, text in source:
                codes = vocabulary.learn(words(text))
                i = len(ids)
                for b in codes:
                    found = everything.get(b)
                    if found is None:
                        everything[b] = [i]
                    else:
                        found.append(i)
                ids.append(lic_id)
                is_header.append(flag)
                set_values.extend(codes)
                set_offsets.append(len(set_values))
        post_keys, post_offsets, post_values = array("q"), array("q", [0]), array("i")
        rare_count = array("i", [0] * len(ids))
        for b, where in everything.items():
            if len(where) <= RARE_DF:
                post_keys.append(b)
                post_values.extend(where)
                post_offsets.append(len(post_values))
                for i in where:
                    rare_count[i] += 1
        return cls(
            IndexArrays(
                vocabulary.words(),
                tuple(ids),
                tuple(is_header),
                set_offsets,
                set_values,
                post_keys,
                post_offsets,
                post_values,
                rare_count,
            )
        )

    def __len__(self) -> int:
        return len(self.ids)

    def text_bigrams(self, lic_id: str) -> frozenset[int] | None:
        """The bigram set of the full text of ``lic_id`` (None if the index has no text for it)."""
        i = self.first.get(lic_id)
        return self.sets[i] if i is not None else None

    def warm(self) -> None:
        """Make now what queries would otherwise make on first use: every bigram set and the postings."""
        self.postings  # noqa: B018 - built and cached by the property
        for i in range(len(self.sets)):
            self.sets[i]

    @cached_property
    def postings(self) -> dict[int, list[int]]:
        """Rare bigram -> the texts it is in; made on the first query (about 25 ms), not at load."""
        values = self.data.post_values.tolist()
        offsets = self.data.post_offsets
        return {b: values[start:end] for b, start, end in zip(self.data.post_keys, offsets, offsets[1:], strict=False)}

    def _candidates(self, query: frozenset[int] | set[int]) -> set[int]:
        postings = self.postings
        rare = postings.keys() & query
        hits: Counter[int] = Counter(chain.from_iterable(map(postings.__getitem__, rare)))
        items = sorted(hits.items(), key=itemgetter(1), reverse=True)
        by_count = {i for i, _ in items[:CANDIDATES]}
        counts = self.rare_count
        ratios = sorted(((n / counts[i], i) for i, n in items if n >= 3), reverse=True)
        return by_count | {i for _, i in ratios[:CANDIDATES]} | self.common

    def compare(self, query: frozenset[int] | set[int]) -> list[TextMatch]:
        """Every candidate licence scored against ``query`` (bigram set), best Dice first."""
        return [m for m, _ in self._scored(query)]

    def _scored(self, query: frozenset[int] | set[int]) -> list[tuple[TextMatch, int]]:
        out: list[tuple[TextMatch, int]] = []
        qn = len(query)
        for i in self._candidates(query):
            s = self.sets[i]
            if not s:
                continue
            inter = len(s.intersection(query))
            dice = 2 * inter / (qn + len(s))
            match = TextMatch(self.ids[i], dice, inter / len(s), inter, contained=False, header=self.header[i])
            out.append((match, i))
        out.sort(key=lambda mi: (-mi[0].dice, -mi[0].matched, self.tiebreak[mi[1]]))
        return out

    def _prefer_common(self, scored: list[tuple[TextMatch, int]]) -> tuple[TextMatch, int] | None:
        """The whole-text match: the best Dice, but a common licence within ``COMMON_MARGIN`` of a rare
        variant wins when the text is not an exact copy of the variant (Apache-2.0 without its appendix
        reads a little closer to Pixar's modified Apache licence)."""
        if not scored or scored[0][0].dice < MATCH_DICE or scored[0][0].header:
            return None
        top = scored[0]
        if top[0].dice >= EXACT_DICE or top[1] in self.common:
            return top
        for m, i in scored[1:]:
            if i in self.common and m.dice >= max(MATCH_DICE, top[0].dice - COMMON_MARGIN):
                return (m, i)
        return top

    def identify(self, text_words: list[str]) -> list[TextMatch]:
        """The licences ``text_words`` is (best Dice) or contains (greedy cover), best first."""
        query = self.vocabulary.encode(text_words)
        if not query:
            return []
        scored = self._scored(query)
        found: list[TextMatch] = []
        covered: set[int] = set()
        whole = self._prefer_common(scored)
        if whole is not None:
            found.append(whole[0])
            covered |= self.sets[whole[1]] & query
        inside = sorted(
            (mi for mi in scored if mi[0].containment >= CONTAINED and mi[0].matched >= MIN_BIGRAMS),
            key=lambda mi: (-mi[0].matched, -mi[0].containment, self.tiebreak[mi[1]]),
        )
        for m, i in inside:
            if any(f.id == m.id for f in found):
                continue
            mine = self.sets[i] & query
            if len(mine - covered) < NOVELTY * len(mine):
                continue
            found.append(TextMatch(m.id, m.dice, m.containment, m.matched, contained=True, header=m.header))
            covered |= mine
        if not found:
            near = [m for m, _ in scored if not m.header and m.containment >= NEAR and m.matched >= NEAR_MIN_BIGRAMS]
            if near:
                best = max(near, key=lambda m: (m.containment, m.dice))
                found.append(TextMatch(best.id, best.dice, best.containment, best.matched, True, near=True))
        return found


def _tiebreak(lic_id: str) -> tuple[int, int, str]:
    info = spdx.lookup(lic_id)
    deprecated = 1 if info is None or info.deprecated else 0
    return (deprecated, len(lic_id), lic_id)


_LOCK = threading.Lock()


def cache_key() -> str:
    """What the index is derived from: the cache format, the texts file, the matching settings, the byte order,
    Python's hash of int tuples (version and hash width) and the source of the normalisation, of this module and
    of the store (any change to them is a new index)."""
    from opengauge.licenses import normalize

    digest = hashlib.sha256(
        f"{index_store.MAGIC!r}|{spdx.texts_stamp()}|{RARE_DF}|{index_store.byte_order()}|"
        f"{sys.version_info[:2]}|{sys.hash_info.width}|{sys.hash_info.algorithm}".encode()
    )
    for module_file in (normalize.__file__, __file__, index_store.__file__):
        try:
            digest.update(Path(module_file).read_bytes())
        except (OSError, TypeError):
            digest.update(b"?")
    return digest.hexdigest()[:24]


@cache
def _build() -> TextIndex:
    key = cache_key()
    path = index_store.cache_file(user_cache_dir(), key)
    loaded = index_store.load(path, key)
    if loaded is not None:
        return TextIndex(loaded)
    texts, headers = spdx.licence_data()
    index = TextIndex.build(texts, headers)
    if len(index):
        index_store.save(index.data, path, key)
    return index


def text_index() -> TextIndex:
    """The process-wide index: loaded from the user cache (milliseconds), or built (about half a second)."""
    with _LOCK:
        return _build()
