"""Facts from the tenant's pages: sentence splitting, choosing the sentence that states the
fact asked for (answering/fact_sentences.py), quoting it with its page and date
(answering/page_quote.py), and noticing disagreements (answering/page_facts.py). One file, as
the cases share their pages."""

from dataclasses import replace

from muni.answering.fact_sentences import (
    FactSentence,
    fact_sentences,
    labelled,
    sentences_for_turn,
)
from muni.answering.page_facts import about_the_same, conflicts
from muni.answering.page_quote import each_asked, human_date, quote, quoted_text
from muni.answering.sentence_reading import relevant_stems
from muni.answering.value_labels import headline, label_of
from muni.domain import Answer, FactUse
from muni.facts.sentences import split_sentences
from muni.search.index import FactHit, Hit
from muni.store.pages import IndexedPassage

IDF = {"svømmehal": 4.0, "børn": 3.0, "voksn": 3.0, "pension": 3.5, "genbrugsplads": 4.0,
       "søndag": 3.0, "butik": 4.0, "kaf": 4.0}


def passage(pid, url, title, text, topic=None, heading=("Priser",)):
    return IndexedPassage(pid, url, title, (title, *heading), text, topic, None, "2026-09-01",
                          topic)


SWIM = passage(1, "https://k.dk/svoemmehaller", "Svømmehaller og åbningstider",
               "Entré i svømmehallen:\n- Voksne: 45 kr.\n- Børn 3-17 år: 25 kr.\n"
               "- Pensionister: 30 kr.\nHusk badehætte.", topic=None)
SENIOR = passage(2, "https://k.dk/aktivitetscentre", "Aktivitetscentre",
                 "Medlemskort: 250 kr. om året. Kaffe: 10 kr.", topic=None)
RECYCLE = passage(3, "https://k.dk/genbrugspladser", "Genbrugspladser og åbningstider",
                  "1. april til 30. september: alle dage kl. 7-19.\n"
                  "1. oktober til 31. marts: alle dage kl. 8-17.\n"
                  "Butikken har åbent tirsdag-lørdag kl. 10-16.", topic="genbrugsplads",
                  heading=("Åbningstider",))


def hits(*passages):
    return [Hit(p, 1.0 / (i + 1), 5.0, 0.8) for i, p in enumerate(passages)]


def test_sentences_keep_abbreviations_and_list_items():
    assert split_sentences("Træffetid kl. 15-17. Ring på tlf. 89 40 20 00.") == [
        "Træffetid kl. 15-17.", "Ring på tlf. 89 40 20 00."]
    assert split_sentences("- Voksne: 45 kr.\n- Børn: 25 kr.\nOpdateret 3. juni 2026") == [
        "Voksne: 45 kr.", "Børn: 25 kr."]


def test_the_sentence_with_the_asked_value_and_the_rare_shared_word_wins():
    found = fact_sentences(hits(SWIM, SENIOR), "hvad koster det for børn i svømmehallen",
                           ("amount",), IDF)
    assert found[0].text == "Børn 3-17 år: 25 kr."
    assert all("Kaffe" not in f.text for f in found[:3])  # "10" in a question ties nothing


def test_a_curated_answer_is_only_completed_from_its_topic_or_a_close_general_page():
    found = fact_sentences(hits(SENIOR, RECYCLE), "har genbrugspladsen åbent om søndagen",
                           ("opening_hours",), IDF, topic="genbrugsplads", strict=True)
    assert found and {f.hit.passage.id for f in found} == {3}
    off_topic = fact_sentences(hits(SENIOR), "hvad koster kaffen", ("amount",), IDF,
                               topic="pas", strict=True)
    assert [f.text for f in off_topic] == ["Kaffe: 10 kr."]  # shares the rare word "kaffe"
    unrelated = fact_sentences(hits(SENIOR), "hvad koster det", ("amount",), IDF,
                               topic="pas", strict=True)
    assert unrelated == []


def test_meaning_brings_a_sentence_the_words_miss():
    meaning = [FactHit(RECYCLE, "Butikken har åbent tirsdag-lørdag kl. 10-16.",
                       ("opening_hours", "date"), 0.91)]
    # an English question meets the Danish pages only in meaning (`foreign`, as
    # sentences_for_turn passes it)
    found = fact_sentences([], "what time is the second-hand shop open", ("opening_hours",),
                           IDF, meaning=meaning, foreign=True)
    assert found[0].text.startswith("Butikken")
    # a Danish question shares a word with the sentence it gets: meaning alone is diffuse
    assert fact_sentences([], "hvornår kan jeg komme af med gamle møbler", ("opening_hours",),
                          IDF, meaning=meaning) == []
    assert fact_sentences([], "hvornår har butikken åbent", ("opening_hours",),
                          IDF, meaning=meaning)[0].text.startswith("Butikken")


def test_a_question_for_the_price_gets_the_pages_prices_not_what_is_free_there():
    rules = passage(8, "https://k.dk/svoemmehaller", "Svømmehaller og åbningstider",
                    "Børn, der ikke kan svømme, skal have svømmevinger på, som du kan låne "
                    "gratis.", topic=None, heading=("Regler",))
    prices = passage(9, "https://k.dk/svoemmehaller", "Svømmehaller og åbningstider",
                     "Voksne: 45 kr.\nBørn under 3 år er gratis.", topic=None)
    idf = {**IDF, "svøm": 5.0, "svømmeving": 5.0}
    found = fact_sentences(hits(rules, prices), "hvad koster det at svømme i svømmehallen",
                           ("amount",), idf)
    # the price list, with what it says is free, and not the free swimming aids
    assert [f.text for f in found] == ["Voksne: 45 kr.", "Børn under 3 år er gratis."]
    # whether one pays at all: "gratis" answers it wherever it is
    asked = fact_sentences(hits(rules, prices), "skal min datter på 2 også betale for at svømme",
                           ("amount",), idf)
    assert "Børn, der ikke kan svømme" in asked[0].text
    # a page that names no price keeps its "gratis"
    shelter = passage(10, "https://k.dk/shelters", "Shelters",
                      "Det er gratis at overnatte i kommunens shelters.", topic=None)
    free = fact_sentences(hits(shelter, SENIOR), "hvad koster det at overnatte i shelter",
                          ("amount",), {**idf, "overnat": 5.0, "shelt": 5.0})
    assert free[0].text.startswith("Det er gratis at overnatte")


def test_how_long_until_is_not_answered_by_how_often():
    home_help = passage(11, "https://k.dk/hjemmehjaelp", "Hjemmehjælp",
                        "Rengøring af de rum, du bruger, typisk hver 14. dag. En visitator "
                        "aftaler et besøg hjemme hos dig, normalt inden for 2 uger.",
                        topic=None, heading=("Sådan søger du",))
    idf = {**IDF, "rengøring": 5.0, "hjemmehjælp": 5.0, "visitator": 5.0}
    waiting = fact_sentences(
        hits(home_help), "min mor kan ikke klare rengøringen. hvis vi søger hjemmehjælp, hvor "
        "lang tid går der før der kommer en ud og kigger på det", ("duration",), idf)
    assert [f.text for f in waiting] == [
        "En visitator aftaler et besøg hjemme hos dig, normalt inden for 2 uger."]
    # how often: the frequency answers it
    often = fact_sentences(hits(home_help), "hvor tit kommer de og gør rent", ("duration",), idf)
    assert often[0].text.startswith("Rengøring af de rum")


def test_when_something_is_allowed_is_answered_by_the_days_not_a_duration():
    fireworks = passage(12, "https://k.dk/fyrvaerkeri", "Fyrværkeri og nytår",
                        "Du må kun fyre fyrværkeri af fra 27. december til og med 1. januar. "
                        "Stil raketter i et stativ, og gå væk med det samme, når lunten er "
                        "tændt.", topic=None, heading=("Regler",))
    idf = {**IDF, "raket": 6.0, "fyrværkeri": 3.0}
    allowed = fact_sentences(hits(fireworks), "hvornaar maa man skyde raketter af",
                             ("date", "duration"), idf)
    assert [f.text for f in allowed] == [
        "Du må kun fyre fyrværkeri af fra 27. december til og med 1. januar."]
    # "hvornår" alone may ask how soon: the duration stays a candidate, and shares "raketter"
    soon = fact_sentences(hits(fireworks), "hvornaar kan jeg gaa hen til raketter",
                          ("date", "duration"), idf)
    assert soon[0].text.startswith("Stil raketter")


def test_a_list_is_quoted_whole_when_one_of_its_lines_is_found():
    """An English question meets the Danish price list in meaning through one line
    ("Morgensvømning …", the closest fact sentence); the list's other prices share only the
    page title's "svømmehal" with it, too little alone, but they are what was asked."""
    rules = passage(13, "https://k.dk/svoemmehaller", "Svømmehaller og åbningstider",
                    "Vask dig grundigt uden badetøj, før du går i bassinet.",
                    topic="foreninger", heading=("Regler",))
    prices = passage(14, "https://k.dk/svoemmehaller", "Svømmehaller og åbningstider",
                     "- Voksne: 45 kr.\n- Børn 3-17 år: 25 kr.\n"
                     "- Morgensvømning for voksne kl. 6-8: 35 kr.", topic="foreninger",
                     heading=("Entré",))
    idf = {**IDF, "svømmehal": 3.7}  # one word that ties less than STRONG_TIE
    morning = "Morgensvømning for voksne kl. 6-8: 35 kr."
    meaning = [FactHit(prices, morning, ("amount",), 0.85)]
    message = "how much does it cost to go swimming svømmehal svømmeundervisning"
    found = fact_sentences(hits(rules, prices), message, ("amount",), idf, meaning=meaning,
                           foreign=True)
    assert [f.text for f in quote(found)] == ["Voksne: 45 kr.", "Børn 3-17 år: 25 kr.", morning]


def test_quote_takes_the_list_the_best_sentence_belongs_to():
    found = fact_sentences(hits(SWIM), "priser i svømmehallen", ("amount",), IDF)
    chosen = quote(found)
    assert [c.text for c in chosen] == ["Voksne: 45 kr.", "Børn 3-17 år: 25 kr.",
                                        "Pensionister: 30 kr."]
    text = quoted_text(chosen, "Aarhus Kommune", "da")
    assert text.startswith("På Aarhus Kommunes hjemmeside står der: «Voksne: 45 kr.")
    assert "siden «Svømmehaller og åbningstider», opdateret 1. september 2026" in text
    assert quoted_text(chosen, "Aarhus Kommune", "en").startswith(
        "The website of Aarhus Kommune says (in Danish): «")
    assert human_date("2026-09-01", "en") == "1 September 2026"


