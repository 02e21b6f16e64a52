"""The `muni` command (entry point `muni.cli:app`)."""

from muni.cli import content, crawling, jobs, nlu, qr, serving, staff  # noqa: F401  (registers)
from muni.cli.app import app

__all__ = ["app"]
