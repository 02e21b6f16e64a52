"""Citizens' rights and the transparency page over real HTTP: a superuser finds a conversation
by its id or a letter's reference, reads it, downloads it as JSON and erases it after a
confirmation, each step audited with the id only; another municipality's conversation is 404
and its `?tenant=` 403; `/console/conversations/{id}` is audited on every view; `muni citizen
export|erase`; the public "Om chatbotten" page says what a citizen should know."""

from __future__ import annotations

import json

import httpx
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from muni.store.tables import AuditRow, ConversationRow, TurnRow
from tests.integration.console_helpers import add_every_role, login, post
from tests.integration.privacy_helpers import stored_conversation


@pytest.fixture(scope="module")
def staff(runtime):
    add_every_role(runtime)


def audit_rows(runtime, action: str, target: str) -> list[AuditRow]:
    with runtime.db.read() as session:
        return list(session.scalars(select(AuditRow).where(AuditRow.action == action,
                                                           AuditRow.target == target)))


def exists(runtime, cid: str) -> bool:
    with runtime.db.read() as session:
        return session.get(ConversationRow, cid) is not None


def test_superuser_finds_reads_exports_and_erases(live_server, runtime, staff):
    cid = stored_conversation(runtime, "aarhus", [("hvad koster et pas", "Et pas koster 893 kr."),
                                                  ("mit nummer er [TELEFON]", "Tak.")],
                              ref="BREV-RIGHTS-1", rating=2)
    with httpx.Client(base_url=live_server.url, timeout=30) as http:
        login(http, "aa-super", "aarhus")
        page = http.get("/console/privacy")
        assert page.status_code == 200 and "Find en samtale" in page.text
        assert "Aarhus Kommune" in page.text and ">90<" in page.text  # retention shown
        found = http.get("/console/privacy", params={"ref": "BREV-RIGHTS-1"})
        assert f"/console/privacy/conversations/{cid}" in found.text
        assert cid in http.get("/console/privacy", params={"conversation": cid}).text
        assert "Ingen samtale passer" in http.get("/console/privacy",
                                                  params={"ref": "NO-SUCH"}).text
        view = http.get(f"/console/privacy/conversations/{cid}")
        assert view.status_code == 200 and "hvad koster et pas" in view.text
        assert len(audit_rows(runtime, "transcript.view", cid)) == 1
        download = http.get(f"/console/privacy/conversations/{cid}/export")
        assert download.status_code == 200 and "attachment" in download.headers[
            "content-disposition"]
        data = json.loads(download.content)
        assert data["conversation"] == cid and data["reference"] == "BREV-RIGHTS-1"
        assert [t["question"] for t in data["turns"]] == ["hvad koster et pas",
                                                          "mit nummer er [TELEFON]"]
        assert len(audit_rows(runtime, "citizen.export", cid)) == 1
        # no confirmation: nothing happens
        unconfirmed = post(http, f"/console/privacy/conversations/{cid}/erase", data={})
        assert unconfirmed.status_code == 422 and exists(runtime, cid)
        # no CSRF token: refused
        assert http.post(f"/console/privacy/conversations/{cid}/erase",
                         data={"confirm": "ja"}).status_code == 403
        erased = post(http, f"/console/privacy/conversations/{cid}/erase", data={"confirm": "ja"})
        assert erased.status_code == 200 and "Samtalen er slettet" in erased.text
        assert not exists(runtime, cid)
        with runtime.db.read() as session:
            assert session.scalar(select(TurnRow).where(TurnRow.conversation_id == cid)) is None
        [row] = audit_rows(runtime, "citizen.erase", cid)
        assert row.actor == "aa-super" and row.details == {}
        assert "pas" not in json.dumps(row.details) + row.target
        assert http.get(f"/console/privacy/conversations/{cid}").status_code == 404


def test_other_municipality_and_other_roles(live_server, runtime, staff):
    odense = stored_conversation(runtime, "odense", [("pas", "Et pas ...")], ref="BREV-OD")
    with httpx.Client(base_url=live_server.url, timeout=30) as http:
        login(http, "aa-super", "aarhus")
        for path in (f"/console/privacy/conversations/{odense}",
                     f"/console/privacy/conversations/{odense}/export",
                     f"/console/conversations/{odense}"):
            assert http.get(path).status_code == 404, path
        assert post(http, f"/console/privacy/conversations/{odense}/erase",
                    data={"confirm": "ja"}).status_code == 404
        assert exists(runtime, odense)
        assert http.get("/console/privacy", params={"tenant": "odense"}).status_code == 403
        mine = http.get("/console/privacy", params={"ref": "BREV-OD"}).text
        assert odense not in mine and "Ingen samtale passer" in mine
    for username in ("aa-agent", "aa-viewer", "c-editor"):
        with httpx.Client(base_url=live_server.url, timeout=30) as http:
            login(http, username, "" if username.startswith("c-") else "aarhus")
            assert http.get("/console/privacy").status_code == 403
            assert http.get(f"/console/conversations/{odense}").status_code == 403
    with httpx.Client(base_url=live_server.url, timeout=30) as http:
        login(http, "c-admin")  # central: every municipality
        assert odense in http.get("/console/privacy", params={"ref": "BREV-OD"}).text
        assert http.get(f"/console/conversations/{odense}").status_code == 200


