"""Refuse request bodies over the limit, counted as the bytes arrive (Content-Length or
chunked), before the app reads any of it: memory per request stays bounded by the limit.

The body is read here in full (at most `limit` bytes) and replayed to the app, so a route
never sees a body it would have to stop reading half-way."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from muni.web.edge.responses import send_error

TOO_LARGE = "Forespørgslen er for stor. / Request too large."


class BodyLimit:
    """`larger` gives routes whose path ends with a key their own limit and message (a
    recording sent to be transcribed: MUNI_SPEECH_MAX_AUDIO_BYTES)."""

    def __init__(
        self, app: ASGIApp, limit: int, larger: dict[str, tuple[int, str]] | None = None
    ) -> None:
        self.app = app
        self.limit = limit
        self.larger = larger or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit, too_large = self.limit, TOO_LARGE
        for suffix, (own_limit, own_message) in self.larger.items():
            if scope["path"].endswith(suffix):
                limit, too_large = own_limit, own_message
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            status = 413 if length.isdigit() else 400
            await send_error(
                send,
                status,
                "body_too_large" if status == 413 else "bad_content_length",
                too_large if status == 413 else "Ugyldig Content-Length. / Invalid Content-Length.",
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
            if size > limit:
                await send_error(send, 413, "body_too_large", too_large, {"connection": "close"})
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
