"""Staff single sign-on with OpenID Connect: authorization code flow with PKCE (authlib) and
a verified ID token (joserfc: signature from the provider's JWKS, issuer, audience, expiry,
nonce) -- the shared part is muni.identity.oidc_client.

The provider only says who someone is; what they may do comes from muni's own staff table. A
login is accepted for the account bound to the provider's subject, or (first login) the one
account with the same e-mail, which is then bound (muni.store.staff.by_single_sign_on). The
state, nonce, PKCE verifier and where to go afterwards travel in a short-lived cookie signed
with the installation's key (`LoginState`), so any worker can finish a login another began.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass

from authlib.common.security import generate_token

from muni.channels.signing import sign, verify
from muni.identity.oidc_client import OidcClient, OidcError

STATE_COOKIE = "muni_oidc"
STATE_LIFETIME = 600  # seconds a member of staff has to finish at the provider
SCOPE = "openid email profile"


SingleSignOnError = OidcError  # the login at the provider failed or could not be trusted


@dataclass(frozen=True)
class LoginState:
    state: str
    nonce: str
    verifier: str
    next: str
    expires: int

    def seal(self, key: bytes) -> str:
        return sign(key, "oidc", asdict(self))

    @classmethod
    def open(cls, key: bytes, sealed: str, now: float) -> LoginState | None:
        data = verify(key, "oidc", sealed)
        try:
            state = cls(**data) if data is not None else None
        except TypeError:
            return None
        return state if state is not None and state.expires > now else None

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


class StaffSingleSignOn(OidcClient):
    """One OIDC provider for staff (MUNI_STAFF_OIDC_*)."""

    def __init__(self, issuer: str, client_id: str, client_secret: str, timeout: float = 10.0):
        super().__init__(issuer, client_id, client_secret, timeout, scope=SCOPE)

    def finish(self, redirect_uri: str, login: LoginState, code: str, state: str) -> Identity:
        """Exchange the code (with the PKCE verifier) and verify the ID token."""
        claims = self.verified_claims(redirect_uri, login, code, state)
        email = claims.get("email")
        if claims.get("email_verified") is False:
            email = None
        return Identity(
            subject=f"{self.issuer}|{claims['sub']}",
            email=str(email) if email else None,
            name=str(claims.get("name")) if claims.get("name") else None,
        )
