"""Pages linked beside a curated answer (RelatedPages): about its topic, or close to the
question; for an answer about the conversation's topic given to words any matter could have
("kan jeg gøre det for hende, hun har ikke mitid"), only pages about the topic."""

from __future__ import annotations

from muni.answering.search import RelatedPages
from muni.answering.state import TurnState
from muni.domain import Answer, Question, Tenant
from muni.search.index import Hit
from muni.store.pages import IndexedPassage

TENANT = Tenant(1, "k", "Kommunen", "000")


def passage(pid: int, url: str, title: str, topic: str | None) -> IndexedPassage:
    return IndexedPassage(pid, url, title, (title,), "Tekst.", topic, None, "2026-09-01", topic)


AIDS = passage(1, "https://k.dk/hjaelpemidler", "Hjælpemidler", "hjaelpemidler")
DIGITAL = passage(2, "https://k.dk/digital-hjaelp", "Hjælp til MitID", None)
BENEFIT = passage(3, "https://k.dk/boligstoette", "Boligstøtte", "boligstoette")
# the digital-help and housing-benefit pages share the follow-up's words (MitID, "søge")
HITS = [Hit(DIGITAL, 0.5, 9.0, 0.8), Hit(BENEFIT, 0.4, 8.5, 0.8), Hit(AIDS, 0.3, 2.0, 0.7)]


def links(topic_pages_only: bool) -> list[str]:
    step = RelatedPages(lambda question, text, semantic, topic: HITS)
    answer = Answer("Personen kan give dig fuldmagt.", "curated", "answered",
                    topic="hjaelpemidler")
    state = TurnState(search_text="kan jeg søge for hende hun har ikke mitid",
                      topic_pages_only=topic_pages_only)
    question = Question(TENANT, "kan jeg søge for hende hun har ikke mitid")
    return [link.url for link in step(question, answer, state).links]


def test_pages_close_to_the_question_are_linked_beside_a_curated_answer():
    assert links(topic_pages_only=False) == ["https://k.dk/digital-hjaelp",
                                             "https://k.dk/boligstoette"]


def test_an_answer_about_the_conversations_topic_links_only_that_topics_pages():
    assert links(topic_pages_only=True) == ["https://k.dk/hjaelpemidler"]