def test_a_local_fact_the_page_contradicts_is_a_conflict():
    answer = Answer(text="Genbrugspladsens åbningstider: alle dage 7-19 fra april til september "
                         "og 7-17 fra oktober til marts.", origin="curated", status="answered",
                    topic="genbrugsplads",
                    facts=(FactUse("genbrugsplads_aabningstider",
                                   "alle dage 7-19 fra april til september og 7-17 fra oktober "
                                   "til marts", "opening_hours", "local"),))
    found = fact_sentences(hits(RECYCLE), "hvornår har genbrugspladsen åbent om vinteren",
                           ("opening_hours",), IDF, topic="genbrugsplads", strict=True)
    chosen = [f for f in quote(found) if "oktober" in f.text]
    disagreements = conflicts(answer, chosen, ("opening_hours",))
    assert [(d.variable, d.page_value) for d in disagreements] == [
        ("genbrugsplads_aabningstider", "kl. 8-17")]
    same = [f for f in quote(found) if "april" in f.text]
    national = Answer(text=answer.text, origin="curated", status="answered",
                      topic="genbrugsplads", facts=(FactUse("x", "7-19", "opening_hours",
                                                            "national"),))
    assert conflicts(national, same, ("opening_hours",)) == []  # only local facts


def test_a_page_price_of_something_else_the_variable_names_contradicts_nothing():
    # the page about parking and resident permits gives the price by the hour; the curated
    # answer's price of a resident permit stays (it used to be left out for "24 kr.")
    parking = passage(4, "https://k.dk/parkering", "Parkering og beboerlicens",
                      "Prisen er 24 kr. i timen. Et gæstebevis koster 25 kr. pr. døgn.",
                      topic="parkering", heading=("Betalingszonen",))
    answer = Answer(text="Prisen for en beboerlicens: 2.500 kr. om året.", origin="curated",
                    status="answered", topic="parkering",
                    facts=(FactUse("parkering_beboerlicens_pris", "2.500 kr. om året",
                                   "amount", "local"),))
    chosen = [FactSentence(text, hits(parking)[0], 5.0) for text in
              ("Prisen er 24 kr. i timen.", "Et gæstebevis koster 25 kr. pr. døgn.")]
    assert conflicts(answer, chosen, ("amount",)) == []
    permit = FactSentence("En beboerlicens koster 3.000 kr. om året.", hits(parking)[0], 5.0)
    [disagreement] = conflicts(answer, [*chosen, permit], ("amount",))
    assert disagreement.page_value == "3.000 kr"
    assert about_the_same("parkering_beboerlicens_pris", "parkering", permit.text)
    assert not about_the_same("parkering_beboerlicens_pris", "parkering", chosen[0].text)
    # a name of only its topic and the kind tells nothing: any sentence may state it
    assert about_the_same("genbrugsplads_aabningstider", "genbrugsplads", "alle dage kl. 8-17")


def test_another_topics_page_that_does_not_name_the_topic_contradicts_nothing():
    # the driving-licence page's "hvert 15. år" replaced a health card's delivery time
    licence = passage(23, "https://k.dk/pas-og-koerekort", "Pas og kørekort",
                      "Dit kørekort skal fornys hvert 15. år. Kom i Borgerservice.",
                      topic="koerekort")
    answer = Answer(text="Dit nye sundhedskort kommer normalt 2-3 uger efter, at du har bestilt "
                         "det (kontakt Borgerservice efter 4 uger).", origin="curated",
                    status="answered", topic="sundhedskort",
                    facts=(FactUse("sundhedskort_leveringstid", "2-3 uger efter, at du har "
                                   "bestilt det (kontakt Borgerservice efter 4 uger)",
                                   "duration", "local"),))
    chosen = [FactSentence("Dit kørekort skal fornys hvert 15. år.", hits(licence)[0], 5.0)]
    assert conflicts(answer, chosen, ("duration",)) == []
    # nor does a page of the topic whose sentence shares only "du" with the curated one
    own = replace(licence, topic="sundhedskort")
    shares_du = [FactSentence("Du skal forny det hvert 15. år.", hits(own)[0], 5.0)]
    assert conflicts(answer, shares_du, ("duration",)) == []
    # a page of another topic that names this one may still contradict it
    cards = passage(24, "https://k.dk/borgerservice", "Borgerservice",
                    "Et nyt sundhedskort kommer efter 3-4 uger.", topic="kontakt")
    named = [FactSentence("Et nyt sundhedskort kommer efter 3-4 uger.", hits(cards)[0], 5.0)]
    [disagreement] = conflicts(answer, named, ("duration",))
    assert disagreement.page_value == "3-4 uger"


def test_a_size_on_the_page_contradicts_no_price():
    bulky = passage(25, "https://k.dk/storskrald", "Storskrald",
                    "Du må højst stille 2 kubikmeter ud ad gangen.", topic="storskrald")
    answer = Answer(text="Prisen for at få hentet storskrald: gratis for private husstande.",
                    origin="curated", status="answered", topic="storskrald",
                    facts=(FactUse("storskrald_pris", "gratis for private husstande", "amount",
                                   "local"),))
    size = [FactSentence("Du må højst stille 2 kubikmeter ud ad gangen.", hits(bulky)[0], 5.0)]
    assert conflicts(answer, size, ("amount",)) == []
    price = [FactSentence("Storskrald koster 150 kr. pr. afhentning.", hits(bulky)[0], 5.0)]
    [disagreement] = conflicts(answer, price, ("amount",))
    assert disagreement.page_value == "150 kr"


def test_the_page_value_reported_is_the_one_that_differs():
    answer = Answer(text="Åbningstider: alle dage 7-19 fra april til september og 7-17 fra "
                         "oktober til marts, lukket 24.-26. december og 1. januar.",
                    origin="curated", status="answered", topic="genbrugsplads",
                    facts=(FactUse("genbrugsplads_aabningstider",
                                   "alle dage 7-19 fra april til september og 7-17 fra oktober "
                                   "til marts, lukket 24.-26. december og 1. januar",
                                   "opening_hours", "local"),))
    found = fact_sentences(hits(RECYCLE), "hvornår har genbrugspladsen åbent i januar",
                           ("opening_hours",), IDF, topic="genbrugsplads", strict=True)
    chosen = [f for f in quote(found) if "kl. 7-19" in f.text or "kl. 8-17" in f.text]
    assert len(chosen) == 2
    [disagreement] = conflicts(answer, chosen, ("opening_hours",))
    assert disagreement.page_value == "kl. 8-17"


CARE = passage(4, "https://k.dk/sundhed-og-aeldre", "Sundhed og ældre",
               "Visitationen har telefontid på hverdage kl. 8-10 på 89 40 20 00.", topic=None)
ROADS = passage(5, "https://k.dk/veje", "Veje",
                "Har du spørgsmål om en vej, kan du ringe på hverdage kl. 8-15.", topic=None)
CARE_IDF = {**IDF, "visitation": 4.0, "vej": 3.0, "nytårsaftensdag": 4.5}


def test_a_follow_up_takes_a_general_page_that_echoes_the_answer_not_one_close_in_meaning():
    # "hvornår kan jeg ringe til dem": its meaning alone is close to every sentence about
    # calling; the curated answer it completes names "visitationen"
    meaning = [FactHit(ROADS, ROADS.text, ("opening_hours",), 0.90),
               FactHit(CARE, CARE.text, ("opening_hours",), 0.87)]
    said = "Du søger madservice hos visitationen."
    found = fact_sentences([], "hvornår kan jeg ringe til dem", ("opening_hours",), CARE_IDF,
                           earlier="jeg vil søge om mad til min far", topic="madservice",
                           strict=True, meaning=meaning, said=said)
    assert [f.text for f in found] == [CARE.text]
    # without the answer's words, the follow-up ties no general page
    assert fact_sentences([], "hvornår kan jeg ringe til dem", ("opening_hours",), CARE_IDF,
                          earlier="jeg vil søge om mad til min far", topic="madservice",
                          strict=True, meaning=meaning, said="Du søger madservice.") == []


def test_a_question_word_ties_the_compound_that_begins_with_it():
    hours = passage(6, "https://k.dk/genbrugspladser", "Genbrugspladser",
                    "Alle dage kl. 7-19. Nytårsaftensdag: kl. 8-12.", topic="genbrugsplads")
    found = fact_sentences(hits(hours), "og nytårsaften?", ("opening_hours",), CARE_IDF,
                           topic="genbrugsplads", strict=True)
    assert found[0].text == "Nytårsaftensdag: kl. 8-12."


def _refine(answer, text):
    from muni.answering.page_facts import PageFacts
    from muni.answering.state import TurnState
    from muni.domain import Question, Tenant

    prices = passage(7, "https://k.dk/pasning", "Pasning", "Børnehave: 2.250 kr. om måneden.",
                     topic="pladsanvisning")
    refiner = PageFacts(lambda q, t, sem, topic: hits(prices), lambda q: "Kommunen",
                        lambda q: {"børnehav": 4.0})
    tenant = Tenant(1, "k", "Kommunen", "000")
    state = TurnState(asks=("amount",), own_asks=("amount",), search_text=text)
    return refiner(Question(tenant, text), answer, state)


def test_a_local_price_beside_a_national_rule_lets_the_page_lead():
    # English curated text: no shared words tell that the page's price is about the same thing
    text = ("Kindergarten: DKK 3,031 a month (2025 rates). You pay no more than 25 percent of "
            "what the place costs.")
    national = FactUse("foraeldrebetaling_max", "no more than 25 percent", "amount", "national")
    local = FactUse("pladsanvisning_priser", "DKK 3,031 a month", "amount", "local")
    both = Answer(text, "curated", "answered", topic="pladsanvisning", facts=(national, local),
                  language="en")
    refined = _refine(both, "how much is it per month?")
    assert "2.250 kr." in refined.text
    assert refined.text.index("2.250 kr.") < refined.text.index("25 percent")
    # a national fact alone (set by law) stays first when the page is no closer
    only_national = Answer("You pay no more than 25 percent of what the place costs.",
                           "curated", "answered", topic="pladsanvisning", facts=(national,),
                           language="en")
    assert _refine(only_national, "how much is it per month?").text == only_national.text


