"""The console's front page and who-am-I: what the logged-in role can open."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from muni.web.console_pages import navigation, render
from muni.web.staff_auth import StaffDep, csrf_protect

router = APIRouter(prefix="/console", include_in_schema=False, dependencies=[Depends(csrf_protect)])

DESCRIPTIONS = {
    "/console/stats": "Samtaler, bedømmelser og emner fordelt på år, måned, ugedag og time.",
    "/console/content": "Svar, lokale tilpasninger, variabler og formuleringer; "
    "udgiv med kvalitetstjek.",
    "/console/inbox": "Spørgsmål chatbotten ikke kunne svare godt på, samlet i grupper.",
    "/agent": "Samtaler der venter på en medarbejder, og borgere der vil ringes op.",
    "/console/privacy": "Udlevering og sletning af en borgers samtale; hvor længe samtaler gemmes.",
    "/console/corpus": "Anonymiserede samtaler, som borgerne har sagt ja til, til sprogmodeller.",
    "/console/staff": "Medarbejdernes adgang og roller.",
    "/console/audit": "Hvem har gjort hvad, og hvem har læst hvilke samtaler.",
}


@router.get("", response_class=HTMLResponse)
def home(request: Request, member: StaffDep) -> HTMLResponse:
    """Every role may open the front page; it lists what the role can use."""
    links = [
        (path, label, DESCRIPTIONS.get(path, ""))
        for path, label in navigation(member)
        if path != "/console"
    ]
    return render(request, "console_home.html", member, links=links)


@router.get("/api/me")
def me(request: Request, member: StaffDep) -> dict[str, object]:
    """Who is logged in, and the CSRF token for scripts (same-origin only: no CORS here)."""
    return {
        "username": member.username,
        "display_name": member.display_name,
        "role": member.role.value,
        "tenant": member.tenant.slug if member.tenant else None,
        "csrf_token": request.state.csrf,
    }
