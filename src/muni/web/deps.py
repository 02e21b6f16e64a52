"""FastAPI dependencies as Annotated aliases: the runtime, a DB session, the tenant."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Request
from sqlalchemy.orm import Session

from muni.domain import Tenant
from muni.runtime import Runtime
from muni.web.errors import ApiError


# Cheap dependencies are `async def`: FastAPI runs a plain `def` dependency on a thread of
# its pool, and each such hand-over costs the worker CPU (a queue, a wake-up, a callback to
# the event loop), more than these functions do themselves.
async def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def get_session(runtime: RuntimeDep) -> Iterator[Session]:
    with runtime.db.session() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


async def get_tenant(
    runtime: RuntimeDep, tenant: Annotated[str, Path(max_length=64, description="Tenant slug")]
) -> Tenant:
    # kept for a moment (store/tenant_cache.py); when not kept, read on a thread, in a session
    # of its own closed at once: no connection stays checked out while answering
    found = await runtime.tenants.lookup(tenant)
    if found is None:
        raise ApiError(
            404,
            "unknown_tenant",
            f"Kommunen '{tenant[:64]}' findes ikke her. / Unknown municipality.",
        )
    return found


TenantDep = Annotated[Tenant, Depends(get_tenant)]


def client_ip(request: Request) -> str:
    """The caller's address; uvicorn puts the real one here when a trusted proxy forwarded
    the request (MUNI_FORWARDED_ALLOW_IPS)."""
    return request.client.host if request.client else "unknown"


def limited(action: str):  # type: ignore[no-untyped-def]
    """A route dependency: count `action` per client IP and per tenant (429 when over a
    limit; conversations/abuse_limits.py)."""

    def check(request: Request, runtime: RuntimeDep, tenant: TenantDep) -> None:
        runtime.abuse_limits.check_client(action, client_ip(request), tenant)

    return Depends(check)
