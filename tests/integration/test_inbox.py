"""The inbox end to end on the real runtime and database: the collector's reasons (stored
turns, a handoff, a rating of 1), groups per municipality without another's questions, and
the console over real HTTP: a superuser sees their own municipality only, adding a question
as a phrasing makes a draft and an audit row, another municipality's question is not found,
central staff see groups across municipalities and draft a new shared sub-answer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from muni.domain import Answer, Question, QuickReply
from muni.inbox.collect import Cursor, collect
from muni.inbox.view import inbox_view
from muni.store import inbox as queries
from muni.store.conversations import ConversationRepository
from muni.store.handoffs import HandoffRepository
from muni.store.tables import AuditRow, ContentChangeRow, ContentTopicRow, InboxQuestionRow
from muni.store.tenants import TenantRepository
from tests.integration.console_helpers import add_every_role, login, post

GOOD = dict(origin="curated", status="answered", topic="pas", confidence=0.97)


def tenant(runtime, slug):
    with runtime.db.read() as session:
        return TenantRepository(session).by_slug(slug)


def conversation(runtime, slug: str, *turns: tuple[str, dict], rating: int | None = None,
                 handoff_after: int | None = None, channel_ref: str | None = None) -> list[int]:
    """A conversation of stored turns (text, answer fields); returns the turns' ids."""
    t = tenant(runtime, slug)
    with runtime.db.session() as session:
        repo = ConversationRepository(session, t)
        row = repo.create(channel_ref=channel_ref)
        ids = []
        for i, (text, fields) in enumerate(turns):
            answer = Answer(text="svar", **fields)
            turn = repo.add_turn(row, Question(tenant=t, text=text), answer)
            ids.append(turn.id)
            if handoff_after == i:
                HandoffRepository(session, t).create(row.id, "borgerservice", "asked")
        if rating is not None:
            repo.rate(row, rating, None)
        session.commit()
    return ids


def start_cursor(runtime) -> Cursor:
    with runtime.db.read() as session:
        return Cursor(queries.newest_turn_id(session), queries.newest_handoff_id(session),
                      (runtime.clock() - timedelta(seconds=1)).isoformat())


def rows_for(runtime, turn_ids) -> set[tuple[str, str, str]]:
    with runtime.db.read() as session:
        names = {t.id: t.slug for t in TenantRepository(session).all()}
        rows = session.scalars(select(InboxQuestionRow).where(
            InboxQuestionRow.turn_id.in_(list(turn_ids))))
        return {(names[r.tenant_id], r.text, r.reason) for r in rows}


def test_the_collector_finds_each_reason_once(runtime):
    cursor = start_cursor(runtime)
    fallback = dict(origin="fallback", status="unanswered", topic=None, confidence=0.2,
                    quick_replies=(QuickReply("Tal med en person", "x", "menneske"),
                                   QuickReply("Haveaffald", "x", "haveaffald")))
    ids = conversation(runtime, "aarhus",
                       ("må jeg brænde haveaffald af i min have", fallback),
                       ("hvad koster et pas", GOOD),
                       ("du er dum", dict(origin="guard", status="guard_abuse")))
    ids += conversation(runtime, "aarhus", ("kort", dict(
        origin="curated", status="clarification", topic=None, confidence=0.4,
        quick_replies=(QuickReply("Kørekort", "k", "koerekort"),
                       QuickReply("Pas", "p", "pas")))))
    ids += conversation(runtime, "aarhus", ("pas til min hund", dict(GOOD, confidence=0.05)))
    ids += conversation(runtime, "aarhus",
                        ("jeg forstår ikke min ejendomsskat", dict(GOOD, topic="ejendomsskat")),
                        ("jeg vil tale med et menneske", dict(GOOD, topic="menneske",
                                                              action="handoff")),
                        handoff_after=1)
    ids += conversation(runtime, "odense",
                        ("kan jeg få tilskud til briller", dict(GOOD, topic="helbredstillaeg")),
                        ("hej", dict(origin="guard", status="guard_gibberish")), rating=1)
    report = collect(runtime, cursor)
    expected = {
        ("aarhus", "må jeg brænde haveaffald af i min have", "unanswered"),
        ("aarhus", "kort", "clarification"),
        ("aarhus", "pas til min hund", "low_confidence"),
        ("aarhus", "jeg forstår ikke min ejendomsskat", "handoff"),
        ("odense", "kan jeg få tilskud til briller", "low_rating"),
    }
    assert rows_for(runtime, ids) == expected
    assert report.total <= len(expected)  # (a job of the live server may have been first)
    with runtime.db.read() as session:
        rows = list(session.scalars(select(InboxQuestionRow).where(
            InboxQuestionRow.turn_id.in_(ids))))
    guessed = {r.text: r.topic for r in rows}
    assert guessed["må jeg brænde haveaffald af i min have"] == "haveaffald"  # from its buttons
    assert guessed["kort"] == "koerekort"
    assert all(r.vector is not None and len(r.vector) == 384 * 4 for r in rows)
    assert all(r.status == "open" for r in rows)
    # the next run starts after them; running from the old cursor again adds nothing twice
    assert collect(runtime, report.cursor).total == 0
    assert collect(runtime, cursor).total == 0
    assert rows_for(runtime, ids) == expected


