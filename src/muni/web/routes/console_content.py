"""Content in the console: topics and their answers, local overrides and variables,
phrasings, a live preview per municipality, the list of changes with diff and rollback,
publishing through the quality gate, and the review list.

Central editors edit the shared answers; a municipality's superuser edits only their own
municipality's overrides and variables (another municipality's draft or publish: 404).
Every edit is a draft until a publish passes the gate (muni.content.editing)."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from pydantic import BaseModel, Field

from muni.content.editing import drafts
from muni.content.editing.apply import shared_hashes
from muni.content.editing.diff import diff
from muni.content.editing.gate import SCORE_NAMES
from muni.content.editing.model import KINDS, OPEN, STATUS_NAMES
from muni.content.editing.publish import enqueue_publish
from muni.content.editing.review import review
from muni.domain import Tenant
from muni.jobs.queue import JobQueue
from muni.staff.roles import Permission, StaffMember
from muni.store import audit
from muni.store.content_changes import ContentChanges, accept_override, change_of, finish_publish
from muni.store.tables import ContentChangeRow
from muni.web.console_pages import render
from muni.web.deps import RuntimeDep
from muni.web.errors import ApiError
from muni.web.staff_auth import chosen_tenant, csrf_protect, require

router = APIRouter(prefix="/console", include_in_schema=False, dependencies=[Depends(csrf_protect)])
Reader = Annotated[StaffMember, require(Permission.LOCAL_CONTENT)]
SharedEditor = Annotated[StaffMember, require(Permission.SHARED_CONTENT)]
PhrasingEditor = Annotated[StaffMember, require(Permission.PHRASINGS)]
Publisher = Annotated[StaffMember, require(Permission.PUBLISH)]
KIND_NAMES = {
    "topic": "fælles svar",
    "override": "lokalt svar",
    "variables": "variabler",
    "phrasings": "formuleringer",
}
PUBLISH_STATUS = {
    "queued": "venter",
    "running": "kører",
    "passed": "godkendt og udgivet",
    "blocked": "stoppet af kvalitetstjekket",
    "failed": "fejlede",
}


def _not_found(what: str = "Siden") -> ApiError:
    return ApiError(404, "not_found", f"{what} findes ikke. / Not found.")


def _scope(member: StaffMember) -> Tenant | None:
    """Municipal staff: their municipality; central staff: all (None)."""
    return None if member.central else member.tenant


def _preview_tenant(runtime, member: StaffMember, slug: str) -> Tenant:  # type: ignore[no-untyped-def]
    """The municipality a page previews and edits local content for: municipal staff their
    own; central staff the one picked, or the first."""
    found = chosen_tenant(runtime, member, slug or None, Permission.LOCAL_CONTENT)
    if found is not None:
        return found
    with runtime.db.read() as session:
        from muni.store.tenants import TenantRepository

        every = TenantRepository(session).all()
    if not every:
        raise _not_found("Kommunen")
    return every[0]


def _tenants(runtime, member: StaffMember) -> list[Tenant]:  # type: ignore[no-untyped-def]
    if not member.central:
        return [member.tenant] if member.tenant else []
    from muni.store.tenants import TenantRepository

    with runtime.db.read() as session:
        return TenantRepository(session).all()


# -- topic list ---------------------------------------------------------------------------
@router.get("/content", response_class=HTMLResponse)
def content_home(
    request: Request, runtime: RuntimeDep, member: Reader, tenant: str = ""
) -> HTMLResponse:
    scope = chosen_tenant(runtime, member, tenant or None, Permission.LOCAL_CONTENT)
    with runtime.db.session() as session:
        live = drafts.live_content(session)
        found = review(session, live, scope, date.today())
        open_drafts = ContentChanges(session, _scope(member)).drafts()
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
        tenants=_tenants(runtime, member) if member.central else [],
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
    tenant = _preview_tenant(runtime, member, tenant_slug)
    with runtime.db.session() as session:
        live = drafts.live_content(session)
        if slug not in live.pack.topics:
            raise _not_found("Emnet")
        state = drafts.with_drafts(session, live, _scope(member))
        history = ContentChanges(session, _scope(member)).history(limit=20, topic=slug)
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
        tenants=_tenants(runtime, member),
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
    with runtime.db.session() as session:
        live = drafts.live_content(session)
        try:
            row = drafts.edit_shared(
                session, live, member, slug, sub, _texts(answer_da, answer_en), labels
            )
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
            details={"kind": "topic", "change": row.id},
        )
    return _topic_page(
        request,
        runtime,
        member,
        slug,
        tenant,
        message="Gemt som kladde. Udgiv for at gøre det synligt for borgerne.",
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
    scope = _preview_tenant(runtime, member, tenant)
    with runtime.db.session() as session:
        live = drafts.live_content(session)
        try:
            row = drafts.edit_override(
                session, live, member, scope, slug, sub, _texts(answer_da, answer_en)
            )
        except drafts.DraftError as exc:
            session.rollback()
            return _topic_page(
                request, runtime, member, slug, scope.slug, error=str(exc), status_code=422
            )
        audit.record(
            session,
            member,
            "content.edit",
            f"{slug}/{sub}" if sub else slug,
            tenant_id=scope.id,
            details={"kind": "override", "change": row.id},
        )
    return _topic_page(
        request,
        runtime,
        member,
        slug,
        scope.slug,
        message=f"Det lokale svar for {scope.name} er gemt som kladde.",
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
    with runtime.db.session() as session:
        live = drafts.live_content(session)
        try:
            row = drafts.edit_phrasings(session, live, member, slug, sub, add, remove)
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
            details={"kind": "phrasings", "change": row.id},
        )
    return _topic_page(
        request, runtime, member, slug, tenant, message="Formuleringerne er gemt som kladde."
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
    tenant = _preview_tenant(runtime, member, body.tenant)
    if body.kind == "override" and not member.may(Permission.LOCAL_CONTENT, tenant):
        raise ApiError(403, "forbidden", "Ikke din kommune. / Not your tenant.")
    with runtime.db.session() as session:
        live = drafts.live_content(session)
        state = drafts.with_drafts(session, live, _scope(member))
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


# -- variables ------------------------------------------------------------------------------
def _variables_page(request, runtime, member, slug, message="", error="", status_code=200):  # type: ignore[no-untyped-def]
    tenant = _preview_tenant(runtime, member, slug)
    with runtime.db.session() as session:
        live = drafts.live_content(session)
        shaped = drafts.live_variables(session, tenant)
        draft = ContentChanges(session, tenant).open_draft("variables", "", "", tenant.id)
        pending = dict(draft.after) if draft is not None else None
    declared = live.pack.variables()
    rows = []
    for name in sorted(set(shaped) | set(pending or {})):
        value = (pending if pending is not None else shaped).get(name)
        if value is None:
            continue
        item = value if isinstance(value, dict) else {"value": value}
        spec = declared.get(name)
        rows.append(
            {
                "name": name,
                "value": str(item.get("value", "")),
                "as_of": str(item.get("as_of", "")),
                "source": str(item.get("source", "")),
                "description": spec.description if spec else "",
                "fact": bool(spec and spec.is_fact),
            }
        )
    return render(
        request,
        "console_content_variables.html",
        member,
        status_code=status_code,
        tenant=tenant,
        tenants=_tenants(runtime, member),
        rows=rows,
        pending=pending is not None,
        message=message,
        error=error,
    )


@router.get("/content/variables", response_class=HTMLResponse)
def variables_page(
    request: Request, runtime: RuntimeDep, member: Reader, tenant: str = ""
) -> HTMLResponse:
    return _variables_page(request, runtime, member, tenant)


@router.post("/content/variables", response_class=HTMLResponse)
async def edit_variables(request: Request, runtime: RuntimeDep, member: Reader) -> HTMLResponse:
    form = await request.form()
    scope = _preview_tenant(runtime, member, str(form.get("tenant", ""))[:64])
    names = [str(n)[:100] for n in form.getlist("name")][:500]
    values = [str(v)[:2000] for v in form.getlist("value")][:500]
    dates = [str(v)[:20] for v in form.getlist("as_of")][:500]
    new_name = str(form.get("new_name", "")).strip()[:100]
    changed = dict(zip(names, values, strict=False))
    if new_name:
        changed[new_name] = str(form.get("new_value", ""))[:2000]
    with runtime.db.session() as session:
        try:
            row = drafts.edit_variables(
                session, member, scope, changed, dict(zip(names, dates, strict=False))
            )
        except drafts.DraftError as exc:
            session.rollback()
            return _variables_page(
                request, runtime, member, scope.slug, error=str(exc), status_code=422
            )
        audit.record(
            session,
            member,
            "content.edit",
            "variables",
            tenant_id=scope.id,
            details={"kind": "variables", "change": row.id},
        )
    return _variables_page(
        request, runtime, member, scope.slug, message="Variablerne er gemt som kladde."
    )


# -- changes: diff, discard, rollback ---------------------------------------------------------
def _change_view(row: ContentChangeRow, names: dict[int, str]) -> dict[str, Any]:
    change = change_of(row)
    return {
        "change": change,
        "kind": KIND_NAMES.get(change.kind, change.kind),
        "status": STATUS_NAMES.get(change.status, change.status),
        "tenant": names.get(change.tenant_id or 0, ""),
        "what": change.topic + (f"/{change.sub_answer}" if change.sub_answer else ""),
        "diff": diff(change.before if change.kind != "phrasings" else {}, change.after),
    }


@router.get("/content/changes", response_class=HTMLResponse)
def changes_page(
    request: Request, runtime: RuntimeDep, member: Reader, message: str = ""
) -> HTMLResponse:
    names = {t.id: t.name for t in _tenants(runtime, member)}
    with runtime.db.session() as session:
        rows = [_change_view(r, names) for r in ContentChanges(session, _scope(member)).history()]
    return render(
        request,
        "console_content_changes.html",
        member,
        rows=rows,
        may_publish=member.may(Permission.PUBLISH, member.tenant),
        message=message,
    )


def _change(session, member: StaffMember, change_id: int) -> ContentChangeRow:  # type: ignore[no-untyped-def]
    row = ContentChanges(session, _scope(member)).get(change_id)
    if row is None:
        raise _not_found("Ændringen")
    return row


@router.post("/content/changes/{change_id}/discard")
def discard(runtime: RuntimeDep, member: Reader, change_id: int) -> RedirectResponse:
    with runtime.db.session() as session:
        row = _change(session, member, change_id)
        if row.kind == "topic" and not member.may(Permission.SHARED_CONTENT):
            raise ApiError(403, "forbidden", "Kun centrale redaktører. / Central editors only.")
        if row.status != OPEN:
            raise ApiError(409, "not_a_draft", "Kun en kladde kan kasseres. / Not a draft.")
        row.status = "discarded"
        audit.record(
            session, member, "content.discard", f"change {row.id}", tenant_id=row.tenant_id
        )
    return RedirectResponse("/console/content/changes?message=Kladden+er+kasseret", 303)


def _start_publish(runtime, member: StaffMember, rows: list[ContentChangeRow], session) -> int:  # type: ignore[no-untyped-def]
    """The publish row, with its drafts marked; committed before the job is queued (on SQLite
    the queue's own transaction would wait for this one)."""
    scope = _scope(member)
    publish = ContentChanges(session, scope).start_publish(
        rows, member.display_name or member.username, member.id
    )
    session.commit()
    return publish.id


def _queue_publish(runtime, member: StaffMember, publish_id: int) -> None:  # type: ignore[no-untyped-def]
    scope = _scope(member)
    job = enqueue_publish(JobQueue(runtime.db), publish_id, scope.id if scope else None)
    with runtime.db.session() as session:
        if job is None:
            finish_publish(
                session, publish_id, "failed", {"error": "en anden udgivelse kørte"}, None
            )
            session.commit()
            raise ApiError(
                409,
                "publish_running",
                "Der kører allerede en udgivelse. Vent til den er færdig, og prøv igen. / "
                "A publish is already running.",
            )
        row = ContentChanges(session, scope).publish(publish_id)
        if row is not None:
            row.job_id = job.id


@router.post("/content/changes/{change_id}/rollback")
def rollback(runtime: RuntimeDep, member: Publisher, change_id: int) -> RedirectResponse:
    with runtime.db.session() as session:
        row = _change(session, member, change_id)
        if row.kind == "topic" and not member.may(Permission.SHARED_CONTENT):
            raise ApiError(403, "forbidden", "Kun centrale redaktører. / Central editors only.")
        try:
            restore = drafts.rollback_change(session, member, row)
        except drafts.DraftError as exc:
            raise ApiError(409, "cannot_roll_back", str(exc)) from exc
        audit.record(
            session,
            member,
            "content.rollback",
            f"change {row.id}",
            tenant_id=row.tenant_id,
            details={"new_change": restore.id},
        )
        publish_id = _start_publish(runtime, member, [restore], session)
    _queue_publish(runtime, member, publish_id)
    return RedirectResponse(f"/console/content/publishes/{publish_id}", 303)


# -- publishing -------------------------------------------------------------------------------
@router.get("/content/publish", response_class=HTMLResponse)
def publish_page(request: Request, runtime: RuntimeDep, member: Publisher) -> HTMLResponse:
    names = {t.id: t.name for t in _tenants(runtime, member)}
    with runtime.db.session() as session:
        changes = ContentChanges(session, _scope(member))
        rows = [_change_view(r, names) for r in changes.drafts()]
        publishes = changes.publishes()
    return render(
        request,
        "console_content_publish.html",
        member,
        rows=rows,
        publishes=publishes,
        publish_status=PUBLISH_STATUS,
    )


@router.post("/content/publish")
async def publish(request: Request, runtime: RuntimeDep, member: Publisher) -> RedirectResponse:
    form = await request.form()
    try:
        ids = {int(str(v)) for v in form.getlist("change")}
    except ValueError as exc:
        raise ApiError(422, "bad_change", "Ugyldig ændring. / Bad change id.") from exc
    if not ids:
        raise ApiError(422, "nothing_chosen", "Vælg mindst én kladde. / Choose a draft.")
    with runtime.db.session() as session:
        changes = ContentChanges(session, _scope(member))
        rows = []
        for change_id in sorted(ids):
            row = changes.get(change_id)
            if row is None:
                raise _not_found("Ændringen")
            if row.status != OPEN:
                raise ApiError(409, "not_a_draft", "Kun kladder kan udgives. / Not a draft.")
            if row.kind == "topic" and not member.may(Permission.SHARED_CONTENT):
                raise ApiError(403, "forbidden", "Kun centrale redaktører. / Central only.")
            rows.append(row)
        publish_id = _start_publish(runtime, member, rows, session)
        audit.record(
            session,
            member,
            "content.publish",
            f"publish {publish_id}",
            details={"changes": sorted(ids)},
        )
    _queue_publish(runtime, member, publish_id)
    return RedirectResponse(f"/console/content/publishes/{publish_id}", 303)


def _publish_view(runtime, member: StaffMember, publish_id: int) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    with runtime.db.session() as session:
        changes = ContentChanges(session, _scope(member))
        row = changes.publish(publish_id)
        if row is None:
            raise _not_found("Udgivelsen")
        status = row.status
        job = JobQueue(runtime.db).get(row.job_id) if row.job_id else None
        progress = job.progress if job else None
        if status in ("queued", "running") and job is not None and job.status == "failed":
            # its worker died (or the job failed before it could say so): release the drafts
            error = (job.error or "jobbet stoppede")[-500:]
            finish_publish(session, row.id, "failed", {"error": error}, None)
            status = "failed"
        return {
            "id": row.id,
            "status": status,
            "status_name": PUBLISH_STATUS.get(status, status),
            "done": status in ("passed", "blocked", "failed"),
            "progress": progress or "",
            "author": row.author,
            "created_at": row.created_at.isoformat(timespec="seconds") if row.created_at else "",
            "report": row.report or {},
            "changes": [c.id for c in changes.of_publish(publish_id)],
        }


@router.get("/content/publishes/{publish_id}", response_class=HTMLResponse)
def publish_result(
    request: Request, runtime: RuntimeDep, member: Publisher, publish_id: int
) -> HTMLResponse:
    view = _publish_view(runtime, member, publish_id)
    return render(
        request,
        "console_content_published.html",
        member,
        view=view,
        score_names=SCORE_NAMES,
        report_json=json.dumps(view["report"], ensure_ascii=False)[:200],
    )


@router.get("/content/publishes/{publish_id}/status")
def publish_status(runtime: RuntimeDep, member: Publisher, publish_id: int) -> JSONResponse:
    view = _publish_view(runtime, member, publish_id)
    return JSONResponse(
        {k: view[k] for k in ("id", "status", "status_name", "done", "progress", "report")}
    )


# -- review -----------------------------------------------------------------------------------
@router.get("/content/review", response_class=HTMLResponse)
def review_page(
    request: Request, runtime: RuntimeDep, member: Reader, tenant: str = "", message: str = ""
) -> HTMLResponse:
    scope = chosen_tenant(runtime, member, tenant or None, Permission.LOCAL_CONTENT)
    with runtime.db.session() as session:
        live = drafts.live_content(session)
        found = review(session, live, scope, date.today())
    return render(
        request,
        "console_content_review.html",
        member,
        found=found,
        scope=scope,
        tenants=_tenants(runtime, member) if member.central else [],
        message=message,
    )


@router.post("/content/review/overrides/{override_id}/accept")
def accept(runtime: RuntimeDep, member: Reader, override_id: int) -> RedirectResponse:
    scope = _scope(member)
    with runtime.db.session() as session:
        live = drafts.live_content(session)
        key = accept_override(
            session, override_id, scope.id if scope else None, shared_hashes(live.pack)
        )
        if key is None:
            raise _not_found("Det lokale svar")
        audit.record(session, member, "content.review", key, tenant_id=scope.id if scope else None)
    return RedirectResponse("/console/content/review?message=Markeret+som+gennemset", 303)


assert set(KIND_NAMES) == set(KINDS)
