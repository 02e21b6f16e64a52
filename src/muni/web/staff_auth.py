"""Who is logged in to the console and the agent pages, and what they may do there.

`StaffDep` is the logged-in member of staff (401 without a live session: pages redirect to the
login page). `require(permission)` is the route dependency that refuses (403) a role without
that permission; every console route has exactly one, which the authorisation tests read.
`csrf_protect` refuses a state-changing request without this site's Origin and the session's
CSRF token. `chosen_tenant` resolves the municipality a page works on: municipal staff always
their own (another one: 403); central staff the one they pick, or all.
"""

from __future__ import annotations

from datetime import UTC
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Cookie, Depends, Request

from muni.channels.signing import signing_key
from muni.domain import Tenant
from muni.staff.login import COOKIE, csrf_matches, csrf_token
from muni.staff.roles import Permission, StaffMember, has
from muni.store.staff import member_of
from muni.store.staff_sessions import StaffSessions
from muni.store.tenants import TenantRepository, to_tenant
from muni.web.deps import RuntimeDep
from muni.web.errors import ApiError

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SessionCookie = Annotated[str | None, Cookie(alias=COOKIE)]


def _origin(url: str) -> tuple[str, str, int] | None:
    """scheme, host and port of a URL, with the default port filled in; None if not http(s)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port or (443 if scheme == "https" else 80)


async def same_origin(request: Request) -> None:
    """Refuse a state-changing request that a page of another site could have sent (CSRF).

    The browser's Origin header (or, without one, the Referer's origin) must be this server's
    own origin: the address the request was sent to, or MUNI_PUBLIC_URL. Neither header: refused
    too. A cross-site page cannot choose either header, nor the Host the browser sends."""
    if request.method not in UNSAFE_METHODS:
        return
    if "origin" in request.headers:
        claimed = _origin(request.headers["origin"])
    else:
        claimed = _origin(request.headers.get("referer", ""))
    own = {_origin(str(request.base_url))}
    public_url = request.app.state.runtime.settings.public_url
    if public_url:
        own.add(_origin(public_url))
    if claimed is None or claimed not in own:
        raise ApiError(
            403,
            "bad_origin",
            "Forespørgslen kom ikke fra muni's egen side. / The request did not come from "
            "this site (Origin check).",
        )


def current_staff(
    request: Request, runtime: RuntimeDep, token: SessionCookie = None
) -> StaffMember:
    """The member of staff of a live session (not expired, not logged out, account active
    and unchanged), or 401. Puts the session's CSRF token on `request.state.csrf`."""
    now = runtime.clock().astimezone(UTC)
    with runtime.db.read() as session:
        found = StaffSessions(session).find(token or "", now)
    if found is None:
        raise ApiError(401, "login_required", "Log ind som medarbejder. / Please log in.")
    row, tenant = found
    request.state.csrf = csrf_token(signing_key(runtime.settings), token or "")
    return member_of(row, to_tenant(tenant) if tenant is not None else None)


StaffDep = Annotated[StaffMember, Depends(current_staff)]


async def csrf_protect(request: Request, runtime: RuntimeDep, token: SessionCookie = None) -> None:
    """On POST/PUT/PATCH/DELETE: this site's Origin, and the session's CSRF token in the
    X-CSRF-Token header or the form field `csrf_token`."""
    if request.method not in UNSAFE_METHODS:
        return
    await same_origin(request)
    presented = request.headers.get(CSRF_HEADER, "")
    if not presented and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        presented = str((await request.form()).get(CSRF_FIELD, ""))
    if not csrf_matches(signing_key(runtime.settings), token or "", presented):
        raise ApiError(
            403,
            "bad_csrf_token",
            "Siden er for gammel, eller formularen kom ikke fra muni. Genindlæs siden, og prøv "
            "igen. / Missing or wrong CSRF token.",
        )


def require(permission: Permission):  # type: ignore[no-untyped-def]
    """A route dependency: the logged-in member's role has `permission` (else 403)."""

    def check(member: StaffDep) -> StaffMember:
        if not has(member.role, permission):
            raise ApiError(
                403,
                "forbidden",
                "Din rolle giver ikke adgang til det her. / Your role does not allow this.",
            )
        return member

    check.permission = permission  # type: ignore[attr-defined]  (read by the tests)
    return Depends(check)


def chosen_tenant(
    runtime: RuntimeDep, member: StaffMember, slug: str | None, permission: Permission
) -> Tenant | None:
    """The municipality a console page works on. Municipal staff: their own (asking for
    another is refused, 403). Central staff: the one named by `slug`, or None for all
    (404 for an unknown slug)."""
    if not member.central:
        assert member.tenant is not None
        if slug and slug != member.tenant.slug:
            raise ApiError(
                403, "other_tenant", "Du har kun adgang til din egen kommune. / Own tenant only."
            )
        return member.tenant
    if not slug:
        return None
    with runtime.db.read() as session:
        found = TenantRepository(session).by_slug(slug)
    if found is None or not member.may(permission, found):
        raise ApiError(404, "unknown_tenant", "Kommunen findes ikke her. / Unknown tenant.")
    return found
