"""store/tenant_cache.py: a tenant is read once per CACHE_SECONDS; a change committed in this
process is seen at once, one committed elsewhere within CACHE_SECONDS; lookups on the event
loop share a read and run at most READS_AT_ONCE at a time."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from sqlalchemy import Engine, event, text

from muni.store.database import Database
from muni.store.tables import TenantRow
from muni.store.tenant_cache import CACHE_SECONDS, MAX_ENTRIES, READS_AT_ONCE, TenantCache
from muni.store.tenants import TenantRepository
from muni.tenancy import tenant_from_dict


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def db(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'muni.db'}", pool_size=2, pool_timeout=1)
    database.migrate()
    with database.session() as session:
        TenantRepository(session).upsert(
            tenant_from_dict({"slug": "a", "name": "A Kommune", "municipality_code": "101",
                              "variables": {"phone": "70 10 10 10"}})
        )
    yield database
    database.dispose()


@pytest.fixture
def tenant_reads():
    """The cache's reads of the tenants table (TenantRepository.by_slug), from now on."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        if "FROM tenants" in statement and "CAST(tenants.config AS TEXT)" in statement:
            seen.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    yield seen
    event.remove(Engine, "before_cursor_execute", record)


def test_a_tenant_is_read_once_while_it_is_kept(db, tenant_reads):
    clock = Clock()
    cache = TenantCache(db, clock=clock)
    first = cache.by_slug("a")
    assert first is not None and first.variables["phone"] == "70 10 10 10"
    clock.now += CACHE_SECONDS - 0.1
    assert cache.by_slug("a") is first
    assert len(tenant_reads) == 1
    clock.now += 0.2  # kept no longer: read again
    assert cache.by_slug("a") == first
    assert len(tenant_reads) == 2


def test_a_change_committed_in_this_process_is_seen_at_once(db):
    clock = Clock()
    cache = TenantCache(db, clock=clock)
    assert cache.by_slug("a").variables["phone"] == "70 10 10 10"
    with db.session() as session:  # as a publish of the municipality's variables writes it
        row = session.query(TenantRow).filter_by(slug="a").one()
        row.config = {**row.config, "variables": {"phone": "70 99 99 99"}}
    assert cache.by_slug("a").variables["phone"] == "70 99 99 99"  # the clock has not moved


def test_a_write_that_is_rolled_back_changes_nothing(db, tenant_reads):
    cache = TenantCache(db, clock=Clock())
    cache.by_slug("a")
    with db.session() as session:
        row = session.query(TenantRow).filter_by(slug="a").one()
        row.name = "Not saved"
        session.flush()
        session.rollback()
    with db.session() as session:
        session.execute(text("SELECT 1"))  # a later commit of something else
    assert cache.by_slug("a").name == "A Kommune"
    assert len(tenant_reads) == 1


def test_a_change_made_elsewhere_is_seen_within_cache_seconds(db):
    clock = Clock()
    cache = TenantCache(db, clock=clock)
    assert cache.by_slug("a").name == "A Kommune"
    with db.autocommit() as connection:  # another worker's write: no event in this process
        connection.execute(text("UPDATE tenants SET name = 'A2 Kommune' WHERE slug = 'a'"))
    assert cache.by_slug("a").name == "A Kommune"
    clock.now += CACHE_SECONDS
    assert cache.by_slug("a").name == "A2 Kommune"


def test_an_unknown_slug_is_kept_too_and_a_new_tenant_is_seen_at_once(db, tenant_reads):
    cache = TenantCache(db, clock=Clock())
    assert cache.by_slug("b") is None
    assert cache.by_slug("b") is None
    assert len(tenant_reads) == 1
    with db.session() as session:
        TenantRepository(session).upsert(
            tenant_from_dict({"slug": "b", "name": "B Kommune", "municipality_code": "202"})
        )
    found = cache.by_slug("b")
    assert found is not None and found.name == "B Kommune"


def test_many_unknown_slugs_do_not_grow_the_cache_without_bound(db):
    cache = TenantCache(db, clock=Clock())
    for i in range(MAX_ENTRIES + 10):
        assert cache.by_slug(f"probe-{i}") is None
    assert len(cache._entries) <= MAX_ENTRIES
    assert cache.by_slug("a") is not None


def test_lookups_that_miss_at_once_share_one_read(db, tenant_reads):
    cache = TenantCache(db)

    async def burst() -> list:
        return await asyncio.gather(*(cache.lookup("a") for _ in range(50)))

    found = asyncio.run(burst())
    assert {t.slug for t in found} == {"a"} and len(tenant_reads) == 1


def test_at_most_reads_at_once_run_on_threads_and_a_caller_going_away_stops_no_read(db):
    cache = TenantCache(db)
    running, most = 0, 0
    lock = threading.Lock()
    read = cache.by_slug

    def slow(slug):  # type: ignore[no-untyped-def]
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        return read(slug)

    cache.by_slug = slow  # type: ignore[method-assign]

    async def many_names() -> list:
        impatient = asyncio.ensure_future(cache.lookup("a"))
        patient = asyncio.ensure_future(cache.lookup("a"))
        await asyncio.sleep(0)
        impatient.cancel()
        others = await asyncio.gather(*(cache.lookup(f"x{i}") for i in range(12)))
        return [await patient, *others]

    found = asyncio.run(many_names())
    assert found[0] is not None and found[0].slug == "a"
    assert found[1:] == [None] * 12
    assert most == READS_AT_ONCE
