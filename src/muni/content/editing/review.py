"""What editors should look at: local overrides whose shared answer changed since they were
written, facts whose `as_of` is more than 12 months old, and disagreements between a curated
answer and the municipality's own page (found at answer time). One list per municipality, or
all of them for central staff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from muni.content.check import FACT_MAX_AGE
from muni.content.editing.apply import Candidate, shared_hashes
from muni.domain import Tenant
from muni.store.content_changes import overrides_with_hashes
from muni.store.disagreements import DisagreementRepository
from muni.store.tables import TenantRow


@dataclass(frozen=True)
class FlaggedOverride:
    id: int
    tenant: str
    key: str  # topic or topic/sub
    reason: str


@dataclass(frozen=True)
class OldFact:
    tenant: str  # "" for a shared (national) fact
    variable: str
    value: str
    as_of: str
    topic: str = ""


@dataclass(frozen=True)
class Disagreement:
    tenant: str
    topic: str
    variable: str
    curated: str
    page: str
    url: str
    times: int


@dataclass
class Review:
    overrides: list[FlaggedOverride]
    old_facts: list[OldFact]
    disagreements: list[Disagreement]

    @property
    def count(self) -> int:
        return len(self.overrides) + len(self.old_facts) + len(self.disagreements)

    def per_topic(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in self.overrides:
            topic = item.key.partition("/")[0]
            counts[topic] = counts.get(topic, 0) + 1
        for fact in self.old_facts:
            if fact.topic:
                counts[fact.topic] = counts.get(fact.topic, 0) + 1
        for found in self.disagreements:
            counts[found.topic] = counts.get(found.topic, 0) + 1
        return counts


def _too_old(as_of: str | None, today: date) -> bool:
    if not as_of:
        return False
    try:
        return today - date.fromisoformat(str(as_of)) > FACT_MAX_AGE
    except ValueError:
        return True  # not a date: look at it too


def review(session: Session, live: Candidate, scope: Tenant | None, today: date) -> Review:
    """The review list of one municipality (`scope`), or of all (None)."""
    tenants = [scope] if scope is not None else sorted(live.tenants.values(), key=lambda t: t.slug)
    names = {t.id: t.slug for t in live.tenants.values()}
    hashes = shared_hashes(live.pack)
    flagged = []
    for row in overrides_with_hashes(session, scope.id if scope else None):
        if row.topic not in hashes:
            flagged.append(
                FlaggedOverride(
                    row.id,
                    names.get(row.tenant_id, ""),
                    row.topic,
                    "Det fælles svar findes ikke længere.",
                )
            )
        elif row.shared_hash is not None and row.shared_hash != hashes[row.topic]:
            flagged.append(
                FlaggedOverride(
                    row.id,
                    names.get(row.tenant_id, ""),
                    row.topic,
                    "Det fælles svar er ændret, siden det lokale svar blev skrevet.",
                )
            )
    uses: dict[str, str] = {}
    for slug, topic in live.pack.topics.items():
        for name in topic.variables:
            uses.setdefault(name, slug)
    old: list[OldFact] = []
    if scope is None:
        for name, spec in sorted(live.pack.variables().items()):
            if spec.is_fact and _too_old(spec.as_of, today):
                old.append(
                    OldFact("", name, spec.default or "", str(spec.as_of), uses.get(name, ""))
                )
    for tenant in tenants:
        row = session.get(TenantRow, tenant.id)
        provenance = (row.config or {}).get("provenance", {}) if row else {}
        for name, found in sorted(provenance.items()):
            if _too_old(found.get("as_of"), today):
                old.append(
                    OldFact(
                        tenant.slug,
                        name,
                        tenant.variables.get(name, ""),
                        str(found.get("as_of")),
                        uses.get(name, ""),
                    )
                )
    disagreements = [
        Disagreement(
            tenant.slug, r.topic, r.variable, r.curated_value, r.page_value, r.url, r.times
        )
        for tenant in tenants
        for r in DisagreementRepository(session, tenant).all()
    ]
    return Review(flagged, old, disagreements)
