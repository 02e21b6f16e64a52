"""One contract for every AddressLookup: the embedded register (a CSV per tenant), the
in-memory fake, and the DAWA adapter against a local HTTP server that answers /adresser
with DAWA-shaped JSON (struktur=mini). Same data, same answers; a lookup that is down or
slow raises ConnectorUnavailable; an unknown address gives nothing."""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pytest

from muni.addresses.match import normalise
from muni.connectors.address_register import COLUMNS, AddressRegister
from muni.connectors.dawa_addresses import DawaAddresses
from muni.connectors.fakes import FakeAddressLookup
from muni.connectors.protocols import AddressLookup, ConnectorUnavailable
from muni.connectors.values import Address, AddressQuery
from muni.domain import Tenant
from tests.contracts.local_http import LocalServer, serving

AARHUS = Tenant(1, "aarhus", "Aarhus Kommune", "0751")
ODENSE = Tenant(2, "odense", "Odense Kommune", "0461")
ADDRESSES = [
    Address("a-vest-12", "Vestergade", "12", "8000", "Aarhus C", "0751"),
    Address("a-vest-14", "Vestergade", "14", "8000", "Aarhus C", "0751"),
    Address("a-skole-viby", "Skolevej", "2", "8260", "Viby J", "0751"),
    Address("a-skole-hass", "Skolevej", "2", "8361", "Hasselager", "0751"),
    Address("a-hans-4b", "Hans Broges Gade", "4B", "8000", "Aarhus C", "0751"),
    Address("o-vest-12", "Vestergade", "12", "5000", "Odense C", "0461"),
    Address("o-kong-3", "Kongensgade", "3", "5000", "Odense C", "0461"),
]


def _dawa_item(a: Address) -> dict[str, Any]:
    return {
        "id": a.id,
        "status": 1,
        "vejnavn": a.street,
        "husnr": a.number,
        "etage": a.floor or None,
        "dør": a.door or None,
        "postnr": a.postcode,
        "postnrnavn": a.city,
        "kommunekode": a.municipality_code,
        "betegnelse": a.label,
        "x": 10.2,
        "y": 56.15,
    }


def dawa_handler(path: str, query: dict[str, str]) -> tuple[int, str, bytes]:
    """/adresser like DAWA: every word of q must begin a word of the address (case and
    æøå/aa folded), narrowed by kommunekode and postnr."""
    if path != "/adresser":
        return 404, "application/json", b'{"type": "ResourceNotFoundError"}'
    words = [normalise(w) for w in query.get("q", "").split()]
    found = []
    for a in ADDRESSES:
        parts = [normalise(p) for p in f"{a.street} {a.number} {a.postcode} {a.city}".split()]
        text = normalise(a.street)
        if not all(any(p.startswith(w) for p in parts) or text.startswith(w) for w in words):
            continue
        if query.get("kommunekode") and a.municipality_code != query["kommunekode"].zfill(4):
            continue
        if query.get("postnr") and a.postcode != query["postnr"]:
            continue
        found.append(_dawa_item(a))
    return 200, "application/json; charset=utf-8", json.dumps(found).encode()


@dataclass
class Setup:
    lookup: AddressLookup


def _register(folder: Path) -> AddressRegister:
    folder.mkdir(parents=True, exist_ok=True)
    for tenant in (AARHUS, ODENSE):
        with (folder / f"{tenant.slug}.csv").open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(COLUMNS)
            for a in ADDRESSES:
                if a.municipality_code == tenant.municipality_code:
                    writer.writerow(
                        [
                            a.id,
                            a.street,
                            a.number,
                            a.floor,
                            a.door,
                            a.postcode,
                            a.city,
                            a.municipality_code,
                        ]
                    )
    return AddressRegister(folder)


@pytest.fixture(params=["embedded", "fake", "dawa"])
def setup(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Setup]:
    if request.param == "embedded":
        yield Setup(_register(tmp_path / "addresses"))
    elif request.param == "fake":
        yield Setup(FakeAddressLookup(ADDRESSES))
    else:
        with serving(dawa_handler) as server:
            yield Setup(DawaAddresses(server.url, timeout=0.5))


@pytest.fixture(params=["fake", "dawa"])
def unreachable(request: pytest.FixtureRequest) -> AddressLookup:
    if request.param == "fake":
        return FakeAddressLookup(ADDRESSES, down=True)
    return DawaAddresses("http://127.0.0.1:9", timeout=0.5)  # nothing listens there


@pytest.fixture
def dawa() -> Iterator[tuple[LocalServer, DawaAddresses]]:
    with serving(dawa_handler) as server:
        yield server, DawaAddresses(server.url, timeout=0.5)


