"""One OpenID Connect provider, as a relying party: the provider's metadata and keys
(discovery, cached), the authorization URL with PKCE (S256), state and nonce (authlib), and
the code exchanged for a verified ID token (joserfc: signature from the provider's JWKS,
issuer, audience, expiry, nonce). Shared by staff single sign-on (staff/oidc.py) and the
citizens' login broker (identity/citizen_login.py); what a login then means is theirs."""

from __future__ import annotations

import hmac
import time
from typing import Any, Protocol

import httpx
from authlib.integrations.httpx_client import OAuth2Client
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

DISCOVERY_FOR = 3600.0  # seconds the provider's metadata and keys are reused


class OidcError(Exception):
    """The login at the provider failed or its answer could not be trusted."""


class PendingLogin(Protocol):
    """What a browser's login carries between the redirect and the callback."""

    state: str
    nonce: str
    verifier: str


class OidcClient:
    """A confidential client of one OIDC provider."""

    def __init__(
        self,
        issuer: str,
        client_id: str,
        client_secret: str,
        timeout: float = 10.0,
        scope: str = "openid email profile",
    ):
        self.issuer = issuer.rstrip("/")
        self.client_id = client_id
        self.client_secret = client_secret
        self.timeout = timeout
        self.scope = scope
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
            raise OidcError(f"the provider's metadata could not be read: {exc}") from exc
        if config.get("issuer", "").rstrip("/") != self.issuer:
            raise OidcError("the provider names another issuer than configured")
        self._metadata = (time.monotonic() + DISCOVERY_FOR, config, key_set)
        return config, key_set

    def _client(self, redirect_uri: str) -> OAuth2Client:
        return OAuth2Client(
            self.client_id,
            self.client_secret,
            scope=self.scope,
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
            timeout=self.timeout,
        )

    def authorization_url(self, redirect_uri: str, login: PendingLogin) -> str:
        config, _ = self._discover()
        with self._client(redirect_uri) as client:
            url, _state = client.create_authorization_url(
                config["authorization_endpoint"],
                state=login.state,
                nonce=login.nonce,
                code_verifier=login.verifier,
            )
        return url

    def verified_claims(
        self, redirect_uri: str, login: PendingLogin, code: str, state: str
    ) -> dict[str, Any]:
        """Exchange the code (with the PKCE verifier); the ID token's verified claims."""
        if not hmac.compare_digest(state, login.state):
            raise OidcError("the state does not match this browser's login")
        config, key_set = self._discover()
        try:
            with self._client(redirect_uri) as client:
                token = client.fetch_token(
                    config["token_endpoint"], code=code, code_verifier=login.verifier
                )
        except Exception as exc:  # authlib raises its own OAuthError or httpx errors
            raise OidcError(f"the code was not accepted: {type(exc).__name__}") from exc
        raw = token.get("id_token")
        if not raw:
            raise OidcError("the provider sent no ID token")
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
            raise OidcError(f"the ID token could not be verified: {type(exc).__name__}") from exc
        return dict(decoded.claims)
