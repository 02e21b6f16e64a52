"""The `muni` command as a user runs it (a subprocess, the real entry point)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from muni.config import REPO_ROOT


def muni(*args: str, data_dir: Path, check: bool = True,
         input: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MUNI_DATA_DIR": str(data_dir), "NO_COLOR": "1", "COLUMNS": "200"}
    env.pop("MUNI_DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-m", "muni.cli", *args], env=env, text=True,
                            capture_output=True, timeout=600, cwd=REPO_ROOT, input=input)
    if check:
        assert result.returncode == 0, result.stderr + result.stdout
    return result


def test_content_check_passes_on_the_shipped_pack(tmp_path):
    result = muni("content", "check", data_dir=tmp_path)
    assert "62/62 emner" in result.stdout and "0 fejl" in result.stdout


def test_content_check_fails_on_a_broken_pack(tmp_path):
    import shutil

    shutil.copytree(REPO_ROOT / "content", tmp_path / "content")
    (tmp_path / "content" / "topics" / "pas.yaml").unlink()
    result = muni("content", "check", "--content-dir", str(tmp_path / "content"),
                  data_dir=tmp_path, check=False)
    assert result.returncode == 1
    assert "pas: topic has no content file" in result.stdout


@pytest.mark.slow
def test_eval_json_on_a_fresh_data_dir(runtime, data_dir, tmp_path):
    """`muni eval` initialises the database itself (here it reuses the trained model)."""
    cases = tmp_path / "cases.jsonl"
    cases.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in [
        {"text": "hvad koster et pas", "topic": "pas", "note": "ignored"},
        {"text": "hvem vinder superligaen", "topic": None},
        {"text": "hvornår er der storskrald", "topic": "storskrald"},
    ]) + "\n")
    result = muni("eval", str(cases), "--tenant", "aarhus", "--json", data_dir=data_dir)
    report = json.loads(result.stdout)
    totals = report["totals"]
    assert totals["items"] == 3 and totals["in_scope"] == 2 and totals["out_of_scope"] == 1
    assert set(totals) >= {"in_scope_accuracy", "clarification_rate",
                           "out_of_scope_refusal_accuracy", "latency_ms_p50", "latency_ms_p99"}
    first = report["items"][0]
    assert set(first) >= {"text", "expected", "topic", "origin", "status", "confidence", "ms"}
    assert (first["expected"], first["topic"]) == ("pas", "pas")
    table = muni("eval", str(cases), "--tenant", "aarhus", data_dir=data_dir)
    assert "in_scope_accuracy" in table.stdout


def test_eval_reports_bad_files_and_unknown_tenants(data_dir, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "pas", "topic": "pas"}\n{not json\n')
    result = muni("eval", str(bad), "--tenant", "aarhus", data_dir=data_dir, check=False)
    assert result.returncode == 2 and "bad.jsonl:2" in result.stderr


@pytest.mark.slow
def test_yaml_and_rasa_export_import_round_trip(runtime, data_dir, tmp_path):
    muni("export", str(tmp_path / "pack"), data_dir=data_dir)
    exported = yaml.safe_load((tmp_path / "pack" / "topics" / "pas.yaml").read_text())
    original = yaml.safe_load((REPO_ROOT / "content" / "topics" / "pas.yaml").read_text())
    assert exported["answer"] == {k: v.strip() for k, v in original["answer"].items()}
    assert exported["phrasings"] == original["phrasings"]
    assert [(s["id"], s["phrasings"], s["asks"]) for s in exported["sub_answers"]] == [
        (s["id"], s["phrasings"], s["asks"]) for s in original["sub_answers"]]

    # a separate database: import the exported pack, then Rasa data, then export again
    other = tmp_path / "other"
    muni("import", str(tmp_path / "pack"), data_dir=other)
    muni("export", str(tmp_path / "nlu.yml"), "--format", "rasa", data_dir=other)
    rasa = yaml.safe_load((tmp_path / "nlu.yml").read_text())
    assert rasa["version"] == "3.1"
    intents = {item["intent"]: item["examples"] for item in rasa["nlu"]}
    assert "- nyt pas" in intents["pas"] and "out_of_scope" in intents
    assert "- pas pris" in intents["pas/pris"]  # a sub-answer, as a Rasa retrieval intent

    rasa["nlu"] = [{"intent": "pas", "examples": "- pas [Aarhus](city)\n- nyt pas\n"},
                   {"intent": "pizza", "examples": "- en pizza\n"}]
    (tmp_path / "mine.yml").write_text(yaml.safe_dump(rasa, allow_unicode=True))
    result = muni("import", str(tmp_path / "mine.yml"), "--format", "rasa", data_dir=other)
    assert "pizza" in result.stderr
    muni("export", str(tmp_path / "again"), data_dir=other)
    again = yaml.safe_load((tmp_path / "again" / "topics" / "pas.yaml").read_text())
    assert again["phrasings"] == ["pas Aarhus", "nyt pas"]
    koerekort = yaml.safe_load((tmp_path / "again" / "topics" / "koerekort.yaml").read_text())
    assert koerekort["phrasings"] == original_phrasings("koerekort")


def original_phrasings(slug: str) -> list[str]:
    data = yaml.safe_load((REPO_ROOT / "content" / "topics" / f"{slug}.yaml").read_text())
    return data["phrasings"]


@pytest.fixture(scope="module")
def staff_dir(tmp_path_factory):
    """One data directory for the agent commands (initialised by the first command)."""
    return tmp_path_factory.mktemp("staff")


def twice(password: str) -> str:
    return f"{password}\n{password}\n"


def errors(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in (result.stdout + result.stderr).splitlines() if "fejl:" in line]


def test_agent_add_twice_is_one_clear_error(staff_dir):
    add = ("agent", "add", "--tenant", "aarhus", "--username", "bodil", "--name", "Bodil")
    first = muni(*add, data_dir=staff_dir, input=twice("en-god-adgangskode"))
    assert "Medarbejder bodil (agent) oprettet for aarhus" in first.stderr
    again = muni(*add, data_dir=staff_dir, input=twice("en-anden-adgangskode"), check=False)
    output = again.stdout + again.stderr
    assert again.returncode == 1
    assert "Traceback" not in output and "scrypt$" not in output and "IntegrityError" not in output
    assert errors(again) == ["fejl: medarbejderen bodil findes allerede i aarhus; ny adgangskode: "
                             "muni staff password --tenant aarhus --username bodil"]
    short = muni("agent", "add", "--tenant", "aarhus", "--username", "bo", "--name", "Bo",
                 data_dir=staff_dir, input=twice("kort"), check=False)
    assert short.returncode == 1
    assert errors(short) == ["fejl: adgangskoden skal være mindst 10 tegn"]
    unknown = muni("agent", "add", "--tenant", "atlantis", "--username", "bo", "--name", "Bo",
                   data_dir=staff_dir, input=twice("en-god-adgangskode"), check=False)
    assert unknown.returncode == 1 and errors(unknown) == ["fejl: ukendt kommune: atlantis"]


def test_staff_add_gives_every_role_in_its_place(staff_dir):
    central = muni("staff", "add", "--tenant", "-", "--username", "rikke", "--name", "Rikke",
                   "--role", "central_editor", data_dir=staff_dir,
                   input=twice("en-god-adgangskode"))
    assert "Medarbejder rikke (central_editor) oprettet for -" in central.stderr
    misplaced = muni("staff", "add", "--tenant", "aarhus", "--username", "boss", "--name", "B",
                     "--role", "platform_admin", data_dir=staff_dir,
                     input=twice("en-god-adgangskode"), check=False)
    assert misplaced.returncode == 1 and "hører ikke til en kommune" in errors(misplaced)[0]
    unknown_role = muni("staff", "add", "--tenant", "aarhus", "--username", "x", "--name", "X",
                        "--role", "boss", data_dir=staff_dir,
                        input=twice("en-god-adgangskode"), check=False)
    assert unknown_role.returncode == 1 and errors(unknown_role) == ["fejl: ukendt rolle: boss"]


def staff_database(data_dir: Path):
    from muni.store.database import Database

    return Database(f"sqlite:///{(data_dir / 'muni.db').resolve()}")


def test_agent_password_and_remove_end_the_agents_sessions(staff_dir):
    from datetime import UTC, datetime

    from sqlalchemy import func, select

    from muni.staff.passwords import check_password
    from muni.store.conversations import ConversationRepository
    from muni.store.handoffs import HandoffRepository
    from muni.store.staff import StaffRepository
    from muni.store.staff_sessions import StaffSessions
    from muni.store.tables import HandoffRow, StaffRow, StaffSessionRow
    from muni.store.tenants import TenantRepository

    muni("agent", "add", "--tenant", "odense", "--username", "svend", "--name", "Svend",
         data_dir=staff_dir, input=twice("en-god-adgangskode"))
    db = staff_database(staff_dir)

    def sessions() -> int:
        with db.session() as session:
            return session.scalar(select(func.count()).select_from(StaffSessionRow))

    with db.session() as session:
        odense = TenantRepository(session).by_slug("odense")
        svend = StaffRepository(session, odense).by_username("svend")
        sessions_store = StaffSessions(session)
        for _ in range(2):
            sessions_store.create(svend, datetime.now(UTC))
        conversation = ConversationRepository(session, odense).create()
        handoffs = HandoffRepository(session, odense)
        handoff = handoffs.create(conversation.id, "borgerservice", "asked")
        handoffs.set_status(handoff, "active", svend.id)
        handoff_id = handoff.id
    assert sessions() == 2

    new = muni("agent", "password", "--tenant", "odense", "--username", "svend",
               data_dir=staff_dir, input=twice("en-ny-adgangskode"))
    assert "2 aktive login afsluttet" in new.stderr and sessions() == 0
    with db.session() as session:
        stored = session.scalar(select(StaffRow.password_hash).where(StaffRow.username == "svend"))
    assert check_password("en-ny-adgangskode", stored)
    assert not check_password("en-god-adgangskode", stored)
    short = muni("agent", "password", "--tenant", "odense", "--username", "svend",
                 data_dir=staff_dir, input=twice("kort"), check=False)
    assert short.returncode == 1 and "mindst 10 tegn" in short.stderr
    nobody = muni("agent", "password", "--tenant", "odense", "--username", "ingen",
                  data_dir=staff_dir, input=twice("en-ny-adgangskode"), check=False)
    assert nobody.returncode == 1 and errors(nobody) == ["fejl: ingen medarbejder ingen i odense"]

    with db.session() as session:
        svend = session.scalar(select(StaffRow).where(StaffRow.username == "svend"))
        StaffSessions(session).create(svend, datetime.now(UTC))
    removed = muni("agent", "remove", "--tenant", "odense", "--username", "svend",
                   data_dir=staff_dir)
    assert "Medarbejder svend slettet for odense" in removed.stderr and sessions() == 0
    with db.session() as session:
        assert session.scalar(select(StaffRow).where(StaffRow.username == "svend")) is None
        kept = session.get(HandoffRow, handoff_id)
        assert kept is not None and kept.agent_id is None
    again = muni("agent", "remove", "--tenant", "odense", "--username", "svend",
                 data_dir=staff_dir, check=False)
    assert again.returncode == 1 and errors(again) == ["fejl: ingen medarbejder svend i odense"]
    elsewhere = muni("agent", "remove", "--tenant", "atlantis", "--username", "svend",
                     data_dir=staff_dir, check=False)
    output = elsewhere.stdout + elsewhere.stderr
    assert elsewhere.returncode == 1 and "ukendt kommune: atlantis" in output
    assert "Traceback" not in output
    db.dispose()
