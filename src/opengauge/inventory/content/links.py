"""Links in text: markdown links, bare URLs, bare DOIs and arXiv ids, classified by where they point, and the
component (if any) each one is evidence for. Nothing is fetched."""

from __future__ import annotations

import bisect
import re
from urllib.parse import urlsplit

from opengauge.record import ComponentId, Evidence, EvidenceLevel, Link, LinkKind

#: At most this many links are taken from one text; at most this many characters of text are scanned.
MAX_LINKS = 500
MAX_SCAN = 2 * 1024 * 1024
MAX_URL = 2000
MAX_ANCHOR = 200

_MD_LINK = re.compile(
    r"\[([^\[\]\n]{0,300})\]\(\s*<?(https?://[^\s()<>]{1,2000}(?:\([^\s()<>]{0,200}\)[^\s()<>]{0,500})?)>?"
)
_URL = re.compile(r"https?://[^\s<>\"'`\[\]{}|\\^]{1,2000}", re.IGNORECASE)
_BARE_DOI = re.compile(r"(?<![\w/.])(10\.\d{4,9}/[^\s\"'<>\[\]{}|\\^`]{1,300})")
_ARXIV_REF = re.compile(r"\barxiv:\s?(\d{4}\.\d{4,5}(?:v\d+)?)", re.IGNORECASE)
_ARXIV_ID = re.compile(r"/(?:abs|pdf|html)/(\d{4}\.\d{4,5}(?:v\d+)?|[a-z\-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)", re.I)
_TRAILING = ".,;:!?*_~'\""
_REPORT = re.compile(r"tech(?:nical)?[\s_\-]*report", re.IGNORECASE)

_HF_HOSTS = frozenset({"huggingface.co", "www.huggingface.co", "hf.co"})
_HF_RESERVED = frozenset(
    {
        "docs",
        "blog",
        "learn",
        "settings",
        "join",
        "login",
        "pricing",
        "api",
        "tasks",
        "organizations",
        "collections",
        "posts",
        "new",
        "chat",
        "enterprise",
        "models",
        "spaces",
        "datasets",
        "papers",
        "terms-of-service",
        "privacy",
        "inference-endpoints",
        "spaces-dev",
        "changelog",
        "welcome",
    }
)
_PAPER_KINDS = frozenset({LinkKind.ARXIV, LinkKind.OPENREVIEW, LinkKind.ACL, LinkKind.DOI})


def _trim(url: str) -> str:
    """Drop trailing punctuation and an unbalanced closing bracket that belong to the prose, not the URL."""
    while url:
        if url[-1] in _TRAILING or (url[-1] == ")" and url.count("(") < url.count(")")):
            url = url[:-1]
        else:
            break
    return url


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def _hf_kind(path: str) -> LinkKind:
    parts = _segments(path)
    if len(parts) >= 3 and parts[0] == "datasets":
        return LinkKind.HF_DATASET
    if len(parts) >= 3 and parts[0] == "spaces":
        return LinkKind.HF_SPACE
    if len(parts) >= 2 and parts[0] == "papers":
        return LinkKind.ARXIV
    if len(parts) >= 2 and parts[0] not in _HF_RESERVED:
        return LinkKind.HF_MODEL
    if len(parts) == 1 and parts[0] not in _HF_RESERVED:
        return LinkKind.HF_MODEL  # a model without an owner, e.g. huggingface.co/gpt2
    return LinkKind.OTHER


def classify_url(url: str) -> LinkKind:
    """Where a URL points: HF model/dataset/space, GitHub, arXiv, OpenReview, ACL, DOI, Zenodo, other."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return LinkKind.OTHER
    path = parts.path
    if host in _HF_HOSTS:
        return _hf_kind(path)
    if host in {"github.com", "www.github.com"}:
        return LinkKind.GITHUB if len(_segments(path)) >= 2 else LinkKind.OTHER
    if host in {"raw.githubusercontent.com", "gist.github.com"}:
        return LinkKind.GITHUB
    if host.endswith("arxiv.org"):
        return LinkKind.ARXIV if _ARXIV_ID.search(path) else LinkKind.OTHER
    if host.endswith("openreview.net"):
        return LinkKind.OPENREVIEW
    if host.endswith("aclanthology.org") or (host.endswith("aclweb.org") and "/anthology" in path):
        return LinkKind.ACL
    if host.endswith("zenodo.org"):
        return LinkKind.ZENODO
    if host in {"doi.org", "dx.doi.org", "www.doi.org"}:
        return LinkKind.ZENODO if "10.5281/zenodo" in path.lower() else LinkKind.DOI
    return LinkKind.OTHER


def arxiv_id(url: str) -> str | None:
    """The arXiv identifier of an arXiv (or Hugging Face papers) URL, without its version."""
    match = _ARXIV_ID.search(url) or re.search(r"/papers/(\d{4}\.\d{4,5})", url)
    if not match:
        return None
    return re.sub(r"v\d+$", "", match.group(1))


class _Lines:
    """Offset -> 1-based line number."""

    def __init__(self, text: str) -> None:
        self._starts = [m.start() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_left(self._starts, offset) + 1


def _context(text: str, start: int) -> str:
    """Words before a bare URL on its line (after any earlier URL or sentence end): its informal anchor."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 120) : start]
    cut = max(before.rfind("http"), before.rfind(". "), before.rfind(")"), before.rfind("]"))
    if cut >= 0:
        space = before.find(" ", cut)
        before = before[space + 1 :] if space >= 0 else ""
    return before.strip(" \t(<[:-–—").strip()[-80:]


