"""Citizen login through the municipality's MitID broker (OpenID Connect, code flow with
PKCE; muni.identity.oidc_client), and the citizen session it opens.

What muni keeps, and where:

- the database (`citizen_sessions`) holds the SHA-256 of the session token, the citizen's
  pseudonym (a keyed HMAC of the broker's issuer and subject with the installation's signing
  key) and when the session expires or ended: nothing that names the citizen;
- the browser's cookie holds the token and, encrypted with a key derived from the signing key
  (Fernet: AES-128-CBC + HMAC-SHA256), the claims muni may pass on to the municipality's own
  systems: the broker's subject, the name and a CPR number when the broker sends one. They are
  read back for one request at a time (web/citizen_auth.py) and never written anywhere.

The state, nonce, PKCE verifier, tenant, conversation and where to go afterwards travel in a
short-lived cookie signed with the installation's key (`CitizenLoginState`), so any worker can
finish a login another began.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from authlib.common.security import generate_token
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from muni.channels.signing import sign, verify
from muni.connectors.values import Citizen
from muni.domain import Tenant
from muni.identity.oidc_client import OidcClient, OidcError
from muni.store.database import Database
from muni.store.tables import CitizenSessionRow

STATE_COOKIE = "muni_citizen_login"
SESSION_COOKIE = "muni_citizen"
STATE_LIFETIME = 900  # seconds a citizen has to finish at the broker (MitID can take a while)
SCOPE = "openid profile"
# where brokers put the CPR number: NemLog-in/OIOSAML names and common OIDC broker claims
CPR_CLAIMS = (
    "cpr",
    "cpr_number",
    "dk:gov:saml:attribute:CprNumberIdentifier",
    "https://data.gov.dk/model/core/eid/cprNumber",
)

LoginError = OidcError


def cookie_path(tenant_slug: str) -> str:
    """The citizen cookies go only to that municipality's API."""
    return f"/api/tenants/{tenant_slug}"


@dataclass(frozen=True)
class CitizenLoginState:
    tenant: str
    conversation: str
    return_to: str
    state: str
    nonce: str
    verifier: str
    expires: int

    def __repr__(self) -> str:  # state, nonce and verifier are secrets of this login
        return f"CitizenLoginState(tenant={self.tenant!r}, expires={self.expires})"

    def seal(self, key: bytes) -> str:
        return sign(key, "citizen-oidc", asdict(self))

    @classmethod
    def open(cls, key: bytes, sealed: str, now: float) -> CitizenLoginState | None:
        data = verify(key, "citizen-oidc", sealed)
        try:
            state = cls(**data) if data is not None else None
        except TypeError:
            return None
        return state if state is not None and state.expires > now else None

    @classmethod
    def new(cls, tenant: str, conversation: str, return_to: str, now: float) -> CitizenLoginState:
        return cls(
            tenant=tenant,
            conversation=conversation,
            return_to=return_to,
            state=secrets.token_urlsafe(24),
            nonce=secrets.token_urlsafe(24),
            verifier=generate_token(64),
            expires=int(now) + STATE_LIFETIME,
        )


@dataclass(frozen=True)
class BrokerClaims:
    """What the broker said about the citizen: held in memory and in the encrypted cookie."""

    issuer: str
    subject: str
    name: str
    cpr: str | None

    def __repr__(self) -> str:
        return "BrokerClaims(…)"


def claims_of(issuer: str, claims: dict[str, Any]) -> BrokerClaims:
    name = str(claims.get("name") or "").strip()
    if not name:
        parts = (claims.get("given_name"), claims.get("family_name"))
        name = " ".join(str(p) for p in parts if p).strip()
    cpr = next((str(claims[c]) for c in CPR_CLAIMS if claims.get(c)), None)
    if cpr is not None:
        cpr = "".join(ch for ch in cpr if ch.isdigit()) or None
    return BrokerClaims(issuer.rstrip("/"), str(claims["sub"]), name[:200], cpr)


class CitizenBroker(OidcClient):
    """The MitID broker (MUNI_CITIZEN_OIDC_*)."""

    def __init__(self, issuer: str, client_id: str, client_secret: str, timeout: float = 10.0):
        super().__init__(issuer, client_id, client_secret, timeout, scope=SCOPE)

    def finish(
        self, redirect_uri: str, login: CitizenLoginState, code: str, state: str
    ) -> BrokerClaims:
        return claims_of(self.issuer, self.verified_claims(redirect_uri, login, code, state))


@dataclass(frozen=True)
class BrokerSetup:
    issuer: str
    client_id: str
    client_secret: str


