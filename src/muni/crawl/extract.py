"""Main text of a web page (trafilatura) with title, canonical URL, breadcrumb and links."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

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
    updated: str | None = None  # YYYY-MM-DD, when the page says it was last changed


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januar", "january", "jan"),
            ("februar", "february", "feb"),
            ("marts", "march", "mar"),
            ("april", "apr"),
            ("maj", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_UPDATED = re.compile(
    r"(?:senest\s+|sidst\s+|last\s+)?(?:opdateret|revideret|updated|ændret)\s*(?:den\s+|on\s+)?[:.]?\s*"
    r"(?P<date>\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{4}|\d{1,2}\.?\s+[a-zæøå]+\.?\s+\d{4})",
    re.IGNORECASE,
)


def parse_date(text: str) -> str | None:
    """'2026-09-30', '30.09.2026', '3. juni 2019' -> ISO date, or None."""
    text = text.strip().lower()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text).isoformat()
        numeric = re.fullmatch(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})", text)
        if numeric:
            day, month, year = map(int, numeric.groups())
            return date(year, month, day).isoformat()
        words = re.fullmatch(r"(\d{1,2})\.?\s+([a-zæøå]+)\.?\s+(\d{4})", text)
        if words and words.group(2) in _MONTHS:
            return date(
                int(words.group(3)), _MONTHS[words.group(2)], int(words.group(1))
            ).isoformat()
    except ValueError:
        return None
    return None


def page_date(tree: HTMLParser, html: str) -> str | None:
    """The date the page says it was updated ("Opdateret 3. juni 2026"), else its metadata."""
    body = tree.body.text(separator=" ") if tree.body else ""
    for match in _UPDATED.finditer(body):
        found = parse_date(match.group("date"))
        if found:
            return found
    metadata = trafilatura.extract_metadata(html)
    return parse_date(metadata.date) if metadata is not None and metadata.date else None


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
    updated = page_date(tree, html)
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
        title=title,
        canonical=canonical,
        breadcrumb=breadcrumb,
        markdown=markdown,
        links=links,
        updated=updated,
    )
