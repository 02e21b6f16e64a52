"""Crawl one tenant's website into its pages and passages.

Breadth-first from the start URLs and the sitemap, inside the allowed domains, obeying
robots.txt and its crawl-delay, with depth and page limits. A page the server says is unchanged
(304), or whose text hashes the same, is not processed again; its stored links are still
followed. Pages that are gone (404/410) or no longer reachable after a complete crawl are
removed. Passages are embedded afterwards, in batches (`embed_missing`).
"""

from __future__ import annotations

import hashlib
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from muni.crawl.chunk import chunk
from muni.crawl.extract import extract
from muni.crawl.fetch import Fetcher
from muni.crawl.robots import RobotsRules
from muni.crawl.sitemap import sitemap_urls
from muni.crawl.urls import is_allowed, looks_like_page, normalize_url
from muni.domain import Tenant
from muni.facts.values import stated_facts
from muni.store.database import Database
from muni.store.pages import PageRepository

AGENT = "muni-crawler"


@dataclass(frozen=True)
class CrawlConfig:
    start_urls: tuple[str, ...]
    allowed_domains: tuple[str, ...]
    max_pages: int = 1000
    max_depth: int = 8
    max_bytes: int = 2_000_000
    timeout: float = 10.0
    retries: int = 2

    @classmethod
    def for_tenant(cls, tenant: Tenant) -> CrawlConfig:
        site = tenant.website
        starts = tuple(site.get("start_urls") or [f"https://{d}/" for d in tenant.domains])
        domains = tuple(
            site.get("allowed_domains") or tenant.domains or [urlsplit(u).netloc for u in starts]
        )
        return cls(
            start_urls=starts,
            allowed_domains=domains,
            max_pages=int(site.get("max_pages", 1000)),
            max_depth=int(site.get("max_depth", 8)),
        )


@dataclass
class CrawlSummary:
    fetched: int = 0
    unchanged: int = 0
    new: int = 0
    changed: int = 0
    skipped_robots: int = 0
    not_found: int = 0
    errors: int = 0
    removed: int = 0
    truncated: bool = False
    seconds: float = 0.0
    not_modified: int = 0  # answered 304: no body was transferred
    error_urls: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        """Pages requested and answered (200 or 304)."""
        return self.fetched + self.not_modified

    @property
    def pages_per_second(self) -> float:
        return round(self.pages / self.seconds, 1) if self.seconds else 0.0


Progress = Callable[[str, CrawlSummary], None]
TopicOf = Callable[[str], str | None]