def test_another_topics_page_completes_an_answer_only_when_it_shares_rare_words():
    closing = passage(8, "https://k.dk/lukkedage", "Lukkedage",
                      "Tilmeld dit barn til nødpasning senest 4 uger før lukkedagen.", topic="sfo")
    idf = {**IDF, "nødpasning": 6.0, "tilmeld": 2.0}
    found = fact_sentences(hits(closing), "hvor tidligt skal jeg tilmelde ham nødpasning",
                           ("duration",), idf, topic="pladsanvisning", strict=True)
    assert [f.hit.passage.id for f in found] == [8]
    # an English question's words do not tie a Danish page strongly enough
    assert fact_sentences(hits(closing), "how early must I sign up for nødpasning",
                          ("duration",), idf, topic="pladsanvisning", strict=True,
                          foreign=True) == []
    # nor does a question without the rare word
    assert fact_sentences(hits(closing), "hvor tidligt skal jeg tilmelde ham",
                          ("duration",), idf, topic="pladsanvisning", strict=True) == []


def test_a_new_question_on_the_conversations_topic_reads_the_earlier_question_too():
    from muni.answering.state import TurnState
    from muni.domain import ConversationContext, Question, Tenant

    bins = passage(9, "https://k.dk/toemning", "Tømning",
                   "Rammer tømningsdagen en fridag, flytter vi tømningen. "
                   "Stil beholderen ud senest kl. 6 på den nye dag.", topic="affald")
    party = passage(10, "https://k.dk/festuge", "Festugen",
                    "Kommunen gør rent i midtbyen hver morgen inden kl. 7.", topic="affald")
    idf = {**IDF, "tømningsdag": 5.0, "fridag": 4.0, "midtby": 4.0}
    context = ConversationContext(topic="affald", question="tømningsdagen er en fridag")
    question = Question(Tenant(1, "k", "K", "000"), "hvor tidligt skal spanden stå ude",
                        context=context)
    state = TurnState(asks=("opening_hours",), own_asks=("opening_hours",))
    found = sentences_for_turn(hits(party, bins), question, state, idf, topic="affald",
                               strict=True)
    assert found[0].text == "Stil beholderen ud senest kl. 6 på den nye dag."


def test_an_earlier_questions_word_ties_the_compound_that_begins_with_it():
    noise = passage(11, "https://k.dk/stoej", "Støj fra byggeri",
                    "Mandag-fredag kl. 7-18.", topic="byggetilladelse")
    phone = passage(12, "https://k.dk/byg", "Byg og bolig",
                    "Byggesagsafdelingen har åbent kl. 9-12.", topic="byggetilladelse")
    idf = {**IDF, "byggesagsafdeling": 5.0, "byggesag": 5.0}
    found = fact_sentences(hits(noise, phone), "hvornår kan man komme", ("opening_hours",), idf,
                           earlier="kan jeg tale med en fra byggesag", topic="byggetilladelse",
                           strict=True)
    assert found[0].text == "Byggesagsafdelingen har åbent kl. 9-12."


def test_a_conversation_on_its_topic_ignores_a_general_page_tied_only_by_the_new_words():
    from muni.answering.state import TurnState
    from muni.domain import ConversationContext, Question, Tenant

    shelters = passage(13, "https://k.dk/shelters", "Shelters",
                       "Du kan booke op til 3 måneder frem.", topic=None)
    booking = passage(14, "https://k.dk/bestil-tid", "Bestil tid i Borgerservice",
                      "Du kan bestille tid op til 8 uger frem.", topic="tidsbestilling")
    idf = {**IDF, "book": 6.0, "bestil": 3.0, "borgerservic": 3.0, "frem": 2.0}
    tenant = Tenant(1, "k", "K", "000")
    state = TurnState(asks=("duration",), own_asks=("duration",))
    context = ConversationContext(topic="tidsbestilling",
                                  question="skal man bestille tid i borgerservice")
    in_conversation = Question(tenant, "hvor langt frem kan jeg booke", context=context)
    found = sentences_for_turn(hits(shelters, booking), in_conversation, state, idf,
                               topic="tidsbestilling", strict=True)
    assert found[0].text == "Du kan bestille tid op til 8 uger frem."
    # asked on its own, the rare word may well point to the general page
    alone = Question(tenant, "hvor langt frem kan jeg booke")
    first = sentences_for_turn(hits(shelters, booking), alone, state, idf,
                               topic="tidsbestilling", strict=True)
    assert "Du kan booke op til 3 måneder frem." in [f.text for f in first]


def test_a_short_shared_word_does_not_bring_another_topics_page():
    halls = passage(15, "https://k.dk/haller", "Lokaler og haller",
                    "Mister du et kort, koster et nyt 100 kr.", topic="foreninger")
    idf = {"nyt": 6.0, "l:ny": 6.0}
    found = fact_sentences(hits(halls), "hvad koster et nyt pas", ("amount",), idf,
                           topic="pas", strict=True)
    assert found == []


BATHING = passage(20, "https://k.dk/badevand", "Badevand og strande",
                  "Vent 2 døgn med at bade efter kraftig regn, også selvom skiltet stadig er "
                  "grønt. Der er gratis parkering ved alle strandene.", topic=None)
WASTE = passage(21, "https://k.dk/farligt-affald", "Farligt affald og den røde boks",
                "Sparepærer og lysstofrør, der er kortere end 60 cm.", topic="affald")


def test_meaning_alone_does_not_put_another_page_before_a_curated_answer():
    # "hvor lang barsel har far": the closest fact sentences in meaning are about lengths
    meaning = [FactHit(WASTE, WASTE.text, ("duration",), 0.86),
               FactHit(BATHING, BATHING.text.split(". ")[0] + ".", ("duration",), 0.85)]
    idf = {**IDF, "barsel": 4.5, "far": 3.0, "sparepær": 5.0, "bad": 4.0}
    assert fact_sentences([], "hvor lang barsel har far", ("duration",), idf,
                          topic="barsel", strict=True, meaning=meaning) == []
    # nor, answering from the pages when no curated answer fits, for a Danish question that
    # shares no word with them; an English question meets the pages only in meaning
    assert fact_sentences([], "hvor lang barsel har far", ("duration",), idf,
                          meaning=meaning) == []
    assert fact_sentences([], "how long is paternity leave", ("duration",), idf,
                          meaning=meaning, foreign=True)


def test_a_filler_word_ties_no_page_to_a_question():
    idf = {**IDF, "stad": 5.0, "kontanthjælp": 4.5, "kontøn": 4.0, "regn": 4.0}
    found = fact_sentences(hits(BATHING), "hvor mange penge må man have på kontoen og "
                           "stadig få kontanthjælp", ("duration", "amount"), idf,
                           topic="kontanthjaelp", strict=True)
    assert found == []


RENOVATION = passage(22, "https://k.dk/energirenovering", "Tilskud til energirenovering",
                     "Du bestiller tid via selvbetjeningen, og der er normalt 3-4 ugers "
                     "ventetid.", topic=None)


def test_units_of_time_and_hedges_tie_no_page_to_a_follow_up():
    # "hvor lang tid går der før jeg får det nye" after a lost health card: the curated answer
    # says "kommer normalt ca. 2-3 uger efter"; the renovation page shares only "normalt" and
    # "uger" with it, which every duration states
    from muni.answering.state import TurnState
    from muni.domain import ConversationContext, Question, Tenant

    idf = {**IDF, "normalt": 5.0, "l:normal": 5.0, "uger": 4.0, "l:uge": 4.0, "ventetid": 5.0,
           "selvbetjening": 4.0, "sundhedskort": 5.0, "energirenovering": 5.0}
    tenant = Tenant(1, "k", "K", "000")
    state = TurnState(asks=("duration",), own_asks=("duration",), follow_up=True)
    context = ConversationContext(topic="sundhedskort",
                                  question="jeg har mistet mit sundhedskort i bussen")
    follow_up = Question(tenant, "hvor lang tid går der før jeg får det nye", context=context)
    said = "Dit nye sundhedskort kommer normalt ca. 2-3 uger efter, at du har bestilt det."
    meaning = [FactHit(RENOVATION, RENOVATION.text, ("duration",), 0.86)]
    assert sentences_for_turn([], follow_up, state, idf, meaning=meaning, topic="sundhedskort",
                              strict=True, said=said) == []
    # nor does the word for the kind of fact ("ventetid"); a word that names the subject does
    waiting = Question(tenant, "hvor lang ventetid er der", context=context)
    assert sentences_for_turn([], waiting, state, idf, meaning=meaning, topic="sundhedskort",
                              strict=True, said=said) == []
    waiting = Question(tenant, "hvor lang ventetid er der på energirenovering", context=context)
    assert sentences_for_turn([], waiting, state, idf, meaning=meaning, topic="sundhedskort",
                              strict=True, said=said)


def test_per_month_ties_no_other_topics_price_to_a_question():
    daycare = passage(23, "https://k.dk/pasning", "Vuggestue, børnehave og dagpleje",
                      "Vuggestue: 3.950 kr. Børnehave: 2.250 kr.", topic="pladsanvisning",
                      heading=("Priser om måneden",))
    meaning = [FactHit(daycare, daycare.text, ("amount",), 0.86)]
    idf = {**IDF, "måned": 4.0, "madservic": 5.0}
    found = fact_sentences([], "hvad koster det om måneden", ("amount",), idf,
                           earlier="kan min mor få madservice", topic="madservice",
                           strict=True, meaning=meaning)
    assert found == []


def test_a_follow_up_stays_on_the_page_it_is_reading():
    # two pages on the conversation's topic state a time for Fridays, about equally tied to
    # the question: the festival page by the message, the parking hours by the earlier
    # question's "midtbyen"; the page the conversation is reading decides
    from muni.answering.state import TurnState
    from muni.domain import ConversationContext, Question, Tenant

    festival = passage(24, "https://k.dk/festugen", "Festugen", "Udendørs scener spiller til "
                       "kl. 24 fredag og lørdag.", topic="parkering")
    parking = passage(25, "https://k.dk/parkering", "Parkering i midtbyen", "Du betaler "
                      "mandag-fredag kl. 9-19 i midtbyen.", topic="parkering")
    idf = {**IDF, "fredag": 3.0, "spil": 4.0, "midtby": 3.7, "parkering": 4.0, "bil": 3.0}
    tenant = Tenant(1, "k", "K", "000")
    state = TurnState(asks=("opening_hours",), own_asks=("opening_hours",), follow_up=True)
    reading = ConversationContext(topic="parkering", question="er der lukket for biler i "
                                  "midtbyen", page_url="https://k.dk/festugen")

    def best(context):
        question = Question(tenant, "hvor længe spiller de om fredagen", context=context)
        found = sentences_for_turn(hits(parking, festival), question, state, idf,
                                   topic="parkering", strict=True)
        return found[0].text

    assert best(reading).startswith("Udendørs scener")
    assert best(replace(reading, page_url=None)).startswith("Du betaler")
    assert best(replace(reading, page_url="https://k.dk/parkering")).startswith("Du betaler")