def test_a_good_answer_rated_one_brings_its_conversation_s_questions(runtime):
    cursor = start_cursor(runtime)
    ids = conversation(runtime, "vejle", ("hvornår har borgerservice åbent", GOOD),
                       ("og om lørdagen", GOOD), rating=1)
    ids += conversation(runtime, "vejle", ("hvordan bestiller jeg pas", GOOD), rating=3)
    collect(runtime, cursor)
    assert rows_for(runtime, ids) == {("vejle", "hvornår har borgerservice åbent", "low_rating"),
                                      ("vejle", "og om lørdagen", "low_rating")}


def test_a_question_is_redacted_again_when_collected(runtime):
    cursor = start_cursor(runtime)
    # a turn stored before a redaction rule existed still had the number in it
    ids = conversation(runtime, "odense", ("mit cpr er 010203-1234 hvorfor fik jeg afslag",
                                           dict(origin="fallback", status="unanswered")))
    collect(runtime, cursor)
    (row,) = rows_for(runtime, ids)
    assert "010203" not in row[1] and "[CPR]" in row[1]


def test_synthetic_conversations_of_muni_stats_generate_are_left_out(runtime):
    cursor = start_cursor(runtime)
    fallback = dict(origin="fallback", status="unanswered")
    ids = conversation(runtime, "odense", ("genereret spørgsmål om pas", fallback),
                       ("et andet", GOOD), rating=1, handoff_after=1, channel_ref="generated")
    collect(runtime, cursor)
    assert rows_for(runtime, ids) == set()


# -- the console --------------------------------------------------------------------------------
STORSKRALD = {"aarhus": ["hvornår henter i storskrald i min gade", "hvornår kommer storskraldet"],
              "odense": ["hvornår bliver storskraldt hentet", "storskrald afhentning hvornår"],
              "vejle": ["hvornår henter kommunen storskrald"]}
BRAENDE = {"aarhus": "må jeg fyre med brænde i brændeovnen i dag",
           "odense": "er der forbud mod brændeovne i odense"}


@pytest.fixture(scope="module")
def seeded(runtime, live_server):
    add_every_role(runtime)
    cursor = start_cursor(runtime)
    unanswered = dict(origin="fallback", status="unanswered", topic=None, confidence=0.1,
                      quick_replies=(QuickReply("Storskrald", "s", "storskrald"),))
    for slug, texts in STORSKRALD.items():
        for text in texts:
            conversation(runtime, slug, (text, unanswered))
    for slug, text in BRAENDE.items():
        conversation(runtime, slug, (text, dict(unanswered, quick_replies=())))
    collect(runtime, cursor)
    return {slug: tenant(runtime, slug) for slug in ("aarhus", "odense", "vejle")}


