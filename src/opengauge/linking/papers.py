"""Papers, technical reports and write-ups: the release's own, told from the work it cites.

One document (an arXiv paper, a DOI, a blog post, a report page) is usually linked from several places: a badge
row, a "please cite" BibTeX entry, a sentence in the model card. They are weighed together: the document is the
release's own when any place presents it so, and it is a *technical report* when any of the release's own places
calls it one (``Tech Report``, a BibTeX title "... Technical Report", a report page), else a *research paper*; a
blog post or notes page is the release's technical write-up (a technical report) unless it only accompanies the
release's own paper in the same list. A paper the release only cites (related work, a method it uses, a
benchmark) is no evidence at all: a README that cites others has no research paper.

The release presents a document as its own when (one is enough):

- it is the first entry of a "please cite" BibTeX block (``LinkOrigin.CITATION``), or any cited entry whose title
  names the release;
- its anchor is a bare document word in a badge row or a labelled list item (``[Paper]``, ``**Paper:**``,
  ``[Tech Report]``, ``[Blog]``), or, in a model card, "this paper" / "the paper";
- the sentence says so: "our paper", "our technical report", "we released ...", "read our blog post";
- its anchor, title or URL names the release (``[Yi Tech Report]``, ``CodeGen: An Open ...``, a blog post at
  ``.../blog/smollm3``);
- it stands under a heading about the release's papers (``Citation``, ``Publications``, ``Paper``,
  ``Tech report``) as a title-like link.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from opengauge.context.interface import ReleaseContext
from opengauge.inventory.content.links import arxiv_id
from opengauge.inventory.content.urls import is_blog, is_report_page, on_code_host
from opengauge.linking.interface import Hit, LinkSite, speaks_for_release
from opengauge.linking.rules import as_evidence
from opengauge.record import ComponentId, Evidence, LinkKind, LinkOrigin

RULE_ID = "LNK-010"
PAPER = ComponentId.RESEARCH_PAPER.value
REPORT = ComponentId.TECHNICAL_REPORT.value

_PAPER_KINDS = frozenset({LinkKind.ARXIV, LinkKind.OPENREVIEW, LinkKind.ACL, LinkKind.DOI})
_DOC_WORD = (
    r"(?:paper|preprint|publication|article|arxiv|tech(?:nical)?[\s_-]*report|report|blog(?:\s*post)?|post|notes?"
    r"|write-?up)"
)
#: An anchor that is nothing but a document word (emoji, brackets, backticks, "#1" around it allowed).
_BARE_ANCHOR = re.compile(
    rf"^\W*(?:read\s+)?(?:the\s+|this\s+|our\s+|full\s+|release\s+)?{_DOC_WORD}s?\W*(?:#?\d+)?\W*$", re.IGNORECASE
)
_LABEL = re.compile(rf"^\W*(?:\*\*)?{_DOC_WORD}s?(?:\*\*)?\s*[:：]|^\W*\*?title\*?\s*[:：]", re.IGNORECASE)
_OWN_SENTENCE = re.compile(
    rf"\bour\b[^.|]{{0,60}}\b{_DOC_WORD}|\bwe\b[^.|]{{0,40}}\b(?:released?|published|wrote|describe[sd]?)\b"
    rf"|\b(?:check\s+out|please\s+(?:read|refer\s+to|see)|for\s+more\s+(?:details|information))\b[^.|]{{0,60}}"
    rf"\b{_DOC_WORD}|我们的技术报告|技术报告|技术备忘录",
    re.IGNORECASE,
)
_CARD_OWN = re.compile(r"\b(?:this|the)\s+paper\b|\bintroduced\s+in\b|\bfrom\s+the\s+paper\b", re.IGNORECASE)
_OWN_SECTION = re.compile(
    r"\bcit(?:e|ing|ation)|bibtex|\bpapers?\b|publications?|tech(?:nical)?\s*report|論文|论文", re.IGNORECASE
)
_REPORT_WORDS = re.compile(r"tech(?:nical)?[\s_-]*report|技术报告|技术备忘录|\btech\s+memo\b", re.IGNORECASE)
_BARE_REPORT = re.compile(r"^\W*(?:the\s+)?report\W*$", re.IGNORECASE)
_BRACKETED = re.compile(
    r"<a\s[^>]{0,300}>.{0,300}?</a\s*>|\[[^\]]{0,200}\]|\([^)]{0,200}\)|<[^>]{0,300}>|&nbsp;?", re.IGNORECASE
)
_BLOG_WORDS = re.compile(r"\bblog|\bpost\b|\bnotes?\b|write-?up", re.IGNORECASE)


def document_key(url: str) -> str:
    """One key per document: the arXiv id, or the URL without scheme, ``www.``, query, fragment, trailing ``/``."""
    ident = arxiv_id(url)
    if ident:
        return f"arxiv:{ident}"
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    host = (parts.hostname or "").lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/').removesuffix('.pdf')}".lower()


def _is_document(site: LinkSite) -> bool:
    link = site.link
    if on_code_host(link.url):
        return False
    if link.kind in _PAPER_KINDS or link.origin in {LinkOrigin.CITATION, LinkOrigin.CITED}:
        return True
    if is_blog(link.url) or is_report_page(link.url) or link.url.lower().split("?")[0].endswith(".pdf"):
        return True
    return bool(link.text and _BARE_ANCHOR.match(link.text))


def _link_only(context: str | None) -> bool:
    """A badge row or a list item that is nothing but links (``[[Blog]] [[Paper]] [[Demo]]``)."""
    if not context:
        return True
    rest = _BRACKETED.sub(" ", context)
    return len(re.findall(r"[^\W\d_]{2,}", rest)) <= 3


def _url_names_release(url: str, ctx: ReleaseContext) -> bool:
    try:
        path = urlsplit(url).path
    except ValueError:
        return False
    return ctx.identity.named_in(path.replace("/", " ").replace("-", " ").replace("_", " "))


def own_reason(site: LinkSite, ctx: ReleaseContext) -> str | None:
    """Why the release presents this link's document as its own, or None."""
    link = site.link
    anchor = link.text or ""
    context = link.context or ""
    named = ctx.identity.named_in(anchor)
    if link.origin is LinkOrigin.CITATION:
        return "the release's own citation (BibTeX)"
    if link.origin is LinkOrigin.CITED:
        return "a cited BibTeX entry titled with the release's name" if named else None
    if _BARE_ANCHOR.match(anchor) and (_link_only(context) or _LABEL.match(context)):
        return f"linked as {anchor.strip(' []`*')!r}"
    if _LABEL.match(context) and (not anchor or anchor == context.split(":", 1)[0] + ":" or _link_only(anchor)):
        return "a labelled link"
    if site.in_card and _CARD_OWN.search(context):
        return "the model card's paper"
    if _OWN_SENTENCE.search(context):
        return "presented as the release's own"
    if named and (re.search(_DOC_WORD, anchor, re.IGNORECASE) or link.kind in _PAPER_KINDS):
        return "its title names the release"
    if (is_blog(link.url) or is_report_page(link.url)) and _url_names_release(link.url, ctx):
        return "a write-up named after the release"
    if link.section and _OWN_SECTION.search(link.section) and link.kind in _PAPER_KINDS and _link_only(context):
        return f"listed under {link.section!r}"
    return None


