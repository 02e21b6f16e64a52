"""Following published content on SQLite: PostgreSQL instances hear a publish at once
(LISTEN/NOTIFY); an instance on SQLite asks the database every `content_recheck_seconds`
whether the content version moved, and reloads when it did (no restart)."""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from muni.store.content_changes import content_version

if TYPE_CHECKING:
    from muni.runtime import Runtime

log = logging.getLogger(__name__)


class ContentFollower:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.every = runtime.settings.content_recheck_seconds
        self._seen: Any = self._version()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="muni-content", daemon=True)

    def _version(self) -> Any:
        with self.runtime.db.read() as session:
            return content_version(session)

    def start(self) -> ContentFollower:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def check(self) -> bool:
        """Reload if the content was published since the last look; True when it did."""
        version = self._version()
        if version == self._seen:
            return False
        if self.runtime.reload_content():
            self._seen = version
            log.info("content published elsewhere; loaded")
            return True
        return False  # its models are not trained yet: look again next time

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.check()
            except Exception:  # the database may be away for a moment
                log.warning("content check failed; retrying", exc_info=True)
