"""Engine and sessions for SQLite (default) or PostgreSQL, and schema migration on start.

Besides ordinary sessions (one transaction, committed at the end) it offers what the hot path
of a chat message needs: `read()` (or `single_statement()`), a session without BEGIN/COMMIT
for a single statement;
`autocommit()`, a connection where each statement is its own transaction; `relaxed()`, the
same for writes that may be lost in a database crash (abuse-limit counters: PostgreSQL does
not wait for the disk on their commit; turns are never written there); and `writer()`, which
on SQLite lets one thread of the process at a time into a write transaction, so the threads of
a worker queue in order instead of sleeping in SQLite's busy handler (two workers still share
the file through the busy timeout).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from functools import cached_property
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"
# a PostgreSQL connection idle longer than this is pinged before use (see `ping_after_idle`)
PING_AFTER_IDLE_SECONDS = 1.0


def make_engine(
    url: str,
    pool_size: int = 40,
    pool_timeout: float = 30.0,
    options: str | None = None,
    max_overflow: int = 10,
    autocommit: bool = False,
) -> Engine:
    """An engine whose pool has room for every request a worker admits (a request holds at
    most two connections at once), and gives up after `pool_timeout` seconds instead of
    queueing without end: the caller turns that into 503. `autocommit` (SQLite): every
    connection of the pool is born in autocommit mode, instead of being switched there and
    back on each checkout (two PRAGMA statements each time)."""
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            # a writer waits this long for another worker's write lock before giving up
            connect_args={"check_same_thread": False, "timeout": max(pool_timeout, 5.0)},
            pool_size=pool_size,
            max_overflow=10,
            pool_timeout=pool_timeout,
            **({"isolation_level": "AUTOCOMMIT"} if autocommit else {}),
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    engine = create_engine(
        url,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_timeout=pool_timeout,
        connect_args={"options": options} if options else {},
    )
    ping_after_idle(engine, PING_AFTER_IDLE_SECONDS)
    return engine


def ping_after_idle(engine: Engine, idle_seconds: float) -> None:
    """Check a pooled connection with a round trip only when it has been idle `idle_seconds`.

    SQLAlchemy's `pool_pre_ping` pings on every checkout: a chat message checks out three
    connections, so three extra round trips each. A connection back from a request a moment ago
    was alive then; one that sat idle may have been closed by a database restart, a failover or
    a proxy's idle timeout, and is pinged. A dead one is replaced before the caller sees it
    (`DisconnectionError` makes the pool try another). A connection that dies within the window
    fails its statement instead: SQLAlchemy then discards every older connection of the pool,
    and the request gets a clean error (ADR 0012)."""

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_connection, record):  # type: ignore[no-untyped-def]
        record.info["muni_returned_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection, record, _proxy):  # type: ignore[no-untyped-def]
        returned = record.info.pop("muni_returned_at", None)
        if returned is None or time.monotonic() - returned < idle_seconds:
            return  # new, or back from use a moment ago
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise exc.DisconnectionError(f"idle connection is gone: {error}") from error


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


class Database:
    """One engine and session factory; `migrate()` brings the schema to the newest version."""

    def __init__(self, url: str, pool_size: int = 40, pool_timeout: float = 30.0) -> None:
        self.url = url
        self.pool_size, self.pool_timeout = pool_size, pool_timeout
        self.engine = make_engine(url, pool_size, pool_timeout)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self._autocommit = self._autocommit_engine()
        self._reads = sessionmaker(self._autocommit, expire_on_commit=False)
        self._write_lock = threading.Lock()

    def _autocommit_engine(self) -> Engine:
        """Where reads and single statements run. On a SQLite file, a pool of its own whose
        connections stay in autocommit mode (each message makes three such checkouts); elsewhere
        the main pool, switched per checkout (psycopg switches without a round trip, and an
        in-memory SQLite database exists only in its own pool)."""
        if self.is_sqlite and self.engine.url.database not in (None, "", ":memory:"):
            return make_engine(self.url, self.pool_size, self.pool_timeout, autocommit=True)
        return self.engine.execution_options(isolation_level="AUTOCOMMIT")

    def migrate(self) -> None:
        with self.engine.connect() as connection:
            if self.engine.dialect.name == "sqlite":
                # a batch migration rebuilds a table (copy, drop, rename): with foreign keys
                # on, dropping it would cascade into the rows that refer to it
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
                connection.commit()  # ends SQLAlchemy's autobegun transaction
            try:
                with connection.begin():
                    config = alembic_config(self.url)
                    config.attributes["connection"] = connection
                    command.upgrade(config, "head")
                    if self.engine.dialect.name == "sqlite":
                        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                        if broken:
                            raise RuntimeError(f"migration broke foreign keys: {broken[:5]}")
            finally:
                if self.engine.dialect.name == "sqlite":
                    connection.rollback()
                    connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                    connection.commit()

    @contextmanager
    def session(self) -> Iterator[Session]:
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def single_statement(self) -> Iterator[Session]:
        """A session without a transaction around its statements (no BEGIN/COMMIT round trips
        on PostgreSQL): each statement commits by itself, durably. For one read, which is
        consistent by itself, or on PostgreSQL one write that is atomic by itself (a turn:
        `ConversationRepository.append_turn`); SQLite's writes go through `session()` and
        `writer()`."""
        session = self._reads()
        try:
            yield session
        finally:
            session.close()

    read = single_statement  # a single read is consistent by itself

    @contextmanager
    def autocommit(self) -> Iterator[Connection]:
        """A connection where every statement commits by itself (durably)."""
        with self._autocommit.connect() as connection:
            yield connection

    @cached_property
    def _relaxed_engine(self) -> Engine:
        if self.is_sqlite:
            return self._autocommit
        # its own small pool: a connection is held for one statement at a time
        engine = make_engine(
            self.url,
            max(2, self.pool_size // 4),
            self.pool_timeout,
            options="-c synchronous_commit=off",
            max_overflow=max(2, self.pool_size // 4),
        )
        return engine.execution_options(isolation_level="AUTOCOMMIT")

    @contextmanager
    def relaxed(self) -> Iterator[Connection]:
        """Like `autocommit()`, but on PostgreSQL a commit does not wait for the WAL to reach
        the disk: a crash of the database server (not of muni) may lose the last fraction of a
        second of these writes. Only for counters whose loss is harmless; never for turns."""
        with self._relaxed_engine.connect() as connection:
            yield connection

    def writer(self) -> threading.Lock | nullcontext[None]:
        """Hold around a write transaction (after its connection is checked out): SQLite has one
        writer at a time anyway, and a lock in the process hands it on without sleeping."""
        return self._write_lock if self.is_sqlite else nullcontext()

    def dispose(self) -> None:
        self.engine.dispose()
        self._autocommit.engine.dispose()  # the same engine unless SQLite's own pool
        if "_relaxed_engine" in self.__dict__ and not self.is_sqlite:
            self._relaxed_engine.engine.dispose()