def _report_reason(site: LinkSite) -> str | None:
    link = site.link
    for text in (link.text, link.section, link.context):
        if text and _REPORT_WORDS.search(text):
            return "called a technical report"
    if link.text and _BARE_REPORT.match(link.text):
        return "called a report"
    if is_report_page(link.url):
        return "a report page"
    return None


@dataclass(slots=True)
class _Document:
    key: str
    sites: list[LinkSite]


def _companion(site: LinkSite, own_papers: set[tuple[str, str | None]]) -> bool:
    """A blog post listed beside the release's own paper (same file and heading): a summary of the paper, not
    the report (once listed so anywhere, everywhere)."""
    return (site.link.source_path, site.link.section) in own_papers


def _is_write_up(doc: _Document) -> bool:
    """A blog post or notes page (not a paper): by its URL, or because the release calls it a blog post."""
    return all(s.link.kind not in _PAPER_KINDS for s in doc.sites) and any(
        is_blog(s.link.url) or bool(s.link.text and _BLOG_WORDS.search(s.link.text)) for s in doc.sites
    )


def document_evidence(found: Sequence[LinkSite], ctx: ReleaseContext) -> Iterable[Evidence]:
    """Research paper / Technical report evidence, one decision per document (see the module docstring)."""
    docs: dict[str, _Document] = {}
    for site in found:
        if _is_document(site):
            key = document_key(site.link.url)
            docs.setdefault(key, _Document(key, [])).sites.append(site)
    decided: list[tuple[_Document, list[tuple[LinkSite, str]], bool]] = []
    own_papers: set[tuple[str, str | None]] = set()
    for doc in docs.values():
        blog = _is_write_up(doc)
        owned = [
            (s, why)
            for s in doc.sites
            if (not blog or speaks_for_release(s, ctx)) and (why := own_reason(s, ctx)) is not None
        ]
        if not owned:
            continue
        decided.append((doc, owned, blog))
        if not blog:
            own_papers.update((s.link.source_path, s.link.section) for s, _ in owned)
    for doc, owned, blog in decided:
        report = next((r for s, _ in owned if (r := _report_reason(s)) is not None), None)
        titled = next((s.link.text for s, _ in owned if s.link.origin is LinkOrigin.CITATION and s.link.text), None)
        if report is None and titled and _REPORT_WORDS.search(titled):
            report = "titled a technical report"
        if blog and report is None:
            if any(_companion(s, own_papers) for s, _ in owned):
                continue
            report = "the release's write-up"
        component = REPORT if report else PAPER
        site, why = owned[0]
        detail = f"{why}; {report}" if report else why
        more = f" (+{len(doc.sites) - 1} more places)" if len(doc.sites) > 1 else ""
        yield as_evidence(site, RULE_ID, Hit(component, 0.8, f"{detail}{more}"))
