"""A tenant's crawled pages and passages. Every query filters on the tenant's id."""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

import numpy as np
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from muni.domain import Tenant
from muni.store.tables import FactSentenceRow, PageRow, PassageRow, SearchStateRow, utcnow


@dataclass(frozen=True)
class StoredPage:
    url: str
    etag: str | None
    last_modified: str | None
    content_hash: str
    links: tuple[str, ...]


@dataclass(frozen=True)
class IndexedPassage:
    """What the search index holds for one passage."""

    id: int
    url: str
    title: str
    heading_path: tuple[str, ...]
    text: str
    topic: str | None  # what the passage is about (its own headings, else its page's)
    embedding: np.ndarray | None
    updated: str | None = None  # the page's date (its own, else Last-Modified, else fetched)
    page_topic: str | None = None


def http_date(value: str | None) -> str | None:
    """A Last-Modified header as an ISO date."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class IndexedFact:
    """A sentence of a passage that states facts of these kinds."""

    passage_id: int
    text: str
    kinds: tuple[str, ...]
    embedding: np.ndarray | None


def indexed_passage(r: Any, embedding: np.ndarray | None) -> IndexedPassage:
    """A passage to search in, from a row of passage and page columns (id, url, title,
    heading_path, text, topic, passage_topic, updated, last_modified, fetched_at)."""
    return IndexedPassage(
        r.id,
        r.url,
        r.title,
        tuple(r.heading_path or ()),
        r.text,
        r.passage_topic or r.topic,
        embedding,
        r.updated or http_date(r.last_modified) or r.fetched_at.date().isoformat(),
        r.topic,
    )


class PageRepository:
    def __init__(self, session: Session, tenant: Tenant) -> None:
        self.session = session
        self.tenant = tenant

    def known(self) -> dict[str, StoredPage]:
        rows = self.session.execute(
            select(
                PageRow.url,
                PageRow.etag,
                PageRow.last_modified,
                PageRow.content_hash,
                PageRow.links,
            ).where(PageRow.tenant_id == self.tenant.id)
        )
        return {
            r.url: StoredPage(r.url, r.etag, r.last_modified, r.content_hash, tuple(r.links or ()))
            for r in rows
        }

    def _row(self, url: str) -> PageRow | None:
        return self.session.scalar(
            select(PageRow).where(PageRow.tenant_id == self.tenant.id, PageRow.url == url)
        )

    def save(
        self,
        url: str,
        title: str,
        breadcrumb: tuple[str, ...],
        etag: str | None,
        last_modified: str | None,
        content_hash: str,
        links: tuple[str, ...],
        topic: str | None,
        passages: list[tuple[tuple[str, ...], str, np.ndarray | None]],
        updated: str | None = None,
        passage_topics: list[str | None] | None = None,
        passage_facts: list[list[tuple[str, tuple[str, ...]]]] | None = None,
    ) -> None:
        """Insert or replace a page and all its passages."""
        row = self._row(url)
        kept: dict[tuple[tuple[str, ...], str], bytes] = {}
        kept_facts: dict[tuple[tuple[str, ...], str], bytes] = {}
        if row is None:
            row = PageRow(tenant_id=self.tenant.id, url=url)
            self.session.add(row)
            self.session.flush()
        else:
            kept = self._vectors_of(row.id)  # unchanged passages keep their vectors
            kept_facts = self._fact_vectors_of(row.id)
            self.session.execute(
                delete(PassageRow).where(
                    PassageRow.page_id == row.id, PassageRow.tenant_id == self.tenant.id
                )
            )
        row.title, row.breadcrumb, row.etag, row.last_modified = (
            title,
            list(breadcrumb),
            etag,
            last_modified,
        )
        row.content_hash, row.links, row.topic = content_hash, list(links), topic
        row.updated = updated
        row.fetched_at = row.checked_at = utcnow()
        topics = passage_topics or [None] * len(passages)
        facts = passage_facts or [[] for _ in passages]
        for seq, ((heading_path, text, vector), passage_topic, stated) in enumerate(
            zip(passages, topics, facts, strict=True)
        ):
            passage = PassageRow(
                tenant_id=self.tenant.id,
                page_id=row.id,
                seq=seq,
                heading_path=list(heading_path),
                text=text,
                topic=passage_topic,
                embedding=kept.get((tuple(heading_path), text))
                if vector is None
                else np.asarray(vector, dtype=np.float32).tobytes(),
            )
            self.session.add(passage)
            self.session.flush()
            for number, (sentence, kinds) in enumerate(stated):
                self.session.add(
                    FactSentenceRow(
                        tenant_id=self.tenant.id,
                        passage_id=passage.id,
                        seq=number,
                        text=sentence,
                        kinds=",".join(kinds),
                        embedding=kept_facts.get((tuple(heading_path), sentence)),
                    )
                )
        self.session.flush()

    def _vectors_of(self, page_id: int) -> dict[tuple[tuple[str, ...], str], bytes]:
        rows = self.session.execute(
            select(PassageRow.heading_path, PassageRow.text, PassageRow.embedding).where(
                PassageRow.page_id == page_id,
                PassageRow.tenant_id == self.tenant.id,
                PassageRow.embedding.is_not(None),
            )
        )
        return {(tuple(r.heading_path or ()), r.text): r.embedding for r in rows}

    def _fact_vectors_of(self, page_id: int) -> dict[tuple[tuple[str, ...], str], bytes]:
        rows = self.session.execute(
            select(PassageRow.heading_path, FactSentenceRow.text, FactSentenceRow.embedding)
            .join(PassageRow, PassageRow.id == FactSentenceRow.passage_id)
            .where(
                PassageRow.page_id == page_id,
                FactSentenceRow.tenant_id == self.tenant.id,
                FactSentenceRow.embedding.is_not(None),
            )
        )
        return {(tuple(r.heading_path or ()), r.text): r.embedding for r in rows}

    def touch(self, url: str, etag: str | None, last_modified: str | None) -> None:
        row = self._row(url)
        if row is not None:
            row.etag = etag or row.etag
            row.last_modified = last_modified or row.last_modified
            row.checked_at = utcnow()

    def delete(self, urls: set[str]) -> int:
        if not urls:
            return 0
        result = self.session.execute(
            delete(PageRow).where(
                PageRow.tenant_id == self.tenant.id, PageRow.url.in_(sorted(urls))
            )
        )
        return int(result.rowcount or 0)

    def passages(self) -> list[IndexedPassage]:
        rows = self.session.execute(
            select(
                PassageRow.id,
                PageRow.url,
                PageRow.title,
                PassageRow.heading_path,
                PassageRow.text,
                PageRow.topic,
                PassageRow.topic.label("passage_topic"),
                PassageRow.embedding,
                PageRow.updated,
                PageRow.last_modified,
                PageRow.fetched_at,
            )
            .join(PageRow, PageRow.id == PassageRow.page_id)
            .where(
                PassageRow.tenant_id == self.tenant.id,
                PageRow.tenant_id == self.tenant.id,
            )
            .order_by(PassageRow.id)
        )
        return [
            indexed_passage(
                r, None if r.embedding is None else np.frombuffer(r.embedding, dtype=np.float32)
            )
            for r in rows
        ]

    def without_embedding(
        self, limit: int = 256, boilerplate_pages: int = 0
    ) -> list[tuple[int, str, bool]]:
        """Passages still to embed: (id, text to embed, boilerplate?). The text to embed is
        the title, headings and text; with `boilerplate_pages`, a text that stands on that
        many pages or more is boilerplate and is embedded without the page title, so every
        copy has the same text to embed."""
        rows = self.session.execute(
            select(
                PassageRow.id,
                PassageRow.heading_path,
                PassageRow.text,
            )
            .where(PassageRow.tenant_id == self.tenant.id, PassageRow.embedding.is_(None))
            .order_by(PassageRow.id)
            .limit(limit)
        ).all()
        common = self._boilerplate({r.text for r in rows}, boilerplate_pages)
        todo = []
        for r in rows:
            path = list(r.heading_path or ())
            shared = r.text in common
            todo.append((r.id, " / ".join(path[1:] if shared else path) + ": " + r.text, shared))
        return todo

    def _boilerplate(self, texts: set[str], pages: int) -> set[str]:
        if pages < 2 or not texts:
            return set()
        found: set[str] = set()
        candidates = sorted(texts)
        for start in range(0, len(candidates), 500):
            found.update(
                self.session.scalars(
                    select(PassageRow.text)
                    .where(
                        PassageRow.tenant_id == self.tenant.id,
                        PassageRow.text.in_(candidates[start : start + 500]),
                    )
                    .group_by(PassageRow.text)
                    .having(func.count(func.distinct(PassageRow.page_id)) >= pages)
                )
            )
        return found

    def boilerplate_vectors(self, embed_texts: list[str]) -> dict[str, np.ndarray]:
        """Vectors already stored for boilerplate passages (text to embed as
        `without_embedding` makes it for boilerplate), keyed by the sha1 of that text."""
        import hashlib

        wanted: dict[tuple[str, str], str] = {}
        for embed_text in embed_texts:
            headings, _, text = embed_text.partition(": ")
            wanted[(headings, text)] = hashlib.sha1(embed_text.encode()).hexdigest()
        if not wanted:
            return {}
        found: dict[str, np.ndarray] = {}
        texts = sorted({text for _, text in wanted})
        for start in range(0, len(texts), 500):
            rows = self.session.execute(
                select(PassageRow.heading_path, PassageRow.text, PassageRow.embedding).where(
                    PassageRow.tenant_id == self.tenant.id,
                    PassageRow.text.in_(texts[start : start + 500]),
                    PassageRow.embedding.is_not(None),
                )
            )
            for r in rows:
                key = wanted.get((" / ".join(list(r.heading_path or ())[1:]), r.text))
                if key is not None and key not in found:
                    found[key] = np.frombuffer(r.embedding, dtype=np.float32)
        return found

    def facts_without_embedding(self, limit: int = 256) -> list[tuple[int, str]]:
        """Fact sentences still to embed: (id, text to embed: the page title and the sentence)."""
        rows = self.session.execute(
            select(FactSentenceRow.id, FactSentenceRow.text, PassageRow.heading_path)
            .join(PassageRow, PassageRow.id == FactSentenceRow.passage_id)
            .where(
                FactSentenceRow.tenant_id == self.tenant.id,
                FactSentenceRow.embedding.is_(None),
            )
            .order_by(FactSentenceRow.id)
            .limit(limit)
        )
        return [(r.id, " / ".join(r.heading_path or ()) + ": " + r.text) for r in rows]

    def set_fact_embeddings(self, vectors: dict[int, np.ndarray]) -> None:
        for fact_id, vector in vectors.items():
            row = self.session.get(FactSentenceRow, fact_id)
            if row is not None and row.tenant_id == self.tenant.id:
                row.embedding = np.asarray(vector, dtype=np.float32).tobytes()
        self.session.flush()

    def fact_sentences(self) -> list[IndexedFact]:
        rows = self.session.execute(
            select(
                FactSentenceRow.passage_id,
                FactSentenceRow.text,
                FactSentenceRow.kinds,
                FactSentenceRow.embedding,
            )
            .where(FactSentenceRow.tenant_id == self.tenant.id)
            .order_by(FactSentenceRow.passage_id, FactSentenceRow.seq)
        )
        return [
            IndexedFact(
                r.passage_id,
                r.text,
                tuple(k for k in r.kinds.split(",") if k),
                None if r.embedding is None else np.frombuffer(r.embedding, dtype=np.float32),
            )
            for r in rows
        ]

    def set_embeddings(self, vectors: dict[int, np.ndarray]) -> None:
        for passage_id, vector in vectors.items():
            row = self.session.get(PassageRow, passage_id)
            if row is not None and row.tenant_id == self.tenant.id:
                row.embedding = np.asarray(vector, dtype=np.float32).tobytes()
        self.session.flush()

    def count(self) -> int:
        return len(self.known())

    def version(self) -> int:
        row = self.session.get(SearchStateRow, self.tenant.id)
        return row.version if row else 0

    def bump_version(self) -> int:
        row = self.session.get(SearchStateRow, self.tenant.id)
        if row is None:
            row = SearchStateRow(tenant_id=self.tenant.id, version=0)
            self.session.add(row)
        row.version += 1
        row.updated_at = utcnow()
        self.session.flush()
        return row.version
