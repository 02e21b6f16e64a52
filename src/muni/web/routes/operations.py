"""For load balancers and monitoring: liveness, readiness and Prometheus metrics."""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client.core import GaugeMetricFamily
from starlette.concurrency import run_in_threadpool

from muni.jobs.queue import JobQueue
from muni.operations import metrics
from muni.web.deps import RuntimeDep

router = APIRouter(tags=["operations"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """Liveness: the process answers (on the event loop; no database, no thread)."""
    return {"status": "alive"}


@router.get(
    "/readyz",
    responses={503: {"description": "Not ready: the checks say which part is missing"}},
)
async def readyz(request: Request) -> JSONResponse:
    """Readiness: the database answers, the models are loaded and every tenant's search
    index is built. 503 with the failing checks until then."""
    readiness = request.app.state.readiness
    checks = await run_in_threadpool(readiness.check)
    ready = all(checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "not_ready", "checks": checks},
        status_code=200 if ready else 503,
    )


@router.get("/metrics", response_class=Response)
def prometheus_metrics(runtime: RuntimeDep) -> Response:
    """Prometheus text format: requests and latency per route, pipeline steps, answers by
    origin and status, guard events, crawls, jobs and the job queue's depth, requests in
    progress and waiting. Restrict it to your monitoring at the proxy."""
    queue = JobQueue(runtime.db)

    def job_depth() -> Iterable[GaugeMetricFamily]:
        gauge = GaugeMetricFamily("muni_jobs_pending", "Jobs queued or running", labels=["status"])
        for status, n in queue.depth().items():
            gauge.add_metric([status], n)
        yield gauge

    return Response(metrics.exposition(job_depth), media_type=metrics.CONTENT_TYPE)