def ids(found: list[Address]) -> set[str]:
    return {a.id for a in found}


class TestAddressLookupContract:
    def test_an_address_is_found_with_its_parts(self, setup: Setup) -> None:
        found = setup.lookup.find(AARHUS, AddressQuery("Vestergade", "12"))
        assert [asdict(a) for a in found] == [asdict(ADDRESSES[0])]
        assert found[0].label == "Vestergade 12, 8000 Aarhus C"

    def test_case_does_not_matter(self, setup: Setup) -> None:
        assert ids(setup.lookup.find(AARHUS, AddressQuery("vestergade", "12"))) == {"a-vest-12"}
        assert ids(setup.lookup.find(AARHUS, AddressQuery("hans broges gade", "4b"))) == {
            "a-hans-4b"
        }

    def test_one_street_in_two_postcodes_gives_both(self, setup: Setup) -> None:
        found = setup.lookup.find(AARHUS, AddressQuery("Skolevej", "2"))
        assert ids(found) == {"a-skole-viby", "a-skole-hass"}

    def test_the_postcode_tells_them_apart(self, setup: Setup) -> None:
        found = setup.lookup.find(AARHUS, AddressQuery("Skolevej", "2", postcode="8361"))
        assert ids(found) == {"a-skole-hass"}

    def test_only_the_tenants_municipality_when_the_address_is_there(self, setup: Setup) -> None:
        assert ids(setup.lookup.find(ODENSE, AddressQuery("Vestergade", "12"))) == {"o-vest-12"}

    def test_an_address_in_another_municipality_says_which(self, setup: Setup) -> None:
        found = setup.lookup.find(AARHUS, AddressQuery("Kongensgade", "3"))
        assert [(a.id, a.municipality_code) for a in found] == [("o-kong-3", "0461")]

    def test_an_unknown_address_gives_nothing(self, setup: Setup) -> None:
        assert setup.lookup.find(AARHUS, AddressQuery("Ukendtvej", "99")) == []
        assert setup.lookup.find(AARHUS, AddressQuery("Vestergade", "999")) == []

    def test_the_limit_is_kept(self, setup: Setup) -> None:
        assert len(setup.lookup.find(AARHUS, AddressQuery("Vestergade"), limit=1)) == 1

    # the embedded register is a file in the repository: it cannot be down or slow
    def test_down_raises_connector_unavailable(self, unreachable: AddressLookup) -> None:
        with pytest.raises(ConnectorUnavailable):
            unreachable.find(AARHUS, AddressQuery("Vestergade", "12"))

    def test_slow_raises_connector_unavailable(
        self, dawa: tuple[LocalServer, DawaAddresses]
    ) -> None:
        server, lookup = dawa
        server.delay = 1.5
        with pytest.raises(ConnectorUnavailable):
            lookup.find(AARHUS, AddressQuery("Vestergade", "12"))

    def test_an_error_status_raises_connector_unavailable(
        self, dawa: tuple[LocalServer, DawaAddresses]
    ) -> None:
        server, lookup = dawa
        server.handler = lambda path, query: (503, "text/plain", b"busy")
        with pytest.raises(ConnectorUnavailable):
            lookup.find(AARHUS, AddressQuery("Vestergade", "12"))

    def test_the_address_stays_out_of_reprs(self, setup: Setup) -> None:
        found = setup.lookup.find(AARHUS, AddressQuery("Vestergade", "12"))
        assert "Vestergade" not in repr(found) and "Vestergade" not in repr(
            AddressQuery("Vestergade", "12")
        )


def test_the_address_asked_for_is_in_no_log_line(
    dawa: tuple[LocalServer, DawaAddresses], caplog: pytest.LogCaptureFixture
) -> None:
    """With muni's logging setup, a lookup over HTTP logs nothing with the address (httpx
    would log the request's URL, query and all, at INFO)."""
    from muni.operations.logs import logging_config

    server, lookup = dawa
    levels = logging_config("json")["loggers"]
    caplog.set_level(logging.INFO)
    caplog.set_level(levels["httpx"]["level"], logger="httpx")
    lookup.find(AARHUS, AddressQuery("Vestergade", "12"))
    server.handler = lambda path, query: (503, "text/plain", b"busy")
    with pytest.raises(ConnectorUnavailable) as failed:
        lookup.find(AARHUS, AddressQuery("Vestergade", "12"))
    assert "vestergade" not in str(failed.value).lower()
    assert server.requests and all(
        "vestergade" not in r.getMessage().lower() for r in caplog.records
    )
