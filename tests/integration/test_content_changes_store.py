"""The content-change store on SQLite and PostgreSQL: drafts are scoped to their
municipality, an edit adds to the open draft, a publish marks and releases its drafts, the
written content equals the gate's candidate, overrides are flagged when the shared answer
changes and can be marked as checked, and the content version moves on."""

from __future__ import annotations

from datetime import date

from muni.bootstrap import import_content, import_tenants
from muni.config import REPO_ROOT
from muni.content.editing import drafts
from muni.content.editing.apply import shared_hashes
from muni.content.editing.review import review
from muni.domain import FactConflict
from muni.staff.roles import Role, StaffMember
from muni.store.content import pack_fingerprint
from muni.store.content_changes import (
    ContentChanges,
    accept_override,
    change_of,
    content_version,
    finish_publish,
    mark_overrides_against,
    set_version,
    write_change,
)
from muni.store.database import Database
from muni.store.disagreements import DisagreementRepository
from muni.store.tables import utcnow
from muni.tenancy import load_tenants


def test_drafts_publish_and_review(database_url):
    db = Database(database_url)
    db.migrate()
    import_content(db, REPO_ROOT / "content")
    tenants = import_tenants(db, load_tenants(REPO_ROOT / "tenants"))
    aarhus, odense = (next(t for t in tenants if t.slug == s) for s in ("aarhus", "odense"))
    editor = StaffMember(None, "ed", "Ed", Role.CENTRAL_EDITOR, None)  # type: ignore[arg-type]
    superuser = StaffMember(None, "su", "Su", Role.SUPERUSER, aarhus)  # type: ignore[arg-type]
    with db.session() as session:
        live = drafts.live_content(session)
        text = live.pack.topics["pas"].answer.text
        first = drafts.edit_shared(session, live, editor, "pas", "", {**text, "da": "Nyt."})
        again = drafts.edit_shared(session, live, editor, "pas", "", {**text, "da": "Nyere."})
        assert first.id == again.id and again.after["answer"]["da"] == "Nyere."
        local = drafts.edit_override(session, live, superuser, aarhus, "pas", "pris",
                                     {"da": "Aarhus' pris."})
        own_id, shared_id = local.id, first.id
    with db.session() as session:
        assert ContentChanges(session, odense).get(own_id) is None  # another municipality's
        assert ContentChanges(session, aarhus).get(shared_id) is None  # shared: central only
        assert ContentChanges(session, aarhus).get(own_id) is not None
        everything = ContentChanges(session, None)
        rows = everything.drafts()
        assert {r.id for r in rows} == {own_id, shared_id}
        publish = everything.start_publish(rows, "Ed", None)
        publish_id = publish.id
        assert everything.drafts() == []
    with db.session() as session:  # blocked: they are drafts again
        finish_publish(session, publish_id, "blocked", {"tenants": []}, None)
        rows = ContentChanges(session, None).drafts()
        assert len(rows) == 2
        changes = [change_of(r) for r in rows]
        live = drafts.live_content(session)
    # an override of pas written before the change (hash unknown) gets flagged by it
    with db.session() as session:
        drafts_live = drafts.live_content(session)
        candidate = drafts_live.with_changes(changes)
        mark_overrides_against(session, shared_hashes(drafts_live.pack, {"pas"}))
        from muni.store.content import ContentRepository

        ContentRepository(session).set_override(odense, "pas", {"answer": {"da": "Odense."}})
        mark_overrides_against(session, shared_hashes(drafts_live.pack, {"pas"}))
        for change in sorted(changes, key=lambda c: c.order):
            write_change(session, change, shared_hashes(candidate.pack))
        set_version(session, pack_fingerprint(candidate.pack), publish_id, utcnow())
        finish_publish(session, publish_id, "passed", {"tenants": []}, None)
    with db.session() as session:
        written = drafts.live_content(session)
        assert written.pack.topics["pas"].answer.text["da"] == "Nyere."
        assert written.document("pas") == candidate.document("pas")
        assert written.overrides[aarhus.id]["pas/pris"] == {"answer": {"da": "Aarhus' pris."}}
        assert content_version(session)[1]["id"] == publish_id
        assert ContentChanges(session, None).drafts() == []
        found = review(session, written, odense, date(2026, 11, 28))
        assert [o.key for o in found.overrides] == ["pas"]  # the shared overview changed
        assert review(session, written, aarhus, date(2026, 11, 28)).overrides == []
        # another municipality cannot mark it; its own can
        flagged = found.overrides[0].id
        assert accept_override(session, flagged, aarhus.id, shared_hashes(written.pack)) is None
        assert accept_override(session, flagged, odense.id, shared_hashes(written.pack)) == "pas"
        assert review(session, written, odense, date(2026, 11, 28)).overrides == []
        # facts older than 12 months and page/answer disagreements are listed too
        DisagreementRepository(session, aarhus).record(FactConflict(
            "pas", "pris_pasfoto", "ca. 150 kr.", "175 kr.", "https://aarhus.dk/pas"))
        listed = review(session, written, aarhus, date(2026, 11, 28))
        assert "vielse_udenfor" in [f.variable for f in listed.old_facts]  # as_of 2018
        assert [(d.variable, d.page) for d in listed.disagreements] == [("pris_pasfoto", "175 kr.")]
        assert review(session, written, odense, date(2026, 11, 28)).disagreements == []
        central = review(session, written, None, date(2026, 11, 28))
        assert {f.tenant for f in central.old_facts} >= {"", "aarhus"}
    db.dispose()
