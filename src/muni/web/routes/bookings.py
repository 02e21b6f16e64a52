"""A booking's .ics file, for the citizen's own calendar: the link in the chat's booking
answer. The booking code is the key (like the code the citizen cancels with); an unknown code,
or another municipality's, is 404. Nothing personal is in the file (booking/ics.py)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from muni.booking.codes import is_code
from muni.booking.ics import booking_ics
from muni.booking.setup import BookingSetupError, setup_of
from muni.connectors.protocols import ConnectorUnavailable
from muni.web.deps import RuntimeDep, TenantDep, limited
from muni.web.errors import ApiError
from muni.web.openapi import errors

router = APIRouter(prefix="/api/tenants/{tenant}", tags=["chat"])

NOT_FOUND = ApiError(404, "unknown_booking", "Tiden findes ikke. / Unknown booking.")


@router.get(
    "/bookings/{code}.ics",
    response_class=Response,
    dependencies=[limited("messages")],
    responses={
        200: {"content": {"text/calendar": {}}, "description": "The booking as iCalendar"},
        **errors(404, 429, 503),
    },
)
def booking_calendar_file(tenant: TenantDep, runtime: RuntimeDep, code: str) -> Response:
    """The booking with this code as an .ics file (service, place, time, what to bring)."""
    code = code.upper()
    try:
        setup = setup_of(tenant)
    except BookingSetupError:
        setup = None
    calendar = runtime.connectors.calendar(tenant)
    if not is_code(code) or setup is None or calendar is None:
        raise NOT_FOUND
    try:
        booking = calendar.find(tenant, code)
    except ConnectorUnavailable:
        raise ApiError(
            503,
            "calendar_unavailable",
            "Kalenderen svarer ikke lige nu. Prøv igen senere. / The calendar is not answering; "
            "please try again later.",
        ) from None
    if booking is None:
        raise NOT_FOUND
    return Response(
        booking_ics(tenant, setup, booking),
        media_type="text/calendar; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="tid-{code}.ics"',
            "Cache-Control": "no-store",
        },
    )
