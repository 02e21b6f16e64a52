"""Content changes and publishing in the console: the list of changes with their diffs,
discarding a draft, rolling a published change back, publishing drafts through the quality
gate (the job kind `publish`, one at a time) and following a publish to its result.

Central staff see every municipality's changes, municipal staff their own municipality's
(another municipality's draft or publish: 404); only central editors discard, roll back or
publish a change of a shared answer."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from muni.content.editing import drafts
from muni.content.editing.diff import diff
from muni.content.editing.gate import SCORE_NAMES
from muni.content.editing.model import OPEN, STATUS_NAMES
from muni.content.editing.publish import enqueue_publish
from muni.jobs.queue import JobQueue
from muni.staff.roles import Permission, StaffMember
from muni.store import audit
from muni.store.content_changes import ContentChanges, change_of, finish_publish
from muni.store.tables import ContentChangeRow
from muni.web.console_pages import render
from muni.web.content_change_names import KIND_NAMES
from muni.web.content_scope import member_scope, not_found, visible_tenants
from muni.web.deps import RuntimeDep
from muni.web.errors import ApiError
from muni.web.staff_auth import csrf_protect, require

router = APIRouter(prefix="/console", include_in_schema=False, dependencies=[Depends(csrf_protect)])
Reader = Annotated[StaffMember, require(Permission.LOCAL_CONTENT)]
Publisher = Annotated[StaffMember, require(Permission.PUBLISH)]
PUBLISH_STATUS = {
    "queued": "venter",
    "running": "kører",
    "passed": "godkendt og udgivet",
    "blocked": "stoppet af kvalitetstjekket",
    "failed": "fejlede",
}


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
    names = {t.id: t.name for t in visible_tenants(runtime, member)}
    with runtime.db.session() as session:
        rows = [
            _change_view(r, names) for r in ContentChanges(session, member_scope(member)).history()
        ]
    return render(
        request,
        "console_content_changes.html",
        member,
        rows=rows,
        may_publish=member.may(Permission.PUBLISH, member.tenant),
        message=message,
    )


def _change(session, member: StaffMember, change_id: int) -> ContentChangeRow:  # type: ignore[no-untyped-def]
    row = ContentChanges(session, member_scope(member)).get(change_id)
    if row is None:
        raise not_found("Ændringen")
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
    scope = member_scope(member)
    publish = ContentChanges(session, scope).start_publish(
        rows, member.display_name or member.username, member.id
    )
    session.commit()
    return publish.id


def _queue_publish(runtime, member: StaffMember, publish_id: int) -> None:  # type: ignore[no-untyped-def]
    scope = member_scope(member)
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
    names = {t.id: t.name for t in visible_tenants(runtime, member)}
    with runtime.db.session() as session:
        changes = ContentChanges(session, member_scope(member))
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
        changes = ContentChanges(session, member_scope(member))
        rows = []
        for change_id in sorted(ids):
            row = changes.get(change_id)
            if row is None:
                raise not_found("Ændringen")
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
        changes = ContentChanges(session, member_scope(member))
        row = changes.publish(publish_id)
        if row is None:
            raise not_found("Udgivelsen")
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
