"""store/database.py on SQLite: reads and single statements run on connections that stay in
autocommit mode (no isolation switch per checkout), and see what sessions commit."""

from __future__ import annotations

from sqlalchemy import Engine, event, text

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
