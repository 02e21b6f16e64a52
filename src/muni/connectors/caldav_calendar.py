"""The CalDAV calendar: bookings kept in the municipality's own calendar server (Exchange
through a CalDAV gateway, Nextcloud, SOGo, Radicale ...), so staff see them where they
already plan their day.

One VEVENT per booking, with nothing personal in it:

    UID = the booking code      SUMMARY = the service id (e.g. "pas")
    LOCATION = the location id  DTSTART / DTEND in UTC
    X-MUNI-TENANT = the tenant's slug (keeps tenants apart if they share a calendar)

The citizen's name and phone stay in muni's database (booking_contacts); the logged-in
citizen's pseudonym is not written either, so `find()` returns bookings with subject None.

Double booking: CalDAV has no "insert if fewer than n", so `book()` writes, then checks:
it refuses at once when `capacity` events already start at that time; otherwise it writes its
event and reads the slot again. If another writer got in at the same moment and the slot now
holds more than `capacity` events, it deletes its own event and raises SlotTaken. Every
writer checks after its own write, so the later of any two always sees both: the slot is never
overfilled. Two racers can both back out and leave the place free (the citizen picks another
time): safe rather than lively. If the server fails between the write and the delete, the
event may remain and hold a place until staff remove it.

Any network error, timeout or error answer from the server raises ConnectorUnavailable.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, urljoin

import caldav
import icalendar
from caldav.lib.error import ConsistencyError, NotFoundError
from requests.auth import HTTPBasicAuth

from muni.connectors.calendar_db import CodeTaken, utc
from muni.connectors.protocols import ConnectorUnavailable, SlotTaken
from muni.connectors.values import Booking
from muni.domain import Tenant

TENANT_PROPERTY = "X-MUNI-TENANT"


class CalDavCalendar:
    """Bookings in a CalDAV server. `calendar` names the calendar collection, as a URL or a
    path relative to `url`: one string for all locations (events are told apart by
    LOCATION), or a mapping from location id to calendar for a calendar per location.
    `{tenant}` in a calendar is replaced by the tenant's slug."""

    def __init__(
        self,
        url: str,
        username: str | None,
        password: str | None,
        calendar: str | Mapping[str, str],
        timeout: float = 5.0,
        auth_type: str | None = "basic",
    ) -> None:
        self.url = url if url.endswith("/") else url + "/"
        self.username, self.password = username, password
        # "basic" sends the credentials with the first request (use https); None lets the
        # library find out from the server's 401 answer (one more round trip per call)
        self.auth_type = auth_type if username else None
        self.calendar = calendar
        self.timeout = timeout

    def __repr__(self) -> str:  # never the password
        return f"CalDavCalendar(url={self.url!r})"

    # -- the Calendar protocol -------------------------------------------------------------

    def booked(
        self, tenant: Tenant, location: str, start: datetime, end: datetime
    ) -> list[Booking]:
        with self._client() as client:
            found = self._starting(client, tenant, location, utc(start), utc(end))
        return sorted((b for b, _ in found), key=lambda b: (b.starts_at, b.code))

    def book(self, tenant: Tenant, booking: Booking, capacity: int) -> Booking:
        """Write, then check (see the module docstring)."""
        start = utc(booking.starts_at)
        with self._client() as client:
            if self._event(client, tenant, booking.code) is not None:
                raise CodeTaken("a booking with this code exists")
            if len(self._holders(client, tenant, booking.location, start)) >= capacity:
                raise SlotTaken(start.isoformat())
            calendar = client.calendar(url=self._calendar_url(tenant, booking.location))
            try:
                mine = calendar.add_event(_ical(tenant, booking), no_overwrite=True)
            except ConsistencyError:  # an event with this UID was written meanwhile
                raise CodeTaken("a booking with this code exists") from None
            if len(self._holders(client, tenant, booking.location, start)) > capacity:
                mine.delete()
                raise SlotTaken(start.isoformat())
        return booking

    def find(self, tenant: Tenant, code: str) -> Booking | None:
        with self._client() as client:
            found = self._event(client, tenant, code)
        return found[0] if found else None

    def cancel(self, tenant: Tenant, code: str) -> bool:
        with self._client() as client:
            found = self._event(client, tenant, code)
            if found is None:
                return False
            found[1].delete()
        return True

    # -- helpers ---------------------------------------------------------------------------

    @contextmanager
    def _client(self) -> Iterator[caldav.DAVClient]:
        """A client for one call; every failure of the server or the network becomes
        ConnectorUnavailable (our own SlotTaken and CodeTaken pass through)."""
        try:
            basic = self.auth_type == "basic" and self.username is not None
            with caldav.DAVClient(
                url=self.url,
                username=self.username,
                password=self.password,
                # preemptive basic auth: the credentials go with the first request
                auth=HTTPBasicAuth(self.username, self.password or "") if basic else None,
                timeout=self.timeout,  # type: ignore[arg-type]
            ) as client:
                yield client
        except (SlotTaken, CodeTaken):
            raise
        except Exception as exc:  # requests errors, timeouts, DAV errors, bad answers
            raise ConnectorUnavailable(f"CalDAV calendar: {type(exc).__name__}") from exc

    def _calendar_url(self, tenant: Tenant, location: str) -> str:
        if isinstance(self.calendar, str):
            name = self.calendar
        elif location in self.calendar:
            name = self.calendar[location]
        else:
            raise ConnectorUnavailable("no CalDAV calendar is set up for this location")
        return urljoin(self.url, name.replace("{tenant}", quote(tenant.slug, safe="")))

    def _calendar_urls(self, tenant: Tenant) -> list[str]:
        if isinstance(self.calendar, str):
            return [self._calendar_url(tenant, "")]
        return sorted({self._calendar_url(tenant, location) for location in self.calendar})

    def _starting(
        self,
        client: caldav.DAVClient,
        tenant: Tenant,
        location: str,
        start: datetime,
        end: datetime,
    ) -> list[tuple[Booking, caldav.Event]]:
        """This tenant's bookings at `location` that start in [start, end)."""
        calendar = client.calendar(url=self._calendar_url(tenant, location))
        events = calendar.search(start=start, end=end, event=True)
        found = []
        for event in events:
            booking = _booking(tenant, event.icalendar_component)
            if booking and booking.location == location and start <= booking.starts_at < end:
                found.append((booking, event))
        return found

    def _holders(
        self, client: caldav.DAVClient, tenant: Tenant, location: str, start: datetime
    ) -> list[Booking]:
        """The bookings that hold a place in the slot starting at `start`."""
        window = self._starting(client, tenant, location, start, start + timedelta(seconds=1))
        return [b for b, _ in window if b.starts_at == start]

    def _event(
        self, client: caldav.DAVClient, tenant: Tenant, code: str
    ) -> tuple[Booking, caldav.Event] | None:
        for url in self._calendar_urls(tenant):
            try:
                event = client.calendar(url=url).event_by_uid(code)
            except NotFoundError:
                continue
            booking = _booking(tenant, event.icalendar_component)
            if booking is not None:
                return booking, event
        return None


def _ical(tenant: Tenant, booking: Booking) -> str:
    event = icalendar.Event()
    event.add("uid", booking.code)
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", utc(booking.starts_at))
    event.add("dtend", utc(booking.ends_at))
    event.add("summary", booking.service)
    event.add("location", booking.location)
    event.add(TENANT_PROPERTY, tenant.slug)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//muni//booking//DA")
    calendar.add("version", "2.0")
    calendar.add_component(event)
    return calendar.to_ical().decode()


def _booking(tenant: Tenant, component: icalendar.Event) -> Booking | None:
    """The booking an event holds, or None when it is not one of this tenant's bookings
    (another tenant's, or an event staff put in the calendar by hand)."""
    if str(component.get(TENANT_PROPERTY, "")) != tenant.slug:
        return None
    start, end = component.get("dtstart"), component.get("dtend")
    if start is None or not isinstance(start.dt, datetime):
        return None
    starts_at = utc(start.dt)
    ends_at = utc(end.dt) if end is not None and isinstance(end.dt, datetime) else starts_at
    return Booking(
        code=str(component.get("uid", "")),
        service=str(component.get("summary", "")),
        location=str(component.get("location", "")),
        starts_at=starts_at,
        ends_at=ends_at,
    )
