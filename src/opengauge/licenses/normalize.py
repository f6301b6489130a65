"""Text normalisation for licence matching (after the SPDX matching guidelines and askalono).

Lower case, one spelling for words licences spell two ways, punctuation, bullets and markup dropped, so that
two copies of a licence that differ only in layout give the same word sequence.
"""

from __future__ import annotations

# SPDX matching guidelines, "equivalent words" (a subset that matters in practice), British -> American.
VARIANTS: dict[str, str] = {
    "licence": "license",
    "licences": "licenses",
    "licenced": "licensed",
    "licencee": "licensee",
    "licencor": "licensor",
    "acknowledgement": "acknowledgment",
    "analogue": "analog",
    "analyse": "analyze",
    "authorisation": "authorization",
    "authorised": "authorized",
    "calibre": "caliber",
    "cancelled": "canceled",
    "capitalisations": "capitalizations",
    "catalogue": "catalog",
    "categorise": "categorize",
    "centre": "center",
    "emphasised": "emphasized",
    "favour": "favor",
    "favourite": "favorite",
    "fulfil": "fulfill",
    "fulfilment": "fulfillment",
    "initialise": "initialize",
    "judgement": "judgment",
    "labelling": "labeling",
    "labour": "labor",
    "maximise": "maximize",
    "modelled": "modeled",
    "modelling": "modeling",
    "offence": "offense",
    "optimise": "optimize",
    "organisation": "organization",
    "organise": "organize",
    "practise": "practice",
    "programme": "program",
    "realise": "realize",
    "recognise": "recognize",
    "signalling": "signaling",
    "utilisation": "utilization",
    "whilst": "while",
    "wilful": "willful",
    "noncommercial": "non commercial",
    "https": "http",
}

_VARIANT_SET = frozenset(VARIANTS)
_MULTI_WORD = frozenset(k for k, v in VARIANTS.items() if " " in v)
# Bytes translation table: ASCII letters and digits stay, everything else separates words.
_SEPARATE = bytes(c if (48 <= c <= 57 or 97 <= c <= 122) else 32 for c in range(256))


def words(text: str) -> list[str]:
    """The normalised word sequence of ``text``.

    Quotes, dashes and other punctuation separate words like spaces do, so no folding is needed; the
    copyright sign and "(c)" become the word "copyright" and British spellings the American ones.
    """
    low = text.lower()
    if "\u00a9" in low:
        low = low.replace("\u00a9", " copyright ")
    low = low.replace("(c)", " copyright ").replace("++", " plusplus ")
    seq = low.encode("ascii", "replace").translate(_SEPARATE).decode("ascii").split()
    if _VARIANT_SET.isdisjoint(seq):
        return seq
    get = VARIANTS.get
    fixed = [get(w, w) for w in seq]
    return fixed if _MULTI_WORD.isdisjoint(seq) else " ".join(fixed).split()


def normal(text: str) -> str:
    """``text`` as one line of normalised words separated by single spaces (for phrase search)."""
    return " ".join(words(text))
