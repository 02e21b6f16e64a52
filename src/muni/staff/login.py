"""The staff login: the session cookie, its CSRF token, and the throttle on failed logins.

The cookie holds a random token of a server-side session (muni.store.staff_sessions keeps only
its SHA-256), HttpOnly, SameSite=Strict, Secure over HTTPS. It is sent to the console (/console)
and the agent pages (/agent) alike, so its path is /. Every state-changing request must also
carry the session's CSRF token (`csrf_token`): an HMAC of the session token under the
installation's signing key, known to the page, not guessable by another site, never stored.

Failed logins are counted per account (municipality + username) and per client IP in
15-minute windows with the shared database counters (keyed hashes, no usernames or IPs
stored). A login attempt takes a place in both counts before the password is checked, so
parallel guesses cannot slip past the limit; a successful login clears the account's count
and gives the IP its place back. A limit of 0 switches that count off.
"""

from __future__ import annotations

import hashlib
import hmac
import threading

from starlette.requests import Request
from starlette.responses import Response

from muni.config import Settings
from muni.store.staff_sessions import LIFETIME as SESSION_LIFETIME
from muni.store.staff_sessions import token_digest
from muni.store.usage_counters import UsageCounters

COOKIE = "muni_staff"
COOKIE_PATH = "/"
LIFETIME = int(SESSION_LIFETIME.total_seconds())
WINDOW = 15 * 60
ACCOUNT = "staff-login/account"
IP = "staff-login/ip"
MAX_REMEMBERED = 10_000  # blocked subjects one process remembers


def csrf_token(key: bytes, session_token: str) -> str:
    """The CSRF token of one login session."""
    digest = token_digest(session_token).encode()
    return hmac.new(key, b"csrf\x00" + digest, hashlib.sha256).hexdigest()


def csrf_matches(key: bytes, session_token: str, presented: str) -> bool:
    return bool(presented) and hmac.compare_digest(csrf_token(key, session_token), presented)


def cookie_secure(settings: Settings, request: Request) -> bool:
    if settings.cookie_secure is not None:
        return settings.cookie_secure
    return request.url.scheme == "https"


def set_session_cookie(response: Response, token: str, secure: bool) -> None:
    response.set_cookie(
        COOKIE,
        token,
        max_age=LIFETIME,
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=secure,
    )


def clear_session_cookie(response: Response, secure: bool) -> None:
    response.delete_cookie(
        COOKIE, path=COOKIE_PATH, httponly=True, samesite="strict", secure=secure
    )


class LoginThrottle:
    """The failed-login counts of one server process's app (made once, kept on the app).

    Once the database says a subject (an account or an IP) is at its limit, this process
    remembers it until the window ends: further attempts are refused without touching the
    database or a thread, so a flood of refused guesses costs about as little as a health
    check. Counts only grow within a window, so the memory cannot refuse someone the
    database would let in."""

    def __init__(self, counters: UsageCounters, per_account: int, per_ip: int) -> None:
        self.counters = counters
        self.per_account = per_account
        self.per_ip = per_ip
        self._blocked: dict[tuple[str, str], int] = {}  # (count, subject) -> window end
        self._lock = threading.Lock()

    @staticmethod
    def account(tenant: str, username: str) -> str:
        return f"{tenant.strip().casefold()}\x00{username.strip().casefold()}"

    def _now(self) -> int:
        return int(self.counters.clock())

    def retry_after(self) -> int:
        return WINDOW - self._now() % WINDOW

    def _checks(self, tenant: str, username: str, ip: str) -> list[tuple[str, str, int]]:
        checks = [
            (IP, ip, self.per_ip),
            (ACCOUNT, self.account(tenant, username), self.per_account),
        ]
        return [c for c in checks if c[2] > 0]

    def _remember(self, name: str, subject: str) -> None:
        now = self._now()
        with self._lock:
            if len(self._blocked) >= MAX_REMEMBERED:
                self._blocked = {k: end for k, end in self._blocked.items() if end > now}
                if len(self._blocked) >= MAX_REMEMBERED:
                    self._blocked.clear()  # the database still knows; this is only a shortcut
            self._blocked[(name, subject)] = now - now % WINDOW + WINDOW

    def known_blocked(self, tenant: str, username: str, ip: str) -> bool:
        """At a limit as this process already knows: no database, safe on the event loop."""
        now = self._now()
        return any(
            self._blocked.get((name, subject), 0) > now
            for name, subject, _limit in self._checks(tenant, username, ip)
        )

    def blocked(self, tenant: str, username: str, ip: str) -> bool:
        """At a limit in the database (reads only: refusing costs no write)."""
        for name, subject, limit in self._checks(tenant, username, ip):
            if self.counters.peek(name, subject, WINDOW) >= limit:
                self._remember(name, subject)
                return True
        return False

    def reserve(self, tenant: str, username: str, ip: str) -> bool:
        """Count this attempt as a failure until it succeeds; False when over a limit."""
        for name, subject, limit in self._checks(tenant, username, ip):
            if self.counters.hit(name, subject, WINDOW) > limit:
                self._remember(name, subject)
                return False
        return True

    def release(self, tenant: str, username: str, ip: str) -> None:
        """The attempt was not judged (server busy): give both places back."""
        for name, subject, _limit in self._checks(tenant, username, ip):
            self.counters.hit(name, subject, WINDOW, amount=-1)

    def succeeded(self, tenant: str, username: str, ip: str) -> None:
        self.counters.reset(ACCOUNT, self.account(tenant, username), WINDOW)
        if self.per_ip > 0:
            self.counters.hit(IP, ip, WINDOW, amount=-1)
