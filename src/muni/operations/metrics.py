"""What muni counts for Prometheus, in one place.

Every worker process of `muni serve --workers N` counts for itself; when the server runs
several workers, `serve` points PROMETHEUS_MULTIPROC_DIR at a fresh folder before they
start, prometheus-client writes each process's values there, and `/metrics` adds them up
(`exposition()`). Labels are closed sets (route templates, origins, steps, kinds): never a
path, a tenant's text or anything a citizen wrote.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
CONTENT_TYPE = CONTENT_TYPE_LATEST

_FAST = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0)
_HTTP = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1.0, 2.5, 5.0, 10.0)
_JOBS = (0.1, 1.0, 5.0, 30.0, 60.0, 300.0, 900.0, 3600.0)

HTTP_REQUESTS = Counter(
    "muni_http_requests", "HTTP requests answered", ["method", "route", "status"]
)
HTTP_SECONDS = Histogram(
    "muni_http_request_duration_seconds",
    "Time from a request's arrival to the end of its response",
    ["route"],
    buckets=_HTTP,
)
IN_PROGRESS = Gauge(
    "muni_requests_in_progress", "Requests being worked on", multiprocess_mode="livesum"
)
WAITING = Gauge(
    "muni_requests_waiting", "Requests waiting for a free slot", multiprocess_mode="livesum"
)
REJECTED = Counter(
    "muni_requests_rejected", "Requests refused with 503 because all slots were busy"
)
STEP_SECONDS = Histogram(
    "muni_pipeline_step_seconds",
    "Time spent in each answer pipeline step",
    ["step"],
    buckets=_FAST,
)
ANSWERS = Counter("muni_answers", "Answers given, by origin and status", ["origin", "status"])
REPLAYED = Counter(
    "muni_messages_replayed", "Messages sent again with an answered id: the stored turn returned"
)
GUARD_EVENTS = Counter("muni_guard_events", "Safety classes and input checks that fired", ["kind"])
CRAWL_PAGES = Counter("muni_crawl_pages", "Pages seen by crawls, by outcome", ["outcome"])
CRAWL_EMBEDDED = Counter("muni_crawl_passages_embedded", "Passages and fact sentences embedded")
JOBS = Counter("muni_jobs", "Background jobs finished, by kind and outcome", ["kind", "outcome"])
JOB_SECONDS = Histogram(
    "muni_job_duration_seconds", "How long background jobs ran", ["kind"], buckets=_JOBS
)


def prepare_multiprocess(folder: Path) -> None:
    """Before the workers start: an empty folder for their values (stale files of an earlier
    run would be added to this one's)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.environ[MULTIPROC_ENV] = str(folder)


def multiprocess() -> bool:
    return bool(os.environ.get(MULTIPROC_ENV))


def worker_exited(pid: int | None = None) -> None:
    """A worker stops: its live gauges no longer count."""
    if multiprocess():
        mark_process_dead(pid or os.getpid())


def observe_answer(
    timings: Mapping[str, float], origin: str, status: str, guard: str | None
) -> None:
    """Count one answered message: its steps' times (ms), origin, status, guard kind."""
    for step, ms in timings.items():
        STEP_SECONDS.labels(step).observe(ms / 1000)
    ANSWERS.labels(origin, status).inc()
    if guard:
        GUARD_EVENTS.labels(guard).inc()


def observe_replay() -> None:
    """A message sent again (its id answered already) was given its stored turn."""
    REPLAYED.inc()


def observe_crawl(outcomes: Mapping[str, int], embedded: int) -> None:
    for outcome, n in outcomes.items():
        if n:
            CRAWL_PAGES.labels(outcome).inc(n)
    if embedded:
        CRAWL_EMBEDDED.inc(embedded)


class _GaugesAtScrape:
    """Gauges read when scraped (e.g. the job queue's depth from the database)."""

    def __init__(self, read: Callable[[], Iterable[GaugeMetricFamily]]) -> None:
        self.read = read

    def collect(self) -> Iterable[GaugeMetricFamily]:
        return self.read()


def exposition(at_scrape: Callable[[], Iterable[GaugeMetricFamily]] | None = None) -> bytes:
    """The text format of every metric of this installation (all workers added up)."""
    if multiprocess():
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    out = generate_latest(registry)
    if at_scrape is not None:
        extra = CollectorRegistry()
        extra.register(_GaugesAtScrape(at_scrape))  # type: ignore[arg-type]
        out += generate_latest(extra)
    return out
