"""Cancelling or moving a booking by its code.

    "aflys min tid K4M29X" → the booking, "Ja, aflys tiden" / "Nej, behold tiden" → cancelled
    (and its name and phone forgotten). "jeg vil flytte min tid" → the code is asked for (flow
    state {"step": "code"}) → the free times at the same place → the new time is booked first,
    then the old one cancelled, so the citizen never has none; the code changes. "jeg har glemt
    min bookingkode" → where the code is, and whom to call.

An unknown code says so and lets the citizen type it again; a calendar that is down gives
the honest answer with the phone number and the booking page.
"""

from __future__ import annotations

import logging
from datetime import datetime

from muni.answering.flows.base import FlowReply
from muni.answering.flows.booking_turn import BookingTurn
from muni.connectors.protocols import ConnectorUnavailable, SlotTaken
from muni.domain import QuickReply
from muni.texts import say

# the flow's own logger, as before cancel and move had a module of their own
log = logging.getLogger("muni.answering.flows.booking")


def lost_code(turn: BookingTurn) -> FlowReply:
    """ "jeg har glemt min bookingkode": where the code is, and whom to call."""
    text = say("booking_lost_code", turn.lang, phone=turn.phone() or "kommunen")
    return FlowReply(turn.reply(text, links=turn.web_link()), {"step": "code", "intent": "cancel"})


def manage(turn: BookingTurn, intent: str, code: str | None, page: int = 0) -> FlowReply:
    """Cancel ("cancel") or move ("move") the booking with this code: ask for the code, ask
    to confirm the cancelling, or offer the free times to move it to."""
    if not code:
        return FlowReply(
            turn.reply(say("booking_ask_code", turn.lang), links=turn.web_link()),
            {"step": "code", "intent": intent},
        )
    try:
        booking = turn.find(code)
    except ConnectorUnavailable:
        return turn.down()
    if booking is None:
        text = say("booking_unknown_code", turn.lang, code=code.upper())
        return FlowReply(turn.reply(text, status="unanswered"), {"step": "code", "intent": intent})
    service = turn.setup.services.get(booking.service)
    topic = service.topic if service else "tidsbestilling"
    if intent == "cancel":
        yes, no = say("booking_cancel_yes", turn.lang), say("booking_keep", turn.lang)
        text = say("booking_cancel_ask", turn.lang, **turn.describe(booking))
        buttons = (
            QuickReply(yes, yes, flow=f"booking:cancel:{booking.code}"),
            QuickReply(no, no, flow="booking:keep"),
        )
        return FlowReply(turn.reply(text, topic, quick=buttons), {"step": "cancel"})
    location = turn.setup.locations.get(booking.location)
    if service is None or location is None:
        return turn.start_again()
    return turn.slots(service, location, page, moving=booking)


def cancel(turn: BookingTurn, code: str) -> FlowReply:
    """ "Ja, aflys tiden" was pressed: cancel the booking and forget its name and phone."""
    try:
        booking = turn.find(code)
        if booking is None or not turn.calendar.cancel(turn.tenant, booking.code):
            text = say("booking_unknown_code", turn.lang, code=code.upper())
            return FlowReply(turn.reply(text, status="unanswered"), None)
    except ConnectorUnavailable:
        return turn.down()
    if turn.contacts is not None:
        turn.contacts.forget(turn.tenant, booking.code)
    service = turn.setup.services.get(booking.service)
    text = say("booking_cancelled", turn.lang, **turn.describe(booking))
    return FlowReply(turn.reply(text, service.topic if service else "tidsbestilling"), None)


def move(turn: BookingTurn, code: str, slot: datetime | None) -> FlowReply:
    """Book the new time first, then cancel the old one: the citizen never has none."""
    try:
        old = turn.find(code)
    except ConnectorUnavailable:
        return turn.down()
    if old is None:
        text = say("booking_unknown_code", turn.lang, code=code.upper())
        return FlowReply(turn.reply(text, status="unanswered"), None)
    service = turn.setup.services.get(old.service)
    location = turn.setup.locations.get(old.location)
    if service is None or location is None:
        return turn.start_again()
    if slot is None or not turn.bookable(location, slot):
        return turn.slots(service, location, 0, moving=old, preface=say("booking_taken", turn.lang))
    try:
        new = turn.book(service.slug, location, slot, old.subject)
    except SlotTaken:
        return turn.slots(service, location, 0, moving=old, preface=say("booking_taken", turn.lang))
    except ConnectorUnavailable:
        return turn.down(service.topic)
    try:
        turn.calendar.cancel(turn.tenant, old.code)
    except ConnectorUnavailable:
        # the new time holds; the old one could not be freed now: undo the new one
        try:
            turn.calendar.cancel(turn.tenant, new.code)
        except ConnectorUnavailable:
            log.warning("booking move: %s left booked after an outage", new.code)
        return turn.down(service.topic)
    if turn.contacts is not None:
        turn.contacts.moved(turn.tenant, old.code, new.code, new.ends_at)
    return FlowReply(turn.booked_answer("booking_moved", new, service), None)
