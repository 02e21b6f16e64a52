"""Rendering a console page: the templates, the navigation a role sees, the CSRF token.

Every console page extends `console_base.html`, which shows the menu of what the logged-in
role may open, the municipality being worked on, and carries the CSRF token for forms
(`{{ csrf_field() }}`) and scripts (`<meta name="csrf-token">`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from muni.staff.roles import ROLE_NAMES, Permission, StaffMember, has

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))

# (path, label, permission that shows it); the home page is shown to everyone
NAVIGATION: tuple[tuple[str, str, Permission | None], ...] = (
    ("/console", "Overblik", None),
    ("/console/stats", "Statistik", Permission.STATS),
    ("/console/content", "Indhold", Permission.LOCAL_CONTENT),
    ("/console/inbox", "Indbakke", Permission.INBOX),
    ("/agent", "Chat med borgere", Permission.LIVE_CHAT),
    ("/console/privacy", "Borgernes rettigheder", Permission.CITIZEN_RIGHTS),
    ("/console/corpus", "Træningskorpus", Permission.CORPUS),
    ("/console/staff", "Medarbejdere", Permission.STAFF),
    ("/console/audit", "Revisionslog", Permission.AUDIT),
)


def navigation(member: StaffMember) -> list[tuple[str, str]]:
    return [
        (path, label)
        for path, label, permission in NAVIGATION
        if permission is None or has(member.role, permission)
    ]


def render(
    request: Request,
    template: str,
    member: StaffMember,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    csrf = getattr(request.state, "csrf", "")
    return templates.TemplateResponse(
        request,
        template,
        {
            "member": member,
            "role_name": ROLE_NAMES[member.role],
            "nav": navigation(member),
            "current": request.url.path,
            "csrf": csrf,
            "csrf_field": lambda: Markup(f'<input type="hidden" name="csrf_token" value="{csrf}">'),
            **context,
        },
        status_code=status_code,
    )
