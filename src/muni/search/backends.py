"""Which PassageIndex a process uses: in memory per worker (default) or shared in PostgreSQL."""

from __future__ import annotations

from muni.nlu.embedder import Embedder
from muni.search.index import VERSION_CHECK_SECONDS, HybridIndex, PassageIndex
from muni.store.database import Database

BACKENDS = ("memory", "postgres")


def make_index(
    backend: str, db: Database, embedder: Embedder | None, recheck: float = VERSION_CHECK_SECONDS
) -> PassageIndex:
    """`memory`: HybridIndex, one copy per worker (ADR 0006). `postgres`: PostgresIndex, one
    index in the database for all workers (ADR 0013); only on a PostgreSQL database."""
    if backend == "memory":
        return HybridIndex(db, embedder, recheck=recheck)
    if backend == "postgres":
        if db.engine.dialect.name != "postgresql":
            raise ValueError(
                "MUNI_SEARCH_BACKEND=postgres needs MUNI_DATABASE_URL to be a PostgreSQL URL"
            )
        from muni.search.postgres import PostgresIndex

        return PostgresIndex(db, embedder, recheck=recheck)
    raise ValueError(f"unknown search backend {backend!r}; one of {', '.join(BACKENDS)}")
