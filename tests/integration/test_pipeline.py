"""Behaviour of the whole pipeline on the real content and the trained model."""

from __future__ import annotations

import pytest

from muni.store.tenants import TenantRepository


@pytest.fixture(scope="module")
def tenants(runtime):
    with runtime.db.session() as session:
        return {t.slug: t for t in TenantRepository(session).all()}


def ask(runtime, tenant, text, **kw):
    return runtime.pipeline.answer(tenant, text, **kw)[1]


@pytest.mark.parametrize("text,topic", [
    ("hvad koster et nyt pas", "pas"),
    ("hvornaar bliver skraldespanden toemt", "affald"),
    ("min mor skal bruge en rollator", "hjaelpemidler"),
    ("hej", "hilsen"),
    ("kan jeg tale med et menneske", "menneske"),
])
def test_typical_questions(runtime, tenants, text, topic):
    answer = ask(runtime, tenants["aarhus"], text)
    assert (answer.origin, answer.status, answer.topic) == ("curated", "answered", topic)
    assert answer.confidence is not None and answer.confidence >= 0.5


def test_english_question_gets_english_answer(runtime, tenants):
    answer = ask(runtime, tenants["aarhus"], "How much does a new passport cost?")
    assert answer.topic == "pas" and answer.language == "en"
    assert "passport" in answer.text.lower()


@pytest.mark.parametrize("text", ["hvem vandt fodboldkampen i går", "giv mig en opskrift på "
                                  "lasagne", "hvad bliver vejret i morgen"])
def test_out_of_scope_is_refused_honestly(runtime, tenants, text):
    answer = ask(runtime, tenants["odense"], text)
    assert answer.topic is None and answer.origin == "fallback"
    assert answer.status == "out_of_scope"
    assert "Odense Kommune" in answer.text
    assert any(q.topic == "menneske" for q in answer.quick_replies)


def test_other_authority_is_named(runtime, tenants):
    answer = ask(runtime, tenants["vejle"], "hvordan retter jeg min forskudsopgørelse")
    assert answer.status == "guard_other_authority" and "Skattestyrelsen" in answer.text
    assert answer.links[0].url == "https://skat.dk"


def test_emergency_beats_everything(runtime, tenants):
    answer = ask(runtime, tenants["aarhus"], "det brænder i min nabos lejlighed, hvad gør jeg")
    assert answer.status == "guard_emergency" and "112" in answer.text


def test_cpr_is_removed_and_the_citizen_told(runtime, tenants):
    question, answer = runtime.pipeline.answer(tenants["aarhus"],
                                               "mit cpr er 010190-1234, hvad koster et pas")
    assert question.text == "mit cpr er [CPR], hvad koster et pas"
    assert answer.topic == "pas"
    assert answer.text.startswith("Skriv ikke dit CPR-nummer her.")


def test_clarification_offers_buttons_that_answer(runtime, tenants):
    from muni.answering.intents import Thresholds
    from muni.nlu.classifier import Prediction

    step = runtime.pipeline.steps[1]
    close = Prediction(ranked=(("storskrald", 0.45), ("genbrugsplads", 0.40)),
                       semantic_used=True)
    question = runtime.pipeline.prepare(tenants["aarhus"], "hvor kan jeg komme af med en sofa")
    answer = step.decide(question, close, Thresholds())
    assert answer.status == "clarification" and answer.text.startswith("Jeg er ikke helt sikker")
    assert [q.topic for q in answer.quick_replies] == ["storskrald", "genbrugsplads"]
    chosen = ask(runtime, tenants["aarhus"], answer.quick_replies[1].message,
                 topic_hint=answer.quick_replies[1].topic)
    assert chosen.topic == "genbrugsplads" and chosen.status == "answered"


def test_timings_cover_every_step_that_ran(runtime, tenants):
    answer = ask(runtime, tenants["aarhus"], "pas")
    assert {"redact", "guards", "curated_intent", "total"} <= set(answer.timings)


def test_every_quick_reply_leads_somewhere(runtime, tenants):
    """A button muni offers must never lead to 'I cannot help' (it is sent as a message)."""
    tenant = tenants["aarhus"]
    dead_ends = []
    for slug in sorted(runtime.pack.topics):
        for language in ("da", "en"):
            answer = runtime.book.answer(tenant, slug, language)
            for button in answer.quick_replies:
                reply = ask(runtime, tenant, button.message, topic_hint=button.topic,
                            previous_topic=slug)
                if reply.origin not in ("curated", "guard") or reply.status not in (
                        "answered", "clarification", "guard_other_authority"):
                    dead_ends.append((slug, language, button.message, reply.status))
    assert dead_ends == [], "\n".join(map(str, dead_ends))


def test_follow_up_keeps_the_conversation_topic(runtime, tenants):
    alone = ask(runtime, tenants["aarhus"], "hvad koster det")
    follow_up = ask(runtime, tenants["aarhus"], "hvad koster det", previous_topic="pas")
    assert alone.topic != "pas"
    assert follow_up.topic == "pas" and follow_up.status == "answered"
    # a clear new question still changes topic
    assert ask(runtime, tenants["aarhus"], "hvornår kommer skraldebilen",
               previous_topic="pas").topic == "affald"
