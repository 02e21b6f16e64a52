"""The README's screenshots, taken by the browser tests only when asked (MUNI_SCREENSHOTS=1), so a
test run never changes files in the repository: `MUNI_SCREENSHOTS=1 ./dev test -k browser`."""

from __future__ import annotations

import os
from pathlib import Path

SHOTS = Path(__file__).parents[2] / "docs" / "screenshots"


def screenshot(target, name: str) -> None:  # type: ignore[no-untyped-def]
    """Save a Playwright page's or locator's screenshot as docs/screenshots/<name>.png."""
    if not os.environ.get("MUNI_SCREENSHOTS"):
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    target.screenshot(path=str(SHOTS / f"{name}.png"))
