"""HTTP fetching for the crawler: timeouts, retries with back-off, size and type limits,
conditional GET (ETag / Last-Modified)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import httpx

RETRY_STATUS = {429, 500, 502, 503, 504}
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class FetchResult:
    url: str
    status: int = 0
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    error: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def ok(self) -> bool:
        return self.status == 200 and self.error is None

    @property
    def gone(self) -> bool:
        return self.status in (404, 410)


class Fetcher:
    def __init__(
        self,
        client: httpx.Client,
        max_bytes: int = 2_000_000,
        retries: int = 2,
        backoff: float = 0.25,
        sleep=time.sleep,
    ) -> None:  # type: ignore[no-untyped-def]
        self.client = client
        self.max_bytes = max_bytes
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep

    def get(
        self,
        url: str,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: tuple[str, ...] = HTML_TYPES,
    ) -> FetchResult:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        result = FetchResult(url=url)
        for attempt in range(self.retries + 1):
            result = self._once(url, headers, accept)
            retry = result.error == "transport" or result.status in RETRY_STATUS
            if not retry or attempt == self.retries:
                return result
            wait = self.backoff * (2**attempt)
            retry_after = result.headers.get("retry-after", "")
            if retry_after.isdigit():
                wait = max(wait, min(float(retry_after), 30.0))
            self.sleep(wait)
        return result

    def _once(self, url: str, headers: dict[str, str], accept: tuple[str, ...]) -> FetchResult:
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                result = FetchResult(
                    url=str(response.url),
                    status=response.status_code,
                    headers={k.lower(): v for k, v in response.headers.items()},
                )
                if response.status_code != 200:
                    return result
                kind = result.headers.get("content-type", "").split(";")[0].strip().lower()
                if accept and kind not in accept:
                    result.error = f"content-type {kind or 'missing'}"
                    return result
                declared = result.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    result.error = "too large"
                    return result
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        result.error = "too large"
                        return result
                    chunks.append(chunk)
                result.body = b"".join(chunks)
                return result
        except httpx.HTTPError as exc:
            return FetchResult(url=url, error="transport", headers={"detail": str(exc)[:200]})
