"""Links in text: markdown links, bare URLs, bare DOIs and arXiv ids, classified by where they point, and the
component (if any) each one is evidence for. Nothing is fetched."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import replace
from urllib.parse import urlsplit

from opengauge.record import ComponentId, Evidence, EvidenceLevel, Link, LinkKind, LinkOrigin

#: At most this many links are taken from one text; at most this many characters of text are scanned.
MAX_LINKS = 500
MAX_SCAN = 2 * 1024 * 1024
MAX_URL = 2000
MAX_ANCHOR = 200
#: A URL mentioned again in another sentence is kept (up to this many times): what each sentence says counts.
MAX_MENTIONS = 5

_MD_LINK = re.compile(
    r"\[\[?([^\[\]\n]{0,300})\]\]?\(\s*<?(https?://[^\s()<>]{1,2000}(?:\([^\s()<>]{0,200}\)[^\s()<>]{0,500})?)>?"
)
_URL = re.compile(r"https?://[^\s<>\"'`\[\]{}|\\^]{1,2000}", re.IGNORECASE)
_HTML_LINK = re.compile(
    r"<a\s[^>]{0,300}?href\s*=\s*[\"'](https?://[^\"'\s<>]{1,2000})[\"'][^>]{0,300}>(.{0,300}?)</a\s*>",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(r"<[^>]{0,300}>")
#: A BibTeX entry's start; its body runs to the matching brace (at most ``MAX_BIBTEX`` characters).
_BIBTEX_START = re.compile(
    r"@(article|misc|inproceedings|techreport|software|book|online|unpublished|preprint)"
    r"\s*\{",
    re.IGNORECASE,
)
_BIBTEX_FIELD = re.compile(r"\b(title|eprint|archiveprefix|journal|url|howpublished|note)\s*=\s*", re.IGNORECASE)
_CITE_INTRO = re.compile(r"\bcit(?:e|ing|ation)\b|bibtex", re.IGNORECASE)
MAX_BIBTEX = 4000
_BARE_DOI = re.compile(r"(?<![\w/.])(10\.\d{4,9}/[^\s\"'<>\[\]{}|\\^`]{1,300})")
_ARXIV_REF = re.compile(r"\barxiv:\s?(\d{4}\.\d{4,5}(?:v\d+)?)", re.IGNORECASE)
_ARXIV_ID = re.compile(r"/(?:abs|pdf|html)/(\d{4}\.\d{4,5}(?:v\d+)?|[a-z\-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)", re.I)
_TRAILING = ".,;:!?*_~'\""
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.{1,200}?)[ \t#]*$", re.MULTILINE)
_SETEXT_HEADING = re.compile(r"^([^\n#|>`-][^\n]{0,199})\n {0,3}(?:=+|-{3,})[ \t]*$", re.MULTILINE)
_FENCE_LINE = re.compile(r"^ {0,3}(?:`{3,}|~{3,})", re.MULTILINE)
MAX_CONTEXT = 300
#: A line that starts a block of its own: a list item, table row, heading, quote or fence.
_BLOCK_START = re.compile(r"^\s*(?:[-*+] |\d{1,3}[.)] |\||#|>|```|~~~)")
_SENTENCE_END = re.compile(r"\.(?=\s)")
_MD_TARGET = re.compile(r"\]\(\s*<?https?://[^)\s]{0,2000}\)?")
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
    """Offset -> 1-based line number, and the line itself."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts = [m.start() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_left(self._starts, offset) + 1

    def _bounds(self, i: int) -> tuple[int, int]:
        """Start and end offsets of line ``i`` (0-based)."""
        start = self._starts[i - 1] + 1 if i > 0 else 0
        end = self._starts[i] if i < len(self._starts) else len(self._text)
        return start, end

    def context(self, offset: int) -> str:
        """The sentence around ``offset`` within its block (a paragraph, list item or table row, whose lines may
        be hard-wrapped), white space folded, at most ``MAX_CONTEXT`` characters."""
        text = self._text
        i = bisect.bisect_left(self._starts, offset)
        first, last = i, i
        start, end = self._bounds(i)
        if not _BLOCK_START.match(text[start:end]):
            while first > 0 and first > i - 8:
                s, e = self._bounds(first - 1)
                line = text[s:e]
                if not line.strip() or (_BLOCK_START.match(line) and line.lstrip()[:1] in "|#>"):
                    break
                first -= 1
                if _BLOCK_START.match(line):
                    break
        while last + 1 <= len(self._starts) and last < i + 8:
            s, e = self._bounds(last + 1)
            line = text[s:e]
            if not line.strip() or _BLOCK_START.match(line) or text[start:end].lstrip()[:1] in "|#":
                break
            last += 1
        block_start, block_end = self._bounds(first)[0], self._bounds(last)[1]
        lo = max(block_start, offset - MAX_CONTEXT)
        hi = min(block_end, offset + MAX_CONTEXT)
        cut = max(text.rfind(". ", lo, offset), text.rfind(".\n", lo, offset))
        if cut >= 0:
            lo = cut + 2
        after = _SENTENCE_END.search(text, offset, hi)
        if after:
            hi = after.start() + 1
        flat = " ".join(_MD_TARGET.sub("]", text[lo:hi]).split())
        if not _URL.sub("", flat).strip(" <>()[]:-*") and first > 0:
            # a URL alone in its paragraph: it is introduced by the paragraph before ("... can be found here:")
            j = first - 1
            while j > 0 and not text[slice(*self._bounds(j))].strip() and j > first - 3:
                j -= 1
            before = " ".join(text[slice(*self._bounds(j))].split())
            flat = f"{before[-(MAX_CONTEXT // 2) :]} {flat}".strip()
        return flat if len(flat) <= MAX_CONTEXT else flat[: MAX_CONTEXT - 1] + "…"


