"""Structured logs: one JSON object per line, with the request id, and no personal data.

muni never logs what a citizen wrote or their address: the request log (web/edge/
request_log.py) writes method, route template, status and time, not the path or the IP.
`logging_config` is handed to uvicorn, which applies it in every worker process."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from muni.operations.request_context import REQUEST_ID

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = REQUEST_ID.get()
        if request_id:
            entry["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_") and key != "color_message":
                entry[key] = value
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")


def logging_config(fmt: str, level: str = "INFO") -> dict[str, Any]:
    """A dictConfig for muni's and uvicorn's loggers ("json" or "text")."""
    formatter = JsonFormatter if fmt == "json" else TextFormatter
    handler = {"class": "logging.StreamHandler", "formatter": "muni", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"muni": {"()": f"{formatter.__module__}.{formatter.__qualname__}"}},
        "handlers": {"muni": handler},
        "root": {"handlers": ["muni"], "level": level},
        "loggers": {
            "uvicorn": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.error": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
            "alembic": {"handlers": [], "level": "WARNING", "propagate": True},
            # httpx logs every request's URL at INFO: a query can hold an address or an id
            "httpx": {"handlers": [], "level": "WARNING", "propagate": True},
        },
    }


def configure(fmt: str, level: str = "INFO") -> None:
    """For processes uvicorn does not start (the job worker, CLI commands)."""
    import logging.config

    logging.config.dictConfig(logging_config(fmt, level))