def open_ids(runtime, slug_tenant, *texts) -> list[int]:
    with runtime.db.read() as session:
        return list(session.scalars(select(InboxQuestionRow.id).where(
            InboxQuestionRow.tenant_id == slug_tenant.id, InboxQuestionRow.text.in_(texts),
            InboxQuestionRow.status == "open")))


def test_groups_of_one_municipality_hold_only_its_questions(runtime, seeded):
    view = inbox_view(runtime, seeded["aarhus"])
    assert view.mode == "e5"
    assert {t for c in view.clusters for t in c.tenant_ids} == {seeded["aarhus"].id}
    texts = {q.text for c in view.clusters for q in c.questions}
    assert set(STORSKRALD["aarhus"]) <= texts
    assert not texts & set(STORSKRALD["odense"] + STORSKRALD["vejle"] + [BRAENDE["odense"]])
    mine = next(c for c in view.clusters if STORSKRALD["aarhus"][0] in
                {q.text for q in c.questions})
    assert set(STORSKRALD["aarhus"]) <= {q.text for q in mine.questions}
    assert mine.topic == "storskrald"


def test_a_superuser_sees_their_own_municipality_only(client, seeded):
    login(client, "aa-super", "aarhus")
    page = client.get("/console/inbox", params={"q": "storskrald"})
    assert page.status_code == 200
    for text in STORSKRALD["aarhus"]:
        assert text in page.text
    for text in STORSKRALD["odense"] + STORSKRALD["vejle"]:
        assert text not in page.text
    assert client.get("/console/inbox", params={"tenant": "odense"}).status_code == 403
    assert client.get("/console/inbox/across").status_code == 403


def test_other_roles_cannot_open_the_inbox(client, seeded):
    login(client, "aa-agent", "aarhus")
    assert client.get("/console/inbox").status_code == 403
    login(client, "aa-viewer", "aarhus")
    assert client.get("/console/inbox").status_code == 403


def test_adding_a_question_as_a_phrasing_makes_a_draft_and_an_audit_row(runtime, client, seeded):
    aarhus = seeded["aarhus"]
    (question,) = open_ids(runtime, aarhus, BRAENDE["aarhus"])
    login(client, "aa-super", "aarhus")
    response = post(client, "/console/inbox/add", follow_redirects=False, data={
        "question": [str(question)], "topic": "storskrald", "sub_answer": ""})
    assert response.status_code == 303
    assert response.headers["location"].startswith("/console/inbox?done=added")
    with runtime.db.read() as session:
        row = session.get(InboxQuestionRow, question)
        assert (row.status, row.handled_by) == ("added", "aa-super")
        assert row.handled_at is not None
        change = session.scalars(select(ContentChangeRow).where(
            ContentChangeRow.kind == "phrasings").order_by(ContentChangeRow.id.desc())).first()
        assert (change.topic, change.sub_answer, change.status) == ("storskrald", "", "draft")
        assert change.after == {"add": [BRAENDE["aarhus"]], "remove": []}
        assert (change.tenant_id, change.author) == (aarhus.id, "Aa Super")
        audit = session.scalars(select(AuditRow).where(AuditRow.action == "inbox.add")
                                .order_by(AuditRow.id.desc())).first()
        assert (audit.actor, audit.tenant_id, audit.target) == ("aa-super", aarhus.id,
                                                                "storskrald")
        assert audit.details["questions"] == [question]
        assert audit.details["change"] == change.id
    page = client.get("/console/inbox", params={"done": "added"})
    assert BRAENDE["aarhus"] not in page.text and "/console/content" in page.text