class _Sections:
    """Offset -> the Markdown heading (ATX or setext, outside fenced code) the offset stands under."""

    def __init__(self, text: str) -> None:
        fences = [m.start() for m in _FENCE_LINE.finditer(text)]

        def fenced(offset: int) -> bool:
            return bisect.bisect_right(fences, offset) % 2 == 1

        found = [(m.start(), m.group(1).strip()) for m in _ATX_HEADING.finditer(text) if not fenced(m.start())]
        found += [(m.start(), m.group(1).strip()) for m in _SETEXT_HEADING.finditer(text) if not fenced(m.start())]
        found.sort()
        self._starts = [o for o, _ in found]
        self._titles = [t for _, t in found]

    def at(self, offset: int) -> str | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        return self._titles[i][:MAX_ANCHOR] if i >= 0 else None


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
    for m in _HTML_LINK.finditer(text):
        anchor = " ".join(_TAG.sub(" ", m.group(2)).split())
        found.append((m.start(1), _trim(m.group(1)), anchor or None))
        covered.add(m.start(1))
        spans.append((m.start(1), m.end(1)))
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


class BibEntry:
    """One BibTeX entry in a text: its span, title, arXiv id, and whether it is the release's own reference
    (the first entry after a "please cite" sentence, or under a citation heading)."""

    __slots__ = ("arxiv", "end", "own", "start", "title")

    def __init__(self, start: int, end: int, title: str | None, arxiv: str | None, own: bool) -> None:
        self.start, self.end, self.title, self.arxiv, self.own = start, end, title, arxiv, own


