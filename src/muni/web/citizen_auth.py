"""The logged-in citizen of a request (MitID through the tenant's OIDC login broker).

Placeholder until citizen login lands: nobody is logged in."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from muni.connectors.values import Citizen
from muni.web.deps import RuntimeDep, TenantDep


def current_citizen(request: Request, tenant: TenantDep, runtime: RuntimeDep) -> Citizen | None:
    """The citizen logged in to this tenant in this browser, or None."""
    return None


CitizenDep = Annotated[Citizen | None, Depends(current_citizen)]