def test_a_sub_answer_that_is_not_the_topic_s_is_refused(runtime, client, seeded):
    (question,) = open_ids(runtime, seeded["aarhus"], STORSKRALD["aarhus"][1])
    login(client, "aa-super", "aarhus")
    response = post(client, "/console/inbox/add", data={
        "question": [str(question)], "topic": "storskrald", "sub_answer": "mistet"})
    assert response.status_code == 422
    assert open_ids(runtime, seeded["aarhus"], STORSKRALD["aarhus"][1]) == [question]


def test_another_municipality_s_question_is_not_found(runtime, client, seeded):
    odense_ids = open_ids(runtime, seeded["odense"], *STORSKRALD["odense"])
    own = open_ids(runtime, seeded["aarhus"], STORSKRALD["aarhus"][0])
    login(client, "aa-super", "aarhus")
    for path, data in (("/console/inbox/add", {"topic": "storskrald"}),
                       ("/console/inbox/dismiss", {})):
        response = post(client, path, data={**data, "question": [str(odense_ids[0])]})
        assert response.status_code == 404, path
        mixed = post(client, path, data={**data, "question": [str(own[0]), str(odense_ids[0])]})
        assert mixed.status_code == 404, path
    assert open_ids(runtime, seeded["odense"], *STORSKRALD["odense"]) == odense_ids
    assert open_ids(runtime, seeded["aarhus"], STORSKRALD["aarhus"][0]) == own
    # without the CSRF token nothing happens either
    bare = client.post("/console/inbox/dismiss", data={"question": [str(own[0])]},
                       headers={"Origin": str(client.base_url).rstrip("/")})
    assert bare.status_code == 403
    assert open_ids(runtime, seeded["aarhus"], STORSKRALD["aarhus"][0]) == own


def test_central_staff_see_groups_across_municipalities_and_draft_a_sub_answer(
        runtime, client, seeded):
    login(client, "c-editor")
    page = client.get("/console/inbox/across", params={"q": "storskrald"})
    assert page.status_code == 200
    for texts in STORSKRALD.values():
        for text in texts:
            assert text in page.text
    assert "3 kommuner: " in page.text
    everyone = client.get("/console/inbox", params={"q": "storskrald"})
    assert STORSKRALD["odense"][0] in everyone.text and STORSKRALD["vejle"][0] in everyone.text
    one = client.get("/console/inbox", params={"tenant": "vejle", "q": "storskrald"})
    assert STORSKRALD["vejle"][0] in one.text and STORSKRALD["odense"][0] not in one.text
    ids = [i for slug, texts in STORSKRALD.items() for i in open_ids(runtime, seeded[slug],
                                                                       *texts)]
    with runtime.db.read() as session:
        before = session.get(ContentTopicRow, "storskrald").document
    response = post(client, "/console/inbox/sub-answer", follow_redirects=False, data={
        "question": [str(i) for i in ids], "topic": "storskrald", "sub_id": "naar-hentes",
        "title_da": "Hvornår hentes storskrald", "title_en": "When bulky waste is collected",
        "answer_da": "Se datoen for din adresse i affaldskalenderen.",
        "answer_en": "See the date for your address in the waste calendar."})
    assert response.status_code == 303, response.text
    with runtime.db.read() as session:
        topic = session.scalars(select(ContentChangeRow).where(
            ContentChangeRow.kind == "topic", ContentChangeRow.topic == "storskrald",
            ContentChangeRow.status == "draft")).one()  # the topic's one open draft
        phrasings = session.scalars(select(ContentChangeRow).where(
            ContentChangeRow.kind == "phrasings", ContentChangeRow.topic == "storskrald",
            ContentChangeRow.sub_answer == "naar-hentes")).one()
        changes = [topic, phrasings]
        assert topic.tenant_id is None and topic.status == "draft"
        assert topic.before == before
        assert topic.after["sub_answers"][:-1] == before["sub_answers"]
        new = topic.after["sub_answers"][-1]
        assert new["id"] == "naar-hentes"
        assert new["label"] == {"da": "Hvornår hentes storskrald",
                                "en": "When bulky waste is collected"}
        assert new["answer"]["da"].startswith("Se datoen")
        assert sorted(phrasings.after["add"]) == sorted(t for ts in STORSKRALD.values()
                                                        for t in ts)
        assert all(session.get(InboxQuestionRow, i).status == "added" for i in ids)
        audit = session.scalars(select(AuditRow).where(AuditRow.action == "inbox.sub_answer")
                                .order_by(AuditRow.id.desc())).first()
        assert audit.actor == "c-editor" and audit.details["changes"] == [c.id for c in changes]
    again = post(client, "/console/inbox/sub-answer", data={
        "question": [str(ids[0])], "topic": "storskrald", "sub_id": "Ikke Gyldig",
        "title_da": "x", "title_en": "x", "answer_da": "x", "answer_en": "x"})
    assert again.status_code == 422