def test_only_the_pages_best_sentence_decides_whether_it_answers_more_closely():
    # "kan min søn på 2 år få pas uden sin far": the best page sentence is an age rule; the
    # price list quoted beside it names "pas" but does not make the page closer than the
    # curated rule on consent
    from muni.answering.fact_sentences import FactSentence
    from muni.answering.page_facts import PageFacts

    rules = passage(26, "https://k.dk/pas", "Pas", "Børn under 18 år skal møde op. Et pas "
                    "koster 893 kr.", topic="pas")
    best = FactSentence("Børn under 18 år skal møde op.", hits(rules)[0], 12.0)
    curated = "Alle med forældremyndighed skal give samtykke, indtil barnet fylder 18 år."
    question = "kan min søn på 2 år få pas uden at hans far er med"
    assert not PageFacts._page_is_closer(question, curated, best, ("age",), True)
    price = FactSentence("Et pas koster 893 kr.", hits(rules)[0], 10.0)
    assert PageFacts._page_is_closer(question, curated, price, ("age",), True)


def test_a_line_for_journalists_is_no_answer_for_a_citizen():
    contact = passage(9, "https://k.dk/kontakt", "Kontakt kommunen",
                      "Journalister kan kontakte pressefunktionen på 89 40 20 00. "
                      "Ring til omstillingen på 89 40 20 00.", topic="kontakt")
    found = fact_sentences(hits(contact), "hvad er telefonnummeret", ("phone",), IDF)
    assert [f.text for f in found] == ["Ring til omstillingen på 89 40 20 00."]
    asked = fact_sentences(hits(contact), "jeg er journalist, hvad er jeres nummer",
                           ("phone",), IDF)
    assert any("Journalister" in f.text for f in asked)


def _contact_follow_up(page_text, topic="affald"):
    from muni.answering.page_facts import PageFacts
    from muni.answering.state import TurnState
    from muni.domain import ConversationContext, Question, Tenant

    page = passage(10, "https://k.dk/affald", "Affald", page_text, topic=topic)
    general = passage(11, "https://k.dk/beredskab", "Beredskab",
                      "Har du brug for at tale med beredskabet, så ring på 89 40 20 00.")
    refiner = PageFacts(lambda q, t, sem, tp: hits(page, general), lambda q: "Kommunen",
                        lambda q: {})
    tenant = Tenant(1, "k", "Kommunen", "000")
    text = "hvem skal jeg kontakte"
    state = TurnState(asks=("phone",), own_asks=("phone",), follow_up=True, search_text=text,
                      topic_pages_only=True)
    answer = Answer("Har du spørgsmål om affald, kan du ringe til Kommunen på 89 40 20 00.",
                    "curated", "answered", topic="affald")
    context = ConversationContext(topic="affald", question="skraldespanden blev ikke tømt")
    return answer, refiner(Question(tenant, text, context=context), answer, state)


def test_whom_to_call_is_quoted_only_from_the_topics_page_saying_whom_to_call():
    answer, refined = _contact_follow_up("Ring til affaldsteamet på 89 40 10 10.")
    assert refined.text.startswith("På Kommunen")
    assert "89 40 10 10" in refined.text and "beredskabet" not in refined.text
    # ordering something by phone, or a line for businesses, does not say whom to call
    for text in ("Bestil en rød boks på 89 40 20 00.",
                 "Har du spørgsmål om erhvervsaffald, så kontakt erhvervsservice på 89 40 20 00."):
        answer, refined = _contact_follow_up(text)
        assert refined == answer


def test_a_when_question_answered_by_a_national_age_keeps_the_curated_answer():
    # "hvornår kan jeg gå på folkepension": the law's ages answer it; a page's dates about
    # pensioners' holidays on the topic's site do not come first
    from muni.answering.page_facts import PageFacts
    from muni.answering.state import TurnState
    from muni.domain import Question, Tenant

    holidays = passage(8, "https://k.dk/ferie", "Ferie for pensionister",
                       "Tilmeld dig sommerferien for pensionister senest 15. marts.",
                       topic="folkepension")
    refiner = PageFacts(lambda q, t, sem, topic: hits(holidays), lambda q: "Kommunen",
                        lambda q: {"pensionist": 4.0, "folkepension": 4.0})
    age = FactUse("folkepension_alder", "67 år", "age", "national")
    text = "Din folkepensionsalder er 67 år, hvis du er født fra 1. juli 1955 til 1962."
    curated = Answer(text, "curated", "answered", topic="folkepension", facts=(age,))
    question = Question(Tenant(1, "k", "Kommunen", "000"), "hvornår kan jeg gå på folkepension")
    state = TurnState(asks=("date",), own_asks=("date",), search_text=question.text)
    assert refiner(question, curated, state).text == text
    # a local value of that kind does not: the page leads as before
    local = replace(curated, facts=(FactUse("x", "67 år", "age", "local"),))
    assert refiner(question, local, state).text.startswith("På Kommunens hjemmeside")


def test_days_said_from_today_tie_no_sentence():
    # "i morgen" is tomorrow: it does not tie "Kommunen gør rent i midtbyen hver morgen"
    question = relevant_stems("hvad er åbningstiderne på borgerservice i morgen")
    assert not question & relevant_stems("Kommunen gør rent i midtbyen hver morgen inden kl. 7.")
    assert "borgerservic" in question
    assert not relevant_stems("is the library open tomorrow") & relevant_stems(
        "Tomorrow's market is cancelled.")


def test_a_national_value_in_words_no_pattern_reads_still_answers_the_question():
    # "hvornår bliver kontanthjælpen udbetalt": the curated answer declares the national rule
    # "bagud, én gang om måneden" as the date; the job centre page's "samme dag" about applying
    # does not come first
    from muni.answering.page_facts import PageFacts
    from muni.answering.state import TurnState
    from muni.domain import Question, Tenant

    jobcentre = passage(9, "https://k.dk/jobcenter", "Jobcentret",
                        "Søg om kontanthjælp hos kommunen samme dag, som du tilmelder dig.",
                        topic="kontanthjaelp")
    refiner = PageFacts(lambda q, t, sem, topic: hits(jobcentre), lambda q: "Kommunen",
                        lambda q: {"kontanthjælp": 4.0, "udbetal": 4.0})
    paid = FactUse("kontanthjaelp_udbetaling", "bagud, én gang om måneden", "date", "national")
    text = "Kontanthjælp bliver udbetalt bagud, én gang om måneden."
    curated = Answer(text, "curated", "answered", topic="kontanthjaelp", facts=(paid,))
    question = Question(Tenant(1, "k", "Kommunen", "000"),
                        "hvornår bliver kontanthjælpen udbetalt")
    state = TurnState(asks=("date",), own_asks=("date",), search_text=question.text)
    assert refiner(question, curated, state).text == text
    # undeclared, the same words state no date: the page's sentence leads
    undeclared = replace(curated, facts=())
    assert refiner(question, undeclared, state).text.startswith("På Kommunens hjemmeside")


def test_a_curated_answer_about_something_else_gives_way_to_the_page_that_names_it():
    # "hvor får man gratis hundeposer" was read as free parking; the dog-walking page names
    # the bags, the parking answer does not: the quote alone answers
    from muni.answering.page_facts import PageFacts
    from muni.answering.state import TurnState
    from muni.domain import Question, Tenant

    dogs = passage(10, "https://k.dk/hundeskove", "Hundeskove og hundeposer",
                   "Der er gratis hundeposer i automater ved hundeskovene.", topic=None)
    idf = {**IDF, "hundepos": 6.0, "hundeskov": 6.0, "automat": 5.0, "gratis": 1.9}
    refiner = PageFacts(lambda q, t, sem, topic: hits(dogs), lambda q: "Kommunen",
                        lambda q: idf)
    parking = Answer("Uden for midtbyen er parkering gratis med p-skive.", "curated",
                     "answered", topic="parkering")
    question = Question(Tenant(1, "k", "Kommunen", "000"),
                        "hvor får man gratis hundeposer? automaten ved vores park er altid tom")
    state = TurnState(asks=("amount",), own_asks=("amount",), search_text=question.text)
    refined = refiner(question, parking, state)
    assert "hundeposer i automater" in refined.text and "parkering" not in refined.text
    # a curated answer that names what was asked keeps its place after the quote
    bags = replace(parking, text="Hundeposer får du gratis i automaterne, se kortet.")
    assert "automaterne, se kortet" in refiner(question, bags, state).text


def test_a_compound_of_two_of_the_questions_words_ties_the_sentence():
    from muni.answering.word_ties import overlap

    # "vandprøver" is "vand" + "prøver", "gæstebevis" "gæste" + "bevis"
    assert overlap("hvornår tager i prøver af vandet", "Vi tager vandprøver fra 1. juni.") == 1
    assert overlap("hvad koster et gæste bevis", "Et gæstebevis koster 25 kr.") == 1
    # one word of the question is not enough: "vandrør" is no "vand" + "prøver"
    assert overlap("hvornår tager i prøver af vandet", "Et vandrør sprang i går.") == 0
    assert overlap("hvad koster det", "Et gæstebevis koster 25 kr.") == 0


def test_a_follow_up_without_a_fact_gets_the_part_of_the_page_with_its_own_words():
    from muni.answering.search import best_sentences, closest_on_page

    url, title = "https://k.dk/badevand", "Badevand og strande"
    water = passage(7, url, title, "Grøn: Vandet er godt. Gul: Vandet er mindre godt. "
                    "Er vandet grønt og uklart, kan der være blågrønalger.", heading=("Skilte",))
    guards = passage(8, url, title, "Nordstranden har livreddere i juli. Der er toiletter.",
                     heading=("Livreddere og faciliteter",))
    found = hits(water, guards)
    assert closest_on_page(found, "er der livreddere") == guards
    assert closest_on_page(found, "") == water  # not a follow-up: the best passage
    earlier = "er vandet rent nok til at bade i er der livreddere"
    text = "Vandet er rent nok til at bade i. Der er livreddere i juli."
    assert "livreddere" in best_sentences(text, earlier, limit=1, own="er der livreddere")
    assert "livreddere" not in best_sentences(text, earlier, limit=1)


