"""The phone channel's webhook as a contact centre's telephony platform calls it: a shared
secret (Bearer or HMAC of the body), the greeting, a multi-turn call where a pressed digit
sends the answer's quick reply, 0 for a person, # to hang up, bad input, one conversation
per call and per municipality, and a caller who is put through when muni fails."""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid

import pytest
from sqlalchemy import select

from muni.channels.signing import signing_key
from muni.store.tables import ConversationRow, TurnRow
from muni.voice.phone import call_ref
from tests.integration.voice_helpers import tenant_connectors

AARHUS_KEY, ODENSE_KEY = "aarhus-phone-secret", "odense-phone-secret"


@pytest.fixture
def phones(runtime, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MUNI_TEST_PHONE_AARHUS", AARHUS_KEY)
    monkeypatch.setenv("MUNI_TEST_PHONE_ODENSE", ODENSE_KEY)
    with tenant_connectors(runtime, "aarhus", phone={"secret_env": "MUNI_TEST_PHONE_AARHUS"}):
        with tenant_connectors(runtime, "odense", phone={"secret_env": "MUNI_TEST_PHONE_ODENSE"}):
            yield


def call(client, body, slug="aarhus", key=AARHUS_KEY):  # type: ignore[no-untyped-def]
    headers = {"authorization": f"Bearer {key}"} if key else {}
    return client.post(f"/api/tenants/{slug}/phone", json=body, headers=headers)


def new_call() -> str:
    return f"call-{uuid.uuid4().hex}"


def conversation_of(runtime, call_id: str, slug: str = "aarhus"):  # type: ignore[no-untyped-def]
    with runtime.db.read() as session:
        rows = session.scalars(
            select(ConversationRow).where(
                ConversationRow.channel_ref == call_ref(signing_key(runtime.settings), call_id))
        ).all()
        turns = {
            row.id: [
                t.question
                for t in session.scalars(
                    select(TurnRow).where(TurnRow.conversation_id == row.id).order_by(TurnRow.seq)
                )
            ]
            for row in rows
        }
        return rows, turns


def test_a_call_greets_answers_and_a_digit_sends_the_quick_reply(client, runtime, phones):
    call_id = new_call()
    hello = call(client, {"call_id": call_id}).json()
    assert "digital assistent, ikke et menneske" in hello["speak"]
    assert hello["options"] == [{"digit": "0", "label": "Tal med en medarbejder"}]

    first = call(client, {"call_id": call_id, "text": "affald"}).json()
    labels = [o["label"] for o in first["options"]]
    assert first["options"][0] == {"digit": "1", "label": labels[0]} and len(labels) >= 3
    assert first["options"][-1]["digit"] == "0" and len(first["options"]) <= 10
    assert f"{labels[0].rstrip('.?')}. Tryk 1." in first["speak"].replace("?", ".")
    assert first["speak"].endswith("Tal med en medarbejder. Tryk 0.")
    assert labels.count("Tal med en medarbejder") == 1  # the quick reply is 0, not a digit too
    assert "http" not in first["speak"] and "**" not in first["speak"]
    assert (first["handoff"], first["end"]) == (False, False)

    second = call(client, {"call_id": call_id, "digits": "3"}).json()  # "Hvordan sorterer jeg?"
    assert second["conversation_id"] == first["conversation_id"] == hello["conversation_id"]
    rows, turns = conversation_of(runtime, call_id)
    [row] = rows
    assert row.channel == "phone" and call_id not in (row.channel_ref or "")
    assert turns[row.id] == ["affald", labels[2]]

    bye = call(client, {"call_id": call_id, "digits": "#"}).json()
    assert bye["end"] is True and "Farvel" in bye["speak"]


def test_a_second_question_is_offered_as_digit_1_and_pressing_it_answers_it(client, phones):
    call_id = new_call()
    first = call(client, {"call_id": call_id,
                          "text": "hvad koster et pas? og hvornår har borgerservice åbent"}).json()
    assert "893 kr." in first["speak"]
    assert first["options"][0] == {"digit": "1", "label": "Åbningstider og kontakt"}
    assert ("Du spurgte også om Åbningstider og kontakt. Vælg det, så svarer jeg på det. "
            "Åbningstider og kontakt. Tryk 1.") in first["speak"]
    second = call(client, {"call_id": call_id, "digits": "1"}).json()
    assert "10-15" in second["speak"]


def test_a_call_id_that_is_a_phone_number_cannot_be_found_by_hashing_numbers(client, runtime,
                                                                           phones):
    import hashlib

    call_id = "+4520304050"  # some platforms use the caller's number as the call's id
    assert call(client, {"call_id": call_id}).status_code == 200
    rows, _turns = conversation_of(runtime, call_id)
    [row] = rows
    stored = row.channel_ref or ""
    assert "20304050" not in stored
    for plain in (call_id, "20304050", "4520304050"):  # what an attacker would hash and try
        assert hashlib.sha256(plain.encode()).hexdigest()[:40] not in stored


def test_a_digit_with_no_choice_repeats_the_menu(client, phones):
    call_id = new_call()
    call(client, {"call_id": call_id, "text": "flytning"})
    again = call(client, {"call_id": call_id, "digits": "9"}).json()
    assert again["speak"].startswith("Den tast kan du ikke vælge her.")
    assert again["speak"].endswith("Tal med en medarbejder. Tryk 0.")


def test_zero_or_asking_for_a_person_hands_the_call_over(client, phones):
    call_id = new_call()
    pressed = call(client, {"call_id": call_id, "digits": "0"}).json()
    assert pressed["handoff"] is True and "medarbejder" in pressed["speak"]
    asked = call(client, {"call_id": new_call(), "text": "jeg vil tale med en medarbejder"}).json()
    assert asked["handoff"] is True and asked["options"] == []


def test_an_english_question_gets_an_english_menu(client, phones):
    reply = call(client, {"call_id": new_call(), "text": "how do I renew my passport?"}).json()
    assert reply["speak"].endswith("Talk to a member of staff. Press 0.")


@pytest.mark.parametrize("key", [None, "wrong", ODENSE_KEY])
def test_a_missing_or_wrong_secret_is_refused(client, runtime, phones, key):
    call_id = new_call()
    response = call(client, {"call_id": call_id, "text": "affald"}, key=key)
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    assert conversation_of(runtime, call_id)[0] == []


def test_a_tenant_without_a_phone_setup_refuses_every_call(client, runtime):
    response = call(client, {"call_id": new_call(), "text": "affald"}, key="")
    assert response.status_code == 401
    assert call(client, {"call_id": new_call()}, key="anything").status_code == 401


def test_an_hmac_signature_of_the_body_is_taken(client, phones):
    body = json.dumps({"call_id": new_call(), "text": "affald"}).encode()
    good = "sha256=" + hmac.new(AARHUS_KEY.encode(), body, hashlib.sha256).hexdigest()
    ok = client.post(
        "/api/tenants/aarhus/phone",
        content=body,
        headers={"x-muni-signature": good, "content-type": "application/json"},
    )
    assert ok.status_code == 200 and ok.json()["options"]
    bad = client.post(
        "/api/tenants/aarhus/phone",
        content=body + b" ",
        headers={"x-muni-signature": good, "content-type": "application/json"},
    )
    assert bad.status_code == 401


@pytest.mark.parametrize(
    "body",
    [
        {"text": "affald"},
        {"call_id": "", "text": "affald"},
        {"call_id": "c1", "text": "affald", "digits": "1"},
        {"call_id": "c1", "digits": "abc"},
        {"call_id": "c1", "text": 5},
        [],
        "not an object",
    ],
)
def test_bad_input_is_422_never_a_crash(client, phones, body):
    response = call(client, body)
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_request"


def test_a_body_that_is_not_json_is_422(client, phones):
    response = client.post(
        "/api/tenants/aarhus/phone",
        content=b"call_id=1",
        headers={"authorization": f"Bearer {AARHUS_KEY}"},
    )
    assert response.status_code == 422


def test_the_same_call_id_in_two_municipalities_is_two_conversations(client, runtime, phones):
    call_id = new_call()
    aarhus = call(client, {"call_id": call_id, "text": "affald"}).json()
    odense = call(client, {"call_id": call_id, "text": "affald"}, "odense", ODENSE_KEY).json()
    assert aarhus["conversation_id"] != odense["conversation_id"]
    assert "Aarhus" in aarhus["speak"] and "Aarhus" not in odense["speak"]
    pressed = call(client, {"call_id": call_id, "digits": "1"}, "odense", ODENSE_KEY).json()
    assert pressed["conversation_id"] == odense["conversation_id"]
    rows, turns = conversation_of(runtime, call_id)
    assert len(rows) == 2 and sorted(len(t) for t in turns.values()) == [1, 2]


def test_when_muni_fails_the_caller_is_put_through_not_dropped(
    client, runtime, phones, monkeypatch
):
    def broken(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("database on fire")

    monkeypatch.setattr(type(runtime.turns), "answer", broken)
    reply = call(client, {"call_id": new_call(), "text": "affald"})
    assert reply.status_code == 200
    assert reply.json()["handoff"] is True and "fejl" in reply.json()["speak"]
