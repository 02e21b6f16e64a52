"""What `/readyz` reports: the database answers, the models are loaded, and every tenant's
search index has been built once (warmed on a thread at start, so the first citizen of each
municipality does not pay for it). A load balancer sends traffic only to ready instances;
`/healthz` only says the process is alive."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import text

if TYPE_CHECKING:
    from muni.runtime import Runtime

log = logging.getLogger(__name__)


@dataclass
class Readiness:
    runtime: Runtime
    index_loaded: threading.Event = field(default_factory=threading.Event)
    index_error: str | None = None
    index_seconds: float | None = None

    def warm_in_background(self) -> threading.Thread:
        thread = threading.Thread(target=self.warm, name="muni-warm-index", daemon=True)
        thread.start()
        return thread

    def warm(self) -> None:
        from muni.store.tenants import TenantRepository

        started = time.perf_counter()
        try:
            with self.runtime.db.session() as session:
                tenants = TenantRepository(session).all()
            for tenant in tenants:
                self.runtime.search_index.size(tenant)
        except Exception as exc:  # reported by /readyz, retried by the next warm()
            self.index_error = type(exc).__name__
            log.exception("building the search indexes failed")
            return
        self.index_seconds = round(time.perf_counter() - started, 2)
        self.index_error = None
        self.index_loaded.set()

    def database(self) -> bool:
        try:
            with self.runtime.db.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return True
        except Exception:
            log.warning("readiness: the database does not answer", exc_info=True)
            return False

    def check(self) -> dict[str, bool]:
        return {
            "database": self.database(),
            "models": self.runtime.models is not None and self.runtime.pipeline is not None,
            "index": self.index_loaded.is_set(),
        }
