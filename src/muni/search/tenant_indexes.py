"""A large tenant's own partial indexes in PostgreSQL, so its questions need not scan its rows.

One HNSW index over every tenant is never chosen for a one-tenant question, and scanning a
large tenant's rows exactly is slow (docs/adr/0013-passage-index-in-postgresql.md,
2026-11-30). So after a crawl (`PostgresIndex.forget`), a tenant with OWN_INDEXES_FROM rows or
more in a table gets indexes of its own there (`... WHERE tenant_id = N`): HNSW for the
nearest passages and fact sentences, GIN for the passages sharing a word with the question.
The queries in search/postgres.py write the tenant's id into their text (`tenant_literal`)
so that the planner can prove such an index applies.
"""

from __future__ import annotations

import logging

from sqlalchemy import text

from muni.domain import Tenant
from muni.store.database import Database

log = logging.getLogger(__name__)

OWN_INDEXES_FROM = 3000  # rows of a tenant in a table from which it gets its own indexes there
# (name prefix, table, method and column) of a large tenant's own indexes (`index_tenant`)
_OWN_INDEXES = (
    ("ix_passages_vec", "passages", "hnsw (vec vector_cosine_ops)"),
    ("ix_fact_sentences_vec", "fact_sentences", "hnsw (vec vector_cosine_ops)"),
    ("ix_passages_terms", "passages", "gin (terms)"),
)


def tenant_literal(tenant: Tenant) -> int:
    """The tenant's id written into a query's text, so that PostgreSQL can match the
    tenant's partial HNSW index (a bound parameter would not prove `tenant_id = N` for a
    prepared statement's generic plan)."""
    return int(tenant.id)


def index_tenant(db: Database, tenant: Tenant) -> list[str]:
    """Indexes of the tenant's own (`WHERE tenant_id = N`) on each table where it has
    OWN_INDEXES_FROM rows or more (read at each call): HNSW for the nearest passages
    and fact sentences, GIN for the passages sharing a word with the question. Built without
    locking writes; returns the indexes built. The planner uses them for the tenant's
    questions, which name the tenant as a constant (`tenant_literal`); below that many rows
    a scan of the tenant's rows is as fast. A build that failed leaves an invalid index: it
    is reported, not retried (another process may be building it right now)."""
    built = []
    from_rows = OWN_INDEXES_FROM
    tenant_id = tenant_literal(tenant)
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for name, table, using in _OWN_INDEXES:
            name = f"{name}_t{tenant_id}"
            valid = conn.execute(
                text(
                    "SELECT i.indisvalid FROM pg_class c "
                    "JOIN pg_index i ON i.indexrelid = c.oid WHERE c.relname = :n"
                ),
                {"n": name},
            ).scalar()
            if valid is False:
                log.warning("index %s is invalid: drop it to have it rebuilt", name)
            if valid is not None:
                continue
            rows = conn.execute(
                text(
                    f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE tenant_id = :t "
                    "LIMIT :n) AS enough"
                ),
                {"t": tenant.id, "n": from_rows},
            ).scalar_one()
            if rows < from_rows:
                continue
            conn.execute(
                text(
                    f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {table} "
                    f"USING {using} WHERE tenant_id = {tenant_id}"
                )
            )
            built.append(name)
    return built
