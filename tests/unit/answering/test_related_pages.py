"""Pages linked beside a curated answer (RelatedPages): about its topic, close in meaning, or
sharing rare words of substance with the question; for an answer about the conversation's topic
given to words any matter could have ("kan jeg gøre det for hende, hun har ikke mitid"), only
pages about the topic."""

from __future__ import annotations

from muni.answering.related_pages import RelatedPages
from muni.answering.state import TurnState
from muni.domain import Answer, ConversationContext, Question, Tenant
from muni.nlu.classifier import Prediction
from muni.search.index import Hit
from muni.store.pages import IndexedPassage

TENANT = Tenant(1, "k", "Kommunen", "000")
# how rare each stem is on the site: "hvad", "gør" and "gerne" are on few pages of a small site
IDF = {"mitid": 4.0, "søg": 1.2, "gift": 5.1, "rådhus": 3.0, "hvad": 2.6, "gør": 3.0,
       "gern": 3.3, "vil": 2.4, "hav": 2.2, "kommunalvalg": 4.7, "næst": 4.1, "søndag": 4.5,
       "åben": 4.1, "hul": 4.3, "nyt": 4.0, "l:ny": 2.8, "l:stor": 3.2, "stort": 3.2,
       "sygemeld": 4.0, "skema": 3.0}


def passage(pid: int, url: str, title: str, topic: str | None, text: str = "Tekst."
            ) -> IndexedPassage:
    return IndexedPassage(pid, url, title, (title,), text, topic, None, "2026-09-01", topic)


def links(hits: list[Hit], text: str, topic: str, state: TurnState | None = None,
          prediction: Prediction | None = None, conversation: str | None = None) -> list[str]:
    step = RelatedPages(lambda question, search_text, semantic, t: hits, lambda q: IDF)
    answer = Answer("Svaret.", "curated", "answered", topic=topic)
    state = state or TurnState(search_text=text)
    state.prediction = prediction
    question = Question(TENANT, text, context=ConversationContext(topic=conversation))
    return [link.url for link in step(question, answer, state).links]


AIDS = passage(1, "https://k.dk/hjaelpemidler", "Hjælpemidler", "hjaelpemidler")
DIGITAL = passage(2, "https://k.dk/digital-hjaelp", "Hjælp til MitID", None)
BENEFIT = passage(3, "https://k.dk/boligstoette", "Boligstøtte", "boligstoette",
                  "Du kan søge med MitID.")
# the digital-help and housing-benefit pages share the follow-up's words (MitID, "søge")
HITS = [Hit(DIGITAL, 0.5, 9.0, 0.8), Hit(BENEFIT, 0.4, 8.5, 0.8), Hit(AIDS, 0.3, 2.0, 0.7)]
FOLLOW_UP = "kan jeg søge for hende hun har ikke mitid"


def test_pages_sharing_a_rare_word_with_the_question_are_linked_beside_a_curated_answer():
    # the housing-benefit page is about another topic, which the classifier finds plausible
    likely = Prediction((("hjaelpemidler", 0.8), ("boligstoette", 0.1)), semantic_used=False)
    assert links(HITS, FOLLOW_UP, "hjaelpemidler", prediction=likely) == [
        "https://k.dk/digital-hjaelp", "https://k.dk/boligstoette"]


def test_a_page_about_a_ruled_out_topic_needs_the_rare_word_in_its_title_or_two_of_them():
    sure = Prediction((("hjaelpemidler", 0.97), ("boligstoette", 0.01)), semantic_used=False)
    assert links(HITS, FOLLOW_UP, "hjaelpemidler", prediction=sure) == [
        "https://k.dk/digital-hjaelp", "https://k.dk/hjaelpemidler"]  # the topic's own page
    council = passage(4, "https://k.dk/politik", "Byrådet", "byraad",
                      "Næste kommunalvalg er i november.")
    hits = [Hit(council, 0.5, 10.3, 0.0)]
    assert links(hits, "hvornår er der kommunalvalg næste gang", "valg") == ["https://k.dk/politik"]
    assert links(hits, "hvem vinder kommunalvalg", "valg") == []


def test_common_words_and_a_homonym_link_nothing_beside_a_wedding_answer():
    # high keyword scores from "hvad", "vil", "gerne", "have" (rare on a small site), and the
    # hazardous-waste page's "gift" (poison), which "giftes" stems to
    faults = passage(5, "https://k.dk/meld-fejl", "Meld fejl", "vej-fejl",
                     "Hvad vil du gerne melde? Har du set en fejl, så skriv.")
    waste = passage(6, "https://k.dk/farligt-affald", "Farligt affald", "genbrugsplads",
                    "Gift og maling skal på genbrugspladsen.")
    hits = [Hit(waste, 0.5, 11.1, 0.0), Hit(faults, 0.4, 10.8, 0.0)]
    assert links(hits, "jeg vil gerne giftes på rådhuset hvad skal vi have med", "vielse") == []