def test_a_superuser_cannot_draft_a_shared_sub_answer(runtime, client, seeded):
    login(client, "aa-super", "aarhus")
    response = post(client, "/console/inbox/sub-answer", data={
        "question": ["1"], "topic": "storskrald", "sub_id": "ny", "title_da": "x",
        "title_en": "x", "answer_da": "x", "answer_en": "x"})
    assert response.status_code == 403


def test_dismissing_takes_a_question_off_the_inbox(runtime, client, seeded):
    (question,) = open_ids(runtime, seeded["odense"], BRAENDE["odense"])
    login(client, "od-super", "odense")
    response = post(client, "/console/inbox/dismiss", follow_redirects=False,
                    data={"only": str(question), "question": [str(question)]})
    assert response.status_code == 303
    with runtime.db.read() as session:
        row = session.get(InboxQuestionRow, question)
        assert (row.status, row.handled_by) == ("dismissed", "od-super")
        assert session.scalars(select(AuditRow).where(
            AuditRow.action == "inbox.dismiss", AuditRow.actor == "od-super")).first()
    assert BRAENDE["odense"] not in client.get("/console/inbox").text


# -- in Chromium ----------------------------------------------------------------------------------
from tests.integration.console_helpers import (  # noqa: E402
    axe_violations,
    browser,  # noqa: F401  (fixture)
    browser_login,
)


