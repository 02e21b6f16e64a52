"""Background jobs end to end on SQLite: `muni jobs add` queues a crawl, the server's
in-process worker runs it (progress, result), the server answers from the new pages, and
`muni jobs` shows it all; a second crawl of a tenant is refused while one is queued or
running; a retrain job keeps the models when the content has not changed."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pytest

from muni.config import REPO_ROOT
from muni.jobs.queue import JobQueue
from muni.store.database import Database
from tests.conftest import demo_site, muni_process

pytestmark = pytest.mark.slow
PAGE = "/borger/natur-og-miljoe/hundeskove"


@pytest.fixture(scope="module")
def own_data_dir(runtime, data_dir, tmp_path_factory):
    """A fresh database; the models trained by the runtime fixture, shared read-only."""
    folder = tmp_path_factory.mktemp("jobs-data")
    (folder / "models").symlink_to(data_dir / "models", target_is_directory=True)
    return folder


@pytest.fixture(scope="module")
def site(runtime):
    with demo_site(runtime, "odense") as url:
        yield url


def muni(data_dir, *args: str) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    env = {**os.environ, "MUNI_DATA_DIR": str(data_dir), "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "muni.cli", *args], env=env, cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=300)


def wait_for(queue: JobQueue, job_id: int, seconds: float = 120):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while (job := queue.get(job_id)).status not in ("done", "failed"):
        assert time.monotonic() < deadline, job
        time.sleep(0.5)
    return job


def test_a_queued_crawl_runs_in_the_server_and_its_pages_answer(own_data_dir, site):
    with muni_process(own_data_dir, "serve") as server:
        added = muni(own_data_dir, "jobs", "add", "crawl", "--tenant", "odense",
                     "--start-url", site + PAGE, "--max-pages", "1")
        assert added.returncode == 0, added.stderr
        job_id = int(added.stderr.split("Job ")[1].split(" ")[0])
        db = Database(f"sqlite:///{own_data_dir / 'muni.db'}")
        queue = JobQueue(db)
        job = wait_for(queue, job_id)
        assert job.status == "done", job.error
        assert job.result["pages"] == 1 and job.result["embedded"] > 0
        assert job.worker and job.attempts == 1
        conversation = httpx.post(server.url + "/api/tenants/odense/conversations").json()["id"]
        answer = httpx.post(
            f"{server.url}/api/tenants/odense/conversations/{conversation}/messages",
            json={"text": "må min hund løbe uden snor i hundeskoven"}, timeout=30,
        ).json()["answer"]
        assert answer["sources"][0]["url"] == site + PAGE
        listing = muni(own_data_dir, "jobs")
        assert listing.returncode == 0
        assert "crawl" in listing.stderr and "odense" in listing.stderr
        assert "færdig" in listing.stderr and "pages 1" in listing.stderr
        db.dispose()


def test_only_one_crawl_per_tenant_is_queued_at_a_time(own_data_dir):
    db = Database(f"sqlite:///{own_data_dir / 'muni.db'}")
    db.migrate()
    queue = JobQueue(db)
    try:
        from muni.jobs.kinds import crawl_lock, enqueue_crawl
        from muni.store.tenants import TenantRepository

        with db.session() as session:
            tenant = TenantRepository(session).by_slug("vejle")
        held = enqueue_crawl(queue, tenant, worker="someone-else:1")  # running elsewhere
        assert held is not None
        refused = muni(own_data_dir, "jobs", "add", "crawl", "--tenant", "vejle")
        assert refused.returncode == 1 and f"job {held.id}" in refused.stderr
        skipped = muni(own_data_dir, "crawl", "vejle")
        assert skipped.returncode == 3 and "gennemgås allerede" in skipped.stderr
        assert queue.holder(crawl_lock(tenant.id)).id == held.id
        queue.finish(held)
    finally:
        db.dispose()


def test_a_retrain_job_keeps_models_that_match_the_content(own_data_dir):
    added = muni(own_data_dir, "jobs", "add", "retrain")
    assert added.returncode == 0, added.stderr
    worked = muni(own_data_dir, "jobs", "work", "--once")
    assert worked.returncode == 0, worked.stderr[-2000:]
    db = Database(f"sqlite:///{own_data_dir / 'muni.db'}")
    try:
        job = JobQueue(db).recent(1)[0]
        assert job.kind == "retrain" and job.status == "done"
        assert job.result["trained"] is False  # the content is the one the models were made for
    finally:
        db.dispose()
