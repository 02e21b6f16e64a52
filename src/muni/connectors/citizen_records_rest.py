"""CitizenRecords from the municipality's own system over REST (JSON). The municipality
implements one call:

    GET {url}/citizens/{subject}/overview?municipality={municipality_code}
    Authorization: Bearer <token>        (when `token_env` names an environment variable)
    X-CPR: <CPR number>                  (only when the login broker sent one)

    200 {"appointments": [{"what": "Pas", "starts_at": "2026-12-03T10:30:00+01:00",
                           "place": "Borgerservice", "code": "AB12"}],
         "cases": [{"title": "boligstøtte", "topic": "boligstoette", "status": "Under
                    behandling", "updated": "2026-11-20", "next_step": "..."}],
         "payments": [{"what": "boligstøtte", "day": "2026-12-01", "amount": "3.215,00 kr."}]}
    404 the citizen is unknown (an empty overview)

`subject` is the login broker's subject (the `sub` claim). Any other status, a malformed
answer or no answer within the timeout raises ConnectorUnavailable."""

from __future__ import annotations

import os
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

import httpx

from muni.connectors.protocols import ConnectorUnavailable
from muni.connectors.values import Appointment, Case, Citizen, CitizenOverview, Payment
from muni.domain import Tenant


def overview_from_json(data: dict[str, Any]) -> CitizenOverview:
    """The REST shape above as a CitizenOverview (ValueError/KeyError/TypeError if malformed)."""
    appointments = []
    for item in data.get("appointments") or ():
        starts = datetime.fromisoformat(str(item["starts_at"]))
        if starts.tzinfo is None:
            raise ValueError("starts_at without a time zone")
        appointments.append(
            Appointment(
                str(item["what"]), starts, str(item.get("place") or ""), str(item.get("code") or "")
            )
        )
    cases = tuple(
        Case(
            title=str(item["title"]),
            topic=str(item.get("topic") or ""),
            status=str(item["status"]),
            updated=date.fromisoformat(str(item["updated"])) if item.get("updated") else None,
            next_step=str(item.get("next_step") or ""),
        )
        for item in data.get("cases") or ()
    )
    payments = tuple(
        Payment(
            str(item["what"]), date.fromisoformat(str(item["day"])), str(item.get("amount") or "")
        )
        for item in data.get("payments") or ()
    )
    return CitizenOverview(tuple(appointments), cases, payments)


class RestCitizenRecords:
    """The municipality's citizen data service (see the module docstring for its shape)."""

    def __init__(self, url: str, token: str = "", timeout: float = 5.0) -> None:
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout

    @classmethod
    def from_setup(cls, setup: dict[str, Any]) -> RestCitizenRecords:
        token = (
            os.environ.get(str(setup.get("token_env") or ""), "") if setup.get("token_env") else ""
        )
        return cls(str(setup["url"]), token, float(setup.get("timeout", 5.0)))

    def overview(self, tenant: Tenant, citizen: Citizen) -> CitizenOverview:
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if citizen.cpr:
            headers["X-CPR"] = citizen.cpr
        url = f"{self.url}/citizens/{quote(citizen.subject, safe='')}/overview"
        try:
            response = httpx.get(
                url,
                params={"municipality": tenant.municipality_code},
                headers=headers,
                timeout=self.timeout,
            )
        except httpx.HTTPError as exc:
            raise ConnectorUnavailable(f"citizen records: {type(exc).__name__}") from None
        if response.status_code == 404:
            return CitizenOverview()
        if response.status_code != 200:
            raise ConnectorUnavailable(f"citizen records: HTTP {response.status_code}")
        try:
            data = response.json()
            if not isinstance(data, dict):
                raise TypeError("not an object")
            return overview_from_json(data)
        except (ValueError, KeyError, TypeError) as exc:
            raise ConnectorUnavailable(
                f"citizen records: bad answer ({type(exc).__name__})"
            ) from None