def watch_errors(page) -> list[str]:
    """Script errors, CSP refusals and failed loads (console_helpers.watch_errors, but not
    the /favicon.ico that Chromium asks for by itself)."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: errors.append(f"console: {m.text} {m.location}")
            if m.type == "error" and not m.location.get("url", "").endswith("/favicon.ico")
            else None)
    return errors

VAND = {"aarhus": ["hvorfor er min vandregning så høj", "min vandregning er alt for høj"],
        "odense": ["hvorfor er vandregningen steget så meget"],
        "vejle": ["vandregning for høj hvad gør jeg"]}


@pytest.mark.slow
def test_working_the_inbox_in_a_browser(runtime, live_server, seeded, browser):  # noqa: F811
    cursor = start_cursor(runtime)
    unanswered = dict(origin="fallback", status="unanswered", topic=None, confidence=0.1)
    for slug, texts in VAND.items():
        for text in texts:
            conversation(runtime, slug, (text, unanswered))
    collect(runtime, cursor)
    base = live_server.url
    # the superuser, with the page's own CSP: no script errors, no refusals
    context = browser.new_context()
    page = context.new_page()
    errors = watch_errors(page)
    browser_login(page, base, "aa-super", "aarhus")
    page.goto(base + "/console/inbox?q=vandregning")
    group = page.locator("section.cluster", has_text=VAND["aarhus"][0])
    assert group.count() == 1
    assert "odense" not in group.inner_text().lower()
    # choosing another topic refills the sub-answers from the page's data (the script ran)
    group.locator("select[name=topic]").select_option("pas")
    sub_answers = group.locator("select[name=sub_answer] option").all_inner_texts()
    assert "Pris for pas" in sub_answers and len(sub_answers) > 2
    group.locator("select[name=topic]").select_option("storskrald")
    group.locator("select[name=sub_answer]").select_option("pris")
    group.get_by_role("button", name=f"Tilføj kun dette: {VAND['aarhus'][1]}").click()
    page.wait_for_load_state()
    assert "gemt som kladde" in page.locator("p.ok").inner_text()
    assert VAND["aarhus"][1] not in page.content()
    with runtime.db.read() as session:
        change = session.scalars(select(ContentChangeRow).order_by(
            ContentChangeRow.id.desc())).first()
        assert (change.kind, change.topic, change.sub_answer) == ("phrasings", "storskrald", "pris")
        assert change.after["add"] == [VAND["aarhus"][1]]
    page.goto(base + "/console/inbox?q=vandregning")
    page.locator("section.cluster", has_text=VAND["aarhus"][0]).get_by_role(
        "button", name="Afvis markerede").click()
    page.wait_for_load_state()
    assert "afvist" in page.locator("p.ok").inner_text()
    assert VAND["aarhus"][0] not in page.content()
    assert errors == []
    context.close()
    # the central editor: groups across municipalities, a new shared sub-answer
    context = browser.new_context()
    page = context.new_page()
    errors = watch_errors(page)
    browser_login(page, base, "c-editor")
    page.goto(base + "/console/inbox/across?q=vandregning")
    group = page.locator("section.cluster", has_text=VAND["odense"][0])
    assert "2 kommuner" in group.inner_text()
    group.locator("summary").click()
    group.locator("select[name=topic]").last.select_option("pas")
    group.get_by_label("Id").fill("vandregning")
    group.get_by_label("Titel på dansk").fill("Høj vandregning")
    group.get_by_label("Titel på engelsk").fill("A high water bill")
    group.get_by_label("Kort svar på dansk").fill("Kontakt dit vandselskab om regningen.")
    group.get_by_label("Kort svar på engelsk").fill("Contact your water company about the bill.")
    group.get_by_role("button", name="Gem delsvaret som kladde").click()
    page.wait_for_load_state()
    assert "kladder" in page.locator("p.ok").inner_text()
    assert VAND["odense"][0] not in page.content()
    with runtime.db.read() as session:
        topic = session.scalars(select(ContentChangeRow).where(
            ContentChangeRow.kind == "topic", ContentChangeRow.topic == "pas",
            ContentChangeRow.status == "draft")).one()
        assert topic.after["sub_answers"][-1]["id"] == "vandregning"
        phrasings = session.scalars(select(ContentChangeRow).where(
            ContentChangeRow.kind == "phrasings", ContentChangeRow.sub_answer == "vandregning"
        )).one()
        assert sorted(phrasings.after["add"]) == sorted(VAND["odense"] + VAND["vejle"])
    assert errors == []
    context.close()
    # axe-core on both pages (a context that lets the injected script run)
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    browser_login(page, base, "c-editor")
    for path in ("/console/inbox?q=storskrald", "/console/inbox/across",
                 "/console/inbox?tenant=aarhus"):
        page.goto(base + path)
        page.locator("details.new").first.evaluate("d => d.open = true") if page.locator(
            "details.new").count() else None
        assert axe_violations(page) == [], path
    context.close()


# -- PostgreSQL ---------------------------------------------------------------------------------
@pytest.mark.postgres
def test_collecting_grouping_and_acting_on_postgresql(runtime, postgres_server):
    """The same collector, groups and actions on a real PostgreSQL database."""
    from dataclasses import replace

    from muni.bootstrap import ensure_initialised
    from muni.inbox import actions
    from muni.staff.roles import Role
    from muni.store.database import Database
    from muni.store.staff import StaffRepository, member_of
    from tests.conftest import _fresh_postgres_database

    db = Database(_fresh_postgres_database(postgres_server))
    ensure_initialised(db, runtime.settings.content_dir, runtime.settings.tenants_dir)
    pg = replace(runtime, db=db)
    try:
        cursor = start_cursor(pg)
        unanswered = dict(origin="fallback", status="unanswered", topic=None, confidence=0.1)
        for slug, texts in STORSKRALD.items():
            for text in texts:
                conversation(pg, slug, (text, unanswered))
        ids = conversation(pg, "aarhus", ("jeg forstår ikke min ejendomsskat",
                                          dict(GOOD, topic="ejendomsskat")),
                           ("jeg vil tale med et menneske", dict(GOOD, topic="menneske")),
                           handoff_after=1, rating=1)
        report = collect(pg, cursor)
        assert report.collected == {"unanswered": 5, "handoff": 1, "low_rating": 1}
        assert rows_for(pg, ids) == {("aarhus", "jeg forstår ikke min ejendomsskat", "handoff"),
                                     ("aarhus", "jeg forstår ikke min ejendomsskat",
                                      "low_rating")}
        assert collect(pg, cursor).total == 0
        aarhus, odense = tenant(pg, "aarhus"), tenant(pg, "odense")
        view = inbox_view(pg, aarhus)
        assert {t for c in view.clusters for t in c.tenant_ids} == {aarhus.id}
        skat = next(c for c in view.clusters if c.label == "jeg forstår ikke min ejendomsskat")
        assert skat.size == 1 and dict(skat.reasons) == {"handoff": 1, "low_rating": 1}
        across = inbox_view(pg, None, across=True)
        assert [len(c.tenant_ids) for c in across.clusters] == [3]
        with db.session() as session:
            account = StaffRepository(session, aarhus).add("pg-super", "PG Super", None,
                                                           Role.SUPERUSER, email="pg@x.dk")
            session.commit()
            superuser = member_of(account, aarhus)
        with pytest.raises(actions.InboxError) as refused:
            actions.dismiss(pg, superuser, [q.id for c in inbox_view(pg, odense).clusters
                                            for q in c.questions])
        assert refused.value.status == 404
        outcome = actions.add_as_phrasings(pg, superuser, list(skat.row_ids), "ejendomsskat", "")
        assert outcome.handled == 2 and len(outcome.changes) == 1
        with db.read() as session:
            change = session.get(ContentChangeRow, outcome.changes[0])
            assert change.after == {"add": ["jeg forstår ikke min ejendomsskat"], "remove": []}
        assert all(c.label != skat.label for c in inbox_view(pg, aarhus).clusters)
    finally:
        db.dispose()


def test_muni_inbox_collect_runs_as_an_inbox_job_and_continues_where_it_stopped(
        runtime, settings):
    import json
    import time

    from typer.testing import CliRunner

    from muni.cli import app
    from muni.store.tables import JobRow

    env = {"MUNI_DATA_DIR": str(settings.data_dir), "MUNI_CONTENT_DIR": str(settings.content_dir),
           "MUNI_TENANTS_DIR": str(settings.tenants_dir)}
    (turn,) = conversation(runtime, "vejle", ("hvor kan jeg aflevere gamle maling og kemikalier",
                                              dict(origin="fallback", status="unanswered")))

    def run():
        for _ in range(20):  # the live server's own inbox job may hold the lock a moment
            result = CliRunner().invoke(app, ["inbox", "collect"], env=env)
            if result.exit_code != 3:
                return result
            time.sleep(0.5)
        raise AssertionError("the inbox collection stayed locked")

    first = run()
    assert first.exit_code == 0, first.output
    assert "nye spørgsmål i indbakken" in first.output
    assert rows_for(runtime, [turn]) == {
        ("vejle", "hvor kan jeg aflevere gamle maling og kemikalier", "unanswered")}
    with runtime.db.read() as session:
        job = session.scalars(select(JobRow).where(JobRow.kind == "inbox", JobRow.status == "done")
                              .order_by(JobRow.id.desc())).first()
    assert json.loads(job.result)["cursor"]["turn_id"] >= turn
    second = run()
    assert second.exit_code == 0 and second.output.startswith("0 nye spørgsmål"), second.output
