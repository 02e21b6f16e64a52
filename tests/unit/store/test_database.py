"""store/database.py. On SQLite: reads and single statements run on connections that stay in
autocommit mode (no isolation switch per checkout), and see what sessions commit. On
PostgreSQL: a pooled connection is pinged only after it sat idle, and a dead one is replaced."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import Engine, create_engine, event, text

from muni.store import database
from muni.store.database import Database


def test_reads_on_a_sqlite_file_run_no_isolation_pragmas(tmp_path):
    run: list[str] = []  # every statement SQLite itself runs, pragmas included

    def trace(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.set_trace_callback(run.append)

    event.listen(Engine, "connect", trace)
    try:
        db = Database(f"sqlite:///{tmp_path / 'muni.db'}", pool_size=2, pool_timeout=1)
        with db.session() as session:
            session.execute(text("CREATE TABLE t (x INTEGER)"))
            session.execute(text("INSERT INTO t VALUES (1)"))
        with db.read() as session, db.relaxed() as connection:  # both connections made
            session.execute(text("SELECT 1"))
            connection.execute(text("SELECT 1"))
        run.clear()
        for _ in range(3):  # three checkouts of the same pooled connections
            with db.read() as session:
                assert session.execute(text("SELECT count(*) FROM t WHERE x = 1")).scalar() == 1
            with db.relaxed() as connection:
                connection.execute(text("INSERT INTO t VALUES (2)"))
        assert run == ["SELECT count(*) FROM t WHERE x = 1", "INSERT INTO t VALUES (2)"] * 3
        with db.autocommit() as connection:
            assert connection.connection.dbapi_connection.isolation_level is None
        db.dispose()
    finally:
        event.remove(Engine, "connect", trace)


def test_a_relaxed_write_is_committed_for_the_next_session(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'muni.db'}", pool_size=2, pool_timeout=1)
    with db.session() as session:
        session.execute(text("CREATE TABLE t (x INTEGER)"))
    with db.relaxed() as connection:
        connection.execute(text("INSERT INTO t VALUES (7)"))
    with db.session() as session:
        assert session.execute(text("SELECT sum(x) FROM t")).scalar_one() == 7
    db.dispose()


def _backend_pid(db: Database) -> int:
    with db.read() as session:
        return session.execute(text("SELECT pg_backend_pid()")).scalar_one()


@pytest.mark.postgres
def test_a_postgres_connection_that_died_while_idle_is_replaced_before_use(
    postgres_url, monkeypatch
):
    monkeypatch.setattr(database, "PING_AFTER_IDLE_SECONDS", 0.0)  # every return counts as idle
    db = Database(postgres_url, pool_size=1, pool_timeout=5)
    first = _backend_pid(db)
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:  # a restart or a proxy's timeout, for one connection
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
    assert _backend_pid(db) != first  # no error: the pool noticed and connected anew
    admin.dispose()
    db.dispose()


@pytest.mark.postgres
def test_a_postgres_connection_back_from_use_a_moment_ago_is_not_pinged(
    postgres_url, monkeypatch
):
    db = Database(postgres_url, pool_size=2, pool_timeout=5)
    pings: list[object] = []
    real_ping = db.engine.dialect.do_ping

    def counted(dbapi_connection):  # type: ignore[no-untyped-def]
        pings.append(dbapi_connection)
        return real_ping(dbapi_connection)

    monkeypatch.setattr(db.engine.dialect, "do_ping", counted)
    _backend_pid(db)
    for _ in range(5):  # the hot path: a connection is checked out again at once
        with db.session() as session:
            session.execute(text("SELECT 1"))
        _backend_pid(db)
    assert pings == []
    time.sleep(database.PING_AFTER_IDLE_SECONDS + 0.1)  # idle past the window: pinged
    _backend_pid(db)
    assert len(pings) == 1
    db.dispose()