class Crawler:
    def __init__(
        self,
        db: Database,
        tenant: Tenant,
        client: httpx.Client | None = None,
        topic_of: TopicOf | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.db = db
        self.tenant = tenant
        self.client = client
        self.topic_of = topic_of
        self.progress = progress

    def run(self, config: CrawlConfig) -> CrawlSummary:
        started = time.perf_counter()
        owns_client = self.client is None
        client = self.client or httpx.Client(
            timeout=config.timeout, follow_redirects=True, headers={"User-Agent": AGENT}
        )
        try:
            summary = self._crawl(config, Fetcher(client, config.max_bytes, config.retries))
        finally:
            if owns_client:
                client.close()
        summary.seconds = round(time.perf_counter() - started, 3)
        return summary

    def _crawl(self, config: CrawlConfig, fetcher: Fetcher) -> CrawlSummary:
        summary = CrawlSummary()
        robots = RobotsRules(fetcher, AGENT)
        with self.db.session() as session:
            known = PageRepository(session, self.tenant).known()
        queue: deque[tuple[str, int]] = deque()
        queued: set[str] = set()

        def enqueue(url: str | None, depth: int) -> None:
            if (
                url
                and url not in queued
                and is_allowed(url, config.allowed_domains)
                and looks_like_page(url)
            ):
                queued.add(url)
                queue.append((url, depth))

        starts = [u for u in (normalize_url(s) for s in config.start_urls) if u]
        for url in starts:
            enqueue(url, 0)
        origins = sorted({f"{urlsplit(u).scheme}://{urlsplit(u).netloc}" for u in starts})
        maps = [m for o in origins for m in (robots.sitemaps(o) or [f"{o}/sitemap.xml"])]
        for url in sitemap_urls(fetcher, maps):
            enqueue(normalize_url(url), 1)

        alive: set[str] = set()  # stored or unchanged pages seen in this crawl
        kept: set[str] = set()  # pages with transient errors: keep what we have
        gone: set[str] = set()
        last_request: dict[str, float] = {}
        changed_any = False
        while queue:
            if len(alive) >= config.max_pages:
                summary.truncated = True
                break
            url, depth = queue.popleft()
            origin = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}"
            if not robots.allowed(origin, url):
                summary.skipped_robots += 1
                continue
            self._wait(origin, robots.crawl_delay(origin), last_request)
            stored = known.get(url)
            result = fetcher.get(
                url, stored.etag if stored else None, stored.last_modified if stored else None
            )
            links: tuple[str, ...] = ()
            if result.not_modified and stored is not None:
                summary.unchanged += 1
                summary.not_modified += 1
                alive.add(url)
                links = stored.links
                with self.db.session() as session:
                    PageRepository(session, self.tenant).touch(
                        url, result.headers.get("etag"), result.headers.get("last-modified")
                    )
            elif result.ok:
                summary.fetched += 1
                page_url, links, changed = self._store(url, result, known, alive, config)
                if page_url:
                    alive.add(page_url)
                    if changed == "new":
                        summary.new += 1
                    elif changed == "changed":
                        summary.changed += 1
                    else:
                        summary.unchanged += 1
                    changed_any = changed_any or changed in ("new", "changed")
            elif result.gone:
                summary.not_found += 1
                gone.add(url)
            else:
                summary.errors += 1
                summary.error_urls.append(f"{url} ({result.error or result.status})")
                kept.add(url)
            if depth < config.max_depth:
                for link in links:
                    enqueue(normalize_url(link, url), depth + 1)
            if self.progress:
                self.progress(url, summary)

        removed = {u for u in gone if u in known}
        if not summary.truncated:
            removed |= set(known) - alive - kept
        if removed:
            with self.db.session() as session:
                summary.removed = PageRepository(session, self.tenant).delete(removed)
        if changed_any or removed:
            with self.db.session() as session:
                PageRepository(session, self.tenant).bump_version()
        return summary

    def _wait(self, origin: str, delay: float, last_request: dict[str, float]) -> None:
        if delay > 0 and origin in last_request:
            pause = last_request[origin] + delay - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        last_request[origin] = time.monotonic()

    def _store(
        self,
        url: str,
        result,
        known,
        alive,
        config,  # type: ignore[no-untyped-def]
    ) -> tuple[str | None, tuple[str, ...], str]:
        charset = result.headers.get("content-type", "").partition("charset=")[2] or "utf-8"
        try:
            html = result.body.decode(charset.strip(), "replace")
        except LookupError:
            html = result.body.decode("utf-8", "replace")
        page = extract(html)
        page_url = url
        canonical = normalize_url(page.canonical, url) if page.canonical else None
        if canonical and canonical != url and is_allowed(canonical, config.allowed_domains):
            if canonical in alive:
                return None, page.links, "duplicate"
            page_url = canonical
        text = page.markdown.strip()
        digest = hashlib.sha256(f"{page.title}\n{text}".encode()).hexdigest()
        links = tuple(page.links)
        stored = known.get(page_url)
        etag, modified = result.headers.get("etag"), result.headers.get("last-modified")
        with self.db.session() as session:
            repo = PageRepository(session, self.tenant)
            if stored is not None and stored.content_hash == digest:
                repo.touch(page_url, etag, modified)
                return page_url, links, "same"
            drafts = chunk(text, page.title) if text else []
            where = [*page.breadcrumb[1:], page.title]
            topic = self.topic_of(" / ".join(where)) if self.topic_of else None
            # a passage under its own heading ("Pas" on a page about passports and driving
            # licences) may be about another topic than its page
            passage_topics = [
                (self.topic_of(" / ".join([page.title, *d.heading_path[1:]])) or topic)
                if self.topic_of and len(d.heading_path) > 1
                else topic
                for d in drafts
            ]
            repo.save(
                page_url,
                page.title,
                page.breadcrumb,
                etag,
                modified,
                digest,
                links,
                topic,
                [(d.heading_path, d.text, None) for d in drafts],
                updated=page.updated,
                passage_topics=passage_topics,
                passage_facts=[stated_facts(d.text) for d in drafts],
            )
        return page_url, links, "changed" if stored is not None else "new"
