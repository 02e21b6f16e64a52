"""A small HTTP server on 127.0.0.1 for adapter contract tests: a handler function gets the
path and query and returns (status, content type, body); `delay` makes every answer slow."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

Handler = Callable[[str, dict[str, str]], tuple[int, str, bytes]]
PostHandler = Callable[[str, dict[str, str], bytes], tuple[int, str, bytes]]


def _not_found(_path: str, _query: dict[str, str]) -> tuple[int, str, bytes]:
    return 404, "text/plain", b"not found"


class LocalServer:
    """GET goes to `handler(path, query)`; POST, if the test needs it, to `post(path,
    headers, body)`. `requests` lists the paths asked for."""

    def __init__(self, handler: Handler = _not_found, post: PostHandler | None = None) -> None:
        self.handler = handler
        self.post = post
        self.delay = 0.0
        self.requests: list[str] = []
        outer = self

        class _Request(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server name
                parts = urlsplit(self.path)
                outer.requests.append(self.path)
                if outer.delay:
                    time.sleep(outer.delay)
                query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
                self._send(*outer.handler(parts.path, query))

            def do_POST(self) -> None:  # noqa: N802 - the http.server name
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                outer.requests.append(self.path)
                if outer.delay:
                    time.sleep(outer.delay)
                if outer.post is None:
                    self._send(405, "text/plain", b"no POST here")
                    return
                self._send(*outer.post(self.path, dict(self.headers.items()), body))

            def _send(self, status: int, kind: str, body: bytes) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Request)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> LocalServer:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def serving(handler: Handler) -> Iterator[LocalServer]:
    server = LocalServer(handler).start()
    try:
        yield server
    finally:
        server.stop()
