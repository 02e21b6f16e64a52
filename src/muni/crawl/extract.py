"""Main text of a web page (trafilatura) with title, canonical URL, breadcrumb and links."""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura
from selectolax.lexbor import LexborHTMLParser as HTMLParser

BOILERPLATE = (
    "header",
    "footer",
    "nav",
    "script",
    "style",
    "form",
    "[role=dialog]",
    ".cookie-banner",
    "#cookie-banner",
    ".cookies",
    "[aria-label=Cookies]",
)
BREADCRUMB = (
    "nav[aria-label=Brødkrumme]",
    "nav[aria-label=Breadcrumb]",
    ".breadcrumb",
    "[aria-label=breadcrumb]",
)


@dataclass(frozen=True)
class ExtractedPage:
    title: str
    canonical: str | None
    breadcrumb: tuple[str, ...]
    markdown: str
    links: tuple[str, ...]


def _breadcrumb(tree: HTMLParser) -> tuple[str, ...]:
    for selector in BREADCRUMB:
        node = tree.css_first(selector)
        if node is not None:
            parts = [p.strip() for p in node.text(separator="/").split("/")]
            return tuple(p for p in parts if p)
    return ()


def extract(html: str) -> ExtractedPage:
    tree = HTMLParser(html)
    links = tuple(a.attributes.get("href") or "" for a in tree.css("a[href]"))
    canonical_node = tree.css_first("link[rel=canonical]")
    canonical = canonical_node.attributes.get("href") if canonical_node else None
    h1 = tree.css_first("main h1") or tree.css_first("h1")
    title_node = tree.css_first("title")
    title = (h1.text(strip=True) if h1 else "") or (
        title_node.text(strip=True).split(" - ")[0] if title_node else ""
    )
    breadcrumb = _breadcrumb(tree)
    for selector in BOILERPLATE:
        for node in tree.css(selector):
            node.decompose()
    cleaned = tree.html or ""
    markdown = (
        trafilatura.extract(
            cleaned,
            output_format="markdown",
            include_formatting=True,
            include_links=False,
            include_tables=True,
            favor_recall=True,
            include_comments=False,
        )
        or ""
    )
    return ExtractedPage(
        title=title, canonical=canonical, breadcrumb=breadcrumb, markdown=markdown, links=links
    )