def test_transcript_view_is_audited_on_every_view(live_server, runtime, staff):
    cid = stored_conversation(runtime, "aarhus", [("storskrald", "Bestil afhentning.")])
    with httpx.Client(base_url=live_server.url, timeout=30) as http:
        login(http, "aa-super", "aarhus")
        for _ in range(2):
            view = http.get(f"/console/conversations/{cid}")
            assert view.status_code == 200 and "storskrald" in view.text
            assert "Slet samtalen" not in view.text
    assert len(audit_rows(runtime, "transcript.view", cid)) == 2


def test_cli_export_and_erase_by_reference(runtime):
    from muni.cli import app

    cid = stored_conversation(runtime, "vejle", [("pas", "Et pas ...")], ref="BREV-CLI")
    env = {"MUNI_DATA_DIR": str(runtime.settings.data_dir),
           "MUNI_DATABASE_URL": runtime.settings.resolved_database_url}
    exported = CliRunner().invoke(app, ["citizen", "export", "--tenant", "vejle", "--ref",
                                        "BREV-CLI"], env=env)
    assert exported.exit_code == 0, exported.output
    assert json.loads(exported.stdout)["conversation"] == cid
    wrong = CliRunner().invoke(app, ["citizen", "erase", "--tenant", "aarhus", "--conversation",
                                     cid, "--yes"], env=env)
    assert wrong.exit_code == 1 and exists(runtime, cid)  # another municipality's id
    neither = CliRunner().invoke(app, ["citizen", "erase", "--tenant", "vejle"], env=env)
    assert neither.exit_code == 2
    erased = CliRunner().invoke(app, ["citizen", "erase", "--tenant", "vejle", "--ref",
                                      "BREV-CLI", "--yes"], env=env)
    assert erased.exit_code == 0, erased.output
    assert not exists(runtime, cid)
    assert len(audit_rows(runtime, "citizen.erase", cid)) == 1


def test_transparency_page(client, runtime):
    page = client.get("/t/aarhus/om-chatbotten")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    text = page.text
    for expected in ("Om chatbotten hos Aarhus Kommune", "chatbot, ikke et menneske",
                     "kunstig intelligens", "90 dage", "artikel 50", "Datatilsynet",
                     "Mandag", "08:00-15:00", "89 40 20 00", "ingen generativ model",
                     f"{runtime.settings.callback_retention_days} dage"):
        assert expected in text, expected
    model = next(runtime.settings.models_dir.glob("nlu*.pkl")).name
    assert model in text  # the model file actually loaded
    assert ("multilingual-e5-small" in text) == (runtime.embedder is not None)
    assert client.get("/t/nowhere/om-chatbotten").status_code == 404
    settings = client.get("/api/tenants/aarhus/widget").json()
    assert settings["texts"]["da"]["about"] == "Om chatbotten"
    assert settings["texts"]["en"]["consent"].startswith("Yes, you may keep")


def test_transparency_page_shows_the_tenant_retention_and_the_llm(runtime):
    from dataclasses import replace

    from muni.privacy.transparency import transparency
    from muni.store.tables import TenantRow
    from muni.store.tenants import TenantRepository

    with runtime.db.session() as session:
        row = session.scalar(select(TenantRow).where(TenantRow.slug == "odense"))
        saved = dict(row.config)
        row.config = {**saved, "retention": {"transcripts_days": 30}}
    try:
        with runtime.db.read() as session:
            tenant = TenantRepository(session).by_slug("odense")
        assert transparency(runtime, tenant).retention_days == 30
        llm = replace(runtime, settings=runtime.settings.model_copy(
            update={"llm_base_url": "http://127.0.0.1:1/v1", "llm_model": "smollm2-360m"}))
        assert transparency(llm, tenant).llm_model == "smollm2-360m"
        assert transparency(runtime, tenant).llm_model is None
    finally:
        with runtime.db.session() as session:
            session.scalar(select(TenantRow).where(TenantRow.slug == "odense")).config = saved
