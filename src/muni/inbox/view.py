"""What the inbox page shows: the open questions of one tenant (or of all, for central staff)
grouped by meaning, the counts by status, and the topics and sub-answers a question can be
added to. The clustering is kept between views (clusters.CACHE) until questions come or go."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from muni.content.model import ContentPack
from muni.inbox.clusters import (
    CACHE,
    Cluster,
    across_tenants,
    cluster_questions,
    clusters_of,
    questions_of,
)
from muni.store.inbox import InboxRepository

if TYPE_CHECKING:
    from muni.domain import Tenant
    from muni.runtime import Runtime


@dataclass(frozen=True)
class InboxView:
    clusters: list[Cluster]
    questions: int
    counts: dict[str, int]
    mode: str  # e5 | lexical
    seconds: float  # the whole view: reading and (when not kept) clustering
    clustered: bool  # False: the kept clustering was used


@dataclass(frozen=True)
class Target:
    """A topic's overview (sub_answer "") or one of its sub-answers."""

    topic: str
    sub_answer: str
    label: str


def inbox_view(runtime: Runtime, scope: Tenant | None, across: bool = False) -> InboxView:
    """The groups of open questions in `scope` (None: every tenant). `across`: only the
    groups that occur in two municipalities or more, the most municipalities first."""
    started = time.perf_counter()
    settings = runtime.settings
    with runtime.db.read() as session:
        repo = InboxRepository(session, scope)
        version = repo.version()
        rows = repo.open_questions()
        counts = repo.counts()
    questions = questions_of(rows)
    key = (
        runtime.db.url,
        "all" if scope is None else scope.id,
        *version,
        runtime.embedder is not None,
    )
    clustering = CACHE.get(key)
    clustered = clustering is None
    if clustering is None:
        with runtime.db.read() as session:
            vectors = InboxRepository(session, scope).vectors()
        clustering = cluster_questions(
            questions, vectors, settings.inbox_cluster_distance, settings.inbox_lexical_distance
        )
        CACHE.put(key, clustering)
    clusters = clusters_of(clustering, questions)
    if across:
        clusters = across_tenants(clusters)
    return InboxView(
        clusters,
        len(questions),
        counts,
        clustering.mode,
        time.perf_counter() - started,
        clustered,
    )


def targets(pack: ContentPack) -> dict[str, list[Target]]:
    """Every topic's overview and sub-answers, by topic slug (taxonomy order)."""
    found: dict[str, list[Target]] = {}
    for info in pack.taxonomy:
        topic = pack.topics.get(info.slug)
        if topic is None:
            continue
        found[info.slug] = [Target(info.slug, "", topic.label_in("da"))] + [
            Target(info.slug, sub.id, sub.label_in("da")) for sub in topic.sub_answers
        ]
    return found
