"""The FastAPI app factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from muni import __version__
from muni.config import Settings
from muni.runtime import Runtime
from muni.web import errors
from muni.web.routes import agent, chat, deep_links, handoff, meta, widget

MAX_BODY_BYTES = 64 * 1024


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> FastAPI:
    settings = settings or (runtime.settings if runtime else Settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = runtime is None
        app.state.runtime = runtime or Runtime.start(settings)
        yield
        if own:
            app.state.runtime.close()

    app = FastAPI(
        title="muni",
        version=__version__,
        lifespan=lifespan,
        description="Citizen-service assistant shared by Danish municipalities.",
    )
    errors.install(app)

    @app.middleware("http")
    async def limit_body(request: Request, call_next):  # type: ignore[no-untyped-def]
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > MAX_BODY_BYTES:
            return JSONResponse(
                {
                    "error": {
                        "code": "body_too_large",
                        "message": "Forespørgslen er for stor. / Request too large.",
                    }
                },
                status_code=413,
            )
        return await call_next(request)

    app.include_router(meta.router)
    app.include_router(chat.router)
    app.include_router(deep_links.router)
    app.include_router(widget.router)
    app.include_router(handoff.router)
    app.include_router(agent.router)
    # the widget runs on the municipalities' own sites: the public chat API is open to any
    # origin, without cookies or credentials
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_credentials=False,
        allow_methods=["GET", "POST"],
        allow_headers=["content-type"],
    )
    return app


def create_app_from_env() -> FastAPI:
    """Factory for `uvicorn --factory` (several workers each build their own app)."""
    return create_app(Settings())
