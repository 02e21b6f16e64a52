"""The FastAPI app factory."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI

from muni import __version__
from muni.config import Settings
from muni.operations import metrics
from muni.operations.instance import Instance
from muni.runtime import Runtime
from muni.store.tenant_cache import TenantCache
from muni.web import errors
from muni.web.edge.body_limit import BodyLimit
from muni.web.edge.capacity import Capacity
from muni.web.edge.cors import TenantCors
from muni.web.edge.request_log import RequestLog
from muni.web.edge.security_headers import SecurityHeaders
from muni.web.openapi import document_edge_errors
from muni.web.routes import (
    agent,
    bookings,
    chat,
    citizen_login,
    consent,
    console,
    console_corpus,
    console_inbox,
    console_privacy,
    console_publishing,
    console_review,
    console_staff,
    console_stats,
    console_topics,
    console_variables,
    deep_links,
    feedback,
    handoff,
    meta,
    operations,
    phone,
    staff_login,
    staff_oidc,
    transparency,
    voice,
    widget,
)


def tenant_cache(app: FastAPI) -> Callable[[], TenantCache]:
    """The runtime's tenant cache, which exists once the app has started."""
    return lambda: app.state.runtime.tenants


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> FastAPI:
    settings = settings or (runtime.settings if runtime else Settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = runtime is None
        app.state.runtime = runtime or Runtime.start(settings)
        instance = Instance(app.state.runtime)
        app.state.readiness = instance.readiness
        instance.start()
        yield
        # uvicorn has finished the requests in flight (or given up after
        # MUNI_SHUTDOWN_GRACE_SECONDS); a running in-process job gets a moment more
        instance.stop()
        metrics.worker_exited()
        if own:
            app.state.runtime.close()

    app = FastAPI(
        title="muni",
        version=__version__,
        lifespan=lifespan,
        description="Citizen-service assistant shared by Danish municipalities.",
    )
    errors.install(app)
    document_edge_errors(app)

    app.include_router(operations.router)
    app.include_router(meta.router)
    app.include_router(chat.router)
    app.include_router(feedback.router)  # votes on answers
    app.include_router(deep_links.router)
    app.include_router(widget.router)
    app.include_router(handoff.router)
    app.include_router(citizen_login.router)
    app.include_router(staff_login.router)
    app.include_router(staff_oidc.router)
    app.include_router(agent.router)
    app.include_router(console.router)
    app.include_router(console_staff.router)
    app.include_router(console_topics.router)  # content: topics, edits, preview
    app.include_router(console_variables.router)
    app.include_router(console_publishing.router)  # changes and publishing
    app.include_router(console_review.router)
    app.include_router(console_inbox.router)
    app.include_router(console_stats.router)
    app.include_router(bookings.router)  # a booking's .ics file
    app.include_router(voice.router)  # the widget's microphone and read-aloud
    app.include_router(phone.router)  # a contact centre's telephony platform
    for router in (consent, transparency, console_privacy, console_corpus):
        app.include_router(router.router)
    # outermost last: headers on every answer, then CORS, the body limit, capacity. CORS is
    # outside the two so that their refusals (413, 503) reach a widget on the municipality's
    # site: without its header the browser hides them, and the citizen sees a network error
    app.add_middleware(
        Capacity, slots=settings.max_concurrent_requests, wait=settings.queue_wait_seconds
    )
    recording = (settings.speech_max_audio_bytes, voice.too_large(settings.speech_max_audio_bytes))
    app.add_middleware(
        BodyLimit, limit=settings.max_body_bytes, larger={voice.TRANSCRIBE_PATH: recording}
    )
    app.add_middleware(TenantCors, tenants=tenant_cache(app), public_url=settings.public_url)
    app.add_middleware(SecurityHeaders, hsts=settings.hsts)
    app.add_middleware(RequestLog)
    return app


def create_app_from_env() -> FastAPI:
    """Factory for `uvicorn --factory` (several workers each build their own app)."""
    return create_app(Settings())
