"""The abuse limits count in fixed clock windows (a minute starts at :00, ten minutes at
:00, :10, ...; store/usage_counters.py). A test that sends N requests and expects the N-th to
be refused must send them all inside one window: `start_early_in_window` waits for the next
window when too little of the current one is left. Without it the test fails whenever it
happens to cross a window's end (as one CI run did)."""

from __future__ import annotations

import time


def start_early_in_window(window: int = 60, needed: float = 15) -> None:
    """Return when at least `needed` seconds of the current `window` (seconds) are left."""
    left = window - time.time() % window
    if left < needed:
        time.sleep(left + 0.05)
