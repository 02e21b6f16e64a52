"""Every status code a route can answer, in the OpenAPI document, with the shared error body.

Some codes come from what every request passes (web/edge/): 503 when the worker is busy,
413 for a body over the limit, 403 for a browser page on a foreign origin (tenant routes),
404 for an unknown municipality. Routes declare their own (404 conversation, 409, 429 ...)
with `responses=errors(...)`."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

MEANINGS = {
    400: "The request could not be read (for example an invalid Content-Length).",
    401: "Not logged in.",
    403: "Not allowed: a browser page on another website, or a missing staff token.",
    404: "Unknown municipality, conversation or handoff.",
    409: "Not possible in the conversation's state (for example while chatting with a person).",
    413: "The body or the message is too long.",
    422: "The request is invalid; `details` says which field and why.",
    429: "Too many requests; wait the seconds in `Retry-After`.",
    503: "Busy right now; try again after the seconds in `Retry-After`.",
}


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorOut(BaseModel):
    """Every error: a stable code and a message in Danish, then English."""

    error: ErrorDetail


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route that can answer these error codes."""
    return {code: {"model": ErrorOut, "description": MEANINGS[code]} for code in codes}


def _add(operation: dict[str, Any], code: int) -> None:
    responses = operation.setdefault("responses", {})
    if str(code) not in responses:
        responses[str(code)] = {
            "description": MEANINGS[code],
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
        }


def document_edge_errors(app: FastAPI) -> None:
    """Add the codes every request may meet before its route to each operation."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        schema.setdefault("components", {}).setdefault("schemas", {})
        schema["components"]["schemas"]["ErrorOut"] = ErrorOut.model_json_schema(
            ref_template="#/components/schemas/{model}"
        )
        schema["components"]["schemas"].update(
            ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}").pop("$defs", {})
        )
        schema["components"]["schemas"]["ErrorOut"].pop("$defs", None)
        for path, item in schema.get("paths", {}).items():
            for method, operation in item.items():
                if path != "/api/health":
                    _add(operation, 503)
                if method in ("post", "put", "patch"):
                    _add(operation, 413)
                    _add(operation, 400)
                if path.startswith("/api/tenants/{tenant}"):
                    _add(operation, 404)
                    if method in ("post", "put", "patch", "delete"):
                        _add(operation, 403)
                if operation.get("parameters") or operation.get("requestBody"):
                    _add(operation, 422)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
