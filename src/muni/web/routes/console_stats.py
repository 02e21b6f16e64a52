"""Statistics in the console: the dashboard of one municipality (municipal staff: their own;
central staff: one or all), the comparison between municipalities (central staff), every
chart's data as CSV, and the vendored chart library and the page's script."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from muni.analytics import dashboard, filters
from muni.analytics.calendar import local_day
from muni.analytics.charts import CHANNEL_NAMES, CHARTS, format_value
from muni.analytics.filters import FilterError, StatsFilter
from muni.staff.roles import Permission, StaffMember
from muni.store.tenants import TenantRepository
from muni.web.console_pages import render
from muni.web.deps import RuntimeDep
from muni.web.errors import ApiError
from muni.web.staff_auth import chosen_tenant, csrf_protect, require

console = APIRouter(
    prefix="/console", include_in_schema=False, dependencies=[Depends(csrf_protect)]
)
assets = APIRouter(include_in_schema=False)
router = APIRouter()
StatsReader = Annotated[StaffMember, require(Permission.STATS)]
CentralReader = Annotated[StaffMember, require(Permission.STATS_ALL)]
From = Annotated[str | None, Query(alias="from", max_length=20)]
To = Annotated[str | None, Query(alias="to", max_length=20)]
Slug = Annotated[str | None, Query(max_length=64)]
Channel = Annotated[str | None, Query(max_length=20)]
COMPARE_CHARTS = ("compare", "compare_rates")
STATIC = Path(__file__).parents[1] / "static"
VENDOR = STATIC / "vendor"


def _filter(runtime, member: StaffMember, first, last, slug, channel, everyone: bool = False):  # type: ignore[no-untyped-def]
    """The filter asked for, or FilterError; the tenant is checked like every console page."""
    tenant = None if everyone else chosen_tenant(runtime, member, slug, Permission.STATS)
    start, end = filters.period(first, last, local_day(datetime.now(UTC)))
    ids = None if tenant is None else (tenant.id,)
    return tenant, StatsFilter(start, end, ids, filters.channel(channel))


def _form(request: Request, runtime, member: StaffMember) -> dict[str, object]:  # type: ignore[no-untyped-def]
    params = request.query_params
    tenants = []
    if member.central:
        with runtime.db.read() as session:
            tenants = TenantRepository(session).all()
    return {
        "tenants": tenants,
        "channels": CHANNEL_NAMES,
        "chosen": {k: params.get(k, "") for k in ("from", "to", "tenant", "channel")},
        "query": str(request.query_params),
        "fmt": format_value,
    }


def _label(runtime):  # type: ignore[no-untyped-def]
    return lambda topic, sub: runtime.book.label(topic, "da", sub)


@console.get("/stats", response_class=HTMLResponse)
def stats_page(
    request: Request,
    runtime: RuntimeDep,
    member: StatsReader,
    first: From = None,
    last: To = None,
    tenant: Slug = None,
    channel: Channel = None,
) -> HTMLResponse:
    form = _form(request, runtime, member)
    try:
        chosen, f = _filter(runtime, member, first, last, tenant, channel)
    except FilterError as error:
        return render(request, "console_stats.html", member, 400, error=str(error), **form)
    view = dashboard.overview(runtime.db, f, _label(runtime))
    return render(
        request,
        "console_stats.html",
        member,
        tenant=chosen,
        filter=f,
        view=view,
        **form,
    )


@console.get("/stats/compare", response_class=HTMLResponse)
def stats_compare(
    request: Request,
    runtime: RuntimeDep,
    member: CentralReader,
    first: From = None,
    last: To = None,
    channel: Channel = None,
) -> HTMLResponse:
    form = _form(request, runtime, member)
    try:
        _, f = _filter(runtime, member, first, last, None, channel, everyone=True)
    except FilterError as error:
        return render(request, "console_stats_compare.html", member, 400, error=str(error), **form)
    return render(
        request,
        "console_stats_compare.html",
        member,
        filter=f,
        charts=dashboard.comparison(runtime.db, f),
        **form,
    )


@console.get("/stats.csv")
def stats_csv(
    runtime: RuntimeDep,
    member: StatsReader,
    chart: Annotated[str, Query(max_length=40)] = "",
    first: From = None,
    last: To = None,
    tenant: Slug = None,
    channel: Channel = None,
) -> Response:
    """One chart's numbers, with the same filters as the page."""
    compare = chart in COMPARE_CHARTS
    if compare and not member.may(Permission.STATS_ALL):
        raise ApiError(403, "forbidden", "Kun for centrale roller. / Central roles only.")
    try:
        chosen, f = _filter(runtime, member, first, last, tenant, channel, everyone=compare)
    except FilterError as error:
        raise ApiError(400, "bad_filter", str(error)) from None
    if compare:
        picked = next(c for c in dashboard.comparison(runtime.db, f) if c.key == chart)
    else:
        picked = dashboard.one_chart(runtime.db, f, chart, _label(runtime))
    if picked is None:
        keys = ", ".join((*CHARTS, *COMPARE_CHARTS))
        raise ApiError(404, "unknown_chart", f"Ukendt diagram. Vælg et af: {keys}")
    who = chosen.slug if chosen is not None else "alle"
    name = f"muni-{chart}-{who}-{f.first}-{f.last}.csv"
    return Response(
        "\ufeff" + dashboard.chart_csv(picked),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@assets.get("/static/vendor/{name}")
def vendor_file(name: str) -> FileResponse:
    """A vendored browser library (see web-assets/vendor.sh)."""
    path = VENDOR / name
    if "/" in name or name.startswith(".") or not path.is_file():
        raise ApiError(404, "not_found", "Filen findes ikke. / No such file.")
    media = "application/javascript" if name.endswith(".js") else "text/plain; charset=utf-8"
    return FileResponse(path, media_type=media, headers={"Cache-Control": "public, max-age=86400"})


@assets.get("/static/console_stats.js")
def stats_script() -> FileResponse:
    return FileResponse(
        STATIC / "console_stats.js",
        media_type="application/javascript",
        headers={"Cache-Control": "public, max-age=300"},
    )


router.include_router(console)
router.include_router(assets)
