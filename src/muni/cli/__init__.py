"""The `muni` command (entry point `muni.cli:app`)."""

from muni.cli import content, crawling, nlu, qr, serving, staff  # noqa: F401  (registers commands)
from muni.cli.app import app

__all__ = ["app"]
