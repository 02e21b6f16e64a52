"""Content editing over real HTTP: who may edit what, an edit that passes the quality gate and
reaches a second server process without a restart, an edit that drops the passport fee and is
blocked (listed, nothing live), rollback, audit rows.

Runs on a runtime of its own (own SQLite database and data dir, the session's trained models
copied in): publishing here changes no other test's content. MUNI_GATE_TENANTS=aarhus keeps
the gate to one municipality's eval sets."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from sqlalchemy import select

from muni.config import Settings
from muni.store.tables import AuditRow
from tests.conftest import LiveServer, muni_process
from tests.integration.console_helpers import add_every_role, login, post

pytestmark = pytest.mark.slow
ADDED = "Husk at tage dit gamle pas med."
FEE_QUESTION = "hvad koster et pas"
LOCAL = "I Aarhus bestiller du tid til pas i Dokk1."


@pytest.fixture(scope="module")
def own(runtime, tmp_path_factory):
    from muni.runtime import Runtime
    from muni.web.app import create_app

    data = tmp_path_factory.mktemp("content-editing")
    shutil.copytree(runtime.settings.models_dir, data / "models")
    values = runtime.settings.model_dump() | {
        "data_dir": data, "database_url": None, "gate_tenants": "aarhus",
        "content_recheck_seconds": 1.0,
    }
    rt = Runtime.start(Settings(**values))
    add_every_role(rt)
    with LiveServer(create_app(runtime=rt)) as server:
        yield rt, server.url, data
    rt.close()


@contextmanager
def client(base: str, username: str, tenant: str = "") -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, timeout=60) as http:
        login(http, username, tenant)
        yield http


def ask(base: str, text: str) -> str:
    conversation = httpx.post(f"{base}/api/tenants/aarhus/conversations", timeout=30).json()
    reply = httpx.post(
        f"{base}/api/tenants/aarhus/conversations/{conversation['id']}/messages",
        json={"text": text}, timeout=60,
    )
    return reply.json()["answer"]["text"]


def pris_text(rt) -> str:
    return rt.pack.topics["pas"].sub("pris").answer.text["da"]


def publish_and_wait(http: httpx.Client, change_ids: list[int]) -> dict:
    response = post(http, "/console/content/publish", data={"change": change_ids},
                    follow_redirects=False)
    assert response.status_code == 303, response.text[:500]
    url = response.headers["location"]
    deadline = time.monotonic() + 600
    while True:
        status = http.get(url + "/status").json()
        if status["done"]:
            return status
        assert time.monotonic() < deadline, status
        time.sleep(1)


def draft_ids(http: httpx.Client) -> list[int]:
    import re

    page = http.get("/console/content/publish").text
    return [int(i) for i in re.findall(r'name="change" value="(\d+)"', page)]


def test_a_superuser_cannot_edit_shared_content(own):
    rt, base, _ = own
    with client(base, "aa-super", "aarhus") as http:
        response = post(http, "/console/content/topics/pas/shared",
                        data={"sub": "pris", "answer_da": "Gratis."})
        assert response.status_code == 403
        # nor another municipality's override, page or variables
        assert post(http, "/console/content/topics/pas/override",
                    data={"tenant": "odense", "sub": "pris", "answer_da": "x"}).status_code == 403
        assert http.get("/console/content/topics/pas?tenant=odense").status_code == 403
        assert http.get("/console/content/variables?tenant=odense").status_code == 403
    with client(base, "od-super", "odense") as odense:
        made = post(odense, "/console/content/topics/pas/override",
                    data={"tenant": "odense", "sub": "pris", "answer_da": "Odenses tekst."})
        assert made.status_code == 200
        theirs = draft_ids(odense)
        assert theirs
    with client(base, "aa-super", "aarhus") as http:
        assert theirs[0] not in draft_ids(http)  # not listed
        assert post(http, f"/console/content/changes/{theirs[0]}/discard").status_code == 404
        assert post(http, "/console/content/publish",
                    data={"change": theirs}).status_code == 404
    with client(base, "od-super", "odense") as odense:
        assert post(odense, f"/console/content/changes/{theirs[0]}/discard",
                    follow_redirects=False).status_code == 303


def test_edit_publish_passes_and_a_second_server_answers_with_the_new_text(own):
    rt, base, data = own
    text = pris_text(rt)
    env = {"MUNI_JOBS_IN_PROCESS": "false", "MUNI_CONTENT_RECHECK_SECONDS": "1",
           "MUNI_RATE_LIMIT_PER_MINUTE": "0"}
    with muni_process(data, "serve", env=env) as second:
        assert ADDED not in ask(second.url, FEE_QUESTION)
        with client(base, "c-editor") as http:
            saved = post(http, "/console/content/topics/pas/shared",
                         data={"sub": "pris", "answer_da": text + "\n\n" + ADDED,
                               "answer_en": rt.pack.topics["pas"].sub("pris").answer.text["en"]})
            assert saved.status_code == 200 and "kladde" in saved.text
            # the live preview per municipality: the draft with each one's values
            for slug in ("aarhus", "odense"):
                shown = post(http, "/console/content/preview",
                             json={"topic": "pas", "sub": "pris", "tenant": slug})
                assert ADDED in shown.json()["text"] and "893 kr" in shown.json()["text"]
            assert ADDED not in ask(base, FEE_QUESTION)  # a draft is not live
            started = time.monotonic()
            status = publish_and_wait(http, draft_ids(http))
            took = time.monotonic() - started
            assert status["status"] == "passed", status["report"]
            assert status["report"]["retrained"] is False
            print(f"publish without retraining: {took:.1f} s, report {status['report']['seconds']}")
        assert ADDED in ask(base, FEE_QUESTION)
        deadline = time.monotonic() + 60
        while ADDED not in ask(second.url, FEE_QUESTION):  # no restart: it polls the version
            assert time.monotonic() < deadline, second.output()[-2000:]
            time.sleep(1)


def test_removing_the_passport_fee_is_blocked_and_listed(own):
    rt, base, _ = own
    with client(base, "c-editor") as http:
        post(http, "/console/content/topics/pas/shared",
             data={"sub": "pris", "answer_da": "Et pas koster et gebyr. Spørg Borgerservice.",
                   "answer_en": "A passport costs a fee. Ask Citizen Service."})
        ids = draft_ids(http)
        status = publish_and_wait(http, ids)
        assert status["status"] == "blocked"
        aarhus = status["report"]["tenants"][0]
        broken = {b["text"]: b for b in aarhus["broken"]}
        assert FEE_QUESTION in broken and "893 kr" in broken[FEE_QUESTION]["expected"]
        assert "893 kr" in broken[FEE_QUESTION]["before"]
        assert "893" not in broken[FEE_QUESTION]["after"]
        page = http.get(f"/console/content/publishes/{status['id']}").text
        assert "stoppet af kvalitetstjekket" in page and FEE_QUESTION in page
        assert draft_ids(http) == ids  # still drafts, nothing live
        assert "893 kr" in ask(base, FEE_QUESTION)
        for change in ids:
            post(http, f"/console/content/changes/{change}/discard")


def test_rollback_goes_through_the_gate_and_restores_the_text(own):
    rt, base, _ = own
    assert ADDED in pris_text(rt)
    with client(base, "c-editor") as http:
        page = http.get("/console/content/changes").text
        import re

        published = re.findall(r'/console/content/changes/(\d+)/rollback', page)
        assert published
        response = post(http, f"/console/content/changes/{published[0]}/rollback",
                        follow_redirects=False)
        assert response.status_code == 303
        url = response.headers["location"]
        deadline = time.monotonic() + 600
        while not (status := http.get(url + "/status").json())["done"]:
            assert time.monotonic() < deadline
            time.sleep(1)
        assert status["status"] == "passed", status["report"]
    assert ADDED not in pris_text(rt) and ADDED not in ask(base, FEE_QUESTION)
    with rt.db.session() as session:
        actions = set(session.scalars(select(AuditRow.action)))
    assert {"content.edit", "content.publish", "content.rollback"} <= actions


def test_a_superuser_publishes_a_local_override_for_their_own_municipality(own):
    rt, base, _ = own
    with client(base, "aa-super", "aarhus") as http:
        # the shared text with a local sentence (a text without the children's and
        # pensioners' fees is blocked: the eval sets ask for them)
        local = rt.pack.topics["pas"].sub("pris").answer.text["da"] + "\n\n" + LOCAL
        post(http, "/console/content/topics/pas/override",
             data={"tenant": "aarhus", "sub": "pris", "answer_da": local})
        status = publish_and_wait(http, draft_ids(http))
        assert status["status"] == "passed", status["report"]
        assert [t["tenant"] for t in status["report"]["tenants"]] == ["aarhus"]
    answer = ask(base, FEE_QUESTION)
    assert LOCAL in answer and "893 kr" in answer


def test_a_publish_whose_job_died_gives_its_drafts_back(own):
    from muni.jobs.queue import JobQueue
    from muni.store.content_changes import ContentChanges

    rt, base, _ = own
    with client(base, "c-editor") as http:
        post(http, "/console/content/topics/pas/shared",
             data={"answer_da": "Alt om pas.", "answer_en": "All about passports."})
        ids = draft_ids(http)
        queue = JobQueue(rt.db)
        job = queue.enqueue("test-never-run", max_attempts=1)  # no worker runs this kind
        claimed = queue.claim("a-worker-that-dies", kinds=("test-never-run",))
        assert claimed is not None and not queue.fail(claimed, "worker stopped reporting")
        with rt.db.session() as session:
            changes = ContentChanges(session, None)
            publish = changes.start_publish([changes.get(i) for i in ids], "Ed", None)
            publish.job_id = job.id
            publish_id = publish.id
        assert draft_ids(http) == []  # taken by the publish
        status = http.get(f"/console/content/publishes/{publish_id}/status").json()
        assert status["status"] == "failed" and "worker stopped" in status["report"]["error"]
        assert draft_ids(http) == ids  # drafts again
        for change in ids:
            post(http, f"/console/content/changes/{change}/discard")
