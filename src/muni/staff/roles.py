"""Staff roles and what each may do.

Central roles (no municipality): the platform admin runs the installation; the central editor
writes the shared answers and sees every municipality's statistics and inbox. Municipal roles
(one municipality each): the superuser runs the municipality's local content, statistics,
inbox, citizens' requests and staff; the agent takes live chats; the viewer reads statistics.

A permission is checked together with the municipality it is used on (`StaffMember.may`):
municipal staff act only on their own municipality; central staff on every one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from muni.domain import Tenant


class Role(StrEnum):
    PLATFORM_ADMIN = "platform_admin"
    CENTRAL_EDITOR = "central_editor"
    SUPERUSER = "superuser"
    AGENT = "agent"
    VIEWER = "viewer"


CENTRAL_ROLES = frozenset({Role.PLATFORM_ADMIN, Role.CENTRAL_EDITOR})
ROLE_NAMES = {
    Role.PLATFORM_ADMIN: "Platformadministrator",
    Role.CENTRAL_EDITOR: "Central redaktør",
    Role.SUPERUSER: "Superbruger",
    Role.AGENT: "Medarbejder i chatten",
    Role.VIEWER: "Læser",
}


class Permission(StrEnum):
    STATS = "stats"  # statistics of a municipality
    STATS_ALL = "stats_all"  # every municipality at once, comparisons
    SHARED_CONTENT = "shared_content"  # shared answers, sub-answers
    LOCAL_CONTENT = "local_content"  # local overrides and variables
    PHRASINGS = "phrasings"  # training phrasings
    PUBLISH = "publish"
    INBOX = "inbox"
    INBOX_ALL = "inbox_all"  # clusters across municipalities
    LIVE_CHAT = "live_chat"
    TRANSCRIPTS = "transcripts"  # read a conversation (audited)
    CITIZEN_RIGHTS = "citizen_rights"  # export and erase a citizen's conversation
    RETENTION = "retention"
    CORPUS = "corpus"  # export the training corpus
    STAFF = "staff"  # manage staff accounts
    AUDIT = "audit"  # read the audit log


P = Permission
PERMISSIONS: dict[Role, frozenset[Permission]] = {
    # live chat needs a municipality: central staff do not take chats
    Role.PLATFORM_ADMIN: frozenset(Permission) - {P.LIVE_CHAT},
    Role.CENTRAL_EDITOR: frozenset(
        {
            P.STATS,
            P.STATS_ALL,
            P.SHARED_CONTENT,
            P.LOCAL_CONTENT,
            P.PHRASINGS,
            P.PUBLISH,
            P.INBOX,
            P.INBOX_ALL,
            P.CORPUS,
        }
    ),
    Role.SUPERUSER: frozenset(
        {
            P.STATS,
            P.LOCAL_CONTENT,
            P.PHRASINGS,
            P.PUBLISH,
            P.INBOX,
            P.LIVE_CHAT,
            P.TRANSCRIPTS,
            P.CITIZEN_RIGHTS,
            P.RETENTION,
            P.STAFF,
            P.AUDIT,
        }
    ),
    Role.AGENT: frozenset({P.LIVE_CHAT}),
    Role.VIEWER: frozenset({P.STATS}),
}
# roles a municipal superuser may give; central staff are made by a platform admin
MUNICIPAL_ROLES = (Role.SUPERUSER, Role.AGENT, Role.VIEWER)


def has(role: Role | str, permission: Permission) -> bool:
    try:
        return permission in PERMISSIONS[Role(role)]
    except ValueError:
        return False


@dataclass(frozen=True)
class StaffMember:
    """Who is logged in: the account, its role and (municipal staff) its municipality."""

    id: int
    username: str
    display_name: str
    role: Role
    tenant: Tenant | None  # None for central staff
    team: str = "borgerservice"

    @property
    def central(self) -> bool:
        return self.role in CENTRAL_ROLES

    def may(self, permission: Permission, tenant: Tenant | None = None) -> bool:
        """May this member use `permission` on `tenant` (None: across all municipalities,
        which only central staff may)?"""
        if not has(self.role, permission):
            return False
        if self.central:
            return True
        return tenant is not None and self.tenant is not None and tenant.id == self.tenant.id
