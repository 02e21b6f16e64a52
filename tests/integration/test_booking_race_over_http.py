"""No double booking, end to end: 50 citizens, each in their own conversation through the chat
API of `muni serve --workers 2` on PostgreSQL, choose the same last free place (a slot of
capacity 1) and confirm at the same moment. Exactly one gets a booking code; the other 49 are
told the time was just taken and are offered other times; nobody gets an error."""

from __future__ import annotations

import re
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import create_engine, text

from muni.config import Settings
from tests.conftest import _fresh_postgres_database, muni_server

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
CITIZENS = 50
NO_LIMITS = {f"MUNI_{name.upper()}": "0" for name in Settings.model_fields
             if name.startswith("limit_")} | {"MUNI_RATE_LIMIT_PER_MINUTE": "0"}
CODE = re.compile(r"Din kode: ([A-Z0-9]{6})")


def say(http: httpx.Client, conversation: str, text_: str, flow: str | None = None,
        contact: dict[str, str] | None = None) -> dict:
    response = http.post(f"/api/tenants/aarhus/conversations/{conversation}/messages",
                         json={"text": text_, "flow": flow, "contact": contact})
    assert response.status_code == 200, response.text
    return response.json()["answer"]


def button(answer: dict, starts: str) -> dict:
    return next(q for q in answer["quick_replies"] if (q.get("flow") or "").startswith(starts))


def test_fifty_citizens_confirm_the_same_slot_and_one_wins(runtime, postgres_server, tmp_path):
    url = _fresh_postgres_database(postgres_server)
    data = tmp_path / "data"
    shutil.copytree(runtime.settings.models_dir, data / "models")
    env = NO_LIMITS | {"MUNI_DATABASE_URL": url, "MUNI_MAX_CONCURRENT_REQUESTS": "32",
                       "MUNI_QUEUE_WAIT_SECONDS": "30", "MUNI_DB_POOL_TIMEOUT": "30"}
    with muni_server(data, "serve", "--workers", "2", env=env) as base, \
            httpx.Client(base_url=base, timeout=60) as http:
        # one citizen finds the first free time at the small library branch (capacity 1)
        first = http.post("/api/tenants/aarhus/conversations", json={}).json()["id"]
        places = say(http, first, "jeg skal bestille tid til pas")
        lystrup = next(q for q in places["quick_replies"] if "Lystrup" in q["label"])
        slots = say(http, first, lystrup["message"], lystrup["flow"])
        slot = button(slots, "booking:slot:")

        # 50 citizens choose that time, each in their own conversation
        conversations = [http.post("/api/tenants/aarhus/conversations", json={}).json()["id"]
                         for _ in range(CITIZENS)]
        for conversation in conversations:
            chosen = say(http, conversation, slot["message"], slot["flow"])
            assert chosen["action"] == "book_contact", chosen["text"]

        # ... and confirm at the same moment
        start = threading.Barrier(CITIZENS)

        def confirm(i: int) -> dict:
            with httpx.Client(base_url=base, timeout=60) as own:
                start.wait()
                return say(own, conversations[i], "Bekræft tiden", "booking:confirm",
                           {"name": f"Borger {i}", "phone": f"2{i:07d}"})

        with ThreadPoolExecutor(CITIZENS) as pool:
            answers = list(pool.map(confirm, range(CITIZENS)))

    won = [a for a in answers if CODE.search(a["text"])]
    lost = [a for a in answers if not CODE.search(a["text"])]
    assert len(won) == 1, [a["text"][:80] for a in won]
    assert len(lost) == CITIZENS - 1
    for answer in lost:  # told plainly, and offered other times
        assert answer["origin"] == "flow", answer["text"]
        assert "nåede en anden at bestille" in answer["text"], answer["text"]
        assert any((q.get("flow") or "").startswith("booking:slot:")
                   for q in answer["quick_replies"])
    engine = create_engine(url)
    with engine.connect() as connection:
        held = connection.execute(text(
            "SELECT count(*) FROM bookings WHERE location = 'lystrup'")).scalar_one()
        contacts = connection.execute(text("SELECT count(*) FROM booking_contacts")).scalar_one()
    engine.dispose()
    assert held == 1 and contacts == 1