def _brace_end(text: str, start: int) -> int:
    """Offset just after the brace that closes the one at ``start - 1`` (bounded; the bound if unbalanced)."""
    depth = 1
    limit = min(len(text), start + MAX_BIBTEX)
    i = start
    while i < limit:
        c = text[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return limit


def _field_value(body: str, at: int) -> str:
    """The value of a BibTeX field starting at ``at``: ``{...}``, ``"..."`` or a bare word."""
    if at < len(body) and body[at] == "{":
        return body[at + 1 : _brace_end(body, at + 1) - 1]
    if at < len(body) and body[at] == '"':
        end = body.find('"', at + 1)
        return body[at + 1 : end if end > 0 else len(body)]
    m = re.match(r"[^,}\s]{1,200}", body[at:])
    return m.group(0) if m else ""


def bibtex_entries(text: str, sections: _Sections | None) -> list[BibEntry]:
    """The BibTeX entries of ``text`` (at most 100), with their own/cited status."""
    out: list[BibEntry] = []
    last_section: str | None = None
    previous_end = 0
    for m in itertools.islice(_BIBTEX_START.finditer(text), 100):
        end = _brace_end(text, m.end())
        body = text[m.end() : end]
        fields: dict[str, str] = {}
        for f in _BIBTEX_FIELD.finditer(body):
            fields.setdefault(f.group(1).lower(), _field_value(body, f.end()))
        title = " ".join(fields.get("title", "").replace("{", "").replace("}", "").split()) or None
        arxiv = None
        if fields.get("archiveprefix", "").lower() == "arxiv" and re.fullmatch(
            r"\d{4}\.\d{4,5}(v\d+)?", fields.get("eprint", "").strip()
        ):
            arxiv = fields["eprint"].strip()
        else:
            ref = _ARXIV_REF.search(" ".join(fields.get(k, "") for k in ("journal", "eprint", "note", "howpublished")))
            arxiv = ref.group(1) if ref else None
        section = sections.at(m.start()) if sections else None
        # prose between the previous entry (or the section start) and this one: a "please cite" sentence?
        between = re.sub(
            r"^\s*(?:`{3,}|~{3,})\w*\s*$", "", text[max(previous_end, m.start() - 400) : m.start()], flags=re.MULTILINE
        ).strip()
        first_of_block = not out or bool(between) or section != last_section
        cited_here = bool(_CITE_INTRO.search(between)) or bool(section and _CITE_INTRO.search(section))
        own = first_of_block and cited_here
        out.append(BibEntry(m.start(), end, title[:MAX_ANCHOR] if title else None, arxiv, own))
        last_section, previous_end = section, end
    return out


def extract_links(text: str, source_path: str, *, markdown: bool = True) -> tuple[Link, ...]:
    """Every link in ``text``, each URL once per sentence it stands in (``MAX_MENTIONS`` at most), at most
    ``MAX_LINKS`` in all; never raises.

    Each link carries the line it stands in and, for Markdown (``markdown``; not for code, whose ``#`` lines are
    comments), the heading it stands under."""
    text = text[:MAX_SCAN]
    lines = _Lines(text)
    sections = _Sections(text) if markdown else None
    entries = bibtex_entries(text, sections) if "@" in text else []
    candidates = _candidates(text)
    for entry in entries:
        if entry.arxiv and not any(entry.start <= c[0] < entry.end for c in candidates):
            candidates.append((entry.start, f"https://arxiv.org/abs/{entry.arxiv}", None))
    candidates.sort(key=lambda c: c[0])
    starts = [e.start for e in entries]
    links: list[Link] = []
    seen: dict[tuple[str, LinkOrigin], set[str | None]] = {}
    for offset, url, anchor in candidates:
        if len(links) >= MAX_LINKS:
            break
        if len(url) < 12 or len(url) > MAX_URL:
            continue
        label = anchor[:MAX_ANCHOR] if anchor else None
        section = sections.at(offset) if sections else None
        origin = LinkOrigin.TEXT
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and offset < entries[i].end:
            origin = LinkOrigin.CITATION if entries[i].own else LinkOrigin.CITED
            label = entries[i].title or label
        context = lines.context(offset)
        mentions = seen.setdefault((url, origin), set())
        if context in mentions or len(mentions) >= MAX_MENTIONS:
            continue
        mentions.add(context)
        links.append(Link(url, classify_url(url), source_path, lines.line(offset), label, context, section, origin))
    return tuple(links)


#: ``from_pretrained("org/name", ...)`` and the Hub download helpers: a model published on the Hub, loaded by code
#: (in a source file or in a Markdown code block). ``trust_remote_code=True`` in the call is kept in the text.
_HUB_CALL = re.compile(
    r"\b(from_pretrained|snapshot_download|hf_hub_download|pipeline)\(\s*(?:[\w\"'=,\s]{0,80}?"
    r"(?:repo_id|model|pretrained_model_name_or_path)\s*=\s*)?[\"']([\w.\-]{1,96}/[\w.\-]{1,96})[\"']([^)]{0,300})"
)


def hub_calls(text: str, source_path: str) -> tuple[Link, ...]:
    """Models a text loads from the Hugging Face Hub by id (``from_pretrained("org/name")`` and friends)."""
    text = text[:MAX_SCAN]
    if "from_pretrained" not in text and "hub_download" not in text and "pipeline(" not in text:
        return ()
    lines = _Lines(text)
    found: dict[str, Link] = {}
    for m in itertools.islice(_HUB_CALL.finditer(text), MAX_LINKS):
        ident, rest = m.group(2), m.group(3)
        if ident.startswith((".", "/")) or ident.count("/") != 1:
            continue
        call = f"{m.group(1)}({ident!r}" + (", trust_remote_code=True" if "trust_remote_code" in rest else "") + ")"
        url = f"https://huggingface.co/{ident}"
        if url not in found or "trust_remote_code" in call:
            found[url] = Link(
                url,
                LinkKind.HF_MODEL,
                source_path,
                lines.line(m.start()),
                call,
                lines.context(m.start()),
                origin=LinkOrigin.CODE,
            )
    return tuple(found.values())


def code_urls(text: str, source_path: str) -> tuple[Link, ...]:
    """The URLs of artifacts in source code (hub repositories, checkpoints, data files; not the licence, docs
    and issue links of comments) and the Hub models it loads by id, marked ``LinkOrigin.CODE``."""
    if "http" not in text and "from_pretrained" not in text and "hub_download" not in text:
        return ()
    from opengauge.inventory.content.urls import is_artifact_url

    if "http" in text and not any(is_artifact_url(_trim(m.group(0))) for m in _URL.finditer(text[:MAX_SCAN])):
        return hub_calls(text, source_path)  # no artifact URL: skip the contexts and headings of every URL
    urls = tuple(
        replace(link, origin=LinkOrigin.CODE)
        for link in extract_links(text, source_path, markdown=False)
        if is_artifact_url(link.url)
    )
    return urls + hub_calls(text, source_path)


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
