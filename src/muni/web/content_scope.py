"""Which municipality a content console page works on, and whose drafts it sees; shared by
the topic, variable, publishing and review routes.

Municipal staff work on their own municipality only (another one: 403, another municipality's
draft or publish: 404); central staff see every municipality's drafts and pick the one to
preview and edit local content for."""

from __future__ import annotations

from muni.domain import Tenant
from muni.staff.roles import Permission, StaffMember
from muni.store.tenants import TenantRepository
from muni.web.errors import ApiError
from muni.web.staff_auth import chosen_tenant


def not_found(what: str = "Siden") -> ApiError:
    return ApiError(404, "not_found", f"{what} findes ikke. / Not found.")


def member_scope(member: StaffMember) -> Tenant | None:
    """Municipal staff: their municipality; central staff: all (None)."""
    return None if member.central else member.tenant


def preview_tenant(runtime, member: StaffMember, slug: str) -> Tenant:  # type: ignore[no-untyped-def]
    """The municipality a page previews and edits local content for: municipal staff their
    own; central staff the one picked, or the first."""
    found = chosen_tenant(runtime, member, slug or None, Permission.LOCAL_CONTENT)
    if found is not None:
        return found
    with runtime.db.read() as session:
        every = TenantRepository(session).all()
    if not every:
        raise not_found("Kommunen")
    return every[0]


def visible_tenants(runtime, member: StaffMember) -> list[Tenant]:  # type: ignore[no-untyped-def]
    """The municipalities the member may pick: their own, or every one for central staff."""
    if not member.central:
        return [member.tenant] if member.tenant else []
    with runtime.db.read() as session:
        return TenantRepository(session).all()
