"""Staff single sign-on with OpenID Connect: authorization code flow with PKCE (authlib) and
a verified ID token (joserfc: signature from the provider's JWKS, issuer, audience, expiry,
nonce).

The provider only says who someone is; what they may do comes from muni's own staff table. A
login is accepted for the account bound to the provider's subject, or (first login) the one
account with the same e-mail, which is then bound (muni.store.staff.by_single_sign_on). The
state, nonce, PKCE verifier and where to go afterwards travel in a short-lived cookie signed
with the installation's key (`LoginState`), so any worker can finish a login another began.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import asdict, dataclass
from typing import Any

import httpx
from authlib.common.security import generate_token
from authlib.integrations.httpx_client import OAuth2Client
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

STATE_COOKIE = "muni_oidc"
STATE_LIFETIME = 600  # seconds a member of staff has to finish at the provider
DISCOVERY_FOR = 3600.0  # seconds the provider's metadata and keys are reused
SCOPE = "openid email profile"


class SingleSignOnError(Exception):
    """The login at the provider failed or its answer could not be trusted."""


@dataclass(frozen=True)
class LoginState:
    state: str
    nonce: str
    verifier: str
    next: str
    expires: int

    def seal(self, key: bytes) -> str:
        body = base64.urlsafe_b64encode(json.dumps(asdict(self)).encode()).decode()
        mac = hmac.new(key, b"oidc\x00" + body.encode(), hashlib.sha256).hexdigest()
        return f"{body}.{mac}"

    @classmethod
    def open(cls, key: bytes, sealed: str, now: float) -> LoginState | None:
        body, _, mac = sealed.rpartition(".")
        expected = hmac.new(key, b"oidc\x00" + body.encode(), hashlib.sha256).hexdigest()
        if not body or not hmac.compare_digest(mac, expected):
            return None
        try:
            state = cls(**json.loads(base64.urlsafe_b64decode(body)))
        except (ValueError, TypeError):
            return None
        return state if state.expires > now else None

    @classmethod
    def new(cls, next_path: str, now: float) -> LoginState:
        return cls(
            state=secrets.token_urlsafe(24),
            nonce=secrets.token_urlsafe(24),
            verifier=generate_token(64),
            next=next_path,
            expires=int(now) + STATE_LIFETIME,
        )


@dataclass(frozen=True)
class Identity:
    subject: str  # "<issuer>|<sub>": unique across providers
    email: str | None
    name: str | None


class StaffSingleSignOn:
    """One OIDC provider for staff (MUNI_STAFF_OIDC_*)."""

    def __init__(self, issuer: str, client_id: str, client_secret: str, timeout: float = 10.0):
        self.issuer = issuer.rstrip("/")
        self.client_id = client_id
        self.client_secret = client_secret
        self.timeout = timeout
        self._metadata: tuple[float, dict[str, Any], KeySet] | None = None

    def _discover(self) -> tuple[dict[str, Any], KeySet]:
        if self._metadata and self._metadata[0] > time.monotonic():
            return self._metadata[1], self._metadata[2]
        try:
            with httpx.Client(timeout=self.timeout) as http:
                metadata = http.get(f"{self.issuer}/.well-known/openid-configuration")
                metadata.raise_for_status()
                config = metadata.json()
                keys = http.get(config["jwks_uri"])
                keys.raise_for_status()
                key_set = KeySet.import_key_set(keys.json())
        except (httpx.HTTPError, KeyError, ValueError) as exc:
            raise SingleSignOnError(f"the provider's metadata could not be read: {exc}") from exc
        if config.get("issuer", "").rstrip("/") != self.issuer:
            raise SingleSignOnError("the provider names another issuer than configured")
        self._metadata = (time.monotonic() + DISCOVERY_FOR, config, key_set)
        return config, key_set

    def _client(self, redirect_uri: str) -> OAuth2Client:
        return OAuth2Client(
            self.client_id,
            self.client_secret,
            scope=SCOPE,
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
            timeout=self.timeout,
        )

    def authorization_url(self, redirect_uri: str, login: LoginState) -> str:
        config, _ = self._discover()
        with self._client(redirect_uri) as client:
            url, _state = client.create_authorization_url(
                config["authorization_endpoint"],
                state=login.state,
                nonce=login.nonce,
                code_verifier=login.verifier,
            )
        return url

    def finish(self, redirect_uri: str, login: LoginState, code: str, state: str) -> Identity:
        """Exchange the code (with the PKCE verifier) and verify the ID token."""
        if not hmac.compare_digest(state, login.state):
            raise SingleSignOnError("the state does not match this browser's login")
        config, key_set = self._discover()
        try:
            with self._client(redirect_uri) as client:
                token = client.fetch_token(
                    config["token_endpoint"], code=code, code_verifier=login.verifier
                )
        except Exception as exc:  # authlib raises its own OAuthError or httpx errors
            raise SingleSignOnError(f"the code was not accepted: {exc}") from exc
        raw = token.get("id_token")
        if not raw:
            raise SingleSignOnError("the provider sent no ID token")
        try:
            decoded = jwt.decode(raw, key_set)
            jwt.JWTClaimsRegistry(
                iss={"essential": True, "value": config["issuer"]},
                aud={"essential": True, "value": self.client_id},
                exp={"essential": True},
                sub={"essential": True},
                nonce={"essential": True, "value": login.nonce},
            ).validate(decoded.claims)
        except (JoseError, ValueError) as exc:
            raise SingleSignOnError(f"the ID token could not be verified: {exc}") from exc
        claims = decoded.claims
        email = claims.get("email")
        if claims.get("email_verified") is False:
            email = None
        return Identity(
            subject=f"{self.issuer}|{claims['sub']}",
            email=str(email) if email else None,
            name=str(claims.get("name")) if claims.get("name") else None,
        )
