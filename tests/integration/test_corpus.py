"""The training corpus over real HTTP and a real database: the consent API, `muni corpus
export` and the console's export button write a folder that `datasets` loads, holding only
consented conversations with no CPR number, phone number or e-mail address left in any string;
a conversation whose stored text still has a CPR number is refused and counted."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
from sqlalchemy import select
from typer.testing import CliRunner

from muni.corpus.check import scan
from muni.corpus.export import JSONL, PARQUET, export_corpus
from muni.store.tables import AuditRow, ConversationRow
from tests.integration.console_helpers import add_every_role, login, post
from tests.integration.privacy_helpers import stored_conversation, strings, tenant_id


def chat(client, slug: str, *questions: str, consent: bool | None = None) -> str:
    cid = client.post(f"/api/tenants/{slug}/conversations").json()["id"]
    for question in questions:
        response = client.post(f"/api/tenants/{slug}/conversations/{cid}/messages",
                               json={"text": question})
        assert response.status_code == 200, response.text
    if consent is not None:
        response = client.post(f"/api/tenants/{slug}/conversations/{cid}/consent",
                              json={"consent": consent})
        assert response.status_code == 200, response.text
    return cid


def test_consent_is_off_until_given_and_can_be_taken_back(client, runtime):
    cid = chat(client, "aarhus", "hvad koster et pas")
    with runtime.db.read() as session:
        assert session.get(ConversationRow, cid).corpus_consent is False
    given = client.post(f"/api/tenants/aarhus/conversations/{cid}/consent", json={"consent": True})
    assert given.status_code == 200 and given.json()["consent"] is True
    assert given.json()["consent_at"]
    with runtime.db.read() as session:
        row = session.get(ConversationRow, cid)
        assert row.corpus_consent is True and row.consent_at is not None
    taken = client.post(f"/api/tenants/aarhus/conversations/{cid}/consent", json={"consent": False})
    assert taken.json() == {"conversation_id": cid, "consent": False, "consent_at": None}
    # another municipality's conversation, an unknown one, a bad body
    assert client.post(f"/api/tenants/odense/conversations/{cid}/consent",
                      json={"consent": True}).status_code == 404
    assert client.post("/api/tenants/aarhus/conversations/nope/consent",
                      json={"consent": True}).status_code == 404
    assert client.post(f"/api/tenants/aarhus/conversations/{cid}/consent",
                      json={"consent": "maybe"}).status_code == 422
    with runtime.db.read() as session:
        assert session.get(ConversationRow, cid).corpus_consent is False


def test_consent_route_is_in_the_openapi_document(client):
    spec = client.get("/openapi.json").json()
    path = "/api/tenants/{tenant}/conversations/{conversation_id}/consent"
    operation = spec["paths"][path]["post"]
    assert operation["description"] and {"200", "404", "422", "429"} <= set(operation["responses"])


def check_export(out: Path, must_have: set[str], must_not: set[str]) -> list[dict]:
    from datasets import load_dataset

    loaded = load_dataset("parquet", data_files=str(out / "data" / "*.parquet"),
                          cache_dir=str(out.parent / f"hf-cache-{out.name}"))["train"]
    rows = [loaded[i] for i in range(len(loaded))]
    assert rows and len(rows) == pq.read_table(out / PARQUET).num_rows
    jsonl = [json.loads(line) for line in (out / JSONL).read_text().splitlines()]
    assert [r["id"] for r in jsonl] == [r["id"] for r in rows]
    texts = [t for r in rows for t in strings(r)] + [t for r in jsonl for t in strings(r)]
    assert [t for t in texts if scan(t)] == []  # no CPR, phone or e-mail anywhere
    questions = {turn["question"] for r in rows for turn in r["turns"]}
    assert must_have <= questions and not (must_not & questions)
    for row in rows:
        assert set(row) == {"id", "tenant", "channel", "language", "created_month", "rating",
                            "turns"}
        assert len(row["created_month"]) == 7 and len(row["id"]) == 32
    card = (out / "README.md").read_text()
    assert card.startswith("---\nlicense: cc-by-4.0") and "path: data/train-*.parquet" in card
    assert "Ja, I må gemme samtalen uden personlige oplysninger" in card
    return rows


def test_export_has_only_consented_clean_conversations_and_refuses_a_redaction_miss(
        client, runtime, tmp_path):
    yes = chat(client, "aarhus", "hvad koster et pas", "mit nummer er 20 30 40 50",
               consent=True)
    no = chat(client, "aarhus", "hvornår kommer skraldebilen", consent=False)
    untouched = chat(client, "aarhus", "hvordan får jeg et sundhedskort")
    # stored before a redaction fix: the CPR number and the e-mail are still in clear text
    missed = stored_conversation(runtime, "aarhus", [("mit cpr er 0101901234 hjælp",
                                                      "Skriv ikke dit CPR-nummer.")], consent=True)
    odense = stored_conversation(runtime, "odense", [("hvad koster et kørekort i odense", "Det "
                                                      "koster 280 kr.")], consent=True, rating=3)
    out = tmp_path / "corpus"
    report = export_corpus(runtime.db, out)
    rows = check_export(out, {"hvad koster et pas", "mit nummer er [TELEFON]",
                              "hvad koster et kørekort i odense"},
                        {"hvornår kommer skraldebilen", "hvordan får jeg et sundhedskort",
                         "mit cpr er 0101901234 hjælp"})
    assert report.refused >= 1 and report.refused_kinds["cpr"] >= 1
    assert report.exported == len(rows)
    with runtime.db.read() as session:
        consented = set(session.scalars(select(ConversationRow.id).where(
            ConversationRow.corpus_consent.is_(True))))
    assert {yes, missed, odense} <= consented and not ({no, untouched} & consented)
    assert not {r["id"] for r in rows} & {yes, no, untouched, missed, odense}  # fresh ids
    assert f"Afvist af tjekket: {report.refused}" in (out / "README.md").read_text()
    # one municipality only
    only = export_corpus(runtime.db, tmp_path / "odense", tenant_id=tenant_id(runtime, "odense"),
                         tenant_slug="odense")
    assert {r["tenant"] for r in check_export(tmp_path / "odense", {"hvad koster et kørekort i "
                                              "odense"}, {"hvad koster et pas"})} == {"odense"}
    assert only.refused == 0


def test_cli_export(runtime, tmp_path, client):
    from muni.cli import app

    chat(client, "vejle", "hvad koster et pas", consent=True)
    out = tmp_path / "cli"
    env = {"MUNI_DATA_DIR": str(runtime.settings.data_dir),
           "MUNI_DATABASE_URL": runtime.settings.resolved_database_url}
    result = CliRunner().invoke(app, ["corpus", "export", "--out", str(out), "--tenant", "vejle",
                                      "--since", "2020-01-01"], env=env)
    assert result.exit_code == 0, result.output
    assert "afvist" in result.output
    rows = check_export(out, {"hvad koster et pas"}, set())
    assert {r["tenant"] for r in rows} == {"vejle"}
    bad = CliRunner().invoke(app, ["corpus", "export", "--out", str(out), "--since", "igår"],
                             env=env)
    assert bad.exit_code == 2 and "ÅÅÅÅ-MM-DD" in bad.output


def test_console_button_downloads_a_zip_and_is_audited(live_server, runtime, client, tmp_path):
    import httpx

    add_every_role(runtime)
    chat(client, "aarhus", "hvornår har genbrugspladsen åbent", consent=True)
    with httpx.Client(base_url=live_server.url, timeout=60) as http:
        login(http, "c-editor")
        page = http.get("/console/corpus")
        assert page.status_code == 200 and "Byg og hent korpus" in page.text
        response = post(http, "/console/corpus/export", data={"tenant": "aarhus"})
        assert response.status_code == 200, response.text[:300]
        assert response.headers["content-type"] == "application/zip"
        assert "attachment" in response.headers["content-disposition"]
        zipfile.ZipFile(io.BytesIO(response.content)).extractall(tmp_path / "zip")
        rows = check_export(tmp_path / "zip", {"hvornår har genbrugspladsen åbent"}, set())
        assert {r["tenant"] for r in rows} == {"aarhus"}
        # no CSRF token: refused
        assert http.post("/console/corpus/export", data={}).status_code == 403
        assert post(http, "/console/corpus/export", data={"since": "x"}).status_code == 422
    with runtime.db.read() as session:
        row = session.scalars(select(AuditRow).where(AuditRow.action == "corpus.export")
                              .order_by(AuditRow.id.desc())).first()
    assert row.actor == "c-editor" and row.details["exported"] == len(rows)
    with httpx.Client(base_url=live_server.url, timeout=30) as http:
        login(http, "aa-super", "aarhus")  # a superuser has no corpus permission
        assert http.get("/console/corpus").status_code == 403
        assert post(http, "/console/corpus/export", data={}).status_code == 403
