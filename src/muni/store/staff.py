"""Staff accounts of one municipality, or (tenant None) the central staff."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from muni.domain import Tenant
from muni.staff.passwords import hash_password
from muni.staff.roles import CENTRAL_ROLES, Role, StaffMember
from muni.store.staff_sessions import StaffSessions
from muni.store.tables import HandoffRow, StaffRow


class StaffExists(ValueError):
    """An account with this username already exists in the municipality (or centrally)."""


class WrongRoleForScope(ValueError):
    """A central role for a municipality's account, or a municipal role without one."""


class StaffRepository:
    def __init__(self, session: Session, tenant: Tenant | None) -> None:
        self.session = session
        self.tenant = tenant

    def _scope(self):  # type: ignore[no-untyped-def]
        if self.tenant is None:
            return StaffRow.tenant_id.is_(None)
        return StaffRow.tenant_id == self.tenant.id

    def add(
        self,
        username: str,
        display_name: str,
        password: str | None,
        role: Role = Role.AGENT,
        team: str = "borgerservice",
        email: str | None = None,
        password_hash: str | None = None,
    ) -> StaffRow:
        """A new account; `password` None: single sign-on only (or `password_hash` given)."""
        role = Role(role)
        if (role in CENTRAL_ROLES) != (self.tenant is None):
            raise WrongRoleForScope(role.value)
        if self.by_username(username) is not None:
            raise StaffExists(username)
        row = StaffRow(
            tenant_id=self.tenant.id if self.tenant else None,
            username=username,
            display_name=display_name,
            team=team,
            role=role.value,
            email=(email or "").strip().lower() or None,
            password_hash=password_hash or (hash_password(password) if password else None),
            active=True,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def by_username(self, username: str) -> StaffRow | None:
        return self.session.scalar(
            select(StaffRow).where(self._scope(), StaffRow.username == username)
        )

    def get(self, staff_id: int) -> StaffRow | None:
        return self.session.scalar(select(StaffRow).where(self._scope(), StaffRow.id == staff_id))

    def all(self) -> list[StaffRow]:
        return list(
            self.session.scalars(select(StaffRow).where(self._scope()).order_by(StaffRow.username))
        )

    def set_password_hash(self, row: StaffRow, password_hash: str) -> int:
        """A new password (already hashed); ends every session of the account."""
        row.password_hash = password_hash
        self.session.flush()
        return StaffSessions(self.session).revoke_staff(row.id)

    def set_role(self, row: StaffRow, role: Role) -> int:
        role = Role(role)
        if (role in CENTRAL_ROLES) != (row.tenant_id is None):
            raise WrongRoleForScope(role.value)
        row.role = role.value
        self.session.flush()
        return StaffSessions(self.session).revoke_staff(row.id)

    def set_active(self, row: StaffRow, active: bool) -> None:
        row.active = active
        self.session.flush()
        if not active:
            StaffSessions(self.session).revoke_staff(row.id)

    def remove(self, row: StaffRow) -> None:
        """Delete the account and its sessions; its handoffs stay, without an agent."""
        self.session.execute(
            update(HandoffRow).where(HandoffRow.agent_id == row.id).values(agent_id=None)
        )
        StaffSessions(self.session).revoke_staff(row.id)
        self.session.delete(row)
        self.session.flush()


def by_single_sign_on(session: Session, subject: str, email: str | None) -> StaffRow | None:
    """The active account a staff OIDC login belongs to: the one bound to this subject, or
    else the one account with this (verified) e-mail and no subject yet, which is then bound."""
    row = session.scalar(select(StaffRow).where(StaffRow.oidc_subject == subject))
    if row is None and email:
        found = list(
            session.scalars(
                select(StaffRow).where(
                    func.lower(StaffRow.email) == email.strip().lower(),
                    StaffRow.oidc_subject.is_(None),
                )
            )
        )
        if len(found) == 1:
            row = found[0]
            row.oidc_subject = subject
            session.flush()
    return row if row is not None and row.active else None


def member_of(row: StaffRow, tenant: Tenant | None) -> StaffMember:
    """The logged-in view of an account (tenant: the account's municipality, or None)."""
    return StaffMember(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        role=Role(row.role),
        tenant=tenant,
        team=row.team,
    )
