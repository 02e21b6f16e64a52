"""JSON log lines: one object per line, with the request id and extra fields."""

from __future__ import annotations

import json
import logging

from muni.operations.logs import JsonFormatter, logging_config
from muni.operations.request_context import REQUEST_ID, request_id_from


def record(message: str, **extra) -> logging.LogRecord:  # type: ignore[no-untyped-def]
    entry = logging.LogRecord("muni.test", logging.INFO, __file__, 1, message, (), None)
    entry.__dict__.update(extra)
    return entry


def test_a_line_is_json_with_the_request_id_and_the_extra_fields():
    token = REQUEST_ID.set("abc12345")
    try:
        line = JsonFormatter().format(record("request", route="/x/{id}", status=200))
    finally:
        REQUEST_ID.reset(token)
    entry = json.loads(line)
    assert entry["message"] == "request" and entry["level"] == "info"
    assert entry["request_id"] == "abc12345"
    assert entry["route"] == "/x/{id}" and entry["status"] == 200
    assert "\n" not in line


def test_a_line_outside_a_request_has_no_request_id_and_keeps_errors():
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        entry = record("failed")
        entry.exc_info = sys.exc_info()
    parsed = json.loads(JsonFormatter().format(entry))
    assert "request_id" not in parsed and "ValueError: boom" in parsed["error"]


def test_request_ids_from_a_load_balancer_are_kept_only_when_they_look_like_ids():
    assert request_id_from("f81d4fae-7dec-11d0-a765-00a0c91e6bf6") == (
        "f81d4fae-7dec-11d0-a765-00a0c91e6bf6")
    for bad in (None, "", "short", "x" * 65, "id with spaces", "drop table;--"):
        made = request_id_from(bad)
        assert made != bad and len(made) == 16


def test_the_config_sends_uvicorn_and_muni_to_one_handler():
    config = logging_config("json")
    assert config["formatters"]["muni"]["()"].endswith("JsonFormatter")
    assert config["loggers"]["uvicorn.access"]["propagate"] is False  # muni logs requests
    assert logging_config("text")["formatters"]["muni"]["()"].endswith("TextFormatter")