def _refine_with(page, answer, text, asks, idf, follow_up=False, on_page=None, thread=True):
    from muni.answering.page_facts import PageFacts
    from muni.answering.state import TurnState
    from muni.domain import ConversationContext, Question, Tenant

    refiner = PageFacts(lambda q, t, sem, topic: hits(page), lambda q: "Kommunen",
                        lambda q: idf)
    state = TurnState(asks=asks, own_asks=asks, search_text=text, follow_up=follow_up)
    context = ConversationContext(topic=answer.topic if thread else None, page_url=on_page)
    return refiner(Question(Tenant(1, "k", "Kommunen", "000"), text, context=context), answer,
                   state)


def test_an_answer_stating_the_fact_asked_for_takes_no_quote_from_another_topics_page():
    # "hvor langt i forvejen skal vi bestille" a wedding: not the bulky-waste page's deadline
    bulky = passage(9, "https://k.dk/storskrald", "Storskrald",
                    "Bestil senest fredag kl. 12, hvis tingene skal hentes i den kommende uge.",
                    topic="affald", heading=("Sådan bestiller du",))
    idf = {"bestil": 4.0, "gift": 4.0, "rådhus": 3.0, "sommer": 3.0}
    question = "vi vil gerne giftes på rådhuset til sommer, hvor langt i forvejen skal vi bestille"
    when = FactUse("vielse_frist", "4 måneder", "duration", "local")
    answer = Answer("Bestil vielsen på rådhuset tidligst 4 måneder før, og senest 6 uger før.",
                    "curated", "answered", topic="vielse", facts=(when,))
    assert _refine_with(bulky, answer, question, ("duration",), idf) == answer
    # the page is quoted when it is the topic's own, when its title names what was asked,
    # and in a follow-up on the page the conversation is on, where the conversation ties it
    for page, follow_up, on_page in ((replace(bulky, topic="vielse"), False, None),
                                     (replace(bulky, title="Bestil storskrald"), False, None),
                                     (bulky, True, bulky.url)):
        quoted = _refine_with(page, answer, question, ("duration",), idf, follow_up, on_page)
        assert quoted.text.startswith("På Kommunen") and "fredag kl. 12" in quoted.text
        assert quoted.text.endswith(answer.text)
    # a follow-up elsewhere is no tie: "hvor lang tid før kortet kommer" after a health
    # card's price got the driving licence's renewal
    assert _refine_with(bulky, answer, question, ("duration",), idf, True) == answer


def test_a_question_naming_the_curated_fact_takes_no_quote_of_another_value():
    # "hvad er indkomstgrænsen for gratis plads": the nursery's prices are amounts too, but
    # not the income limit the answer states
    prices = passage(10, "https://k.dk/pasning", "Vuggestue, børnehave og dagpleje",
                     "Vuggestue: 3.950 kr. Børnehave: 2.250 kr.", topic="friplads")
    idf = {"indkomstgræns": 5.0, "vuggestu": 4.0, "gratis": 2.0, "plad": 2.0}
    question = "hvad er indkomstgrænsen for gratis plads i vuggestuen"
    limit = FactUse("friplads_indkomstgraense", "677.500 kr. om året", "amount", "local")
    answer = Answer("Du kan få økonomisk friplads, hvis husstandens indkomst er under "
                    "677.500 kr. om året.", "curated", "answered", topic="friplads",
                    facts=(limit,))
    assert _refine_with(prices, answer, question, ("amount",), idf) == answer
    # a page that names the limit is quoted first (the tenant's page is the authority) ...
    named = replace(prices, text="Indkomstgrænsen for økonomisk friplads er 677.500 kr.")
    quoted = _refine_with(named, answer, question, ("amount",), idf)
    assert quoted.text.startswith("På Kommunen") and quoted.text.endswith(answer.text)
    # ... or states its value in other words
    same_value = replace(prices, text="Tjener husstanden under 677.500 kr. om året, kan I få "
                         "økonomisk friplads.")
    quoted = _refine_with(same_value, answer, question, ("amount",), idf)
    assert quoted.text.startswith("På Kommunen") and "677.500" in quoted.text.split("\n")[0]
    # ... and so is the price list when the question does not name the curated fact
    asked_price = _refine_with(prices, answer, "hvad koster vuggestuen", ("amount",), idf)
    assert "3.950 kr." in asked_price.text


def test_asking_whom_to_contact_ties_no_contact_page_to_the_question():
    question = "hvem skal man kontakte hvis ens barn bliver sygt om aftenen"
    assert not relevant_stems(question) & relevant_stems("Kontakt kommunen")
    assert "barn" in relevant_stems(question)
    contact = passage(30, "https://k.dk/kontakt", "Kontakt kommunen",
                      "Hjemmeplejens nattevagt kan kontaktes via 89 40 20 00 hele døgnet.",
                      topic="kontakt")
    assert fact_sentences(hits(contact), question, ("phone",), {"barn": 3.0, "aften": 3.0},
                          topic="sundhedspleje", strict=True) == []


def test_the_municipalitys_own_name_ties_no_page_to_the_question():
    # on a small site "Aarhus" is rare, and it tied Borgerservice's street address to a
    # question about where to hand in a car battery "i aarhus"
    from muni.answering.state import TurnState
    from muni.domain import Question, Tenant

    citizen_service = passage(21, "https://k.dk/borger", "Borger",
                              "Kan du ikke bruge MitID, får du hjælp i Borgerservice på Dokk1, "
                              "Hack Kampmanns Plads 2, 8000 Aarhus C.")
    recycling = passage(22, "https://k.dk/genbrugspladser", "Genbrugspladser",
                        "Genbrugsplads Nord, Møllevej 14.", topic="genbrugsplads")
    idf = {**IDF, "århus": 5.0, "bilbatteri": 6.0, "aflev": 2.0}
    tenant = Tenant(1, "aarhus", "Aarhus Kommune", "0751")
    question = Question(tenant, "hvor kan jeg aflevere et gammelt bilbatteri i aarhus")
    state = TurnState(asks=("address",), own_asks=("address",))
    found = sentences_for_turn(hits(citizen_service, recycling), question, state, idf,
                               topic="genbrugsplads", strict=True)
    assert [f.text for f in found] == ["Genbrugsplads Nord, Møllevej 14."]


def test_the_topics_own_word_alone_ties_no_page_sentence_to_a_curated_fact():
    # "hjælpemidlet bliver leveret inden for 5 arbejdsdage" removed the time for deciding an
    # application for aids ("ca. 4-8 uger"): the two shared only the topic's word
    aids = passage(26, "https://k.dk/hjaelpemidler", "Hjælpemidler",
                   "Får du bevilget hjælpemidlet, bliver det leveret inden for 5 arbejdsdage.",
                   topic="hjaelpemidler")
    fact = FactUse("hjaelpemidler_sagsbehandlingstid", "ca. 4-8 uger afhængigt af hjælpemidlet",
                   "duration", "local")
    answer = Answer(text="Kommunens frist for at behandle en ansøgning om hjælpemidler: ca. 4-8 "
                         "uger afhængigt af hjælpemidlet.", origin="curated", status="answered",
                    topic="hjaelpemidler", facts=(fact,))
    delivery = [FactSentence(aids.text, hits(aids)[0], 5.0)]
    assert conflicts(answer, delivery, ("duration",)) == []
    # a sentence about deciding the application does contradict it
    deciding = [FactSentence("Vi behandler din ansøgning om hjælpemidler inden for 3 uger.",
                             hits(aids)[0], 5.0)]
    [disagreement] = conflicts(answer, deciding, ("duration",))
    assert disagreement.page_value == "3 uger"
    # an English answer shares no word with a Danish page: the event the variable names
    # (sagsbehandlingstid: deciding) ties the sentence about deciding, not the delivery
    english = replace(answer, language="en", text="The municipality's time limit for handling "
                      "an application for aids: ca. 4-8 uger afhængigt af hjælpemidlet.")
    assert conflicts(english, delivery, ("duration",)) == []
    [disagreement] = conflicts(english, deciding, ("duration",))
    assert disagreement.page_value == "3 uger"
    # a repair is an event too, and not the deciding
    repair = [FactSentence("Punktering på kørestol eller el-scooter bliver klaret inden for 2 "
                           "arbejdsdage.", hits(aids)[0], 5.0)]
    assert conflicts(english, repair, ("duration",)) == []
    # a page sentence that names no event ("Sagsbehandlingstiden": a compound without a
    # stem of its own) is tied by the topic
    plain = [FactSentence("Sagsbehandlingstiden for hjælpemidler er 8 uger.", hits(aids)[0],
                          5.0)]
    [disagreement] = conflicts(english, plain, ("duration",))
    assert disagreement.page_value == "8 uger"
    # a duration whose name says no event is tied by the topic, as before
    deadline = replace(english, facts=(replace(fact, variable="hjaelpemidler_frist"),))
    [disagreement] = conflicts(deadline, delivery, ("duration",))
    assert disagreement.page_value == "5 arbejdsdage"


def test_a_curated_phone_the_page_contradicts_goes_even_when_the_hours_asked_for_are_missing():
    # "hvornår har visitationen telefontid" asks for hours and a phone; the curated answer
    # states only a phone, and the page another one: the two numbers must not stand together
    page = passage(31, "https://k.dk/hjemmehjaelp", "Hjemmehjælp",
                   "Visitationen har telefontid hverdage kl. 8-10 på 89 40 20 00.",
                   topic="hjemmehjaelp", heading=("Kontakt",))
    phone = FactUse("hjemmehjaelp_telefon", "70 11 22 33", "phone", "local")
    answer = Answer("Søg hjemmehjælp hos visitationen. Ring på 70 11 22 33.", "curated",
                    "answered", topic="hjemmehjaelp", facts=(phone,))
    idf = {"visitation": 4.0, "telefontid": 5.0}
    refined = _refine_with(page, answer, "hvornår har visitationen telefontid",
                           ("opening_hours", "phone"), idf)
    assert refined.text.startswith("På Kommunen") and "89 40 20 00" in refined.text
    assert "70 11 22 33" not in refined.text
    assert [(c.variable, c.page_value) for c in refined.conflicts] == [
        ("hjemmehjaelp_telefon", "89 40 20 00")]
    # the answer states every kind asked for: the page's hours and number agree, it is quoted
    # only because it is the topic's own page, and nothing is taken out
    agreeing = replace(answer, text="Ring til visitationen hverdage kl. 8-10 på 89 40 20 00.",
                       facts=(replace(phone, value="89 40 20 00"),))
    kept = _refine_with(page, agreeing, "hvornår har visitationen telefontid",
                        ("opening_hours", "phone"), idf)
    assert kept.conflicts == () and kept.text.startswith("På Kommunen")
    # and the curated sentence, which says just what the quote says, is not said twice
    assert kept.text.count("89 40 20 00") == 1


