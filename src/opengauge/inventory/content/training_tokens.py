"""How many tokens a model was trained on, as its card, documents or configs say: one claim with the sentence
(or config line) it rests on, for the EU AI Act's 6 x parameters x tokens compute estimate.

Pure functions over text and parsed values; nothing is executed. Three ways a release states it:

- prose: "pretrained on 2 trillion tokens", "trained on 1,000B tokens", "a 15T-token corpus". The sentence must
  speak of training (train, pretrain, corpus, data, seen, ...) and not of a batch, context window, vocabulary or
  generation; the number needs a magnitude (K/M/B/T, million ... trillion) or at least 10^6 written out.
- configs: a key such as ``num_train_tokens``, ``train_tokens``, ``training_tokens``, ``tokens_seen`` with a
  number (or "2T") as its value.
- data-mix tables: a Markdown table with a token column; its "total" row, else the sum of its rows.

When a text makes several claims (a pretraining total and a fine-tuning subset, a data mix and its parts) the
largest is kept: the whole training run is what the compute threshold is about.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

#: Text looked at, per document.
MAX_TEXT = 512 * 1024
#: Characters of the quoted sentence.
MAX_QUOTE = 240
#: Fewer tokens than this are not a training run (context windows, batch sizes, examples).
MIN_TOKENS = 1_000_000
#: More than this is a typo or a different unit (10^16 tokens is far beyond any corpus).
MAX_TOKENS = 10**16
_MAX_DEPTH = 8
_MAX_KEYS = 20_000


class ClaimSource(enum.StrEnum):
    """Where a claim was read."""

    SENTENCE = "sentence"
    CONFIG = "config"
    DATA_MIX = "data-mix"


@dataclass(frozen=True, slots=True)
class TokenClaim:
    """One statement of the number of training tokens."""

    tokens: int  # the number, units applied
    unit: str  # the magnitude as written ("T", "billion", "" for a plain number)
    quote: str  # the sentence, table row or config line, whitespace collapsed, at most MAX_QUOTE characters
    line: int  # 1-based line of the quote in the text (0 when the text is not known)
    source: ClaimSource


_UNITS: dict[str, int] = {
    "k": 10**3,
    "thousand": 10**3,
    "m": 10**6,
    "mn": 10**6,
    "million": 10**6,
    "b": 10**9,
    "bn": 10**9,
    "billion": 10**9,
    "t": 10**12,
    "tn": 10**12,
    "trillion": 10**12,
    "": 1,
}
_NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:[eE]\+?\d{1,2})?)"
_UNIT = r"(?P<unit>thousand|million|billion|trillion|mn|bn|tn|[KMBT])?"
#: "2T tokens", "1,000B tokens", "1.4 trillion tokens", "15T+ tokens", "a 2T-token corpus", "2 T training tokens"
_AMOUNT = re.compile(
    rf"(?<![\w.,]){_NUMBER}\s?{_UNIT}\+?[\s-]?(?:(?:training|pre-?training|text|unique|high[- ]quality)\s+)?"
    r"tokens?\b",
    re.IGNORECASE,
)
_TRAINING = re.compile(
    r"\b(?:train(?:ed|ing|s)?|pre-?train(?:ed|ing|s)?|seen|saw|see|consum(?:ed|es|ing)|corpus|corpora|data(?:set)?s?"
    r"|mixture|tokens?\s+of\s+(?:text|data|code))\b",
    re.IGNORECASE,
)
#: Words that, just before the number, say it counts something else than the training run.
_OTHER_QUANTITY = re.compile(
    r"\b(?:batch(?:es)?|context|window|sequence|vocab(?:ulary)?|generat\w*|output|prompt|input|max(?:imum)?"
    r"|length|per|each|every|chunks?|step)\b[^.;:]{0,30}$",
    re.IGNORECASE,
)
_AFTER_OTHER = re.compile(r"^\s*(?:per|/|a|an|each|every)\s*(?:second|sec|s\b|step|batch|gpu|device|day|hour)",
                          re.IGNORECASE)  # fmt: skip
_MARKUP = re.compile(r"\*\*|__|`")
_CONFIG_KEYS = frozenset(
    {
        "numtraintokens",
        "numtrainingtokens",
        "traintokens",
        "trainingtokens",
        "totaltraintokens",
        "totaltrainingtokens",
        "tokenstrained",
        "trainedtokens",
        "tokensseen",
        "numtokensseen",
        "pretrainingtokens",
        "pretraintokens",
        "numpretrainingtokens",
        "numpretraintokens",
    }
)
_VALUE = re.compile(rf"^\s*~?{_NUMBER}\s?{_UNIT}\+?\s*(?:tokens?)?\s*$", re.IGNORECASE)
_ROW = re.compile(r"^\s*\|(.+)\|\s*$")
_RULE_ROW = re.compile(r"^\s*\|?\s*:?-{2,}")
_HEADER_UNIT = re.compile(r"\(\s*(?:in\s+)?(thousands?|millions?|billions?|trillions?|mn|bn|tn|[KMBT])\s*\)", re.I)
_TOTAL = re.compile(r"\btotal\b|\ball\b|\bsum\b", re.IGNORECASE)


def _amount(number: str, unit: str) -> int | None:
    """The count ``number`` x ``unit``, if it is a plausible training-run size."""
    try:
        value = Decimal(number.replace(",", "")) * _UNITS[unit.lower().rstrip("s")]
    except (InvalidOperation, KeyError):
        return None
    if not value.is_finite() or not MIN_TOKENS <= value <= MAX_TOKENS:
        return None
    return int(value)


def _clip(text: str) -> str:
    quote = " ".join(_MARKUP.sub("", text).split())
    return quote if len(quote) <= MAX_QUOTE else quote[: MAX_QUOTE - 3] + "..."


def _sentence(line: str, start: int, end: int) -> str:
    """The sentence of ``line`` around ``[start, end)``."""
    left = max(line.rfind(". ", 0, start), line.rfind("; ", 0, start), line.rfind("! ", 0, start))
    left = left + 2 if left >= 0 else 0
    stops = [i for i in (line.find(". ", end), line.find("; ", end)) if i >= 0]
    right = min(stops) + 1 if stops else len(line)
    return line[left:right]


def _prose(text: str, first_line: int) -> Iterator[TokenClaim]:
    for n, raw in enumerate(text.splitlines()):
        if "token" not in raw.lower() or _ROW.match(raw):
            continue
        line = _MARKUP.sub("", raw)
        for m in _AMOUNT.finditer(line):
            tokens = _amount(m.group("num"), m.group("unit") or "")
            if tokens is None:
                continue
            sentence = _sentence(line, m.start(), m.end())
            before = line[max(0, m.start() - 40) : m.start()]
            if _OTHER_QUANTITY.search(before) or _AFTER_OTHER.match(line[m.end() :]):
                continue
            if not _TRAINING.search(sentence):
                continue
            yield TokenClaim(tokens, m.group("unit") or "", _clip(sentence), first_line + n, ClaimSource.SENTENCE)


def _cells(line: str) -> list[str]:
    m = _ROW.match(line)
    return [c.strip() for c in m.group(1).split("|")] if m else []


def _value_of(cell: str, default_unit: str = "") -> tuple[int, str] | None:
    m = _VALUE.match(_MARKUP.sub("", cell))
    if m is None:
        return None
    unit = m.group("unit") or default_unit
    tokens = _amount(m.group("num"), unit)
    return (tokens, unit) if tokens is not None else None


def _tables(text: str, first_line: int) -> Iterator[TokenClaim]:
    lines = text.splitlines()
    i = 0
    while i + 1 < len(lines):
        header = _cells(lines[i])
        column = next((j for j, c in enumerate(header) if "token" in c.lower()), None)
        if column is None or not _RULE_ROW.match(lines[i + 1]):
            i += 1
            continue
        in_header = _HEADER_UNIT.search(header[column])  # "Tokens (B)": the cells are billions
        default_unit = in_header.group(1) if in_header else ""
        total: TokenClaim | None = None
        parts: list[tuple[int, str]] = []
        j = i + 2
        while j < len(lines) and _ROW.match(lines[j]):
            row = _cells(lines[j])
            value = _value_of(row[column], default_unit) if column < len(row) else None
            if value is not None:
                if any(_TOTAL.search(c) for c in row[:column] + row[column + 1 :]):
                    quote = _clip(" | ".join(row))
                    total = TokenClaim(value[0], value[1], quote, first_line + j, ClaimSource.DATA_MIX)
                else:
                    parts.append(value)
            j += 1
        if total is not None:
            yield total
        elif len(parts) >= 2:
            units = {u for _, u in parts}
            summed = sum(t for t, _ in parts)
            if MIN_TOKENS <= summed <= MAX_TOKENS:
                quote = _clip(f"{' | '.join(header)}: sum of {len(parts)} rows")
                unit = units.pop() if len(units) == 1 else ""
                yield TokenClaim(summed, unit, quote, first_line + i, ClaimSource.DATA_MIX)
        i = j


def from_text(text: str, first_line: int = 1) -> TokenClaim | None:
    """The largest training-token claim in a card's or document's text (``first_line``: the line number of the
    text's first line in its file), or None."""
    text = text[:MAX_TEXT]
    if "token" not in text.lower():
        return None
    return _largest([*_prose(text, first_line), *_tables(text, first_line)])


def _keys(value: object, depth: int = 0) -> Iterator[tuple[str, object]]:
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, Mapping):
        for key, sub in value.items():
            if isinstance(key, str):
                yield key, sub
            yield from _keys(sub, depth + 1)
    elif isinstance(value, list):
        for sub in value[:1000]:
            yield from _keys(sub, depth + 1)


