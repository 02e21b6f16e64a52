"""The content console's topics: the list of topics (`/console/content`), one topic's page
with its shared answer, local override and phrasings, the edits of each, and the live preview
of an answer as a municipality's citizens would see it.

Central editors edit the shared answers; a municipality's superuser edits only their own
municipality's overrides (another municipality's: 403). Every edit is a draft until a publish
passes the gate (console_publishing.py, muni.content.editing)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from muni.content.editing import drafts
from muni.content.editing.model import STATUS_NAMES
from muni.content.editing.review import review
from muni.staff.roles import Permission, StaffMember
from muni.store import audit
from muni.store.content_changes import ContentChanges, change_of
from muni.web.console_pages import render
from muni.web.content_change_names import KIND_NAMES
from muni.web.content_scope import member_scope, not_found, preview_tenant, visible_tenants
from muni.web.deps import RuntimeDep
from muni.web.errors import ApiError
from muni.web.staff_auth import chosen_tenant, csrf_protect, require

router = APIRouter(prefix="/console", include_in_schema=False, dependencies=[Depends(csrf_protect)])
Reader = Annotated[StaffMember, require(Permission.LOCAL_CONTENT)]
SharedEditor = Annotated[StaffMember, require(Permission.SHARED_CONTENT)]
PhrasingEditor = Annotated[StaffMember, require(Permission.PHRASINGS)]


# -- topic list ---------------------------------------------------------------------------
@router.get("/content", response_class=HTMLResponse)
def content_home(
    request: Request, runtime: RuntimeDep, member: Reader, tenant: str = ""
) -> HTMLResponse:
    scope = chosen_tenant(runtime, member, tenant or None, Permission.LOCAL_CONTENT)
    with runtime.db.session() as session:
        live = drafts.live_content(session)
        found = review(session, live, scope, date.today())
        open_drafts = ContentChanges(session, member_scope(member)).drafts()
    per_topic = found.per_topic()
    draft_topics: dict[str, int] = {}
    for row in open_drafts:
        if row.topic:
            draft_topics[row.topic] = draft_topics.get(row.topic, 0) + 1
    overrides = live.overrides.get(scope.id, {}) if scope else {}
    rows = [
        {
            "slug": info.slug,
            "title": live.pack.topics[info.slug].label_in("da"),
            "area": live.pack.areas.get(info.area, info.area),
            "subs": len(live.pack.topics[info.slug].sub_answers),
            "local": sum(1 for k in overrides if k.partition("/")[0] == info.slug),
            "review": per_topic.get(info.slug, 0),
            "drafts": draft_topics.get(info.slug, 0),
        }
        for info in live.pack.taxonomy
        if info.slug in live.pack.topics
    ]
    return render(
        request,
        "console_content.html",
        member,
        rows=rows,
        scope=scope,
        tenants=visible_tenants(runtime, member) if member.central else [],
        review_count=found.count,
        draft_count=len(open_drafts),
    )


# -- one topic: shared answer, local override, phrasings, preview ---------------------------
def _topic_page(
    request: Request,
    runtime,  # type: ignore[no-untyped-def]
    member: StaffMember,
    slug: str,
    tenant_slug: str,
    message: str = "",
    error: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    tenant = preview_tenant(runtime, member, tenant_slug)
    with runtime.db.session() as session:
        live = drafts.live_content(session)
        if slug not in live.pack.topics:
            raise not_found("Emnet")
        state = drafts.with_drafts(session, live, member_scope(member))
        history = ContentChanges(session, member_scope(member)).history(limit=20, topic=slug)
        history_rows = [change_of(r) for r in history]
    topic = state.pack.topics[slug]
    local = state.overrides.get(tenant.id, {})
    answers = [
        {
            "sub": "",
            "label": topic.label_in("da"),
            "shared": topic.answer.text,
            "live_shared": live.pack.topics[slug].answer.text,
            "local": (local.get(slug) or {}).get("answer", {}),
            "phrasings": list(topic.phrasings),
            "preview": drafts.preview(state, tenant, slug, "", "da").text,
        }
    ]
    live_topic = live.pack.topics[slug]
    for sub in topic.sub_answers:
        live_sub = live_topic.sub(sub.id)
        answers.append(
            {
                "sub": sub.id,
                "label": sub.label_in("da"),
                "label_en": sub.label.get("en", ""),
                "shared": sub.answer.text,
                "live_shared": live_sub.answer.text if live_sub else {},
                "local": (local.get(f"{slug}/{sub.id}") or {}).get("answer", {}),
                "phrasings": list(sub.phrasings),
                "preview": drafts.preview(state, tenant, slug, sub.id, "da").text,
            }
        )
    return render(
        request,
        "console_content_topic.html",
        member,
        status_code=status_code,
        topic=topic,
        slug=slug,
        answers=answers,
        tenant=tenant,
        tenants=visible_tenants(runtime, member),
        may_shared=member.may(Permission.SHARED_CONTENT),
        may_local=member.may(Permission.LOCAL_CONTENT, tenant),
        may_phrasings=member.may(Permission.PHRASINGS),
        history=history_rows,
        kind_names=KIND_NAMES,
        status_names=STATUS_NAMES,
        message=message,
        error=error,
    )


@router.get("/content/topics/{slug}", response_class=HTMLResponse)
def topic_page(
    request: Request, runtime: RuntimeDep, member: Reader, slug: str, tenant: str = ""
) -> HTMLResponse:
    return _topic_page(request, runtime, member, slug, tenant)


def _texts(da: str, en: str) -> dict[str, str]:
    return {"da": da, "en": en}


def _save_draft(  # type: ignore[no-untyped-def]
    request: Request,
    runtime,
    member: StaffMember,
    slug: str,
    sub: str,
    tenant: str,
    kind: str,
    edit: Callable[[Any, Any], Any],
    saved: str,
    tenant_id: int | None = None,
) -> HTMLResponse:
    """Save one edit as a draft (`edit(session, live content)` returns its change row), audit
    it, and show the topic page again: with `saved`, or with the draft's error (422)."""
    with runtime.db.session() as session:
        live = drafts.live_content(session)
        try:
            row = edit(session, live)
        except drafts.DraftError as exc:
            session.rollback()
            return _topic_page(
                request, runtime, member, slug, tenant, error=str(exc), status_code=422
            )
        audit.record(
            session,
            member,
            "content.edit",
            f"{slug}/{sub}" if sub else slug,
            tenant_id=tenant_id,
            details={"kind": kind, "change": row.id},
        )
    return _topic_page(request, runtime, member, slug, tenant, message=saved)


