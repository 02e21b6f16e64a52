"""The `muni` command (entry point `muni.cli:app`)."""

from muni.cli import (  # noqa: F401  (registers)
    content,
    corpus,
    crawling,
    inbox,
    jobs,
    nlu,
    privacy,
    qr,
    serving,
    staff,
    stats,
    waste,
)
from muni.cli.app import app

__all__ = ["app"]