def broker_setup(settings: Any, tenant: Tenant) -> BrokerSetup | None:
    """The tenant's own broker (`connectors: {citizen_login: {issuer, client_id,
    client_secret_env}}` in its YAML), else the installation's (MUNI_CITIZEN_OIDC_*), else
    None: no citizen login for this tenant. `citizen_login: {kind: none}` switches it off."""
    own = (tenant.connectors or {}).get("citizen_login") or {}
    if own.get("kind") == "none":
        return None
    if own.get("issuer"):
        secret_env = str(own.get("client_secret_env") or "")
        return BrokerSetup(
            str(own["issuer"]),
            str(own.get("client_id") or ""),
            os.environ.get(secret_env, "") if secret_env else "",
        )
    if settings.citizen_oidc_issuer:
        return BrokerSetup(
            settings.citizen_oidc_issuer,
            settings.citizen_oidc_client_id,
            settings.citizen_oidc_client_secret,
        )
    return None


def pseudonym(key: bytes, issuer: str, subject: str) -> str:
    """The citizen as the database knows them: stable per broker subject, not reversible
    without the installation's key."""
    message = f"citizen\x00{issuer.rstrip('/')}\x00{subject}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _fernet(key: bytes) -> Fernet:
    derived = hashlib.sha256(b"muni citizen cookie\x00" + key).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def seal_cookie(key: bytes, tenant_slug: str, token: str, claims: BrokerClaims) -> str:
    body = {
        "t": token,
        "ten": tenant_slug,
        "iss": claims.issuer,
        "sub": claims.subject,
        "name": claims.name,
        "cpr": claims.cpr,
    }
    return _fernet(key).encrypt(json.dumps(body).encode()).decode()


@dataclass(frozen=True)
class CookieContent:
    token: str
    tenant: str
    claims: BrokerClaims

    def __repr__(self) -> str:  # the token opens the session: never in a log
        return f"CookieContent(tenant={self.tenant!r})"


def open_cookie(key: bytes, sealed: str) -> CookieContent | None:
    """The cookie's content, or None when it was not made by this installation (or changed)."""
    try:
        body = json.loads(_fernet(key).decrypt(sealed.encode()))
        return CookieContent(
            str(body["t"]),
            str(body["ten"]),
            BrokerClaims(
                str(body["iss"]),
                str(body["sub"]),
                str(body.get("name") or ""),
                str(body["cpr"]) if body.get("cpr") else None,
            ),
        )
    except (InvalidToken, ValueError, KeyError, TypeError):
        return None


class CitizenSessions:
    """The `citizen_sessions` rows of one tenant."""

    def __init__(self, session: Session, tenant: Tenant) -> None:
        self.session = session
        self.tenant = tenant

    def open(self, subject: str, now: datetime, minutes: int) -> tuple[str, datetime]:
        token = secrets.token_urlsafe(32)
        expires = now + timedelta(minutes=minutes)
        self.session.add(
            CitizenSessionRow(
                tenant_id=self.tenant.id,
                token_hash=_token_hash(token),
                subject=subject,
                created_at=now,
                expires_at=expires,
            )
        )
        return token, expires

    def find(self, token: str) -> CitizenSessionRow | None:
        return self.session.scalar(
            select(CitizenSessionRow).where(
                CitizenSessionRow.token_hash == _token_hash(token),
                CitizenSessionRow.tenant_id == self.tenant.id,
            )
        )

    def end(self, token: str, now: datetime) -> None:
        self.session.execute(
            update(CitizenSessionRow)
            .where(
                CitizenSessionRow.token_hash == _token_hash(token),
                CitizenSessionRow.tenant_id == self.tenant.id,
                CitizenSessionRow.ended_at.is_(None),
            )
            .values(ended_at=now)
        )


def as_aware(moment: datetime) -> datetime:
    """SQLite gives naive datetimes back; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class SessionCheck:
    citizen: Citizen | None
    expired: bool = False  # a cookie of a session that has run out (not logged out)
    expires_at: datetime | None = None


def check_session(
    session: Session, tenant: Tenant, key: bytes, sealed: str | None, now: datetime
) -> SessionCheck:
    """The citizen of a request's cookie, if their session with this tenant is live."""
    if not sealed:
        return SessionCheck(None)
    content = open_cookie(key, sealed)
    if content is None or content.tenant != tenant.slug:
        return SessionCheck(None)
    row = CitizenSessions(session, tenant).find(content.token)
    if row is None or row.ended_at is not None:
        return SessionCheck(None)
    claims = content.claims
    alias = pseudonym(key, claims.issuer, claims.subject)
    if not hmac.compare_digest(alias, row.subject):
        return SessionCheck(None)
    expires = as_aware(row.expires_at)
    if expires <= now:
        return SessionCheck(None, expired=True)
    return SessionCheck(Citizen(claims.subject, alias, claims.name, claims.cpr), False, expires)


def purge_citizen_sessions(db: Database, now: datetime, keep: timedelta = timedelta(days=1)) -> int:
    """Delete citizen sessions that expired or ended more than `keep` ago (run with the
    transcript retention): a session row is only needed while it may be used."""
    cutoff = now - keep
    with db.session() as session:
        deleted = session.execute(
            delete(CitizenSessionRow).where(
                or_(CitizenSessionRow.expires_at < cutoff, CitizenSessionRow.ended_at < cutoff)
            )
        ).rowcount
        session.commit()
    return int(deleted or 0)
