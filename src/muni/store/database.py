"""Engine and sessions for SQLite (default) or PostgreSQL, and schema migration on start."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


def make_engine(url: str, pool_size: int = 40, pool_timeout: float = 30.0) -> Engine:
    """An engine whose pool has room for every request a worker admits (a request holds at
    most two connections at once), and gives up after `pool_timeout` seconds instead of
    queueing without end: the caller turns that into 503."""
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
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_engine(
        url, pool_pre_ping=True, pool_size=pool_size, max_overflow=10, pool_timeout=pool_timeout
    )


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


class Database:
    """One engine and session factory; `migrate()` brings the schema to the newest version."""

    def __init__(self, url: str, pool_size: int = 40, pool_timeout: float = 30.0) -> None:
        self.url = url
        self.engine = make_engine(url, pool_size, pool_timeout)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def migrate(self) -> None:
        with self.engine.begin() as connection:
            config = alembic_config(self.url)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

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

    def dispose(self) -> None:
        self.engine.dispose()
