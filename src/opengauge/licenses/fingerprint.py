"""Knowledge-base fingerprints: which AI licences a normalised text names or contains, and the clause that
carries each restriction, quoted from the text actually read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from opengauge.licenses.kb import KbEntry, KnowledgeBase, RestrictionSpec
from opengauge.licenses.normalize import VARIANTS, words
from opengauge.record import LicenceFamily, Restriction

TITLE_ONLY = 0.5  # confidence when only a title is found (a README naming the licence)
MIN_CONFIDENCE = 0.45
MAX_CLAUSE = 320


@dataclass(frozen=True, slots=True)
class KbHit:
    """A knowledge-base entry found in a text."""

    entry: KbEntry
    confidence: float
    title: bool
    markers: int
    phrases: int


@cache
def _phrase_words(phrase: str) -> frozenset[str]:
    return frozenset(phrase.split())


class _Text:
    """A normalised text padded with spaces, and its word set for a cheap first test."""

    __slots__ = ("padded", "vocab")

    def __init__(self, normalised: str, vocab: set[str] | frozenset[str] | None = None) -> None:
        self.padded = f" {normalised} "
        self.vocab = vocab if vocab is not None else frozenset(normalised.split())

    def has(self, phrase: str) -> bool:
        return bool(phrase) and _phrase_words(phrase) <= self.vocab and f" {phrase} " in self.padded


_ANCHORS: dict[str, tuple[frozenset[str], ...]] = {}


def _anchor_words(entry: KbEntry) -> tuple[frozenset[str], ...]:
    """Word sets of the entry's titles and markers: a text matching none of them cannot match the entry."""
    found = _ANCHORS.get(entry.id)
    if found is None:
        found = tuple(_phrase_words(p) for p in (*entry.titles, *entry.markers) if p)
        _ANCHORS[entry.id] = found
    return found


def match_entry(entry: KbEntry, text: _Text) -> KbHit | None:
    """Score one entry against a normalised text."""
    vocab = text.vocab
    if not any(words <= vocab for words in _anchor_words(entry)):
        return None
    if any(text.has(x) for x in entry.exclude):
        return None
    title = any(text.has(t) for t in entry.titles)
    markers = sum(1 for m in entry.markers if text.has(m))
    phrases = sum(1 for p in entry.phrases if text.has(p))
    if not title and (entry.family is not LicenceFamily.RESTRICTED or markers < 1 or markers + phrases < 3):
        return None  # without its title, only a restricted licence may be recognised (never assume open)
    total = len(entry.markers) + len(entry.phrases)
    frac = (markers + phrases) / total if total else 0.0
    # a title with a version/date marker is a strong identification; phrases refine it
    confidence = (TITLE_ONLY if title else 0.25) + (0.3 if markers else 0.0) + 0.19 * frac
    if confidence < MIN_CONFIDENCE:
        return None
    return KbHit(entry, round(min(confidence, 0.99), 3), title, markers, phrases)


def kb_hits(kb: KnowledgeBase, normalised: str, vocab: set[str] | frozenset[str] | None = None) -> list[KbHit]:
    """Entries found in ``normalised`` (output of ``normal``; ``vocab`` its word set if known), best first."""
    text = _Text(normalised, vocab)
    hits = [h for e in kb.entries if (h := match_entry(e, text)) is not None]
    hits.sort(key=lambda h: (-h.confidence, -h.markers, h.entry.id))
    return hits


# ---------------------------------------------------------------------------------------- clause quoting

_REVERSE: dict[str, list[str]] = {}
for _orig, _norm in VARIANTS.items():
    _REVERSE.setdefault(_norm, []).append(_orig)


@cache
def phrase_pattern(phrase: str) -> re.Pattern[str] | None:
    """A regex finding ``phrase`` in an original (not normalised) text, whatever its punctuation."""
    parts: list[str] = []
    for w in words(phrase):
        spellings = [w, *_REVERSE.get(w, [])]
        parts.append("(?:" + "|".join(re.escape(s) for s in spellings) + ")")
    if not parts:
        return None
    return re.compile(r"(?<![a-z0-9])" + r"[^a-z0-9]{0,6}".join(parts) + r"(?![a-z0-9])", re.IGNORECASE)


# Sentence ends, blank lines, numbered items, and line ends after a heading or date line ("... 2024" then a
# capitalised line): a quote never runs across them.
_BOUNDARY = re.compile(
    r"[.;!?]\s|\n\s*\n|^\s*\d+\.|^\s*[a-z]\)|^\s*\([a-z0-9]+\)|(?<=[A-Z0-9:])[ \t]*\n(?=[ \t]*[A-Z])",
    re.MULTILINE,
)


def quote_clause(text: str, phrase: str) -> str | None:
    """A short, sentence-bounded excerpt of ``text`` around ``phrase``, or None when it is absent."""
    pattern = phrase_pattern(phrase)
    if pattern is None:
        return None
    m = pattern.search(text)
    if m is None:
        return None
    lo = max(0, m.start() - MAX_CLAUSE)
    start = lo
    for b in _BOUNDARY.finditer(text, lo, m.start()):
        start = b.end()
    hi = min(len(text), m.end() + MAX_CLAUSE)
    end_m = _BOUNDARY.search(text, m.end(), hi)
    end = end_m.start() + 1 if end_m else hi
    excerpt = " ".join(text[start:end].split())
    if len(excerpt) > MAX_CLAUSE:
        rel = excerpt.lower().find(" ".join(m.group(0).split()).lower())
        left = max(0, rel - MAX_CLAUSE // 2)
        excerpt = ("..." if left else "") + excerpt[left : left + MAX_CLAUSE] + "..."
    return excerpt


def restrictions_from(specs: tuple[RestrictionSpec, ...], text: str | None) -> tuple[Restriction, ...]:
    """Restrictions with the clause quoted from ``text`` where one of their phrases is found."""
    out: list[Restriction] = []
    for spec in specs:
        clause = None
        if text:
            for phrase in spec.phrases:
                clause = quote_clause(text, phrase)
                if clause:
                    break
        out.append(Restriction(flag=spec.flag, clause=clause, note=spec.note))
    return tuple(out)
