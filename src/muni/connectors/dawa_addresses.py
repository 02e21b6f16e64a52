"""An AddressLookup over the national address API's JSON (the DAWA shape, also served by
DAWA-compatible services after DAWA itself closed): `GET {url}/adresser?q=...&kommunekode=
...&struktur=mini` returns a list of objects with id, vejnavn, husnr, etage, dør, postnr,
postnrnavn and kommunekode. The answers are ranked with the same tolerant matching as the
embedded register. A timeout or an error status raises ConnectorUnavailable."""

from __future__ import annotations

from typing import Any

import httpx

from muni.addresses.match import best_matches
from muni.connectors.protocols import ConnectorUnavailable
from muni.connectors.values import Address, AddressQuery
from muni.domain import Tenant


def _address(item: dict[str, Any]) -> Address | None:
    if not isinstance(item, dict) or not item.get("id") or not item.get("vejnavn"):
        return None
    return Address(
        id=str(item["id"]),
        street=str(item.get("vejnavn") or ""),
        number=str(item.get("husnr") or ""),
        postcode=str(item.get("postnr") or ""),
        city=str(item.get("postnrnavn") or ""),
        municipality_code=str(item.get("kommunekode") or "").zfill(4),
        floor=str(item.get("etage") or ""),
        door=str(item.get("dør") or ""),
    )


class DawaAddresses:
    """Looks addresses up in a DAWA-shaped API at `url` (e.g. the national service)."""

    def __init__(self, url: str, timeout: float = 4.0, per_page: int = 50) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.per_page = per_page

    def _get(self, params: dict[str, str]) -> list[Address]:
        try:
            response = httpx.get(f"{self.url}/adresser", params=params, timeout=self.timeout)
            response.raise_for_status()
            items = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise ConnectorUnavailable(f"address API: {type(exc).__name__}") from None
        if not isinstance(items, list):
            raise ConnectorUnavailable("address API: unexpected answer")
        return [a for a in (_address(i) for i in items) if a is not None]

    def find(self, tenant: Tenant, query: AddressQuery, limit: int = 8) -> list[Address]:
        words = query.street.split()
        params = {"struktur": "mini", "per_side": str(self.per_page), "fuzzy": ""}
        if query.postcode:
            params["postnr"] = query.postcode
        for skip in range(len(words)):  # "skrald hentet vestergade": try without the lead
            text = " ".join([*words[skip:], query.number]).strip()
            found = best_matches(
                query,
                self._get({**params, "q": text, "kommunekode": tenant.municipality_code}),
                limit,
            )
            if found:
                return found
        if not query.number:
            return []
        text = f"{query.street} {query.number}"
        elsewhere = [
            a
            for a in self._get({**params, "q": text})
            if a.municipality_code != tenant.municipality_code
        ]
        return best_matches(query, elsewhere, limit)
