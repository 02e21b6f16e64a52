"""The inbox in the console: questions muni did not answer well, grouped by meaning. A
superuser sees their municipality's; central staff pick one municipality or all, and see the
groups that recur across municipalities. Add questions as phrasings (a draft published under
/console/content), dismiss them, or (central editors) draft a new shared sub-answer."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from muni.domain import Tenant
from muni.inbox import actions
from muni.inbox.reasons import REASON_NAMES
from muni.inbox.view import inbox_view, targets
from muni.staff.roles import Permission, StaffMember
from muni.store.tenants import TenantRepository
from muni.web.console_pages import render
from muni.web.deps import RuntimeDep
from muni.web.errors import ApiError
from muni.web.staff_auth import chosen_tenant, csrf_protect, require

router = APIRouter(prefix="/console", include_in_schema=False, dependencies=[Depends(csrf_protect)])
Inbox = Annotated[StaffMember, require(Permission.INBOX)]
InboxAll = Annotated[StaffMember, require(Permission.INBOX_ALL)]
SharedEditor = Annotated[StaffMember, require(Permission.SHARED_CONTENT)]
Ids = Annotated[list[int], Form()]
PER_PAGE = 25
DONE = {
    "added": "Spørgsmålene er gemt som kladde til formuleringer. Udgiv kladden under Indhold.",
    "known": "Spørgsmålene er allerede formuleringer af det svar; de er markeret som behandlet.",
    "dismissed": "Spørgsmålene er afvist og fjernet fra indbakken.",
    "sub_answer": "Det nye delsvar og dets formuleringer er gemt som kladder. Udgiv dem under "
    "Indhold.",
    "handled": "Spørgsmålene var allerede behandlet.",
}


def _page_of(clusters: list, page: int) -> tuple[list, int, int]:  # type: ignore[type-arg]
    pages = max(1, -(-len(clusters) // PER_PAGE))
    page = min(max(page, 1), pages)
    return clusters[(page - 1) * PER_PAGE : page * PER_PAGE], page, pages


def _show(
    request: Request,
    runtime,  # type: ignore[no-untyped-def]
    member: StaffMember,
    scope: Tenant | None,
    across: bool,
    page: int,
    done: str,
    search: str = "",
) -> HTMLResponse:
    view = inbox_view(runtime, scope, across=across)
    clusters = view.clusters
    if search.strip():
        needle = search.strip().lower()
        clusters = [c for c in clusters if any(needle in q.text.lower() for q in c.questions)]
    shown, page, pages = _page_of(clusters, page)
    with runtime.db.read() as session:
        tenants = TenantRepository(session).all()
    pack = runtime.pack
    choices = targets(pack)
    return render(
        request,
        "console_inbox_across.html" if across else "console_inbox.html",
        member,
        view=view,
        clusters=shown,
        page=page,
        pages=pages,
        found=len(clusters),
        search=search.strip(),
        tenant=scope,
        tenants=tenants if member.central else [],
        names={t.id: t.name for t in tenants},
        reason_names=REASON_NAMES,
        topics=[(slug, found[0].label) for slug, found in choices.items()],
        targets=choices,
        sub_answers_json={
            slug: [[t.sub_answer, t.label] for t in found[1:]] for slug, found in choices.items()
        },
        done=DONE.get(done, ""),
        may_across=member.may(Permission.INBOX_ALL),
        may_create=member.may(Permission.SHARED_CONTENT),
    )


@router.get("/inbox", response_class=HTMLResponse)
def inbox_page(
    request: Request,
    runtime: RuntimeDep,
    member: Inbox,
    tenant: str = "",
    page: int = 1,
    done: str = "",
    q: str = "",
) -> HTMLResponse:
    """The groups of open questions: the member's municipality, or (central) one or all;
    `q`: only groups with a question containing these words."""
    scope = chosen_tenant(runtime, member, tenant or None, Permission.INBOX)
    return _show(request, runtime, member, scope, False, page, done, q[:200])


@router.get("/inbox/across", response_class=HTMLResponse)
def inbox_across(
    request: Request,
    runtime: RuntimeDep,
    member: InboxAll,
    page: int = 1,
    done: str = "",
    q: str = "",
) -> HTMLResponse:
    """Groups that recur in two municipalities or more, the most municipalities first."""
    return _show(request, runtime, member, None, True, page, done, q[:200])


def _back(runtime, member: StaffMember, back: str, done: str) -> RedirectResponse:  # type: ignore[no-untyped-def]
    """Back to the page the form was on ("across", or a municipality's slug)."""
    if back == "across":
        if member.may(Permission.INBOX_ALL):
            return RedirectResponse("/console/inbox/across?" + urlencode({"done": done}), 303)
        back = ""
    scope = chosen_tenant(runtime, member, back or None, Permission.INBOX)
    query = {"done": done}
    if member.central and scope is not None:
        query["tenant"] = scope.slug
    return RedirectResponse("/console/inbox?" + urlencode(query), 303)


def _chosen(question: list[int], only: int | None) -> list[int]:
    """The questions ticked in the group's form, or the one whose own button was pressed."""
    return [only] if only is not None else question


def _run(call):  # type: ignore[no-untyped-def]
    try:
        return call()
    except actions.InboxError as error:
        raise ApiError(error.status, error.code, error.message) from error


@router.post("/inbox/add")
def add_as_phrasings(
    runtime: RuntimeDep,
    member: Inbox,
    topic: Annotated[str, Form(max_length=64)],
    sub_answer: Annotated[str, Form(max_length=64)] = "",
    question: Ids = [],  # noqa: B006  (FastAPI copies the default)
    only: Annotated[int | None, Form()] = None,
    back: Annotated[str, Form(max_length=64)] = "",
) -> RedirectResponse:
    """Add the questions as phrasings of a topic or sub-answer (a draft), mark them added."""
    ids = _chosen(question, only)
    outcome = _run(lambda: actions.add_as_phrasings(runtime, member, ids, topic, sub_answer))
    done = "added" if outcome.changes else ("known" if outcome.handled else "handled")
    return _back(runtime, member, back, done)


@router.post("/inbox/dismiss")
def dismiss(
    runtime: RuntimeDep,
    member: Inbox,
    question: Ids = [],  # noqa: B006
    only: Annotated[int | None, Form()] = None,
    back: Annotated[str, Form(max_length=64)] = "",
) -> RedirectResponse:
    """Not a question for muni: take the questions off the inbox."""
    outcome = _run(lambda: actions.dismiss(runtime, member, _chosen(question, only)))
    return _back(runtime, member, back, "dismissed" if outcome.handled else "handled")


@router.post("/inbox/sub-answer")
def new_sub_answer(
    runtime: RuntimeDep,
    member: SharedEditor,
    topic: Annotated[str, Form(max_length=64)],
    sub_id: Annotated[str, Form(max_length=64)],
    title_da: Annotated[str, Form(max_length=200)],
    title_en: Annotated[str, Form(max_length=200)],
    answer_da: Annotated[str, Form(max_length=4000)],
    answer_en: Annotated[str, Form(max_length=4000)],
    question: Ids = [],  # noqa: B006
) -> RedirectResponse:
    """Drafts for a new shared sub-answer made from a group of questions, and its phrasings."""
    new = actions.NewSubAnswer(
        topic, sub_id.strip(), title_da.strip(), title_en.strip(), answer_da.strip(),
        answer_en.strip(),
    )  # fmt: skip
    _run(lambda: actions.new_shared_sub_answer(runtime, member, question, new))
    return _back(runtime, member, "across", "sub_answer")
