"""Waste collection days over the chat HTTP API, with the demo register and calendars: the
address is asked for, remembered, ambiguous streets give buttons, unknown addresses are said
to be unknown, a connector that is down gives an honest answer (never a 5xx), and the
address typed is in no stored turn and no log line."""

from __future__ import annotations

import json
import logging

import httpx
import pytest

from muni.connectors.fakes import FakeAddressLookup, FakePickupSchedule


def _start(client: httpx.Client, tenant: str = "aarhus") -> str:
    response = client.post(f"/api/tenants/{tenant}/conversations", json={})
    assert response.status_code == 201
    return response.json()["id"]


def _ask(client: httpx.Client, conversation: str, text: str, tenant: str = "aarhus", **extra):
    response = client.post(
        f"/api/tenants/{tenant}/conversations/{conversation}/messages",
        json={"text": text, **extra},
    )
    assert response.status_code == 200, response.text
    return response.json()["answer"]


def _turns(client: httpx.Client, conversation: str, tenant: str = "aarhus") -> list[dict]:
    return client.get(f"/api/tenants/{tenant}/conversations/{conversation}").json()["turns"]


def test_the_address_is_asked_for_remembered_and_kept_out_of_the_transcript(
    client: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    conversation = _start(client)
    asked = _ask(client, conversation, "hvornår bliver mit skrald hentet")
    assert (asked["origin"], asked["topic"]) == ("flow", "affald")
    assert "tømningsdage i Aarhus Kommune. Hvilken adresse" in asked["text"]
    # the curated collection-days answer's link and buttons come along
    assert [link["title"] for link in asked["links"]] == ["Se dine tømningsdage"]
    assert "Min skraldespand blev ikke tømt" in [q["label"] for q in asked["quick_replies"]]
    days = _ask(client, conversation, "vestergade 12")
    assert days["origin"] == "flow" and days["status"] == "answered"
    assert "Vestergade 12, 8000 Aarhus C" in days["text"]
    for fraction in ("Restaffald og madaffald:", "Papir:", "Plast:", "Glas og metal:"):
        assert fraction in days["text"]
    assert any("aarhus.dk" in link["url"] for link in days["links"])
    again = _ask(client, conversation, "og hvornår kommer storskrald?")
    assert again["origin"] == "flow" and "Storskrald:" in again["text"].split("\n")[2]
    assert "adresse?" not in again["text"]
    turns = _turns(client, conversation)
    stored = json.dumps(turns, ensure_ascii=False).lower()
    assert "vestergade" not in stored
    assert turns[1]["question"] == "[ADRESSE]"
    logged = "\n".join(r.getMessage() for r in caplog.records).lower()
    assert "vestergade" not in logged


def test_the_address_in_the_question_answers_at_once(client: httpx.Client) -> None:
    conversation = _start(client, "odense")
    answer = _ask(
        client,
        conversation,
        "Hvornår kommer skraldemanden på Vestergade 12, 5000?",
        tenant="odense",
    )
    assert "Vestergade 12, 5000 Odense C" in answer["text"]
    assert _turns(client, conversation, "odense")[0]["question"] == (
        "Hvornår kommer skraldemanden på [ADRESSE]?"
    )


def test_an_ambiguous_street_gives_buttons(client: httpx.Client) -> None:
    conversation = _start(client)
    _ask(client, conversation, "tømning af skraldespand")
    choose = _ask(client, conversation, "skolevej 2")
    assert choose["status"] == "clarification"
    buttons = choose["quick_replies"]
    assert [b["label"] for b in buttons] == ["8260 Viby J", "8361 Hasselager"]
    days = _ask(client, conversation, buttons[1]["message"], flow=buttons[1]["flow"])
    assert "Skolevej 2, 8361 Hasselager" in days["text"] and "Papir:" in days["text"]
    assert "skolevej" not in json.dumps(_turns(client, conversation)).lower()


def test_an_unknown_address_and_one_in_another_municipality(client: httpx.Client) -> None:
    conversation = _start(client)
    _ask(client, conversation, "hvornår bliver mit skrald hentet")
    unknown = _ask(client, conversation, "Ukendtvej 99")
    assert unknown["status"] == "unanswered"
    assert "kan ikke finde adressen i Aarhus Kommune" in unknown["text"]
    other = _ask(client, conversation, "Kongensgade 3, 5000 Odense C")
    assert "5000 Odense C" in other["text"] and "hører ikke under Aarhus Kommune" in other["text"]


@pytest.mark.parametrize("down", ["addresses", "pickups"])
def test_a_connector_down_gives_an_honest_answer(
    client: httpx.Client, runtime, monkeypatch: pytest.MonkeyPatch, down: str
) -> None:
    broken = {
        "addresses": lambda tenant: FakeAddressLookup([], down=True),
        "pickups": lambda tenant: FakePickupSchedule({}, down=True),
    }[down]
    monkeypatch.setattr(runtime.connectors, down, broken)
    conversation = _start(client)
    answer = _ask(client, conversation, "hvornår bliver skraldet hentet på vestergade 12")
    assert answer["status"] == "unanswered" and answer["origin"] == "flow"
    assert "lige nu" in answer["text"] and answer["links"]


def test_questions_about_waste_keep_their_curated_answers(client: httpx.Client) -> None:
    conversation = _start(client)
    for text in ("hvad må jeg komme i papircontaineren?", "hvor er genbrugspladsen?"):
        answer = _ask(client, conversation, text)
        assert answer["origin"] != "flow"
