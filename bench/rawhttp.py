"""A minimal keep-alive HTTP/1.1 client on asyncio streams, for load generators on the same
cores as the server: httpx's AsyncClient spends ~9 ms of CPU per request at 50 concurrent
connections on the 2-core machine, which starves the server it measures; this spends well
under 1 ms. One connection per simulated citizen; JSON bodies; Content-Length or chunked
responses. Not a general client (no TLS, no redirects, no proxies)."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass
class Response:
    status: int
    body: bytes

    def json(self) -> object:
        return json.loads(self.body)


class Connection:
    """One keep-alive connection to `base` (http://host:port); reopened if the server closed it."""

    def __init__(self, base: str, timeout: float = 60.0, origin: str | None = None) -> None:
        parts = urlsplit(base)
        self.origin = origin  # sent as the Origin header, as a browser on another site does
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.timeout = timeout
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: object | None = None) -> Response:
        return await asyncio.wait_for(self._request(method, path, body), self.timeout)

    async def _request(self, method: str, path: str, body: object | None) -> Response:
        payload = b"" if body is None else json.dumps(body).encode()
        head = (f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                f"Content-Length: {len(payload)}\r\n")
        if body is not None:
            head += "Content-Type: application/json\r\n"
        if self.origin:
            head += f"Origin: {self.origin}\r\n"
        message = head.encode() + b"\r\n" + payload
        for attempt in range(2):
            if self._writer is None:
                self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
            try:
                self._writer.write(message)
                await self._writer.drain()
                return await self._read()
            except (ConnectionError, asyncio.IncompleteReadError):
                await self.close()
                if attempt == 1:
                    raise
        raise AssertionError("unreachable")

    async def _read(self) -> Response:
        assert self._reader is not None
        status_line = await self._reader.readuntil(b"\r\n")
        status = int(status_line.split(b" ", 2)[1])
        length, chunked, close = None, False, False
        while (line := await self._reader.readuntil(b"\r\n")) != b"\r\n":
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value:
                chunked = True
            elif name == "connection" and value == "close":
                close = True
        if chunked:
            body = bytearray()
            while size := int((await self._reader.readuntil(b"\r\n")).split(b";")[0], 16):
                body += await self._reader.readexactly(size)
                await self._reader.readexactly(2)
            await self._reader.readexactly(2)
        elif length is not None:
            body = bytearray(await self._reader.readexactly(length))
        else:
            body, close = bytearray(await self._reader.read()), True
        if close:
            await self.close()
        return Response(status, bytes(body))

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            try:
                await self._writer.wait_closed()
            except ConnectionError:
                pass
        self._reader = self._writer = None
