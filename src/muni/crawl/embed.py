"""Embed the passages a crawl stored without vectors, in batches."""

from __future__ import annotations

from collections.abc import Callable

from muni.domain import Tenant
from muni.nlu.embedder import Embedder
from muni.store.database import Database
from muni.store.pages import PageRepository


def embed_missing(
    db: Database,
    tenant: Tenant,
    embedder: Embedder,
    batch: int = 64,
    progress: Callable[[int], None] | None = None,
) -> int:
    done = 0
    while True:
        with db.session() as session:
            todo = PageRepository(session, tenant).without_embedding(batch)
        if not todo:
            return done
        vectors = embedder.embed_passages([text for _, text in todo])
        with db.session() as session:
            PageRepository(session, tenant).set_embeddings(
                {pid: vec for (pid, _), vec in zip(todo, vectors, strict=True)}
            )
        done += len(todo)
        if progress:
            progress(done)