def test_a_follow_up_on_its_topic_keeps_its_curated_fact_against_a_page_close_in_words():
    # "hvor tit kommer de saa og gør rent" after home help: the general page's "Kommunen gør
    # rent på torve og i parker 1. og 2. januar" shares more words than "hver 14. dag"
    streets = passage(32, "https://k.dk/nytaar", "Nytår",
                      "Kommunen gør rent på torve og i parker 1. og 2. januar.",
                      heading=("Oprydning",))
    often = FactUse("hjemmehjaelp_rengoering_interval", "hver 14. dag", "date", "local")
    answer = Answer("Du får som regel hjælp til rengøring hver 14. dag.", "curated",
                    "answered", topic="hjemmehjaelp", facts=(often,))
    idf = {"rent": 3.0, "gør": 1.0, "kommer": 1.0}
    question = "hvor tit kommer de saa og gør rent"
    assert _refine_with(streets, answer, question, ("date",), idf, follow_up=True) == answer
    # the same words opening a conversation: the page's sentence is closer in words
    quoted = _refine_with(streets, answer, question, ("date",), idf, thread=False)
    assert quoted.text.startswith("På Kommunen") and "1. og 2. januar" in quoted.text


def test_a_sentence_that_points_back_is_quoted_with_the_sentence_before_it():
    keys = passage(33, "https://k.dk/hjemmehjaelp", "Hjemmehjælp",
                   "Hjemmehjælpen er gratis, når den er bevilget. Kan du ikke selv åbne døren, "
                   "kan du få en nøgleboks. Den er gratis. Det koster intet at skifte "
                   "leverandør.", topic="hjemmehjaelp")
    hit = hits(keys)[0]
    found = [FactSentence("Hjemmehjælpen er gratis, når den er bevilget.", hit, 5.0),
             FactSentence("Den er gratis.", hit, 4.0)]
    assert [f.text for f in quote(found)] == [
        "Hjemmehjælpen er gratis, når den er bevilget.",
        "Kan du ikke selv åbne døren, kan du få en nøgleboks.", "Den er gratis."]
    # "Det" mostly points forward, and a sentence already quoted is not repeated
    forward = [FactSentence("Det koster intet at skifte leverandør.", hit, 5.0)]
    assert [f.text for f in quote(forward)] == ["Det koster intet at skifte leverandør."]
    # a date or "De fleste" points nowhere
    dated = passage(34, "https://k.dk/takster", "Takster",
                    "Taksterne følger satsen. Den 1. januar 2027 stiger taksten til 50 kr. "
                    "De fleste får svar inden for 2 uger.")
    for text in ("Den 1. januar 2027 stiger taksten til 50 kr.",
                 "De fleste får svar inden for 2 uger."):
        assert [f.text for f in quote([FactSentence(text, hits(dated)[0], 5.0)])] == [text]
    both = [FactSentence("Den er gratis.", hit, 5.0),
            FactSentence("Kan du ikke selv åbne døren, kan du få en nøgleboks.", hit, 4.0)]
    assert [f.text for f in quote(both)] == [
        "Kan du ikke selv åbne døren, kan du få en nøgleboks.", "Den er gratis."]


def test_a_quote_states_each_thing_asked_when_the_page_does():
    # "hvor ligger jobcentret og hvornår har de åbent": the address sentence scores highest,
    # the hours by day sit under their own heading and score too low to be runners-up
    where = passage(40, "https://k.dk/jobcenter", "Jobcentret",
                    "Jobcentret ligger på Jernbanegade 12. Du kan komme uden aftale.",
                    topic="jobcenter", heading=())
    hours = passage(41, "https://k.dk/jobcenter", "Jobcentret",
                    "- Mandag-onsdag kl. 9-15.\n- Fredag kl. 9-12.", topic="jobcenter",
                    heading=("Åbningstider",))
    other = passage(42, "https://k.dk/unge", "Unge", "Ungehuset har åbent kl. 10-15.",
                    topic="kontanthjaelp", heading=())
    address = FactSentence("Jobcentret ligger på Jernbanegade 12.", hits(where)[0], 19.0)
    monday = FactSentence("Mandag-onsdag kl. 9-15.", hits(hours)[0], 9.0)
    friday = FactSentence("Fredag kl. 9-12.", hits(hours)[0], 8.5)
    elsewhere = FactSentence("Ungehuset har åbent kl. 10-15.", hits(other)[0], 9.5)
    found = [address, elsewhere, monday, friday]
    assert [f.text for f in quote(found)] == [address.text]
    asked = each_asked(("address", "opening_hours"))
    assert [f.text for f in quote(found, asked)] == [address.text, monday.text, friday.text]
    # a page that states no hours adds nothing, and another page's hours are not taken
    assert [f.text for f in quote([address, elsewhere], asked)] == [address.text]


def test_having_applied_ties_no_page_about_another_topic():
    # "hun har søgt personligt tillæg, hvor lang tid går der": "søgt" is rare on the site but
    # names no subject; the housing benefit page's "… efter, du har søgt." is no answer
    housing = passage(50, "https://k.dk/boligstoette", "Boligstøtte",
                      "Du kan tidligst få boligstøtte fra den første i måneden efter, du har "
                      "søgt.", topic="boligstoette", heading=())
    supplement = passage(51, "https://k.dk/tillaeg", "Personlige tillæg",
                         "Sagsbehandlingstiden er normalt 2-4 uger.", topic="folkepension",
                         heading=())
    idf = {"søgt": 5.0, "tillæg": 3.0, "boligstøt": 4.5, "person": 2.0}
    question = "min mor har søgt personligt tillæg, hvor lang tid går der før hun får svar"
    found = fact_sentences(hits(housing, supplement), question, ("duration",), idf,
                           topic="folkepension", strict=True)
    assert [f.text for f in found] == ["Sagsbehandlingstiden er normalt 2-4 uger."]
    # a word naming the subject still ties the other topic's page
    named = "hvornår kan man tidligst få boligstøtte når man har søgt"
    found = fact_sentences(hits(housing, supplement), named, ("duration",), idf,
                           topic="folkepension", strict=True)
    assert housing.text in [f.text for f in found]


def test_a_month_in_the_question_ties_no_other_topics_sentence():
    # "i april" is when the baby comes, not what the question is about
    garden = passage(11, "https://k.dk/haveaffald", "Haveaffald",
                     "Fra 1. april til 30. november henter vi haveaffald hver anden uge.",
                     topic="affald")
    idf = {**IDF, "april": 5.0, "haveaffald": 5.0}
    found = fact_sentences(hits(garden), "vi venter vores første i april, hvor meget barsel",
                           ("duration",), idf, topic="barsel", strict=True)
    assert found == []


def test_an_english_question_keeps_the_best_passages_line_over_a_page_found_by_meaning_alone():
    # "what does a normal adult ticket cost" (at the pool on Idrætsvej): the search's best
    # passage is the pool's price list; the activity centres' membership card, which the
    # search did not find, is closer in meaning but shares no word with the question
    meaning = [FactHit(SENIOR, "Medlemskort: 250 kr. om året.", ("amount",), 0.9)]
    found = fact_sentences(hits(SWIM), "what does a normal adult ticket cost", ("amount",),
                           IDF, meaning=meaning, foreign=True)
    assert found and all(f.hit.passage.id == SWIM.id for f in found)
    # with no line of the kind in the best passage, meaning alone still answers
    assert fact_sentences(hits(RECYCLE), "what does a membership cost", ("amount",), IDF,
                          meaning=meaning, foreign=True)[0].text.startswith("Medlemskort")
    # and a follow-up reads its conversation as before
    follow = fact_sentences(hits(SWIM), "and a card?", ("amount",), IDF, meaning=meaning,
                            foreign=True, earlier="how much is swimming")
    assert any(f.hit.passage.id == SENIOR.id for f in follow)


def test_items_under_a_heading_that_says_not_are_quoted_with_it():
    from muni.answering.page_quote import with_negative_heading

    cannot = passage(20, "https://k.dk/politik/borgerraadgiver", "Borgerrådgiveren",
                     "Ændre en afgørelse.\nBehandle sager om politiske beslutninger.",
                     heading=("Det kan borgerrådgiveren ikke",))
    assert with_negative_heading(cannot, "Behandle sager om politiske beslutninger.") == (
        "Det kan borgerrådgiveren ikke: Behandle sager om politiske beslutninger."
    )
    # a heading that says what holds, or a quote that already starts with it, is left alone
    can = replace(cannot, heading_path=("Borgerrådgiveren", "Det kan borgerrådgiveren"))
    assert with_negative_heading(can, "Hjælp til at forstå et brev.") == (
        "Hjælp til at forstå et brev."
    )
    assert with_negative_heading(cannot, "Det kan borgerrådgiveren ikke: Ændre en afgørelse.") == (
        "Det kan borgerrådgiveren ikke: Ændre en afgørelse."
    )
    title_only = replace(cannot, heading_path=("Hvad kommunen ikke gør",))
    assert with_negative_heading(title_only, "Ændre en afgørelse.") == "Ændre en afgørelse."


HEARINGS = passage(50, "https://k.dk/hoeringer", "Høringer",
                   "- Lokalplan for nyt boligområde ved Skovbrynet. Høringsfrist 9. november "
                   "2026.\n- Forslag til ny affaldsplan 2027-2032. Høringsfrist 23. november "
                   "2026.\n- Forslag til ny trafiksikkerhedsplan. Høringsfrist 4. december 2026.",
                   topic="byraad", heading=("Aktuelle høringer",))


def test_a_value_line_without_a_subject_is_read_and_quoted_with_its_label():
    """One list item split in two sentences: "Høringsfrist 9. november 2026." names its
    subject only in the sentence before it, which states no value."""
    assert label_of(HEARINGS.text, "Høringsfrist 4. december 2026.") == (
        "Forslag til ny trafiksikkerhedsplan.")
    # a count in the label ("2027-2032") does not make it a value line of its own
    assert label_of(HEARINGS.text, "Høringsfrist 23. november 2026.") == (
        "Forslag til ny affaldsplan 2027-2032.")
    # a line that names its own subject, or one after another value line, has no label
    assert label_of(SWIM.text, "Børn 3-17 år: 25 kr.") is None
    assert label_of(RECYCLE.text, "1. oktober til 31. marts: alle dage kl. 8-17.") is None
    # nor does a line labelled before its colon, one that names no word at all (its heading
    # says what it is about), or one after a sentence that opens with an article
    pool = "Undervisningsbassin på 16 meter. Velegnet til små børn. Tirsdag og torsdag kl. 16-20."
    assert label_of(pool, "Tirsdag og torsdag kl. 16-20.") is None
    assert label_of("Husk badehætte. Voksne: 45 kr.", "Voksne: 45 kr.") is None
    daycare = "En dagplejer passer op til 4 børn i sit eget hjem. Vuggestuen 0-3 år."
    assert label_of(daycare, "Vuggestuen 0-3 år.") is None
    idf = {"trafiksikkerhedsplan": 5.0, "skovbryn": 5.0, "lokalplan": 4.0, "høringsfrist": 4.0,
           "affaldsplan": 5.0}
    found = fact_sentences(hits(HEARINGS), "hvornår er fristen for den nye trafiksikkerhedsplan",
                           ("date",), idf, topic="lokalplan", strict=True)
    assert found[0].text == "Høringsfrist 4. december 2026."
    assert labelled(found[0]) == (
        "Forslag til ny trafiksikkerhedsplan. Høringsfrist 4. december 2026.")
    assert [f.text for f in quote(found[:1])] == [
        "Forslag til ny trafiksikkerhedsplan.", "Høringsfrist 4. december 2026."]


