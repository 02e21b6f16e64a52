"""CORS for the citizen API: a browser may call a tenant's API from the tenant's own web
domains (and their subdomains, over HTTPS), from origins listed in the tenant's
`website.widget_origins`, and from this server itself; nothing else. The agent console and
every other route send no CORS headers at all, so other sites cannot read them.

A state-changing request (POST) that a browser sends from a foreign origin is refused with
403 before it reaches a route: without that, a page elsewhere could still create
conversations or handoffs from its visitors' browsers, even though it could not read the
answers. Requests without an Origin header (curl, servers) are not browser requests and
pass.

An allowed origin may read the Retry-After of a refusal (429, 503): the widget waits that long
and sends a vote or rating once more by itself."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from muni.domain import Tenant
from muni.store.tenant_cache import TenantCache
from muni.web.edge.responses import send_error

TENANT_API = re.compile(r"^/api/tenants/([^/]{1,64})/")
SAFE_METHODS = ("GET", "HEAD")
REFUSED = (
    "Denne hjemmeside må ikke bruge kommunens chat. / This website may not use the "
    "municipality's chat."
)


def origin_allowed(origin: str, tenant: Tenant, own: set[str]) -> bool:
    """Whether a browser page on `origin` may call this tenant's citizen API."""
    if origin in own:
        return True
    parts = urlsplit(origin)
    host = (parts.hostname or "").lower()
    if not host or parts.path not in ("", "/"):
        return False
    extra = {o.rstrip("/").lower() for o in tenant.website.get("widget_origins") or ()}
    if origin.lower() in extra:
        return True
    if parts.scheme != "https":
        return False
    domains = {d.lower().removeprefix("www.") for d in tenant.domains}
    return any(host == d or host.endswith("." + d) for d in domains)


def own_origins(scope: Scope, public_url: str | None) -> set[str]:
    headers = dict(scope["headers"])
    host = headers.get(b"host", b"").decode("latin-1")
    found = {f"{scope.get('scheme', 'http')}://{host}"} if host else set()
    if public_url:
        parts = urlsplit(public_url)
        found.add(f"{parts.scheme}://{parts.netloc}")
    return found


class TenantCors:
    def __init__(
        self,
        app: ASGIApp,
        tenants: Callable[[], TenantCache],
        public_url: str | None = None,
    ) -> None:
        self.app = app
        self.tenants = tenants
        self.public_url = public_url

    async def _tenant(self, slug: str) -> Tenant | None:
        # kept for a moment (a tenant's new widget_origins apply within CACHE_SECONDS); when
        # not kept, read in a thread, off the event loop
        return await self.tenants().lookup(slug)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        origin = dict(scope["headers"]).get(b"origin", b"").decode("latin-1").rstrip("/")
        match = TENANT_API.match(scope["path"])
        if not origin or match is None:
            await self.app(scope, receive, send)
            return
        tenant = await self._tenant(match.group(1))
        own = own_origins(scope, self.public_url)
        allowed = origin in own or (tenant is not None and origin_allowed(origin, tenant, own))
        method = scope["method"]
        if method == "OPTIONS":
            if not allowed:
                await send_error(send, 403, "origin_not_allowed", REFUSED)
                return
            await self._preflight(send, origin)
            return
        if not allowed:
            if method not in SAFE_METHODS:
                await send_error(send, 403, "origin_not_allowed", REFUSED)
                return
            await self.app(scope, receive, send)  # answered, but the browser cannot read it
            return

        async def with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["access-control-allow-origin"] = origin
                headers["access-control-expose-headers"] = "Retry-After"
                headers.append("vary", "Origin")
            await send(message)

        await self.app(scope, receive, with_cors)

    @staticmethod
    async def _preflight(send: Send, origin: str) -> None:
        headers = [
            (b"access-control-allow-origin", origin.encode("latin-1")),
            (b"access-control-allow-methods", b"GET, POST"),
            (b"access-control-allow-headers", b"content-type"),
            (b"access-control-max-age", b"600"),
            (b"vary", b"Origin"),
            (b"content-length", b"0"),
        ]
        await send({"type": "http.response.start", "status": 204, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
