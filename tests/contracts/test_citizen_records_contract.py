"""One contract for every CitizenRecords: the embedded demo records, the in-memory fake, and
the REST adapter against a real HTTP server on 127.0.0.1 started by the test. The same
citizen gets the same overview; nobody gets another citizen's or another tenant's records;
an unknown citizen has an empty overview; a server down or too slow is ConnectorUnavailable.
Plus: the embedded records add the citizen's own chat bookings (by pseudonym), no one else's."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from muni.connectors.citizen_records_demo import DemoCitizenRecords, overview_of
from muni.connectors.citizen_records_rest import RestCitizenRecords
from muni.connectors.fakes import FakeCitizenRecords
from muni.connectors.protocols import CitizenRecords, ConnectorUnavailable
from muni.connectors.values import Citizen, CitizenOverview
from muni.domain import Tenant
from muni.store.database import Database
from muni.store.tables import BookingRow
from muni.store.tenants import TenantRepository
from muni.tenancy import tenant_from_dict
from tests.conftest import free_port

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
A = Tenant(1, "a", "A Kommune", "0101")
B = Tenant(2, "b", "B Kommune", "0202")
ANNA = Citizen("anna-1", "1" * 64, "Anna Hansen", "0101801234")
BO = Citizen("bo-2", "2" * 64, "Bo Jensen", None)
NOBODY = Citizen("nobody-9", "9" * 64)
SLOW = Citizen("slow-7", "7" * 64)
RECORDS = {
    "a": {
        "anna-1": {
            "appointments": [
                {
                    "what": "Pas",
                    "starts_at": "2026-12-03T10:30:00+01:00",
                    "place": "Borgerservice",
                    "code": "AB12CD",
                }
            ],
            "cases": [
                {
                    "title": "boligstøtte",
                    "topic": "boligstoette",
                    "status": "Vi behandler din ansøgning",
                    "updated": "2026-11-20",
                    "next_step": "Du får svar inden for 4 uger",
                }
            ],
            "payments": [{"what": "boligstøtte", "day": "2026-12-01", "amount": "3.215,00 kr."}],
        },
        "bo-2": {
            "cases": [
                {"title": "handicapparkering", "topic": "handicapparkering", "status": "Godkendt"}
            ]
        },
    },
    "b": {
        "anna-1": {"payments": [{"what": "pension", "day": "2026-12-30", "amount": "9.000,00 kr."}]}
    },
}


def as_json(overview: CitizenOverview) -> dict:
    def plain(value):
        return value.isoformat() if isinstance(value, date | datetime) else value

    return {
        kind: [{k: plain(v) for k, v in asdict(item).items()} for item in getattr(overview, kind)]
        for kind in ("appointments", "cases", "payments")
    }


class Handler(BaseHTTPRequestHandler):
    """The municipality's side of the REST shape (citizen_records_rest.py)."""

    seen_cpr: list[str | None] = []

    def do_GET(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        segments = parts.path.strip("/").split("/")
        code = parse_qs(parts.query).get("municipality", [""])[0]
        slug = {"0101": "a", "0202": "b"}.get(code, "")
        if len(segments) != 4 or segments[:2] != ["api", "citizens"] or segments[3] != "overview":
            self.send_error(400)
            return
        subject = unquote(segments[2])
        Handler.seen_cpr.append(self.headers.get("X-CPR"))
        if subject == "slow-7":
            time.sleep(2)
        raw = RECORDS.get(slug, {}).get(subject)
        body = json.dumps(as_json(overview_of(raw, NOW))).encode() if raw else b""
        if subject == "broken-3":
            body, raw = b'{"appointments": [{"what": "Pas"}]}', {}
        if raw is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:  # keep the test output quiet
        pass


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:  # the slow answer's client left
        pass


@pytest.fixture(scope="module")
def rest_server() -> Iterator[str]:
    server = QuietServer(("127.0.0.1", free_port()), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Setup:
    records: CitizenRecords
    unreachable: Callable[[], CitizenRecords] | None  # records whose system is down
    slow: bool = False  # the slow citizen's answer takes longer than the adapter waits


@pytest.fixture(params=["embedded", "fake", "rest"])
def setup(request: pytest.FixtureRequest) -> Setup:
    if request.param == "embedded":
        return Setup(DemoCitizenRecords(RECORDS, None, lambda: NOW), None)
    if request.param == "fake":
        overviews = {
            (tenant.id, subject): overview_of(raw, NOW)
            for tenant in (A, B)
            for subject, raw in RECORDS[tenant.slug].items()
        }
        return Setup(
            FakeCitizenRecords(overviews), lambda: FakeCitizenRecords(overviews, down=True)
        )
    url = request.getfixturevalue("rest_server")
    return Setup(
        RestCitizenRecords(url, timeout=1.0),
        lambda: RestCitizenRecords(f"http://127.0.0.1:{free_port()}/api", timeout=1.0),
        slow=True,
    )


class TestCitizenRecordsContract:
    def test_the_citizen_gets_their_own_overview(self, setup):
        overview = setup.records.overview(A, ANNA)
        assert overview == overview_of(RECORDS["a"]["anna-1"], NOW)
        assert [a.code for a in overview.appointments] == ["AB12CD"]
        assert overview.appointments[0].starts_at == datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
        assert overview.cases[0].updated == date(2026, 11, 20)
        assert overview.payments[0].amount == "3.215,00 kr."
        assert setup.records.overview(A, ANNA) == overview  # the same every time

    def test_never_another_citizens_or_another_tenants_records(self, setup):
        bo = setup.records.overview(A, BO)
        assert [c.title for c in bo.cases] == ["handicapparkering"]
        assert not bo.appointments and not bo.payments
        elsewhere = setup.records.overview(B, ANNA)
        assert [p.what for p in elsewhere.payments] == ["pension"]
        assert not elsewhere.cases and not elsewhere.appointments

    def test_an_unknown_citizen_has_an_empty_overview(self, setup):
        assert setup.records.overview(A, NOBODY) == CitizenOverview()
        assert setup.records.overview(B, BO) == CitizenOverview()

    def test_a_system_down_is_connector_unavailable(self, setup):
        if setup.unreachable is None:
            pytest.skip("the embedded records are in muni itself")
        with pytest.raises(ConnectorUnavailable):
            setup.unreachable().overview(A, ANNA)

    def test_a_slow_system_is_connector_unavailable(self, setup):
        if not setup.slow:
            pytest.skip("only an adapter over the network can be slow")
        started = time.monotonic()
        with pytest.raises(ConnectorUnavailable):
            setup.records.overview(A, SLOW)
        assert time.monotonic() - started < 2.5


def test_the_rest_adapter_sends_the_cpr_number_only_when_there_is_one(rest_server):
    Handler.seen_cpr.clear()
    records = RestCitizenRecords(rest_server, timeout=2)
    records.overview(A, ANNA)
    records.overview(A, BO)
    assert Handler.seen_cpr == ["0101801234", None]


def test_a_malformed_answer_is_connector_unavailable(rest_server):
    with pytest.raises(ConnectorUnavailable):  # an appointment without its time
        RestCitizenRecords(rest_server, timeout=2).overview(A, Citizen("broken-3", "3" * 64))


def test_embedded_records_add_the_citizens_own_chat_bookings(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'muni.db'}")
    db.migrate()
    with db.session() as session:
        a = TenantRepository(session).upsert(
            tenant_from_dict({"slug": "a", "name": "A", "municipality_code": "0101", "booking": {}})
        )
        b = TenantRepository(session).upsert(
            tenant_from_dict({"slug": "b", "name": "B", "municipality_code": "0202"})
        )
        start = NOW + timedelta(days=3)
        for seat, (tenant, subject, code) in enumerate(
            [
                (a, ANNA.pseudonym, "ANNA01"),
                (a, BO.pseudonym, "BOBO01"),
                (a, None, "NONE01"),
                (b, ANNA.pseudonym, "OTHER1"),
            ]
        ):
            session.add(
                BookingRow(
                    tenant_id=tenant.id,
                    code=code,
                    service="pas",
                    location="dokk1",
                    starts_at=start,
                    ends_at=start,
                    seat=seat,
                    subject=subject,
                )
            )
        session.commit()
    records = DemoCitizenRecords(RECORDS, db, lambda: NOW)
    mine = records.overview(a, ANNA)
    assert [x.code for x in mine.appointments] == ["ANNA01", "AB12CD"]
    assert mine.appointments[0].starts_at == start
    assert [x.code for x in records.overview(a, BO).appointments] == ["BOBO01"]
    assert [x.code for x in records.overview(b, ANNA).appointments] == ["OTHER1"]
    assert records.overview(a, NOBODY) == CitizenOverview()
    db.dispose()
