"""Telling every muni instance that something changed: a tenant's search index after a
crawl, the content and models after a publish. On PostgreSQL this is LISTEN/NOTIFY (the
instances hear it within milliseconds); SQLite installs run on one machine and fall back on
polling (the search index checks its version every few seconds, content on restart).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sqlalchemy import text

from muni.store.database import Database

log = logging.getLogger(__name__)

INDEX = "muni_index"  # payload: the tenant's id
CONTENT = "muni_content"  # payload: the content fingerprint


def announce(db: Database, channel: str, payload: str) -> bool:
    """Tell every listening instance (PostgreSQL only; returns False on SQLite)."""
    if not db.url.startswith("postgresql"):
        return False
    with db.session() as session:
        session.execute(
            text("SELECT pg_notify(:channel, :payload)"), {"channel": channel, "payload": payload}
        )
    return True


def _psycopg_url(url: str) -> str:
    """SQLAlchemy's URL without its driver name, for a plain psycopg connection."""
    scheme, rest = url.split("://", 1)
    return "postgresql://" + rest


class Listener:
    """A daemon thread with its own connection that LISTENs and calls `on_message(channel,
    payload)`; it reconnects after a lost connection and stops on `stop()`."""

    def __init__(
        self,
        url: str,
        channels: tuple[str, ...],
        on_message: Callable[[str, str], None],
        retry_seconds: float = 2.0,
    ) -> None:
        self.url = _psycopg_url(url)
        self.channels = channels
        self.on_message = on_message
        self.retry_seconds = retry_seconds
        self.listening = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="muni-listener", daemon=True)

    def start(self) -> Listener:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                with psycopg.connect(self.url, autocommit=True) as connection:
                    for channel in self.channels:
                        connection.execute(f'LISTEN "{channel}"')
                    self.listening.set()
                    while not self._stop.is_set():
                        for note in connection.notifies(timeout=1.0):
                            self._deliver(note.channel, note.payload)
            except Exception:  # the database went away: try again, never die
                self.listening.clear()
                log.warning("lost the announcement connection; retrying", exc_info=True)
                self._stop.wait(self.retry_seconds)

    def _deliver(self, channel: str, payload: str) -> None:
        try:
            self.on_message(channel, payload)
        except Exception:
            log.exception("handling announcement %s failed", channel)
