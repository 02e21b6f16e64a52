"""No double booking: 50 clients, each with its own database connection, take the same slot
at the same moment through the embedded calendar; the unique seat decides who wins."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from muni.connectors.calendar_db import DatabaseCalendar
from muni.connectors.protocols import SlotTaken
from muni.connectors.values import Booking
from muni.store.database import Database
from muni.store.tables import BookingRow
from muni.store.tenants import TenantRepository
from muni.tenancy import tenant_from_dict

CLIENTS = 50
NINE = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)


@pytest.mark.slow
@pytest.mark.parametrize("capacity", [1, 3])
def test_fifty_clients_take_one_slot(database_url: str, capacity: int):
    setup = Database(database_url)
    setup.migrate()
    with setup.session() as session:
        tenant = TenantRepository(session).upsert(
            tenant_from_dict({"slug": "a", "name": "A", "municipality_code": "101"})
        )
    # every client is its own engine with its own connection, as separate processes would be
    clients = [Database(database_url, pool_size=1, pool_timeout=60) for _ in range(CLIENTS)]
    start = threading.Barrier(CLIENTS)

    def client(i: int) -> str:
        db = clients[i]
        with db.read() as session:  # connect before the start, so all insert at once
            session.execute(text("SELECT 1"))
        calendar = DatabaseCalendar(db)
        booking = Booking(f"C{i:03d}", "pas", "rådhuset", NINE, NINE + timedelta(minutes=15))
        start.wait(timeout=60)
        try:
            calendar.book(tenant, booking, capacity)
            return "won"
        except SlotTaken:
            return "taken"

    try:
        with ThreadPoolExecutor(CLIENTS) as pool:
            results = list(pool.map(client, range(CLIENTS)))
    finally:
        for db in clients:
            db.dispose()
    assert results.count("won") == capacity
    assert results.count("taken") == CLIENTS - capacity
    with setup.read() as session:
        rows = session.scalars(select(BookingRow)).all()
    assert sorted(row.seat for row in rows) == list(range(capacity))
    winners = {f"C{i:03d}" for i, result in enumerate(results) if result == "won"}
    assert {row.code for row in rows} == winners
    setup.dispose()