def test_an_address_in_the_heading_over_a_passage_is_quotable():
    """The pool's address stands in the heading over its lines, in no sentence."""
    pool = passage(51, "https://k.dk/svoemmehaller", "Svømmehaller",
                   "- Undervisningsbassin på 16 meter. Velegnet til små børn.\n"
                   "- Tirsdag og torsdag kl. 16-20.", heading=("Svømmehallerne",
                                                              "Bassin Nord, Skolevej 20"))
    prices = passage(52, "https://k.dk/svoemmehaller", "Svømmehaller", "- Voksne: 45 kr.",
                     heading=("Priser (demotakster 2026)",))
    assert headline(pool) == ("Bassin Nord, Skolevej 20.",)
    assert headline(prices) == ()  # a year in a heading is no address
    found = fact_sentences(hits(pool, prices), "hvor ligger bassin nord", ("address",),
                           {"bassin": 4.0, "nord": 3.0})
    assert [f.text for f in found] == ["Bassin Nord, Skolevej 20."]


def test_an_english_word_ties_a_danish_sentence_only_as_the_same_word_or_through_the_glossary():
    """"centre" and "centrene" share a stem by chance; "Skovly" is the same word in both."""
    walks = passage(53, "https://k.dk/aktivitetscentre", "Aktivitetscentre",
                    "Gåhold, der mødes ved centrene tirsdag og lørdag kl. 10.", heading=())
    parking = passage(54, "https://k.dk/parkering", "Parkering",
                      "Du betaler mandag-fredag kl. 9-19 og lørdag kl. 9-15.", heading=())
    idf = {"centr": 5.0, "parkering": 4.0, "lørdag": 2.0, "gåhold": 5.0}
    english = ("until what time do I have to pay for parking in the town centre on saturdays "
               "parkering")
    found = fact_sentences(hits(walks, parking), english, ("opening_hours",), idf,
                           foreign=True, terms="parkering")
    assert found[0].text == "Du betaler mandag-fredag kl. 9-19 og lørdag kl. 9-15."
    # the same words in Danish do tie the walks ("centrene" is the page's own word)
    danish = "hvornår mødes gåholdet ved centrene om lørdagen"
    assert fact_sentences(hits(parking, walks), danish, ("opening_hours",), idf)[0].text == (
        "Gåhold, der mødes ved centrene tirsdag og lørdag kl. 10.")
    skovly = passage(55, "https://k.dk/aktivitetscentre", "Aktivitetscentre",
                     "Aktivitetscenter Skovly, Skovvej 25: varmtvandsbassin.", heading=())
    found = fact_sentences(hits(parking, skovly), "what is the address of Skovly",
                           ("address",), {"skovly": 5.0}, foreign=True)
    assert found[0].text == "Aktivitetscenter Skovly, Skovvej 25: varmtvandsbassin."


PARKING = passage(40, "https://k.dk/parkering", "Parkering og beboerlicens",
                  "Får du besøg, kan du købe et gæstebevis til 25 kr. pr. døgn. Du kan højst "
                  "købe 30 gæstedøgn om året. Søn- og helligdage er gratis.", topic=None)
SHELTERS = passage(41, "https://k.dk/shelters", "Shelters", "Du kan højst booke 2 nætter i træk "
                   "pr. shelter.", topic=None)
PARKING_IDF = {**IDF, "gæstebevis": 5.0, "gæstedøgn": 5.0, "nætt": 4.0, "søndag": 3.0}


def test_a_question_for_the_most_allowed_gets_the_best_pages_limit_whatever_it_counts():
    # "er der et max" after guest permits: the limit of guest days, not the price per day;
    # a limit on another page (the shelters' nights) is no answer to it
    question = "kan hun bruge gæstebeviser hele året og sove her 3 nætter, eller er der et max?"
    found = fact_sentences(hits(PARKING, SHELTERS), question, ("amount",), PARKING_IDF)
    assert found[0].text == "Du kan højst købe 30 gæstedøgn om året."
    assert all("shelter" not in f.text for f in found)
    # a limit about something else (sharing no word, nor does the line before it) answers
    # nothing and takes nothing away
    library = passage(42, "https://k.dk/bibliotek", "Bibliotek", "Du kan låne bøger gratis i 30 "
                      "dage. Hunde skal være i snor. Grupperum kan bookes i op til 3 timer.")
    found = fact_sentences(hits(library), "er der et max på hvor mange bøger man kan låne",
                           ("amount", "count"), {**PARKING_IDF, "bøg": 4.0, "lån": 3.0})
    assert found[0].text == "Du kan låne bøger gratis i 30 dage."
    # without a word for a limit, the price per day is what the page says about the permits
    found = fact_sentences(hits(PARKING, SHELTERS), "hvad koster et gæstebevis", ("amount",),
                           PARKING_IDF)
    assert found[0].text.startswith("Får du besøg")


def test_a_compound_written_half_ties_the_word_it_stands_for():
    # "Søn- og helligdage" is "søndage og helligdage": it answers "og om søndagen?", and its
    # bare "Søn-" is no son ("min søn")
    words = relevant_stems("Søn- og helligdage er gratis.")
    assert "søndag" in words and "helligdag" in words and "søn" not in words
    assert "gældsrådgivning" in relevant_stems("kommunens gælds- og budgetrådgivning")
    assert "oliefyr" in relevant_stems("et olie- eller gasfyr")
    found = fact_sentences(hits(PARKING), "og om søndagen?", ("amount",), PARKING_IDF)
    assert found[0].text == "Søn- og helligdage er gratis."


def test_an_english_follow_ups_earlier_words_tie_only_as_written():
    # "centre" in the earlier question shares a stem with "centrene" but is not the word: it
    # adds nothing to the walking group's price; "Skovly", written the same, does
    walk = passage(50, "https://k.dk/aktiv", "Aktiv", "Gåtur fra centrene i Skovly: 20 kr.")
    idf = {"centr": 5.0, "skovly": 6.0, "gåtur": 5.0}

    def score(earlier: str) -> float:
        found = fact_sentences(hits(walk), "and how much is it?", ("amount",), idf,
                               earlier=earlier, foreign=True)
        return found[0].score

    alone = score("")
    assert score("what about the centre in town") == alone
    assert score("what about Skovly") > alone
    # a Danish follow-up keeps the earlier question's stems as before
    danish = fact_sentences(hits(walk), "og hvad koster det?", ("amount",), idf,
                            earlier="hvad med centret i byen")[0].score
    assert danish > fact_sentences(hits(walk), "og hvad koster det?", ("amount",), idf)[0].score


HOLIDAYS = passage(60, "https://k.dk/ferie-for-pensionister", "Ferie for pensionister",
                   "- Sommerferie ved vandet: 5 dage i uge 24. Pris 3.200 kr. inkl. transport "
                   "og alle måltider.\n- Sensommerophold på højskole: 4 dage i uge 36. Pris "
                   "2.600 kr.\n- Juleophold for dig, der er alene i julen: 23.-26. december. "
                   "Pris 1.800 kr.", heading=("Ferieophold",))


def test_a_line_naming_only_its_kind_of_value_finishes_the_item_named_before_its_colon():
    """"Pris 1.800 kr." is the Christmas stay's price: the list item's name stands before
    the colon of the sentence before it, whatever that sentence states after it."""
    assert label_of(HOLIDAYS.text, "Pris 1.800 kr.") == (
        "Juleophold for dig, der er alene i julen: 23.-26. december.")
    assert label_of(HOLIDAYS.text, "Pris 2.600 kr.") == (
        "Sensommerophold på højskole: 4 dage i uge 36.")
    # a line with words of its own is no such half, and a line naming nothing is not
    # labelled by a sentence without a name before a colon
    assert label_of(HOLIDAYS.text, "Pris 3.200 kr. inkl. transport og alle måltider.") is None
    assert label_of("Velegnet til små børn. Pris 25 kr.", "Pris 25 kr.") is None
    # a note, or a kind of value, before a colon names no item
    assert label_of("Obs: Der er lukket i uge 29. Pris 25 kr.", "Pris 25 kr.") is None
    assert label_of("Åbningstider: Mandag-fredag kl. 6-21. Lørdag kl. 8-16.",
                    "Lørdag kl. 8-16.") is None
    # asked for one item, the quote is that item; asked for all, the whole list
    idf = {"juleophold": 6.0, "sensommerophold": 6.0, "sommerferi": 5.0, "pensionist": 3.0,
           "ferie": 3.0}
    found = fact_sentences(hits(HOLIDAYS), "hvad koster juleopholdet for pensionister",
                           ("amount",), idf)
    assert [f.text for f in quote(found)] == [
        "Juleophold for dig, der er alene i julen: 23.-26. december.", "Pris 1.800 kr."]
    found = fact_sentences(hits(HOLIDAYS), "hvad koster ferierne for pensionister",
                           ("amount",), idf)
    assert {"Pris 2.600 kr.", "Pris 1.800 kr."} <= {f.text for f in quote(found)}


DOG_FORESTS = passage(70, "https://k.dk/hundeskove", "Hundeskove",
                      "- Hundeskoven ved Skovsøen: 6 hektar skov med sø, hvor hunden må bade.\n"
                      "- Hundeskoven i Ådalen: 8 hektar med en drikkevandspost.\n"
                      "- Du må højst have 3 hunde med ad gangen.", heading=("Regler",))
ENERGY = passage(71, "https://k.dk/energi", "Energi", "Et energitjek er gratis.")
DOG_IDF = {"hundeskov": 5.0, "hund": 3.0, "energi": 5.0, "energitjek": 6.0, "hektar": 4.0}


