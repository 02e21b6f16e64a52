"""Agent passwords: scrypt hashes, checked on one small dedicated thread pool.

scrypt is slow on purpose (about 30-80 ms and 16 MB per check). Run on the server's request
threads, forty password guessers occupy every thread that answers citizens. Here every hash
and check of the web server runs on `HASHER`'s own worker thread (one per server process: at
most one core goes to scrypt), at most `MAX_PENDING` jobs are running or waiting for it, and a
login beyond that is refused at once (503 with Retry-After) instead of queueing. The bound is
well under the worker's request slots (MUNI_MAX_CONCURRENT_REQUESTS, default 8): logins waiting
for the hasher can never hold every slot that citizens' requests need.

An unknown username or municipality is checked against `DUMMY_HASH`, so it costs the same
scrypt as a known one and the answer time does not tell which usernames exist.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

SCRYPT = {"n": 2**14, "r": 8, "p": 1}
HASH_WORKERS = 1  # threads that run scrypt for the web server (per server process)
MAX_PENDING = 4  # hash jobs running or waiting; one more is refused with 503
# the same shape and cost as a real hash (32 hex characters of salt); matches no password
DUMMY_HASH = "scrypt$" + "0" * 32 + "$" + "0" * 128

T = TypeVar("T")


def hash_password(password: str) -> str:
    salt = secrets.token_hex(16)
    digest = hashlib.scrypt(password.encode(), salt=salt.encode(), **SCRYPT).hex()
    return f"scrypt${salt}${digest}"


def check_password(password: str, stored: str) -> bool:
    try:
        _, salt, digest = stored.split("$")
    except ValueError:  # not a hash: spend the same time, then refuse
        _, salt, digest = DUMMY_HASH.split("$")
        stored = DUMMY_HASH
    candidate = hashlib.scrypt(password.encode(), salt=salt.encode(), **SCRYPT).hex()
    return hmac.compare_digest(candidate, digest) and stored != DUMMY_HASH


class HasherBusy(Exception):
    """More password checks are waiting than `max_pending`: answer 503 and let the caller retry."""


class PasswordHasher:
    """A bounded thread pool for scrypt. `submit` refuses work instead of queueing without end;
    a job's slot is freed when it finishes or is cancelled before it starts."""

    def __init__(self, workers: int = HASH_WORKERS, max_pending: int = MAX_PENDING) -> None:
        self.max_pending = max_pending
        self._executor = ThreadPoolExecutor(workers, thread_name_prefix="muni-scrypt")
        self._slots = threading.BoundedSemaphore(max_pending)
        self._lock = threading.Lock()
        self._pending = 0

    @property
    def pending(self) -> int:
        return self._pending

    def full(self) -> bool:
        return self._pending >= self.max_pending

    def submit(self, fn: Callable[..., T], *args: object) -> Future[T]:
        if not self._slots.acquire(blocking=False):
            raise HasherBusy
        with self._lock:
            self._pending += 1
        try:
            future = self._executor.submit(fn, *args)
        except BaseException:
            self._release()
            raise
        future.add_done_callback(lambda _f: self._release())
        return future

    def _release(self) -> None:
        with self._lock:
            self._pending -= 1
        self._slots.release()

    async def check(self, password: str, stored: str | None) -> bool:
        """Check `password` against `stored`, or against the dummy hash when there is no such
        agent (same cost); raises HasherBusy when too many checks wait."""
        future = self.submit(check_password, password, stored or DUMMY_HASH)
        return await asyncio.wrap_future(future) and stored is not None

    async def hash(self, password: str) -> str:
        return await asyncio.wrap_future(self.submit(hash_password, password))


HASHER = PasswordHasher()
