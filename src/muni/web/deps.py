"""FastAPI dependencies as Annotated aliases: the runtime, a DB session, the tenant."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Request
from sqlalchemy.orm import Session

from muni.domain import Tenant
from muni.runtime import Runtime
from muni.store.tenants import TenantRepository
from muni.web.errors import ApiError


def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def get_session(runtime: RuntimeDep) -> Iterator[Session]:
    with runtime.db.session() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def get_tenant(
    session: SessionDep, tenant: Annotated[str, Path(max_length=64, description="Tenant slug")]
) -> Tenant:
    found = TenantRepository(session).by_slug(tenant)
    if found is None:
        raise ApiError(
            404,
            "unknown_tenant",
            f"Kommunen '{tenant[:64]}' findes ikke her. / Unknown municipality.",
        )
    return found


TenantDep = Annotated[Tenant, Depends(get_tenant)]
