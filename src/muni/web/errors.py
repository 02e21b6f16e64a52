"""JSON errors with a stable code and a plain-language message (Danish first, then English)."""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from muni.conversations.refusals import TurnRefused

ERROR_TITLES = {401: "Log ind", 403: "Ingen adgang", 404: "Findes ikke", 409: "Kan ikke lige nu"}


class ApiError(Exception):
    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers


def _body(code: str, message: str, **extra: object) -> dict[str, object]:
    return {"error": {"code": code, "message": message, **extra}}


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        path = request.url.path
        staff_page = path.startswith(("/agent", "/console")) and "/api/" not in path
        if exc.code == "login_required" and staff_page and request.method == "GET":
            target = "/agent/login" if path.startswith("/agent") else "/console/login"
            if path not in ("/agent", "/console"):
                target += "?" + urlencode({"next": path})
            return RedirectResponse(target, status_code=303)
        if staff_page and "text/html" in request.headers.get("accept", ""):
            return error_page(request, exc.status, exc.message, exc.headers)
        return JSONResponse(
            _body(exc.code, exc.message), status_code=exc.status, headers=exc.headers
        )

    @app.exception_handler(TurnRefused)
    async def _refused(_request: Request, exc: TurnRefused) -> Response:
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
        return JSONResponse(_body(exc.code, exc.message), status_code=exc.status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {"field": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg")}
            for e in exc.errors()
        ]
        return JSONResponse(
            _body(
                "invalid_request",
                "Forespørgslen er ugyldig. / The request is invalid.",
                details=details,
            ),
            status_code=422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return JSONResponse(_body(code, str(exc.detail)), status_code=exc.status_code)

    @app.exception_handler(PoolTimeout)
    async def _pool_exhausted(_request: Request, _exc: PoolTimeout) -> JSONResponse:
        return busy()

    @app.exception_handler(OperationalError)
    async def _database_busy(_request: Request, exc: OperationalError) -> JSONResponse:
        if "locked" in str(exc.orig) or "busy" in str(exc.orig):
            return busy()
        return crashed()

    @app.exception_handler(Exception)
    async def _crash(_request: Request, _exc: Exception) -> JSONResponse:
        return crashed()


BUSY = (
    "Der er travlt lige nu. Prøv igen om et øjeblik. / We are busy right now; "
    "please try again in a moment."
)
CRASHED = "Der skete en fejl hos os. Prøv igen om lidt. / Something went wrong on our side."


def busy() -> JSONResponse:
    """503: the worker has no database connection (or lock) to spare right now."""
    return JSONResponse(_body("busy", BUSY), status_code=503, headers={"Retry-After": "2"})


def crashed() -> JSONResponse:
    return JSONResponse(_body("internal_error", CRASHED), status_code=500)


def error_page(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> HTMLResponse:
    """A plain page for a staff member's browser (the Danish half of the message)."""
    title = ERROR_TITLES.get(status, "Noget gik galt")
    danish = message.split(" / ")[0]
    body = (
        '<!doctype html><html lang="da"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} - muni</title></head><body><main>"
        f"<h1>{escape(title)}</h1><p>{escape(danish)}</p>"
        '<p><a href="/console">Til forsiden af konsollen</a></p></main></body></html>'
    )
    return HTMLResponse(body, status_code=status, headers=headers)