def test_an_answer_about_the_conversations_topic_links_only_that_topics_pages():
    state = TurnState(search_text=FOLLOW_UP, topic_pages_only=True)
    assert links(HITS, FOLLOW_UP, "hjaelpemidler", state) == ["https://k.dk/hjaelpemidler"]


def test_time_words_and_adjectives_name_no_subject_a_page_is_about():
    # "søndag" and "åben" are rare on a site, but the swimming hall is not the recycling
    # centre; "stort" is not what the rats page and a hole in the road have in common
    pool = passage(7, "https://k.dk/svoemmehaller", "Svømmehaller", None,
                   "Hallen er åben søndag kl. 8-16.")
    assert links([Hit(pool, 0.5, 13.6, 0.0)], "hvornår er genbrugspladsen åben på søndag",
                 "genbrugsplads") == []
    rats = passage(8, "https://k.dk/rotter", "Rotter", "skadedyr",
                   "Et stort hul i soklen kan lukke rotter ind.")
    assert links([Hit(rats, 0.5, 10.6, 0.0)], "der er et stort hul i vejen", "vej-fejl") == []
    # "nyt" is rare on a site too, but a new tree is not a new passport
    trees = passage(9, "https://k.dk/traeer", "Fældning af træer", None,
                    "Fælder du et træ, skal du ofte plante et nyt.")
    assert links([Hit(trees, 0.5, 8.3, 0.0)], "hvad koster et nyt pas", "pas") == []


def test_a_page_about_the_conversations_topic_is_not_about_something_else():
    # a follow-up the classifier moved to digital post, in a conversation about sick pay
    sick = passage(9, "https://k.dk/sygemeldt", "Sygedagpenge", "sygedagpenge",
                   "Send dit skema til kommunen inden for 8 dage.")
    hits = [Hit(sick, 0.5, 15.6, 0.0)]
    text = "nu har jeg fået et skema, hvor hurtigt skal det sendes tilbage"
    assert links(hits, text, "digital-post") == []
    assert links(hits, text, "digital-post", conversation="sygedagpenge") == [
        "https://k.dk/sygemeldt"]


def test_a_follow_up_on_the_thread_makes_no_other_topic_plausible():
    # "og for børn?" after a passport's price: the classifier's guesses for "børn" (childcare)
    # do not let the childcare page, which names a child's passport in passing, in beside the
    # passport
    childcare = passage(10, "https://k.dk/pasning", "Vuggestue og dagpleje", "pladsanvisning",
                        "Skal børnehaven på tur til udlandet, sørger I selv for barnets pas.")
    hits = [Hit(childcare, 0.5, 9.0, 0.0)]
    guesses = Prediction((("pas", 0.5), ("pladsanvisning", 0.3)), semantic_used=False)
    idf = {**IDF, "pas": 2.7}
    step = RelatedPages(lambda question, search_text, semantic, t: hits, lambda q: idf)
    answer = Answer("Svaret.", "curated", "answered", topic="pas")
    question = Question(TENANT, "og for børn?", context=ConversationContext(topic="pas"))

    def linked(follow_up: bool) -> list[str]:
        state = TurnState(search_text="og for børn? hvad koster et pas", follow_up=follow_up)
        state.prediction = guesses
        return [link.url for link in step(question, answer, state).links]

    assert linked(follow_up=True) == []
    assert linked(follow_up=False) == [childcare.url]  # a new question: the guess counts


def test_a_page_the_answer_links_under_another_address_is_not_linked_again():
    # the curated link to the municipality's booking page, and the crawled copy of that page
    from muni.domain import Link

    booking = passage(9, "http://127.0.0.1:8731/bestil-tid", "Bestil tid i Borgerservice",
                      "hjaelpemidler")
    step = RelatedPages(lambda question, search_text, semantic, t: [Hit(booking, 0.5, 9.0, 0.8)],
                        lambda q: IDF)
    answer = Answer("Svaret.", "curated", "answered", topic="hjaelpemidler",
                    links=(Link("Bestil tid i  borgerservice", "https://k.dk/bestil-tid"),))
    refined = step(Question(TENANT, "bestil tid"), answer, TurnState(search_text="bestil tid"))
    assert [link.url for link in refined.links] == ["https://k.dk/bestil-tid"]
    # the same page without the curated link is linked
    bare = step(Question(TENANT, "bestil tid"), Answer("Svaret.", "curated", "answered",
                                                        topic="hjaelpemidler"),
                TurnState(search_text="bestil tid"))
    assert [link.url for link in bare.links] == [booking.url]
