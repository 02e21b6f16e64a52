"""Crawl a tenant's site and index it: the job behind `muni crawl` and `muni demo`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from muni.answering.intent_thresholds import Thresholds
from muni.crawl.crawler import CrawlConfig, Crawler, CrawlSummary
from muni.crawl.embed import embed_missing
from muni.domain import Tenant
from muni.nlu.classifier import OUT_OF_SCOPE
from muni.nlu.embedder import DiskCachedEmbedder

if TYPE_CHECKING:  # avoids an import cycle with runtime
    from muni.runtime import Runtime


@dataclass
class CrawlReport:
    tenant: str
    summary: CrawlSummary
    embedded: int
    embed_seconds: float


def topic_mapper(runtime: Runtime, tenant: Tenant) -> Callable[[str], str | None]:
    """Which taxonomy topic a page is about, from its breadcrumb and title (or None), as sure
    as the tenant's answers must be (the accept threshold of content/nlu.yaml and `nlu:`)."""
    tuned = runtime.models.intents.tuned
    accept = max(Thresholds.layered(tuned, runtime.pack.thresholds, tenant.nlu).accept, 0.5)

    def topic_of(text: str) -> str | None:
        prediction = runtime.models.intents.predict(text, runtime.embedder)
        if prediction.label != OUT_OF_SCOPE and prediction.confidence >= accept:
            return prediction.label
        return None

    return topic_of


def crawl_tenant(
    runtime: Runtime,
    tenant: Tenant,
    config: CrawlConfig | None = None,
    progress: Callable[[str, CrawlSummary], None] | None = None,
    embed_progress: Callable[[int], None] | None = None,
) -> CrawlReport:
    import time

    crawler = Crawler(runtime.db, tenant, topic_of=topic_mapper(runtime, tenant), progress=progress)
    summary = crawler.run(config or CrawlConfig.for_tenant(tenant))
    started = time.perf_counter()
    embedded = 0
    if runtime.embedder is not None:
        cached = DiskCachedEmbedder(runtime.embedder, runtime.settings.models_dir)
        embedded = embed_missing(runtime.db, tenant, cached, progress=embed_progress)
        cached.flush()
        if embedded:
            from muni.store.pages import PageRepository

            with runtime.db.session() as session:
                PageRepository(session, tenant).bump_version()
    runtime.search_index.forget(tenant)
    return CrawlReport(tenant.slug, summary, embedded, round(time.perf_counter() - started, 2))
