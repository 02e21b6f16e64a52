"""Publishing drafts through the quality gate (the "publish" job).

The drafts are applied to a candidate (not live); the models are retrained only when the
training fingerprint changes (the disk embedding cache keeps that to the cross-validation);
the eval sets of every affected municipality run on the live pipeline and on the candidate.
A score that drops more than `MUNI_GATE_TOLERANCE` (the must-catch safety set: at all) blocks
the publish: nothing goes live, and the report lists the questions that broke. Otherwise the
drafts are written to the content tables in one transaction, the content version moves on,
this instance reloads and every other one is told (LISTEN/NOTIFY on PostgreSQL, the content
poll on SQLite).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from muni.content.answer_book import AnswerBook
from muni.content.check import check_pack
from muni.content.editing.apply import Candidate, shared_hashes
from muni.content.editing.gate import compare, load_eval_sets, run_sets
from muni.content.editing.model import Change
from muni.store.announcements import CONTENT, announce
from muni.store.content import ContentRepository, pack_fingerprint

if TYPE_CHECKING:
    from muni.jobs.queue import Job, JobQueue
    from muni.runtime import Runtime

log = logging.getLogger(__name__)
PUBLISH = "publish"  # the job kind
# content check errors a draft may introduce without being blocked (the inbox adds a
# sub-answer with the few questions it has; the editor adds phrasings later)
TOLERATED_CHECKS = ("phrasings (want",)


def enqueue_publish(queue: JobQueue, publish_id: int, tenant_id: int | None) -> Job | None:
    """One publish at a time across the installation (the models are shared)."""
    return queue.enqueue(
        PUBLISH,
        tenant_id,
        lock_key="publish",
        payload={"publish_id": publish_id},
        max_attempts=1,
    )


def run_publish(runtime: Runtime, job: Job, progress: Callable[[str], None]) -> dict[str, Any]:
    """The job handler: a failure is recorded on the publish row (drafts stay drafts)."""
    from muni.store.content_changes import finish_publish

    publish_id = int(job.payload["publish_id"])
    try:
        return publish(runtime, publish_id, progress)
    except Exception as exc:
        with runtime.db.session() as session:
            finish_publish(session, publish_id, "failed", {"error": str(exc)[:2000]}, None)
        raise


def _live(runtime: Runtime) -> tuple[Candidate, list[Change], str]:
    from muni.store.tenants import TenantRepository

    with runtime.db.session() as session:
        content = ContentRepository(session)
        pack = content.load_pack()
        tenants = TenantRepository(session).all()
        overrides = {t.id: content.overrides(t) for t in tenants}
        fingerprint = content.fingerprint() or "none"
    return Candidate.of(pack, overrides, tenants), [], fingerprint


def _changes(runtime: Runtime, publish_id: int) -> list[Change]:
    from muni.store.content_changes import ContentChanges, change_of

    with runtime.db.session() as session:
        changes = ContentChanges(session, None)
        row = changes.publish(publish_id)
        if row is None:
            raise LookupError(f"publish {publish_id} does not exist")
        row.status = "running"
        return [change_of(r) for r in changes.of_publish(publish_id)]


def affected_tenants(runtime: Runtime, changes: list[Change], live: Candidate) -> list[int]:
    """Local changes: their municipality. Shared content or phrasings (the models are shared):
    every municipality, or those named in MUNI_GATE_TENANTS."""
    local = {c.tenant_id for c in changes if c.kind in ("override", "variables")}
    if any(c.kind in ("topic", "phrasings") for c in changes):
        chosen = {s.strip() for s in runtime.settings.gate_tenants.split(",") if s.strip()}
        local |= {t.id for t in live.tenants.values() if not chosen or t.slug in chosen}
    return sorted(i for i in local if i is not None and i in live.tenants)


def new_content_errors(live: Candidate, candidate: Candidate) -> list[str]:
    """Errors of `muni content check` the drafts would add."""
    today = date.today()
    before = {(f.where, f.message) for f in check_pack(live.pack, today) if f.level == "error"}
    return [
        f"{f.where}: {f.message}"
        for f in check_pack(candidate.pack, today)
        if f.level == "error"
        and (f.where, f.message) not in before
        and not any(t in f.message for t in TOLERATED_CHECKS)
    ]


def _models_for(
    runtime: Runtime, candidate: Candidate, fingerprint: str, progress: Callable[[str], None]
) -> tuple[Any, bool]:
    from muni.nlu import model_store
    from muni.runtime import train, trained_model_path
    from muni.safety.classifier import load_safety_phrasings

    safety = load_safety_phrasings(runtime.settings.safety_dir)
    embedder = runtime.embedder
    path = trained_model_path(
        runtime.settings, fingerprint, safety, embedder.name if embedder else None
    )
    found = model_store.load(path)
    if found is not None:
        return found, False
    progress("træner sprogmodellen på de nye formuleringer")
    models, _ = train(runtime.settings, candidate.pack, fingerprint, embedder, safety)
    return models, True


def _live_models(runtime: Runtime, live: Candidate) -> Any:
    """The models of the live content: this instance's, unless it has not taken up the last
    publish yet (then the saved ones for the live fingerprint)."""
    from muni.nlu import model_store
    from muni.runtime import trained_model_path
    from muni.safety.classifier import load_safety_phrasings

    fingerprint = pack_fingerprint(live.pack)
    if pack_fingerprint(runtime.pack) == fingerprint:
        return runtime.models
    safety = load_safety_phrasings(runtime.settings.safety_dir)
    embedder = runtime.embedder
    path = trained_model_path(
        runtime.settings, fingerprint, safety, embedder.name if embedder else None
    )
    return model_store.load(path) or runtime.models


def publish(runtime: Runtime, publish_id: int, progress: Callable[[str], None]) -> dict[str, Any]:
    from muni.nlu.embedder import DiskCachedEmbedder
    from muni.runtime import build_pipeline

    started = time.perf_counter()
    changes = _changes(runtime, publish_id)
    live, _, live_fingerprint = _live(runtime)
    candidate = live.with_changes(changes)
    report: dict[str, Any] = {"changes": [c.id for c in changes], "tenants": []}
    errors = new_content_errors(live, candidate)
    report["content_errors"] = errors
    old_fingerprint = pack_fingerprint(live.pack)
    fingerprint = pack_fingerprint(candidate.pack)
    retrain = fingerprint != old_fingerprint
    report["retrained"] = False
    tenants = affected_tenants(runtime, changes, live)
    settings = runtime.settings
    # before any training: a missing eval folder fails the publish with a clear message
    eval_sets = {t: load_eval_sets(settings.eval_dir, live.tenants[t].slug) for t in tenants}
    live_models = _live_models(runtime, live)
    train_started = time.perf_counter()
    if retrain and not errors:
        models, report["retrained"] = _models_for(runtime, candidate, fingerprint, progress)
    else:
        models = live_models
    report["train_seconds"] = round(time.perf_counter() - train_started, 2)
    # the eval questions' vectors on disk: after the first publish the gate embeds nothing
    embedder = (
        DiskCachedEmbedder(runtime.embedder, settings.data_dir / "gate")
        if runtime.embedder is not None
        else None
    )
    passed = not errors
    if not errors:
        baseline_pipeline = build_pipeline(
            settings,
            live_models,
            embedder,
            AnswerBook(live.pack, live.overrides),
            live.pack,
            runtime.search_index,
        )
        candidate_pipeline = build_pipeline(
            settings,
            models,
            embedder,
            AnswerBook(candidate.pack, candidate.overrides),
            candidate.pack,
            runtime.search_index,
        )
        for tenant_id in tenants:
            tenant = live.tenants[tenant_id]
            sets = eval_sets[tenant_id]
            baseline = run_sets(baseline_pipeline, tenant, sets, progress)
            after = run_sets(candidate_pipeline, candidate.tenants[tenant_id], sets, progress)
            comparison = compare(tenant.slug, baseline, after, settings.gate_tolerance)
            report["tenants"].append(comparison.as_json())
            passed = passed and comparison.passed
        if embedder is not None:
            embedder.flush()
    report["fingerprint"] = fingerprint
    report["tolerance"] = settings.gate_tolerance
    status = "passed" if passed else "blocked"
    if passed:
        _go_live(runtime, changes, live, candidate, fingerprint, publish_id)
    report["seconds"] = round(time.perf_counter() - started, 2)
    from muni.store.content_changes import finish_publish

    with runtime.db.session() as session:
        finish_publish(session, publish_id, status, report, fingerprint)
    log.info("publish %s %s in %.1f s", publish_id, status, report["seconds"])
    if live_fingerprint != old_fingerprint:
        log.info("stored fingerprint %s, the pack's %s", live_fingerprint, old_fingerprint)
    return {
        "publish": publish_id,
        "status": status,
        "seconds": report["seconds"],
        "retrained": report["retrained"],
    }


def _go_live(
    runtime: Runtime,
    changes: list[Change],
    live: Candidate,
    candidate: Candidate,
    fingerprint: str,
    publish_id: int,
) -> None:
    """Write the drafts, move the version on, reload here and tell the other instances. The
    publish row is marked passed after this (the drafts' status with it)."""
    from muni.store.content_changes import (
        mark_overrides_against,
        set_version,
        write_change,
    )
    from muni.store.tables import utcnow

    topics = {c.topic for c in changes if c.kind == "topic"}
    hashes = shared_hashes(candidate.pack)
    before_hashes = shared_hashes(live.pack, topics)
    with runtime.db.session() as session:
        mark_overrides_against(session, before_hashes)
        for change in sorted(changes, key=lambda c: c.order):
            write_change(session, change, hashes)
        set_version(session, fingerprint, publish_id, utcnow())
    runtime.reload_content()
    announce(runtime.db, CONTENT, fingerprint)
