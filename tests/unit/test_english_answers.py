"""English answers are English throughout: for every topic and sub-answer, in every demo
municipality, no Danish sentence (Danish terms in parentheses are fine)."""

import pytest

from muni.answering.language import danish_sentences, looks_danish
from muni.config import REPO_ROOT
from muni.content.answer_book import AnswerBook
from muni.content.loader import load_pack
from muni.domain import Tenant
from muni.tenancy import load_tenants


@pytest.fixture(scope="module")
def book_and_tenants():
    pack = load_pack(REPO_ROOT / "content")
    configs = load_tenants(REPO_ROOT / "tenants")
    tenants = [
        Tenant(i, c.slug, c.name, c.municipality_code, c.domains, c.variables, c.variables_en)
        for i, c in enumerate(configs, start=1)
    ]
    overrides = {i: c.overrides for i, c in enumerate(configs, start=1)}
    return pack, AnswerBook(pack, overrides), tenants


def test_the_detector_tells_danish_from_english():
    assert looks_danish("Du skal bestille tid i Borgerservice først.")
    assert not looks_danish("You must book an appointment at Citizen Service (Borgerservice).")
    assert danish_sentences("It costs DKK 893. Se prisen på borger.dk.") == [
        "Se prisen på borger.dk."]


def test_no_danish_sentence_in_any_english_answer(book_and_tenants):
    pack, book, tenants = book_and_tenants
    problems = []
    answers = 0
    for tenant in tenants:
        for slug, topic in sorted(pack.topics.items()):
            for sub in [None, *(s.id for s in topic.sub_answers)]:
                answer = book.answer(tenant, slug, "en", sub=sub)
                assert answer.language == "en", (slug, sub)
                answers += 1
                texts = [answer.text, *(q.label for q in answer.quick_replies),
                         *(link.title for link in answer.links)]
                for text in texts:
                    for sentence in danish_sentences(text):
                        problems.append(f"{tenant.slug} {slug}/{sub or '-'}: {sentence[:100]}")
    assert answers >= 3 * 500
    assert problems == [], "\n".join(problems[:40])