@router.post("/content/topics/{slug}/shared", response_class=HTMLResponse)
def edit_shared(
    request: Request,
    runtime: RuntimeDep,
    member: SharedEditor,
    slug: str,
    sub: Annotated[str, Form(max_length=64)] = "",
    answer_da: Annotated[str, Form(max_length=5000)] = "",
    answer_en: Annotated[str, Form(max_length=5000)] = "",
    label_da: Annotated[str, Form(max_length=200)] = "",
    label_en: Annotated[str, Form(max_length=200)] = "",
    tenant: Annotated[str, Form(max_length=64)] = "",
) -> HTMLResponse:
    labels = _texts(label_da, label_en) if sub and label_da.strip() else None
    answers = _texts(answer_da, answer_en)
    return _save_draft(
        request,
        runtime,
        member,
        slug,
        sub,
        tenant,
        "topic",
        lambda session, live: drafts.edit_shared(session, live, member, slug, sub, answers, labels),
        "Gemt som kladde. Udgiv for at gøre det synligt for borgerne.",
    )


@router.post("/content/topics/{slug}/override", response_class=HTMLResponse)
def edit_override(
    request: Request,
    runtime: RuntimeDep,
    member: Reader,
    slug: str,
    tenant: Annotated[str, Form(max_length=64)] = "",
    sub: Annotated[str, Form(max_length=64)] = "",
    answer_da: Annotated[str, Form(max_length=5000)] = "",
    answer_en: Annotated[str, Form(max_length=5000)] = "",
) -> HTMLResponse:
    scope = preview_tenant(runtime, member, tenant)
    answers = _texts(answer_da, answer_en)
    return _save_draft(
        request,
        runtime,
        member,
        slug,
        sub,
        scope.slug,
        "override",
        lambda session, live: drafts.edit_override(
            session, live, member, scope, slug, sub, answers
        ),
        f"Det lokale svar for {scope.name} er gemt som kladde.",
        tenant_id=scope.id,
    )


@router.post("/content/topics/{slug}/phrasings", response_class=HTMLResponse)
async def edit_phrasings(
    request: Request,
    runtime: RuntimeDep,
    member: PhrasingEditor,
    slug: str,
) -> HTMLResponse:
    form = await request.form()
    sub = str(form.get("sub", ""))[:64]
    tenant = str(form.get("tenant", ""))[:64]
    add = [line for line in str(form.get("add", ""))[:20000].splitlines() if line.strip()]
    remove = [str(v)[:500] for v in form.getlist("remove")][:500]
    return _save_draft(
        request,
        runtime,
        member,
        slug,
        sub,
        tenant,
        "phrasings",
        lambda session, live: drafts.edit_phrasings(session, live, member, slug, sub, add, remove),
        "Formuleringerne er gemt som kladde.",
    )


class PreviewRequest(BaseModel):
    topic: str = Field(max_length=64)
    sub: str = Field(default="", max_length=64)
    tenant: str = Field(default="", max_length=64)
    language: str = Field(default="da", pattern="^(da|en)$")
    kind: str = Field(default="", pattern="^(|shared|override)$")
    text: str | None = Field(default=None, max_length=5000)


@router.post("/content/preview")
def preview(runtime: RuntimeDep, member: Reader, body: PreviewRequest) -> dict[str, Any]:
    """The answer as a municipality's citizens would see it with the drafts (and the text
    being typed) applied."""
    tenant = preview_tenant(runtime, member, body.tenant)
    if body.kind == "override" and not member.may(Permission.LOCAL_CONTENT, tenant):
        raise ApiError(403, "forbidden", "Ikke din kommune. / Not your tenant.")
    with runtime.db.session() as session:
        live = drafts.live_content(session)
        state = drafts.with_drafts(session, live, member_scope(member))
    try:
        shown = drafts.preview(
            state,
            tenant,
            body.topic,
            body.sub,
            body.language,  # type: ignore[arg-type]
            body.kind,
            body.text,
        )
    except drafts.DraftError as exc:
        raise ApiError(404, "not_found", str(exc)) from exc
    return {"tenant": shown.tenant, "text": shown.text, "overridden": shown.overridden}
