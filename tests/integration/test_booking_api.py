"""Booking over the HTTP chat API on the live server with the embedded calendar: book,
download the .ics file (parsed with icalendar), move, cancel; another tenant's code is 404;
and the name and phone sent with the booking form are in booking_contacts and in no turn,
conversation context or log line."""

from __future__ import annotations

import logging

import icalendar
import pytest
from sqlalchemy import select

from muni.store.tables import BookingContactRow, ConversationRow, TurnRow
from tests.integration.booking_helpers import calendar_ready  # noqa: F401

pytestmark = pytest.mark.usefixtures("calendar_ready")

NAME, PHONE = "Inger Støjberg-Testesen", "+45 61 72 83 94"


def _start(client, tenant: str = "aarhus") -> str:  # type: ignore[no-untyped-def]
    response = client.post(f"/api/tenants/{tenant}/conversations", json={})
    assert response.status_code == 201
    return response.json()["id"]


def _say(client, conversation: str, text: str, tenant: str = "aarhus", **extra):  # type: ignore[no-untyped-def]
    response = client.post(
        f"/api/tenants/{tenant}/conversations/{conversation}/messages", json={"text": text, **extra}
    )
    assert response.status_code == 200, response.text
    return response.json()["answer"]


def _press(  # type: ignore[no-untyped-def]
    client,
    conversation: str,
    answer: dict,
    index: int = 0,
    label: str | None = None,
    tenant="aarhus",
):  # type: ignore[no-untyped-def]
    buttons = answer["quick_replies"]
    button = next(b for b in buttons if b["label"] == label) if label else buttons[index]
    return _say(client, conversation, button["message"], tenant, flow=button["flow"])


def _book(client, conversation: str, tenant: str = "aarhus", place: str | None = None) -> dict:  # type: ignore[no-untyped-def]
    answer = _say(client, conversation, "jeg skal bestille tid til pas", tenant)
    assert answer["origin"] == "flow", answer
    if place:
        answer = _press(client, conversation, answer, label=place, tenant=tenant)
    answer = _press(client, conversation, answer, 0, tenant=tenant)
    assert answer["action"] == "book_contact"
    return _say(
        client,
        conversation,
        "Bekræft tiden",
        tenant,
        flow="booking:confirm",
        contact={"name": NAME, "phone": PHONE},
    )


def _code(answer: dict) -> str:
    link = answer["links"][0]["url"]
    return link.rsplit("/", 1)[1].removesuffix(".ics")


def test_book_download_move_and_cancel_over_the_api(
    client,
    runtime,
    caplog,
) -> None:
    caplog.set_level(logging.DEBUG)
    conversation = _start(client)
    done = _book(client, conversation, place="Borgerservice Dokk1")
    assert done["status"] == "answered" and done["topic"] == "pas"
    code = _code(done)
    assert code in done["text"] and "Hack Kampmanns Plads 2" in done["text"]

    ics = client.get(f"/api/tenants/aarhus/bookings/{code}.ics")
    assert ics.status_code == 200
    assert ics.headers["content-type"].startswith("text/calendar")
    assert "attachment" in ics.headers["content-disposition"]
    event = next(iter(icalendar.Calendar.from_ical(ics.content).walk("VEVENT")))
    assert code in str(event["description"]) and "Dokk1" in str(event["location"])
    assert event.decoded("dtstart").tzinfo is not None
    assert NAME not in ics.text and PHONE not in ics.text
    assert client.get(f"/api/tenants/aarhus/bookings/{code.lower()}.ics").status_code == 200
    assert client.get(f"/api/tenants/odense/bookings/{code}.ics").status_code == 404
    assert client.get("/api/tenants/aarhus/bookings/ZZZ22Z.ics").status_code == 404
    assert client.get("/api/tenants/aarhus/bookings/nonsense.ics").status_code == 404

    with runtime.db.read() as session:
        contact = session.scalar(select(BookingContactRow).where(BookingContactRow.code == code))
    assert contact is not None and (contact.name, contact.phone) == (NAME, PHONE)

    answer = _say(client, conversation, f"jeg vil flytte min tid {code}")
    assert "Vælg en ny tid" in answer["text"]
    moved = _press(client, conversation, answer, 1)
    new_code = _code(moved)
    assert new_code != code and "flyttet" in moved["text"]
    assert client.get(f"/api/tenants/aarhus/bookings/{code}.ics").status_code == 404
    with runtime.db.read() as session:
        codes = set(session.scalars(select(BookingContactRow.code)))
    assert new_code in codes and code not in codes

    answer = _say(client, conversation, f"aflys min tid {new_code}")
    cancelled = _press(client, conversation, answer, label="Ja, aflys tiden")
    assert "er aflyst" in cancelled["text"]
    assert client.get(f"/api/tenants/aarhus/bookings/{new_code}.ics").status_code == 404
    with runtime.db.read() as session:
        assert new_code not in set(session.scalars(select(BookingContactRow.code)))

    # the name and phone are nowhere but booking_contacts: no turn, context or log line
    with runtime.db.read() as session:
        turns = session.scalars(select(TurnRow).where(TurnRow.conversation_id == conversation))
        stored = " ".join(f"{t.question} {t.answer} {t.details}" for t in turns)
        context = session.scalar(
            select(ConversationRow.context).where(ConversationRow.id == conversation)
        )
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in (NAME, PHONE, "61 72 83 94", "Støjberg"):
        assert secret not in stored and secret not in str(context) and secret not in logged
    transcript = client.get(f"/api/tenants/aarhus/conversations/{conversation}").text
    assert NAME not in transcript and PHONE not in transcript


def test_a_question_about_booking_keeps_its_curated_answer(client) -> None:
    conversation = _start(client)
    answer = _say(client, conversation, "hvor langt frem kan man bestille tid?")
    assert answer["origin"] != "flow"


def test_another_tenants_code_is_unknown_in_the_chat(client) -> None:
    code = _code(_book(client, _start(client, "odense"), "odense"))
    answer = _say(client, _start(client), f"aflys min tid {code}")
    assert "kan ikke finde en tid" in answer["text"]
    assert client.get(f"/api/tenants/odense/bookings/{code}.ics").status_code == 200


def test_the_calendar_down_is_an_honest_answer_not_an_error(client, runtime, monkeypatch) -> None:
    from muni.connectors.fakes import FakeCalendar

    monkeypatch.setattr(runtime.connectors, "calendar", lambda tenant: FakeCalendar(down=True))
    answer = _say(client, _start(client), "jeg skal bestille tid til kørekort")
    assert answer["origin"] == "flow" and answer["status"] == "unanswered"
    assert "kalenderen ikke svarer" in answer["text"] and "89 40 20 00" in answer["text"]
    assert answer["links"][0]["url"].startswith("https://")
    assert client.get("/api/tenants/aarhus/bookings/K4M29X.ics").status_code == 503