def test_how_many_of_a_thing_is_answered_by_the_number_of_that_thing():
    found = fact_sentences(hits(DOG_FORESTS), "hvor mange hunde må man have med i hundeskoven",
                           ("count",), DOG_IDF)
    assert [f.text for f in found] == ["Du må højst have 3 hunde med ad gangen."]


def test_the_clause_that_asks_names_what_a_long_message_is_about():
    # the dog has "ALT for meget energi"; the question is which dog forest is the largest
    message = ("vi skal passe min brors schaefer og han har ALT for meget energi. hvilken "
               "hundeskov er stoerst saa han kan lobe rigtigt ud?")
    found = fact_sentences(hits(ENERGY, DOG_FORESTS), message, ("amount",), DOG_IDF)
    assert "Hundeskoven" in found[0].text
    # said as one sentence, the energy counts as much as the dog forest
    flat = "hundeskov energi hvor meget"
    assert fact_sentences(hits(ENERGY, DOG_FORESTS), flat, ("amount",), DOG_IDF)[0].text == (
        "Et energitjek er gratis.")


MOVING = passage(40, "https://k.dk/flytning", "Flytning",
                 "Når du flytter, skal du melde din nye adresse senest 5 dage efter, du er "
                 "flyttet.", topic="flytning", heading=("Frister",))
CITIZEN_SERVICE = passage(41, "https://k.dk/borgerservice", "Borgerservice",
                          "Borgerservice har åbent mandag-onsdag 10-15, torsdag 10-17.30. "
                          "Lukket 24.-26. december.", topic="kontakt", heading=("Åbningstider",))


def test_opening_hours_are_not_answered_by_a_deadline_counted_in_days():
    """"Kan hun melde flytning i Borgerservice, og hvornår har de åbent om torsdagen?": the
    moving page's "senest 5 dage efter" is a date value, but no opening hours."""
    idf = {**IDF, "flytning": 4.0, "borgerservic": 4.0, "meld": 2.0}
    found = fact_sentences(
        hits(MOVING, CITIZEN_SERVICE),
        "Kan hun melde flytning i Borgerservice, og hvornår har de åbent om torsdagen?",
        ("opening_hours",), idf, topic="flytning", strict=True,
    )
    assert [f.text for f in found] == [
        "Borgerservice har åbent mandag-onsdag 10-15, torsdag 10-17.30."
    ]
    # days of the calendar still say when it is open
    closed = fact_sentences(hits(CITIZEN_SERVICE, MOVING), "hvornår har borgerservice åbent",
                            ("opening_hours",), idf)
    assert {f.text for f in closed} == {
        "Borgerservice har åbent mandag-onsdag 10-15, torsdag 10-17.30.",
        "Lukket 24.-26. december.",
    }
    # asked with a span too, the deadline may answer
    both = fact_sentences(hits(MOVING), "hvornår har de åbent og hvor lang tid har jeg",
                          ("opening_hours", "duration"), idf)
    assert [f.text for f in both] == [MOVING.text]


TILLAEG = passage(42, "https://k.dk/personlige-tillaeg", "Personlige tillæg",
                  "Tandlægen trækker tilskuddet fra med det samme. Sagsbehandlingstiden er "
                  "normalt 2-4 uger.", topic="folkepension", heading=("Sådan søger du",))
PENSIONER_TRIPS = passage(43, "https://k.dk/ferie-for-pensionister", "Ferie for pensionister",
                   "Ferieophold for pensionister: 5 dage i uge 24.", topic="folkepension",
                   heading=("Ferie",))
BUILDING = passage(44, "https://k.dk/byggetilladelse", "Byggetilladelse",
                   "Enfamiliehuse og tilbygninger: ca. 40 dage fra ansøgningen er fuldstændig.",
                   topic="byggetilladelse", heading=("Sagsbehandlingstid og pris",))


def test_a_wait_for_an_answer_is_answered_by_the_sentence_that_names_the_answer():
    idf = {**IDF, "pensionist": 4.0, "tillæg": 4.0}
    message = ("er pensionist og mit koleskab er gaaet i stykker. kan jeg soge personligt "
               "tillaeg og hvor lang tid tager det at faa svar?")
    found = fact_sentences(hits(PENSIONER_TRIPS, TILLAEG), message, ("duration",), idf,
                           topic="folkepension", strict=True)
    assert [f.text for f in found] == ["Sagsbehandlingstiden er normalt 2-4 uger."]
    # the heading names it ("Sagsbehandlingstid og pris"), not the deadline under another
    built = fact_sentences(hits(BUILDING, BUILDING_DONE), "hvor lang tid tager det at faa svar "
                           "paa en tilbygning", ("duration",), {**IDF, "tilbygning": 5.0})
    assert [f.text for f in built] == [BUILDING.text]
    holidays = fact_sentences(hits(PENSIONER_TRIPS), message, ("duration",), idf)
    assert [f.text for f in holidays] == ["Ferieophold for pensionister: 5 dage i uge 24."]


BUILDING_DONE = passage(49, "https://k.dk/byggetilladelse", "Byggetilladelse",
                       "Meld en tilbygning færdig senest 14 dage efter, den er bygget.",
                       topic="byggetilladelse", heading=("Når du er færdig",))


DEMENTIA = passage(45, "https://k.dk/demens", "Demens",
                   "Pårørendegrupper mødes hver anden torsdag kl. 16-18. Kursus for pårørende "
                   "over 4 aftener om demens. Holdes 2 gange om året.", topic=None,
                   heading=("Til pårørende",))


def test_a_short_sentence_is_not_quoted_with_the_one_before_for_its_possessive():
    from muni.answering.page_quote import leans_on_the_one_before

    assert leans_on_the_one_before("Holdes 2 gange om året.")
    assert leans_on_the_one_before("Koster 45 kr.")
    assert not leans_on_the_one_before("Vores åbningstider er 10-15.")
    assert not leans_on_the_one_before("Deres ansøgning behandles hurtigt.")
    assert not leans_on_the_one_before("Holdes normalt i den store sal på rådhuset hver gang.")


def test_a_short_sentence_without_a_subject_is_quoted_with_the_one_before():
    best = FactSentence("Holdes 2 gange om året.", Hit(DEMENTIA, 1.0, 1.0, 0.8), 10.0)
    assert [f.text for f in quote([best])] == [
        "Kursus for pårørende over 4 aftener om demens.", "Holdes 2 gange om året."
    ]


BULKY_WASTE = passage(46, "https://k.dk/storskrald", "Storskrald",
                      "Bor du i rækkehus, kan du få storskrald hentet gratis op til 12 gange om "
                      "året. Juletræer hentes i uge 2, fra 11. januar.", topic=None,
                      heading=("Sådan gør du",))


def test_how_often_answers_how_often_and_not_when():
    idf = {**IDF, "hent": 2.0, "storskrald": 4.0}
    when = fact_sentences(hits(BULKY_WASTE), "hvornår henter I storskrald og juletræer",
                          ("date",), idf)
    assert [f.text for f in when] == ["Juletræer hentes i uge 2, fra 11. januar."]
    often = fact_sentences(hits(BULKY_WASTE), "hvor tit kan man få hentet storskrald",
                           ("duration",), idf)
    assert often[0].text.endswith("op til 12 gange om året.")


ALLOTMENTS = passage(47, "https://k.dk/kolonihaver", "Kolonihaver",
                     "Du må overnatte i dit kolonihavehus fra 1. april til 30. september. "
                     "Ventetiden er 2-6 år i de fleste foreninger.", topic=None,
                     heading=("Sådan får du en have",))


def test_a_sentence_naming_the_kind_of_time_asked_is_quoted_from_its_page():
    """"Ventetiden er 2-6 år" names what "hvor lang ventetid" asks; the overnight stay shares
    more of the message's words (the compound "kolonihavehus") but states another time."""
    idf = {**IDF, "kolonihav": 5.0, "kolonihavehus": 6.0}
    message = "drømmer om en kolonihave med plads til tomater, hvor lang ventetid er der typisk"
    found = fact_sentences(hits(ALLOTMENTS), message, ("duration",), idf)
    assert [f.text for f in found] == ["Ventetiden er 2-6 år i de fleste foreninger."]
    # without the noun, the page's sentences are weighed as before
    loose = fact_sentences(hits(ALLOTMENTS), "hvor længe må man overnatte i kolonihaven",
                           ("duration",), idf)
    assert loose[0].text.startswith("Du må overnatte")


def test_a_sentence_stating_another_kind_asked_stays_beside_the_one_naming_the_kind():
    page = passage(48, "https://k.dk/kolonihaver", "Kolonihaver",
                   "Det koster typisk 100-200 kr. om året at stå på listen. Ventetiden er 2-6 år "
                   "i de fleste foreninger.", topic=None, heading=("Venteliste",))
    found = fact_sentences(hits(page), "koster det noget at stå på ventelisten til en "
                           "kolonihave, og hvor lang ventetid er der", ("amount", "duration"),
                           {**IDF, "kolonihav": 5.0, "venteli": 4.0})
    assert {f.text for f in found} == {
        "Det koster typisk 100-200 kr. om året at stå på listen.",
        "Ventetiden er 2-6 år i de fleste foreninger.",
    }


def test_a_follow_ups_meaning_does_not_pull_a_sentence_off_the_conversations_page():
    """"hvornår kan man melde sig til" after the youth school: the pensioners' holidays'
    "Tilmeld dig senest 15. marts" is closest in meaning (the conversation's), but the youth
    school's own "Tilmeld dig … fra 1. september" is the one on the page."""
    youth = passage(50, "https://k.dk/ungdomsskole", "Hold og klubber",
                    "Tilmeld dig med MitID fra 1. september kl. 17.", topic=None,
                    heading=("Hold",))
    trips = passage(51, "https://k.dk/ferie-for-pensionister", "Ferie for pensionister",
                    "Tilmeld dig senest 15. marts via selvbetjeningen.", topic=None,
                    heading=("Tilmeld dig",))
    meaning = [FactHit(trips, trips.text, ("date",), 0.93)]
    found = fact_sentences(hits(youth), "hvornår kan man melde sig til tilmelde", ("date",),
                           {**IDF, "tilmeld": 4.0}, prefer_url=youth.url, meaning=meaning)
    assert found[0].text == youth.text
    # a new question (no page to stay on) still takes the meaning's help
    fresh = fact_sentences(hits(youth), "hvornår kan man melde sig til tilmelde", ("date",),
                           {**IDF, "tilmeld": 4.0}, meaning=meaning)
    assert fresh[0].text == trips.text
