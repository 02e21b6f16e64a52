"""Refuse request bodies over the limit, counted as the bytes arrive (Content-Length or
chunked), before the app reads any of it: memory per request stays bounded by the limit.

The body is read here in full (at most `limit` bytes) and replayed to the app, so a route
never sees a body it would have to stop reading half-way."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from muni.web.edge.responses import send_error

TOO_LARGE = "Forespørgslen er for stor. / Request too large."


class BodyLimit:
    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            status = 413 if length.isdigit() else 400
            await send_error(
                send,
                status,
                "body_too_large" if status == 413 else "bad_content_length",
                TOO_LARGE if status == 413 else "Ugyldig Content-Length. / Invalid Content-Length.",
                {"connection": "close"},
            )
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await send_error(send, 413, "body_too_large", TOO_LARGE, {"connection": "close"})
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
