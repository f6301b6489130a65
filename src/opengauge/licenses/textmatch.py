"""Matching a text against the SPDX licence texts: word-bigram Dice (as askalono does) for a licence file,
and containment (the share of a licence's bigrams found in the text) for a licence pasted into a README.

The index is built in memory, once per process, on first use; nothing derived from the texts is written out.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import chain
from operator import itemgetter

from opengauge.licenses import spdx
from opengauge.licenses.normalize import bigrams, words

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


class TextIndex:
    """Bigram sets of the SPDX texts with postings for their rarer bigrams."""

    def __init__(self, items: Iterable[tuple[str, str]], headers: Iterable[tuple[str, str]] = ()) -> None:
        ids: list[str] = []
        sets: list[frozenset[int]] = []
        is_header: list[bool] = []
        for flag, source in ((False, items), (True, headers)):
            for lic_id, text in source:
                ids.append(lic_id)
                sets.append(frozenset(bigrams(words(text))))
                is_header.append(flag)
        # one pass: every bigram's texts, then keep the rare ones (in at most RARE_DF texts)
        everything: dict[int, list[int]] = {}
        for i, s in enumerate(sets):
            for b in s:
                found = everything.get(b)
                if found is None:
                    everything[b] = [i]
                else:
                    found.append(i)
        postings = {b: where for b, where in everything.items() if len(where) <= RARE_DF}
        rare = frozenset(postings)
        rare_count = [0] * len(sets)
        for where in postings.values():
            for i in where:
                rare_count[i] += 1
        self.ids = tuple(ids)
        self.sets = tuple(sets)
        self.postings = postings
        self.rare = rare
        self.rare_count = tuple(rare_count)
        self.tiebreak = tuple(_tiebreak(i) for i in ids)
        self.header = tuple(is_header)
        self.first = {lic_id: i for i, lic_id in reversed(list(enumerate(ids))) if not is_header[i]}
        self.common = frozenset(self.first[c] for c in COMMON if c in self.first)

    def __len__(self) -> int:
        return len(self.ids)

    def text_bigrams(self, lic_id: str) -> frozenset[int] | None:
        """The bigram set of the full text of ``lic_id`` (None if the index has no text for it)."""
        i = self.first.get(lic_id)
        return self.sets[i] if i is not None else None

    def _candidates(self, query: frozenset[int] | set[int]) -> set[int]:
        rare = self.rare.intersection(query)
        hits: Counter[int] = Counter(chain.from_iterable(map(self.postings.__getitem__, rare)))
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
        query = bigrams(text_words)
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


@cache
def _build() -> TextIndex:
    texts, headers = spdx.licence_data()
    return TextIndex(texts, headers)


def text_index() -> TextIndex:
    """The process-wide index (built on first call, about a second)."""
    with _LOCK:
        return _build()
