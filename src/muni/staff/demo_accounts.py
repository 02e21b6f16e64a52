"""Staff accounts for `muni demo`: one per role, so the console can be tried at once.

Each run of the demo gives them one new random password (printed on the demo's console, never
stored in clear text) and ends their old sessions. Only the demo calls this; a real
installation creates its accounts with `muni staff add`."""

from __future__ import annotations

import secrets

from muni.domain import Tenant
from muni.staff.passwords import hash_password
from muni.staff.roles import Role
from muni.store.database import Database
from muni.store.staff import StaffRepository

CENTRAL = (
    ("admin", "Platformadministrator", Role.PLATFORM_ADMIN),
    ("redaktor", "Central redaktør", Role.CENTRAL_EDITOR),
)
MUNICIPAL = (
    ("super", "Superbruger", Role.SUPERUSER),
    ("agent", "Medarbejder", Role.AGENT),
    ("laeser", "Læser", Role.VIEWER),
)


def ensure_demo_staff(
    db: Database, tenants: list[Tenant]
) -> tuple[str, list[tuple[str, str, str]]]:
    """Create or reset the demo accounts; returns the password and (municipality, username,
    role) for each account ("" for central staff)."""
    password = secrets.token_urlsafe(9)
    password_hash = hash_password(password)
    made: list[tuple[str, str, str]] = []
    with db.session() as session:
        scopes: list[tuple[Tenant | None, tuple[tuple[str, str, Role], ...]]] = [(None, CENTRAL)]
        scopes += [(tenant, MUNICIPAL) for tenant in tenants]
        for tenant, accounts in scopes:
            repo = StaffRepository(session, tenant)
            for suffix, title, role in accounts:
                username = f"{tenant.slug}-{suffix}" if tenant else suffix
                name = title
                row = repo.by_username(username)
                if row is None:
                    repo.add(username, name, None, role, password_hash=password_hash)
                else:
                    repo.set_password_hash(row, password_hash)
                made.append((tenant.slug if tenant else "", username, role.value))
        session.commit()
    return password, made
