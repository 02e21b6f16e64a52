"""A small municipal website for one demo tenant: layout, cookie banner, robots.txt, sitemap,
ETag/Last-Modified with 304s. Pages are read from disk on every request."""

from __future__ import annotations

import hashlib
import html
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import yaml
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from muni.content.render import render
from muni.demo_site.pages import SitePage, all_pages, find_page, read_page

DEMO_SITE = Path(__file__).resolve().parents[3] / "demo_site"

LAYOUT = """<!doctype html>
<html lang="da"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - {kommune}</title>
<link rel="canonical" href="{canonical}">
</head><body>
<div class="cookie-banner" role="dialog" aria-label="Cookies">
<p>Vi bruger cookies til statistik. Du kan sige nej tak.</p>
<button>Accepter</button> <button>Kun nødvendige</button></div>
<header><a href="/" class="logo">{kommune}</a>
<nav aria-label="Hovedmenu"><ul>{nav}</ul></nav>
<form action="/soeg"><input name="q" aria-label="Søg"><button>Søg</button></form></header>
<nav aria-label="Brødkrumme" class="breadcrumb"><a href="/">Forside</a>{crumbs}</nav>
<main><h1>{title}</h1>
{body}
<p class="updated">Opdateret {updated}</p></main>
<footer><p>{kommune} · {adresse} · Telefon {telefon}</p>
<p><a href="/om-kommunen/kontakt">Kontakt</a> ·
<a href="/om-kommunen/whistleblowerordning">Whistleblowerordning</a> ·
<a href="/intern">For medarbejdere</a> · Demodata</p></footer>
</body></html>"""


def _http_date(day: str) -> str:
    try:
        moment = datetime.fromisoformat(day).replace(tzinfo=UTC)
    except ValueError:
        moment = datetime(2026, 1, 1, tzinfo=UTC)
    return format_datetime(moment, usegmt=True)


class DemoSite:
    def __init__(self, tenant: str, variables: dict[str, str], root: Path = DEMO_SITE) -> None:
        self.tenant = tenant
        self.variables = variables
        self.pages_dir = root / "pages"
        self.nav = (yaml.safe_load((root / "site.yaml").read_text(encoding="utf-8")) or {}).get(
            "nav", []
        )
        self.requests: list[tuple[str, str, int]] = []  # (method, path, status) for tests

    def render(self, page: SitePage, base: str) -> str:
        nav = "".join(
            f'<li><a href="{html.escape(i["url"])}">{html.escape(i["title"])}</a></li>'
            for i in self.nav
        )
        crumbs = "".join(f" / <span>{html.escape(c)}</span>" for c in page.breadcrumb)
        body = render(page.body, self.variables)
        return LAYOUT.format(
            title=html.escape(render(page.title, self.variables)),
            canonical=base + page.path,
            kommune=html.escape(self.variables.get("kommune_navn", "")),
            nav=nav,
            crumbs=crumbs,
            body=body,
            updated=page.updated,
            adresse=html.escape(self.variables.get("borgerservice_adresse", "")),
            telefon=html.escape(self.variables.get("kommune_telefon", "")),
        )

    async def page(self, request: Request) -> Response:
        path = request.url.path
        if path != "/" and path.endswith("/"):
            return RedirectResponse(path.rstrip("/"), status_code=301)
        file = find_page(self.pages_dir, path)
        page = read_page(self.pages_dir, file) if file else None
        if page is None or not page.served_for(self.tenant):
            return self._log(request, HTMLResponse("<h1>Siden findes ikke</h1>", 404))
        base = f"{request.url.scheme}://{request.url.netloc}"
        body = self.render(page, base)
        etag = '"' + hashlib.sha1(body.encode()).hexdigest()[:20] + '"'
        modified = _http_date(page.updated)
        headers = {"ETag": etag, "Last-Modified": modified, "Cache-Control": "no-cache"}
        if request.headers.get("if-none-match") == etag:
            return self._log(request, Response(status_code=304, headers=headers))
        since = request.headers.get("if-modified-since")
        if since and "if-none-match" not in request.headers:
            try:
                if parsedate_to_datetime(since) >= parsedate_to_datetime(modified):
                    return self._log(request, Response(status_code=304, headers=headers))
            except (TypeError, ValueError):
                pass
        return self._log(request, HTMLResponse(body, headers=headers))

    async def robots(self, request: Request) -> Response:
        base = f"{request.url.scheme}://{request.url.netloc}"
        text = (
            "User-agent: *\nDisallow: /intern/\nDisallow: /intern\nDisallow: /soeg\n\n"
            "User-agent: SlowBot\nCrawl-delay: 10\n\n"
            f"Sitemap: {base}/sitemap.xml\n"
        )
        return self._log(request, PlainTextResponse(text))

    async def sitemap(self, request: Request) -> Response:
        base = f"{request.url.scheme}://{request.url.netloc}"
        entries = [
            f"<url><loc>{html.escape(base + p.path)}</loc><lastmod>{p.updated}</lastmod></url>"
            for p in all_pages(self.pages_dir)
            if p.served_for(self.tenant) and not p.path.startswith("/intern")
        ]
        xml = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
            'schemas/sitemap/0.9">' + "".join(entries) + "</urlset>"
        )
        return self._log(request, Response(xml, media_type="application/xml"))

    def _log(self, request: Request, response: Response) -> Response:
        self.requests.append((request.method, request.url.path, response.status_code))
        return response

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/robots.txt", self.robots),
                Route("/sitemap.xml", self.sitemap),
                Route("/{path:path}", self.page),
            ]
        )