def _config_amount(value: object) -> tuple[int, str] | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return None
        try:
            tokens = _amount(repr(value) if isinstance(value, float) else str(value), "")
        except ValueError:  # an int too long to print
            return None
        return (tokens, "") if tokens is not None else None
    if isinstance(value, str) and len(value) <= 40:
        return _value_of(value)
    return None


def _config_line(text: str, key: str) -> tuple[str, int]:
    pattern = re.compile(rf"""(?<![\w-])["']?{re.escape(key)}["']?\s*[:=]""")
    for n, line in enumerate(text.splitlines()[:100_000]):
        if pattern.search(line):
            return _clip(line), n + 1
    return "", 0


def from_config(value: object, text: str = "") -> TokenClaim | None:
    """The largest training-token count under a training-token key of a parsed config (JSON, YAML, TOML), with
    the line of ``text`` (the config as written) that sets it, or None."""
    if text and "token" not in text.lower():
        return None  # every key it looks for has "token" in it: most configs are done here
    claims: list[tuple[int, str, str]] = []
    for n, (key, sub) in enumerate(_keys(value)):
        if n >= _MAX_KEYS:
            break
        low = key.lower()
        if "token" not in low or re.sub(r"[^a-z]", "", low) not in _CONFIG_KEYS:
            continue
        amount = _config_amount(sub)
        if amount is not None:
            claims.append((amount[0], amount[1], key))
    if not claims:
        return None
    tokens, unit, key = max(claims, key=lambda c: c[0])
    quote, line = _config_line(text, key)
    return TokenClaim(tokens, unit, quote or _clip(f"{key}: {tokens}"), line, ClaimSource.CONFIG)


def _largest(claims: list[TokenClaim]) -> TokenClaim | None:
    return max(claims, key=lambda c: (c.tokens, -c.line)) if claims else None


def details(claim: TokenClaim | None) -> dict[str, str]:
    """Artifact details for a claim: ``training_tokens`` (the number) and ``training_tokens_quote`` ("line N:
    the sentence"); {} for None."""
    if claim is None:
        return {}
    where = f"line {claim.line}: " if claim.line else ""
    return {"training_tokens": str(claim.tokens), "training_tokens_quote": where + claim.quote}
