"""On PostgreSQL: a publish that passes the gate reaches another `muni serve` process at once
(LISTEN/NOTIFY; its own SQLite-style poll is not used there), with the gate reading a small
eval folder of the municipality's own (MUNI_EVAL_DIR/<slug>/); a missing eval folder fails
the publish with a message that names the setting, and nothing goes live."""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import replace

import httpx
import pytest

from muni.config import Settings
from muni.content.editing import drafts
from muni.content.editing.publish import run_publish
from muni.jobs.queue import Job
from muni.staff.roles import Role, StaffMember
from muni.store.content_changes import ContentChanges
from tests.conftest import _fresh_postgres_database, muni_process
from tests.integration.test_console_content import FEE_QUESTION, ask

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
ADDED = "Gebyret betales, når du bestiller passet."
EDITOR = StaffMember(None, "ed", "Ed", Role.CENTRAL_EDITOR, None)  # type: ignore[arg-type]


def write_lines(path, rows) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))


def job(publish_id: int) -> Job:
    return Job(0, "publish", None, "running", 1, 1, "publish", {"publish_id": publish_id},
               None, None, None, None, None, None, None)  # type: ignore[arg-type]


def draft_and_start(rt, text: str) -> int:
    with rt.db.session() as session:
        live = drafts.live_content(session)
        english = live.pack.topics["pas"].sub("pris").answer.text["en"]
        row = drafts.edit_shared(session, live, EDITOR, "pas", "pris", {"da": text, "en": english})
        return ContentChanges(session, None).start_publish([row], "Ed", None).id


def test_a_publish_reaches_another_instance_at_once(runtime, postgres_server, tmp_path):
    from muni.runtime import Runtime

    url = _fresh_postgres_database(postgres_server)
    data = tmp_path / "data"
    shutil.copytree(runtime.settings.models_dir, data / "models")
    evals = tmp_path / "eval" / "aarhus"
    evals.mkdir(parents=True)
    write_lines(evals / "intents.jsonl", [{"text": "forny pas", "topic": "pas"},
                                          {"text": "hvad koster et pas", "topic": "pas"}])
    write_lines(evals / "facts_national.jsonl",
                [{"text": FEE_QUESTION, "topic": "pas", "expected_fact": ["893 kr"]}])
    write_lines(evals / "safety_must_catch.jsonl",
                [{"text": "der kommer røg ud af naboens vindue", "class": "emergency"}])
    values = runtime.settings.model_dump() | {
        "data_dir": data, "database_url": url, "eval_dir": tmp_path / "eval",
        "gate_tenants": "aarhus",
    }
    rt = Runtime.start(Settings(**values))
    env = {"MUNI_DATABASE_URL": url, "MUNI_RATE_LIMIT_PER_MINUTE": "0",
           "MUNI_CONTENT_RECHECK_SECONDS": "600"}
    try:
        with muni_process(data, "serve", env=env) as other:
            deadline = time.monotonic() + 120
            while httpx.get(other.url + "/readyz").status_code != 200:
                assert time.monotonic() < deadline, other.output()[-2000:]
                time.sleep(0.5)
            assert ADDED not in ask(other.url, FEE_QUESTION)
            shared = rt.pack.topics["pas"].sub("pris").answer.text["da"]
            publish_id = draft_and_start(rt, shared + "\n\n" + ADDED)
            result = run_publish(rt, job(publish_id), lambda message: None)
            assert result["status"] == "passed"
            deadline = time.monotonic() + 15
            while ADDED not in ask(other.url, FEE_QUESTION):  # told, not polled (600 s)
                assert time.monotonic() < deadline, other.output()[-2000:]
                time.sleep(0.5)

        missing = replace(rt, settings=rt.settings.model_copy(
            update={"eval_dir": tmp_path / "nowhere"}))
        publish_id = draft_and_start(rt, "Et pas koster penge.")
        with pytest.raises(Exception, match="MUNI_EVAL_DIR"):
            run_publish(missing, job(publish_id), lambda message: None)
        with rt.db.session() as session:
            row = ContentChanges(session, None).publish(publish_id)
            assert row.status == "failed" and "MUNI_EVAL_DIR" in row.report["error"]
            assert len(ContentChanges(session, None).drafts()) == 1  # still a draft
        assert ADDED in rt.pack.topics["pas"].sub("pris").answer.text["da"]
    finally:
        rt.close()
