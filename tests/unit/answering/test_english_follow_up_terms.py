"""An English follow-up is searched with the Danish words of the question it follows too:
"and the kids are 7 and 11?" after the swimming pool's price names no pool, and the pages are
in Danish (`Question.earlier_danish_terms`, set by `Pipeline.prepare`, used by the search)."""

from __future__ import annotations

from muni.answering.pipeline import Pipeline
from muni.domain import ConversationContext, Tenant
from muni.nlu.english_terms import EnglishTerms
from muni.runtime import tenant_search

AARHUS = Tenant(1, "aarhus", "Aarhus Kommune", "0751")
ENGLISH = EnglishTerms({"swimming": "svømmehal", "kids": "børn"})


class NoStep:
    name = "nothing"

    def __call__(self, question, state):
        return None


def prepared(text: str, context: ConversationContext):
    return Pipeline([NoStep()], english=ENGLISH).prepare(AARHUS, text, context=context)


def test_an_english_follow_up_carries_the_danish_words_of_the_question_before():
    context = ConversationContext(question="how much is swimming for an adult", language="en")
    question = prepared("and the kids are 7 and 11?", context)
    assert question.language == "en"
    assert (question.danish_terms, question.earlier_danish_terms) == ("børn", "svømmehal")
    assert question.with_danish_terms("and the kids") == "and the kids børn"
    assert question.with_danish_terms("and the kids", earlier=True) == (
        "and the kids børn svømmehal"
    )


def test_a_danish_conversation_or_a_first_question_has_no_english_words():
    danish = ConversationContext(question="hvad koster svømning for en voksen", language="da")
    assert prepared("and the kids are 7 and 11?", danish).earlier_danish_terms == ""
    assert prepared("how much is swimming", ConversationContext()).earlier_danish_terms == ""


class Index:
    """The passage index's search, recording what it was asked for."""

    def __init__(self) -> None:
        self.queries: list[str] = []

    def search(self, tenant, query, **kwargs):
        self.queries.append(query)
        return []


def test_only_a_follow_ups_search_adds_the_earlier_words():
    context = ConversationContext(question="how much is swimming for an adult", language="en")
    question = prepared("and the kids are 7 and 11?", context)
    index = Index()
    search = tenant_search(index, None)  # type: ignore[arg-type]
    search(question, question.text, False, None)  # the message alone
    search(question, f"{context.question} {question.text}", False, None)  # as a follow-up
    assert index.queries == [
        "and the kids are 7 and 11? børn",
        "how much is swimming for an adult and the kids are 7 and 11? børn svømmehal",
    ]


def test_a_danish_question_carries_the_pages_words_for_its_everyday_ones():
    """"raketter" is "fyrværkeri" on the pages (content/synonyms_da.yaml)."""
    from muni.nlu.danish_synonyms import DanishSynonyms

    synonyms = DanishSynonyms({"raket": "fyrværkeri", "svømning": "svømmehal"})
    pipeline = Pipeline([NoStep()], english=ENGLISH, synonyms=synonyms)
    first = pipeline.prepare(AARHUS, "hvornår må man skyde raketter af", context=None)
    assert (first.language, first.danish_terms) == ("da", "fyrværkeri")
    assert first.with_danish_terms("hvornår må man skyde raketter af") == (
        "hvornår må man skyde raketter af fyrværkeri")
    context = ConversationContext(question="hvad koster svømning for en voksen", language="da")
    follow = pipeline.prepare(AARHUS, "og for børn?", context=context)
    assert (follow.danish_terms, follow.earlier_danish_terms) == ("", "svømmehal")
    # an English question never gets the Danish list's words, nor a Danish one the glossary's
    english = pipeline.prepare(AARHUS, "when can I fire off rockets and swimming", context=None)
    assert english.language == "en" and "fyrværkeri" not in english.danish_terms
