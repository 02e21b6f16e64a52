"""Embed the passages and fact sentences a crawl stored without vectors, in batches."""

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
    """Embed the passages, then the fact sentences, that have no vector yet; returns how many
    were embedded."""
    done = 0
    for kind in ("passages", "facts"):
        while True:
            with db.session() as session:
                repo = PageRepository(session, tenant)
                todo = (
                    repo.without_embedding(batch)
                    if kind == "passages"
                    else repo.facts_without_embedding(batch)
                )
            if not todo:
                break
            vectors = embedder.embed_passages([text for _, text in todo])
            found = {pid: vec for (pid, _), vec in zip(todo, vectors, strict=True)}
            with db.session() as session:
                repo = PageRepository(session, tenant)
                if kind == "passages":
                    repo.set_embeddings(found)
                else:
                    repo.set_fact_embeddings(found)
            done += len(todo)
            if progress:
                progress(done)
    return done