def _url_candidates(text: str) -> tuple[list[tuple[int, str, str | None]], list[tuple[int, int]]]:
    found: list[tuple[int, str, str | None]] = []
    spans: list[tuple[int, int]] = []
    covered: set[int] = set()
    for m in _MD_LINK.finditer(text):
        found.append((m.start(2), _trim(m.group(2)), m.group(1).strip() or None))
        covered.add(m.start(2))
        spans.append((m.start(2), m.end(2)))
    for m in _URL.finditer(text):
        spans.append((m.start(), m.end()))
        if m.start() not in covered:
            found.append((m.start(), _trim(m.group(0)), _context(text, m.start()) or None))
    return found, spans


def _candidates(text: str) -> list[tuple[int, str, str | None]]:
    """(offset, url, anchor text) for every link-like thing in ``text``, in text order."""
    found, spans = _url_candidates(text)
    starts = sorted(spans)
    span_starts = [s for s, _ in starts]

    def inside(offset: int) -> bool:
        i = bisect.bisect_right(span_starts, offset) - 1
        return i >= 0 and starts[i][0] <= offset < starts[i][1]

    for m in _BARE_DOI.finditer(text):
        if not inside(m.start()):
            found.append((m.start(), "https://doi.org/" + _trim(m.group(1)), _context(text, m.start()) or None))
    for m in _ARXIV_REF.finditer(text):
        if not inside(m.start()):
            found.append((m.start(), "https://arxiv.org/abs/" + m.group(1), _context(text, m.start()) or None))
    found.sort(key=lambda f: f[0])
    return found


def extract_links(text: str, source_path: str) -> tuple[Link, ...]:
    """Every distinct link in ``text`` (first occurrence wins), at most ``MAX_LINKS``; never raises."""
    text = text[:MAX_SCAN]
    lines = _Lines(text)
    links: list[Link] = []
    seen: set[str] = set()
    for offset, url, anchor in _candidates(text):
        if len(links) >= MAX_LINKS:
            break
        if len(url) < 12 or len(url) > MAX_URL or url in seen:
            continue
        seen.add(url)
        label = anchor[:MAX_ANCHOR] if anchor else None
        links.append(Link(url, classify_url(url), source_path, lines.line(offset), label))
    return tuple(links)


def mentions_report(link: Link) -> bool:
    return bool(_REPORT.search(link.url) or (link.text and _REPORT.search(link.text)))


def link_evidence(link: Link) -> Evidence | None:
    """The component a link is evidence for, at level ``linked``; None when it supports none by itself."""
    if mentions_report(link):
        component: ComponentId = ComponentId.TECHNICAL_REPORT
    elif link.kind in _PAPER_KINDS:
        component = ComponentId.RESEARCH_PAPER
    elif link.kind is LinkKind.HF_DATASET:
        component = ComponentId.DATASETS
    else:
        return None
    where = f"{link.source_path}:{link.line}" if link.line else link.source_path
    label = f"{link.text!r} " if link.text else ""
    return Evidence(
        component=component.value,
        level=EvidenceLevel.LINKED,
        location=link.url,
        extractor="links",
        excerpt=f"{label}linked from {where}"[: MAX_ANCHOR + 100],
        line=link.line,
        confidence=0.8,
    )


def links_evidence(links: tuple[Link, ...]) -> tuple[Evidence, ...]:
    """``link_evidence`` over many links, Nones dropped."""
    return tuple(ev for ev in (link_evidence(link) for link in links) if ev is not None)
