"""Memory and latency of a worker with the PostgreSQL search index over many generated tenants.

    python bench/search_memory.py load URL --tenants 98 --pages 3000 [--passages 5 --facts 6]
    python bench/search_memory.py prepare URL
    python bench/search_memory.py worker URL --data-dir /tmp/data [--seconds 120]

`load` fills an empty (migrated) PostgreSQL database with `--tenants` generated tenants of
`--pages` pages each, `--passages` passages and `--facts` fact sentences per page (the demo
site has 5.0 and 6.1). The texts are real passages and fact sentences of a crawled demo site
(`--source`, a muni SQLite database) drawn at random, so words and their frequencies are
Danish municipal text; the **vectors are random unit vectors** (embedding 1.5 million passages
would take days on this machine): fine for memory, and for the index work of a search, but
they say nothing about quality. Rows go in with COPY (binary, vectors as pgvector's binary
format); the GIN index is built after the load and timed.

`prepare` does for every generated tenant what the end of a crawl does (`forget`: build the
tenant's own HNSW indexes, timed, unless `--skip-hnsw`, and count the document frequencies
once). `worker` starts a muni runtime (`Runtime.start`,
`MUNI_SEARCH_BACKEND=postgres`: the trained models of `--data-dir` and the embedder loaded,
as in a server worker) in a fresh process and
answers searches (`search` with a real question embedding, then `facts` for prices) for random
generated tenants with questions from bench/dev/search.jsonl for `--seconds`; it reports RSS
(from /proc: at start, after Runtime.start, at the end, and the peak) and the latency of the
index (search + facts; the questions' embeddings are cached first, so this is the index's
work), with one uncached query embedding per search timed apart as a yardstick of the
machine's load. `--tenant-prefix ""` searches every tenant (e.g. a demo data dir, to compare
`--backend memory` on its SQLite database).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DIM = 384
SEARCH_INDEXES = {
    "ix_passages_terms": "CREATE INDEX ix_passages_terms ON passages USING gin (terms)",
}  # the HNSW indexes are each tenant's own (migration 0014), built by `prepare`


def _source(path: Path) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """(title, text, stems) of every demo passage; (sentence, kinds) of every fact sentence."""
    from muni.nlu.tokens import stems
    from muni.search.postgres import document

    db = sqlite3.connect(path)
    passages = []
    for title, headings, text in db.execute(
        "SELECT pg.title, p.heading_path, p.text FROM passages p JOIN pages pg "
        "ON pg.id = p.page_id WHERE p.tenant_id = (SELECT min(id) FROM tenants)"
    ):
        path_ = json.loads(headings or "[]")
        passages.append((title, text, " ".join(stems(document(title, path_, text)))))
    facts = db.execute(
        "SELECT text, kinds FROM fact_sentences WHERE tenant_id = (SELECT min(id) FROM tenants)"
    ).fetchall()
    return passages, facts


def _unit(rng: np.random.Generator, n: int) -> np.ndarray:
    v = rng.standard_normal((n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def load(args: argparse.Namespace) -> dict[str, object]:
    import psycopg
    from pgvector.psycopg import register_vector

    from muni.store.database import Database
    from muni.store.tenants import TenantRepository
    from muni.tenancy import tenant_from_dict

    started = time.perf_counter()
    passages, facts = _source(args.source)
    db = Database(args.url)
    db.migrate()
    with db.session() as session:
        tenants = [
            TenantRepository(session).upsert(
                tenant_from_dict(
                    {"slug": f"gen{i:03d}", "name": f"Gen {i} Kommune", "municipality_code": i}
                )
            ).id
            for i in range(args.tenants)
        ]
    db.dispose()
    conninfo = args.url.replace("postgresql+psycopg://", "postgresql://", 1)
    rng = np.random.default_rng(args.seed)
    pick = random.Random(args.seed)
    timings: dict[str, float] = {}
    with psycopg.connect(conninfo, autocommit=True) as conn:
        register_vector(conn)
        for name in SEARCH_INDEXES:
            conn.execute(f"DROP INDEX IF EXISTS {name}")
        page_id = conn.execute("SELECT coalesce(max(id), 0) FROM pages").fetchone()[0]  # type: ignore[index]
        passage_id = conn.execute("SELECT coalesce(max(id), 0) FROM passages").fetchone()[0]  # type: ignore[index]
        fact_id = conn.execute("SELECT coalesce(max(id), 0) FROM fact_sentences").fetchone()[0]  # type: ignore[index]
        began = time.perf_counter()
        rows = {"pages": 0, "passages": 0, "fact_sentences": 0}
        for tenant in tenants:
            with conn.transaction(), conn.cursor() as cur:
                with cur.copy(
                    "COPY pages (id, tenant_id, url, title, breadcrumb, content_hash, links, "
                    "fetched_at, checked_at) FROM STDIN"
                ) as copy:
                    first = page_id + 1
                    for p in range(args.pages):
                        page_id += 1
                        title = pick.choice(passages)[0]
                        copy.write_row((page_id, tenant, f"https://gen{tenant}.dk/side/{p}", title,
                                        json.dumps(["Forside", title]), f"h{page_id}", "[]",
                                        "2026-11-28T00:00:00+00:00", "2026-11-28T00:00:00+00:00"))
                per_tenant = args.pages * args.passages
                vectors = _unit(rng, per_tenant)
                first_passage = passage_id + 1
                with cur.copy(
                    "COPY passages (id, tenant_id, page_id, seq, heading_path, text, stems, vec) "
                    "FROM STDIN WITH (FORMAT BINARY)"
                ) as copy:
                    copy.set_types(["int4", "int4", "int4", "int4", "json", "text", "text",
                                    "vector"])
                    for n in range(per_tenant):
                        passage_id += 1
                        title, text, stems_ = pick.choice(passages)
                        copy.write_row((passage_id, tenant, first + n // args.passages,
                                        n % args.passages, json.dumps([title]), text, stems_,
                                        vectors[n]))
                n_facts = args.pages * args.facts
                vectors = _unit(rng, n_facts)
                with cur.copy(
                    "COPY fact_sentences (id, tenant_id, passage_id, seq, text, kinds, vec) "
                    "FROM STDIN WITH (FORMAT BINARY)"
                ) as copy:
                    copy.set_types(["int4", "int4", "int4", "int4", "text", "text", "vector"])
                    for n in range(n_facts):
                        fact_id += 1
                        sentence, kinds = pick.choice(facts)
                        copy.write_row((fact_id, tenant, first_passage + n % per_tenant, 0,
                                        sentence, kinds, vectors[n]))
                cur.execute(
                    "INSERT INTO search_state (tenant_id, version, updated_at) "
                    "VALUES (%s, 1, now()) ON CONFLICT (tenant_id) DO NOTHING", (tenant,))
            rows["pages"] += args.pages
            rows["passages"] += per_tenant
            rows["fact_sentences"] += n_facts
        for table, column in (("pages", page_id), ("passages", passage_id),
                              ("fact_sentences", fact_id)):
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {column})")
        timings["copy_s"] = round(time.perf_counter() - began, 1)
        conn.execute("SET maintenance_work_mem = '2GB'")
        conn.execute("SET max_parallel_maintenance_workers = 1")
        for name, sql in SEARCH_INDEXES.items():
            began = time.perf_counter()
            conn.execute(sql)
            timings[f"{name}_s"] = round(time.perf_counter() - began, 1)
        began = time.perf_counter()
        conn.execute("VACUUM ANALYZE passages")
        conn.execute("VACUUM ANALYZE fact_sentences")
        timings["analyze_s"] = round(time.perf_counter() - began, 1)
        size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))"
                            ).fetchone()[0]  # type: ignore[index]
    return {"tenants": args.tenants, "pages_per_tenant": args.pages,
            "passages_per_page": args.passages, "facts_per_page": args.facts, "rows": rows,
            "timings": timings, "total_s": round(time.perf_counter() - started, 1),
            "database_size": size, "vectors": "random unit vectors (not embeddings)"}


def prepare(args: argparse.Namespace) -> dict[str, object]:
    """What a crawl's end does for each tenant (`PostgresIndex.forget`): fill missing search
    columns (none here), build the tenant's own HNSW indexes (unless `--skip-hnsw`) and
    count the document frequencies once into search_frequencies."""
    from muni.search import tenant_indexes
    from muni.search.postgres import PostgresIndex
    from muni.store.database import Database
    from muni.store.tenants import TenantRepository

    db = Database(args.url)
    index = PostgresIndex(db, None)
    with db.session() as session:
        tenants = [t for t in TenantRepository(session).all() if t.slug.startswith("gen")]
    if args.skip_hnsw:
        tenant_indexes.OWN_INDEXES_FROM = 2**31
    seconds = []
    for tenant in tenants:
        began = time.perf_counter()
        index.forget(tenant)
        seconds.append(time.perf_counter() - began)
    return {"tenants": len(tenants), "seconds_total": round(sum(seconds), 1),
            "seconds_per_tenant_p50": round(statistics.median(seconds), 2)}


def _rss_mb(pid: int) -> tuple[float, float]:
    """(current RSS, peak RSS) of a process in MB, from /proc."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def worker(args: argparse.Namespace) -> None:
    """In a fresh process: a muni runtime on the PostgreSQL index, searching."""
    from muni.config import Settings
    from muni.evaluation.runner import read_cases
    from muni.runtime import Runtime
    from muni.store.tenants import TenantRepository

    rss_start = _rss_mb(os.getpid())
    settings = Settings(data_dir=args.data_dir, database_url=args.url,
                        search_backend=args.backend)
    runtime = Runtime.start(settings)
    rss_runtime = _rss_mb(os.getpid())
    with runtime.db.session() as session:
        tenants = TenantRepository(session).all()
    tenants = [t for t in tenants if t.slug.startswith(args.tenant_prefix)]
    questions = [c.text for c in read_cases(ROOT / "bench" / "dev" / "search.jsonl")]
    pick = random.Random(args.seed)
    index, embedder = runtime.search_index, runtime.embedder
    assert embedder is not None
    # one at a time, as a serving worker embeds them (a batch of all the questions would
    # leave onnxruntime's memory arena sized for it: +100-200 MB of RSS no worker has)
    vectors = {q: embedder.embed([q])[0] for q in questions}  # cached from now
    seconds: list[float] = []
    first_per_tenant: list[float] = []
    embedding: list[float] = []
    seen: set[int] = set()
    ended = time.monotonic() + args.seconds
    while time.monotonic() < ended:
        tenant = pick.choice(tenants)
        question = pick.choice(questions)
        began = time.perf_counter()  # the yardstick: one new query embedding (not cached)
        embedder.embed([f"{question} {len(embedding)}"])
        embedding.append(time.perf_counter() - began)
        began = time.perf_counter()  # the index alone: the question's embedding is cached
        hits = index.search(tenant, question, k=8)
        index.facts(tenant, ("price",), vectors[question], k=12)
        took = time.perf_counter() - began
        (seconds if tenant.id in seen else first_per_tenant).append(took)
        seen.add(tenant.id)
        assert hits, "a search found nothing"
    rss_end = _rss_mb(os.getpid())
    ms = sorted(1000 * s for s in seconds)

    def pct(p: float) -> float:
        return round(ms[min(len(ms) - 1, int(p * len(ms)))], 1) if ms else 0.0

    print(json.dumps({
        "backend": args.backend, "tenants": len(tenants), "searches": len(seconds)
        + len(first_per_tenant), "tenants_searched": len(seen),
        "rss_mb": {"python_start": round(rss_start[0]), "after_runtime_start":
                   round(rss_runtime[0]), "end": round(rss_end[0]), "peak": round(rss_end[1])},
        "search_plus_facts_ms": {"p50": pct(0.5), "p90": pct(0.9), "p99": pct(0.99),
                                 "mean": round(statistics.fmean(ms), 1) if ms else 0.0},
        "query_embedding_ms_p50 (yardstick for the machine's load)": round(
            1000 * statistics.median(embedding), 1),
        "first_search_of_a_tenant_ms_p50": round(
            1000 * statistics.median(first_per_tenant), 1) if first_per_tenant else None,
        "load_average": os.getloadavg(),
    }, indent=2))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("load", "prepare", "worker", "run-worker"))
    parser.add_argument("url")
    parser.add_argument("--tenants", type=int, default=98)
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--passages", type=int, default=5)
    parser.add_argument("--facts", type=int, default=6)
    parser.add_argument("--source", type=Path, default=Path("var/muni.db"))
    parser.add_argument("--data-dir", type=Path, default=Path("var"))
    parser.add_argument("--backend", default="postgres")
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--tenant-prefix", default="gen")
    parser.add_argument("--skip-hnsw", action="store_true",
                        help="prepare: do not build the tenants' own HNSW indexes (their "
                        "searches then scan the tenant's rows exactly)")
    args = parser.parse_args()
    if args.mode == "load":
        print(json.dumps(load(args), indent=2))
    elif args.mode == "prepare":
        print(json.dumps(prepare(args), indent=2))
    elif args.mode == "run-worker":
        worker(args)
    else:  # a fresh process, so RSS is the worker's own
        command = [sys.executable, __file__, "run-worker", args.url, "--data-dir",
                   str(args.data_dir), "--backend", args.backend, "--seconds",
                   str(args.seconds), "--seed", str(args.seed),
                   "--tenant-prefix", args.tenant_prefix]
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
