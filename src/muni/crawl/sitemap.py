"""sitemap.xml and sitemap index files: page URLs (bounded, namespace-agnostic)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from muni.crawl.fetch import Fetcher

MAX_SITEMAPS = 20
XML_TYPES = ()  # sitemaps come as text/xml, application/xml, or even text/plain


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def sitemap_urls(fetcher: Fetcher, start: list[str]) -> list[str]:
    pages: list[str] = []
    queue, seen = list(start), set()
    while queue and len(seen) < MAX_SITEMAPS:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        result = fetcher.get(url, accept=XML_TYPES)
        if not result.ok:
            continue
        try:
            root = ET.fromstring(result.body)
        except ET.ParseError:
            continue
        for node in root:
            loc = next((c.text for c in node if _local(c.tag) == "loc" and c.text), None)
            if not loc:
                continue
            if _local(root.tag) == "sitemapindex":
                queue.append(loc.strip())
            else:
                pages.append(loc.strip())
    return pages
