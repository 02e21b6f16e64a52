"""The citizen login's pieces: the claims muni takes from the broker (CPR number under its
usual names), the pseudonym, the encrypted cookie and the signed login state."""

from __future__ import annotations

from muni.identity.citizen_login import (
    BrokerClaims,
    CitizenLoginState,
    claims_of,
    open_cookie,
    pseudonym,
    seal_cookie,
)

KEY = b"k" * 32


def test_the_cpr_number_is_found_under_the_brokers_names():
    for name in ("cpr", "dk:gov:saml:attribute:CprNumberIdentifier", "cpr_number"):
        claims = claims_of("https://broker.example/", {"sub": "s1", name: "010180-1234"})
        assert claims.cpr == "0101801234" and claims.issuer == "https://broker.example"
    assert claims_of("https://b", {"sub": "s1"}).cpr is None
    named = claims_of("https://b", {"sub": "s1", "given_name": "Bo", "family_name": "Prøvesen"})
    assert named.name == "Bo Prøvesen"
    assert "0101801234" not in repr(claims_of("https://b", {"sub": "s", "cpr": "0101801234"}))


def test_the_pseudonym_is_stable_keyed_and_per_broker():
    one = pseudonym(KEY, "https://b/", "s1")
    assert one == pseudonym(KEY, "https://b", "s1") and len(one) == 64
    assert one != pseudonym(KEY, "https://other", "s1")
    assert one != pseudonym(b"x" * 32, "https://b", "s1")
    assert "s1" not in one


def test_the_cookie_is_encrypted_and_refused_when_changed():
    claims = BrokerClaims("https://b", "s1", "Anna Testesen", "0101801234")
    sealed = seal_cookie(KEY, "aarhus", "token-1", claims)
    assert "Anna" not in sealed and "0101801234" not in sealed and "token-1" not in sealed
    opened = open_cookie(KEY, sealed)
    assert opened.token == "token-1" and opened.tenant == "aarhus" and opened.claims == claims
    assert open_cookie(b"x" * 32, sealed) is None
    assert open_cookie(KEY, sealed[:-3] + "AAA") is None
    assert open_cookie(KEY, "garbage") is None


def test_the_login_state_is_signed_and_expires():
    state = CitizenLoginState.new("aarhus", "c1", "/back", now=1000)
    sealed = state.seal(KEY)
    assert CitizenLoginState.open(KEY, sealed, now=1001) == state
    assert CitizenLoginState.open(KEY, sealed, now=1000 + 10_000) is None
    assert CitizenLoginState.open(b"x" * 32, sealed, now=1001) is None
    body, _, mac = sealed.rpartition(".")
    assert CitizenLoginState.open(KEY, body + "x." + mac, now=1001) is None


def test_sessions_past_their_use_are_purged(tmp_path):
    from datetime import UTC, datetime, timedelta

    from muni.domain import Tenant
    from muni.identity.citizen_login import CitizenSessions, purge_citizen_sessions
    from muni.store.database import Database
    from muni.store.tables import CitizenSessionRow
    from muni.store.tenants import TenantRepository
    from muni.tenancy import tenant_from_dict

    db = Database(f"sqlite:///{tmp_path / 'muni.db'}")
    db.migrate()
    now = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    with db.session() as session:
        tenant: Tenant = TenantRepository(session).upsert(
            tenant_from_dict({"slug": "a", "name": "A", "municipality_code": "0101"})
        )
        sessions = CitizenSessions(session, tenant)
        live, _ = sessions.open("p" * 64, now, 30)
        sessions.open("q" * 64, now - timedelta(days=2), 30)  # expired two days ago
        ended, _ = sessions.open("r" * 64, now - timedelta(hours=1), 30)
        session.commit()
        sessions.end(ended, now - timedelta(hours=1))  # logged out an hour ago: kept a day
        session.commit()
    assert purge_citizen_sessions(db, now) == 1
    assert purge_citizen_sessions(db, now + timedelta(days=2)) == 2
    with db.session() as session:
        assert session.query(CitizenSessionRow).count() == 0
    db.dispose()
