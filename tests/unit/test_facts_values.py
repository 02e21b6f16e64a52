"""Fact values in sentences, and what kind of fact a question asks for."""

import pytest

from muni.facts.kinds import (
    asked_kinds,
    asks_how_often,
    asks_price,
    asks_waiting_time,
    asks_what_price,
    asks_when_allowed,
    names_an_answer,
    value_kinds,
    waits_for_an_answer,
)
from muni.facts.values import (
    canonical,
    find_values,
    has_value,
    numbers_in,
    states_money,
    states_price,
    states_wait,
)


def kinds_in(text):
    return {(v.kind, v.text) for v in find_values(text) if v.kind != "count"}


@pytest.mark.parametrize("text,expected", [
    ("Prisen er ca. 760 kr. for voksne.", ("amount", "760 kr")),
    ("Et nyt kort koster kr. 225,-", ("amount", "kr. 225,-")),
    ("Det er gratis for private.", ("amount", "gratis")),
    ("The passport costs DKK 893.", ("amount", "DKK 893")),
    ("Passet kommer efter ca. 10 arbejdsdage.", ("duration", "10 arbejdsdage")),
    ("Du kan højst købe 30 gæstedøgn om året.", ("duration", "30 gæstedøgn")),
    ("Eleverne har 3 skoleuger i praktik.", ("duration", "3 skoleuger")),
    ("Du skal melde flytning senest 5 dage efter.", ("date", "senest 5 dage")),
    ("Fra 1. april til 30. september.", ("date", "1. april")),
    ("Du skal være fyldt 15 år.", ("age", "fyldt 15 år")),
    ("Børn 3-17 år: 25 kr.", ("age", "3-17 år")),
    ("Ring til os på 89 40 20 00.", ("phone", "89 40 20 00")),
    ("Livslinien har nummer 70 201 201.", ("phone", "70 201 201")),
    ("alle dage kl. 7-19", ("opening_hours", "kl. 7-19")),
    ("mandag-onsdag 10-15", ("opening_hours", "onsdag 10-15")),
    ("Genbrugsplads Nord, Møllevej 14.", ("address", "Møllevej 14")),
    ("Dokk1, Hack Kampmanns Plads 2, 8000 Aarhus C", ("address",
                                                      "Hack Kampmanns Plads 2, 8000 Aarhus C")),
    ("Skriv til kontakt@aarhus.dk.", ("email", "kontakt@aarhus.dk")),
    ("Du får støtte fra den første i måneden efter, du har søgt.",
     ("date", "første i måneden")),
])
def test_values_are_found_with_their_kind(text, expected):
    assert expected in kinds_in(text)


@pytest.mark.parametrize("text", [
    "Du bestiller tid i Borgerservice.",
    "Tag dit gamle pas med.",
    "Børn i 0. klasse går i SFO.",
    "I skal have to vidner med.",
    "Det giver adgang til alle 4 centre.",
])
def test_plain_sentences_state_no_number_facts(text):
    assert not [v for v in find_values(text) if v.kind not in ("count", "date")]


def test_canonical_and_numbers_compare_spellings():
    assert canonical("3.550 kr.") == canonical("3550 kr") == canonical("3550 kroner")
    assert numbers_in("ca. 3.550 kr. om måneden") == ("3550",)
    assert has_value("Det koster 45 kr.", ("amount",))
    assert not has_value("Se prisen på hjemmesiden.", ("amount",))


@pytest.mark.parametrize("text,kinds", [
    ("hej jeg skal have nyt pas hvad koster det", ("amount",)),
    # the citizen's own age in a request for help asks for no age limit
    ("er der nogen der kan hjælpe mig med mitid, jeg er 82 og forstår det ikke", ("yes_no",)),
    ("må min søn på 13 være alene hjemme", ("yes_no", "age")),
    ("og hvor lang tid tager det", ("duration",)),
    # weeks of leave, not money; the money paid during it is an amount
    ("vi venter vores første i april, hvor meget barsel faar vi hver", ("duration",)),
    ("hvor meget får man i barsel", ("amount",)),
    ("hvor meget barselsdagpenge får jeg", ("amount",)),
    ("hvor meget fri højde skal der være over fortovet", ("amount",)),  # a height
    ("hvornår kommer skraldebilen", ("date",)),
    ("hvad er fristen for at søge om plads", ("date",)),
    ("hvor gammel skal man være for at få mitid", ("age",)),
    ("hvad er jeres telefonnummer", ("phone",)),
    ("hvornår kan man ringe", ("opening_hours",)),
    ("har genbrugspladsen åbent på søndag", ("opening_hours",)),
    ("hvornaar har i aabent", ("opening_hours",)),
    ("hvor ligger de?", ("address",)),
    ("og hvor skal den afleveres når jeg er færdig med den", ("address",)),
    ("where do I return it", ("address",)),
    ("hvor langt tilbage skal kontoudtogene gå", ("duration",)),
    ("how many days before do we have to tell them", ("duration",)),
    ("hvor mange dage kan man købe", ("duration",)),
    ("hvor mange genbrugspladser er der", ("count",)),
    ("hvor mange arbejdsdage har skolen til en handlingsplan", ("duration",)),
    ("hvor mange uger har jeg til at klage", ("duration",)),
    ("hvor mange børn må en dagplejer passe", ("count",)),
    ("how much does a passport cost", ("amount",)),
    ("maa jeg braende haveaffald af", ("yes_no",)),
    ("jeg skal have nyt pas", ()),
    # the citizen's own telephone asks for no number
    ("hvordan får jeg ny mitid når min telefon er blevet stjålet", ()),
    ("kan jeg få mitid på min nye telefon", ("yes_no",)),
    ("I lost my phone, how do I get MitID", ()),
    ("min telefon er død, hvad er jeres nummer", ("phone",)),
    # a fine mentioned is not its size asked for
    ("jeg har fået en p-bøde som jeg mener er forkert", ()),
    ("hvad er bøden for at parkere ulovligt", ("amount",)),
    ("hvad koster en p-bøde", ("amount",)),
    ("hvad er en fuldmagt", ()),
    # who pays, not how much
    ("hvem betaler hvis kloakledningen på min grund er i stykker", ()),
    ("hvem betaler og hvad koster det", ("amount",)),
    # "max" with a time span asks for the longest time, not money
    ("hvor mange dage må der max gå før begravelsen", ("duration",)),
    ("hvor lang tid tager det og hvad koster det", ("amount", "duration")),
    # money named without a price word is still money beside a time span
    ("hvor stort er beløbet og hvor lang tid går der", ("amount", "duration")),
    ("hvad er satsen og hvor længe kan jeg få det", ("amount", "duration")),
    ("what is the rate and how long", ("amount", "duration")),
    ("hvor lang tid tager det, og er det gratis", ("amount", "duration")),
    # "gratis" naming the thing asks nothing about money
    ("hvor lang ventetid er der paa et gratis energitjek af huset", ("duration",)),
    # how early one may apply, sign up or book is a date; how early anything else, a time
    # of day
    ("hvor tidligt kan man søge", ("date",)),
    ("hvor tidligt kan jeg melde mit barn ind i vuggestue", ("date",)),
    ("hvor tidligt skal jeg bestille storskrald", ("date",)),
    ("hvor tidligt kan man komme på genbrugspladsen", ("opening_hours",)),
    ("hvor tidligt kan man aflevere haveaffald", ("opening_hours",)),
    ("hvor tidligt kan man indskrive sit barn i skolen", ("date",)),
    ("hvor tidligt kan jeg reservere et lokale", ("date",)),
    ("hvor tidligt kan man flytte ind", ("date",)),
    # what one pays oneself: "selv" between the verb and the person
    ("og hvad skal jeg selv give for at komme ind som voksen", ("amount",)),
    ("hvad skal hun selv betale", ("amount",)),
    # the verb typed in a hurry, and the largest amount one can get
    ("hvad kostr et nyt pas til min soen paa 8", ("amount",)),
    ("hvad er det højeste man kan få i begravelseshjælp", ("amount",)),
    ("hvor dyr skal en ting være før kommunen giver tilskud", ("amount",)),
    # the hours of the day something may happen
    ("må de overhovedet larme om lørdagen, og i hvilket tidsrum?", ("opening_hours",)),
    ("what time does the library close", ("opening_hours",)),
    ("what time?", ("opening_hours",)),
    ("which hours are the lifeguards on the beach", ("opening_hours",)),
    # not a time limit, a time of year, a period or hours one is granted
    ("at what time of year can I apply", ()),
    ("what time period does the benefit cover", ()),
    ("which hours of home help am I entitled to", ()),
    ("på hvilket tidspunkt i sagen kan jeg klage", ()),
    # how far ahead or back: a time span (not how far away)
    ("hvor langt ude i fremtiden kan man booke", ("duration",)),
    ("how far in advance can we book the shelter", ("duration",)),
    ("how far back can I search the council's minutes", ("duration",)),
    ("hvor langt ude ligger genbrugspladsen", ()),
    # the largest amount, not the largest size
    ("hvad er det største man må bygge uden byggetilladelse", ()),
])
def test_asked_kinds(text, kinds):
    assert asked_kinds(text) == kinds


@pytest.mark.parametrize("text", ["hvad kostr et nyt pas", "hvad kosder det at svømme",
                                  "hvor meget kostr et sundhedskort"])
def test_a_hurried_spelling_of_the_verb_still_asks_the_price_in_figures(text):
    assert asks_what_price(text)


def test_a_duration_question_accepts_a_deadline_and_yes_no_needs_no_value():
    assert value_kinds(("duration",)) == ("duration", "date")
    assert value_kinds(("yes_no",)) == ()


def test_an_age_is_not_a_duration():
    ages = "For børn under 12 år koster det 150 kr., og for unge på 12-17 år 181 kr."
    assert [v.kind for v in find_values(ages, ("duration", "age"))] == ["age", "age"]
    assert find_values("Passet kommer efter ca. 10 arbejdsdage.", ("duration",))
    # "op til 10 år" may be either: it stays both
    kinds = {v.kind for v in find_values("Du kan udskyde pensionen i op til 10 år.")}
    assert {"age", "duration"} <= kinds
    # a baby's age in weeks or months is an age too; a leave of 26 weeks stays a duration
    guarantee = "Dit barn får en plads fra det er 26 uger gammelt. A baby 6 weeks old."
    assert [(v.kind, v.text) for v in find_values(guarantee, ("duration", "age"))] == [
        ("age", "26 uger gammelt"), ("age", "6 weeks old")]
    assert [v.kind for v in find_values("Far har ret til 26 uger.", ("duration", "age"))] == [
        "duration"]


def test_a_question_about_a_price_is_answered_by_money_not_by_a_size():
    assert asks_price("hvad koster det at svømme i svømmehallen")
    assert asks_price("how much does it cost to rent a hall") and asks_price("skal man betale")
    assert not asks_price("hvor mange liter må dåserne være")
    assert states_money("Voksne: 45 kr.") and states_money("Du kan låne dem gratis.")
    assert states_money("Tilskuddet er 25 % af udgiften.")
    assert not states_money("25 meter bassin, varmtvandsbassin på 32 grader.")
    assert not states_money("Dåser på højst 5 liter.")


@pytest.mark.parametrize("text", [
    "hvad koster det at svømme i svømmehallen", "og hvad koster det for en voksen",
    "hvor meget koster et klippekort", "hvad er prisen for et pas", "hvor dyrt er det",
    "hvad skal man betale for en p-plads", "how much is it for a pensioner",
    "what does it cost to swim", "What are the fees?",
    "og hvad skal jeg selv give for at komme ind som voksen",
    "hvad skal vi selv betale for maden",
])
def test_a_question_for_the_price_in_figures(text):
    assert asks_what_price(text)


def test_what_one_must_give_asks_a_price():
    """ "hvad skal jeg selv give" asks what it costs: a size or "gratis" elsewhere on the page
    is no answer to it."""
    assert asks_price("og hvad skal jeg selv give for at komme ind som voksen")
    assert asks_price("hvad skal man give for en time")
    assert not asks_price("hvad skal jeg have med")



@pytest.mark.parametrize("text", [
    "koster det noget", "skal hun også betale", "er det gratis at låne bøger",
    "hvad koster det, eller er det gratis", "is it free", "how much does it cost, anything?",
    "hvor meget må man tage", "hvem betaler for kloakken",
])
def test_a_question_whether_one_pays_or_not_about_a_price(text):
    assert not asks_what_price(text)


def test_a_price_in_figures_is_not_only_free_or_a_size():
    assert states_price("Voksne: 45 kr.") and states_price("Tilskuddet er 25 % af udgiften.")
    assert states_price("gratis de første 7 døgn, derefter 100 kr. pr. døgn")
    assert not states_price("Børn under 3 år er gratis.")
    assert not states_price("25 meter bassin, varmtvandsbassin på 32 grader.")
    assert not states_price("Ring på 89 40 20 00.")


@pytest.mark.parametrize("text,expected", [
    # whether something of a size or length is allowed asks for the limit
    ("har en 10 l spand maling, må den i den røde kasse", ("amount",)),
    ("kommer et kvarter for sent til min tid, kan jeg stadig komme", ("duration",)),
    ("må jeg sætte et drivhus på 8 m2 op", ("yes_no", "amount")),  # "på 8 m2" is no age
    ("kan jeg nå det, jeg kører på ringvejen", ("yes_no",)),  # "ringvejen": no number
    ("må min søn på 13 være alene hjemme", ("yes_no", "age")),
    # from when children get something: an age, not a date
    ("fra hvornaar faar børn deres egen digital post", ("age",)),
    ("fra hvornår kan jeg melde flytning", ("date",)),
    # whether something holds on a given day asks for the hours that day
    ("skal man betale for at parkere i midtbyen om lørdagen",
     ("amount", "yes_no", "opening_hours")),
    ("må jeg slå græs om søndagen", ("yes_no", "opening_hours")),
])
def test_the_limit_asked_for_in_a_yes_no_question(text, expected):
    assert asked_kinds(text) == expected


def test_a_deadline_at_a_time_of_day_is_a_date():
    # "hvornår skal hun senest aflyse" is answered by "senest dagen før kl. 12"
    assert ("date", "senest dagen før kl. 12") in kinds_in("Meld afbud senest dagen før kl. 12.")
    assert ("date", "senest kl. 6") in kinds_in("Stil beholderen ud senest kl. 6.")
    assert not has_value("Åbent kl. 12-16.", ("date",))


@pytest.mark.parametrize("text", [
    "hvis vi soeger hjemmehjaelp hvor lang tid gaar der foer der kommer en ud og kigger",
    "hvor længe skal vi vente på en plads i vuggestuen",
    "how long until i get an answer",
])
def test_a_question_how_long_until_something_happens(text):
    assert asks_waiting_time(text)


@pytest.mark.parametrize("text", [
    "hvor tit kommer de og gør rent",
    "hvor længe er der mellem tømningerne",
    "hvor lang tid tager det at få nyt pas",  # how long a thing takes may be a span
])
def test_other_questions_about_time_are_not_about_waiting(text):
    assert not asks_waiting_time(text)


@pytest.mark.parametrize(("text", "allowed"), [
    ("hvornaar maa man skyde raketter af", True),
    ("fra hvornår må vi fyre fyrværkeri af?", True),
    ("hvornår er det tilladt at brænde haveaffald", True),
    ("when are we allowed to set off fireworks", True),
    ("til hvornår må bandet spille om fredagen", False),  # a time of day
    ("hvornår kan jeg hente mit pas", False),  # how soon: a duration answers it
    ("hvor længe må man parkere", False),
])
def test_a_question_about_when_something_is_allowed(text, allowed):
    assert asks_when_allowed(text) is allowed


def test_a_wait_is_a_span_or_a_deadline_not_a_frequency():
    assert states_wait("En visitator kommer normalt inden for 2 uger.")
    assert states_wait("Du får svar senest 14. marts.")
    assert not states_wait("Rengøring, typisk hver 14. dag.")
    assert not states_wait("Der hentes affald hver anden uge.")
    assert not states_wait("Holdes 2 gange om året.")


@pytest.mark.parametrize(("sentence", "value"), [
    ("Holdes 2 gange om året.", "2 gange om året"),
    ("Kurset holdes to gange om året.", "to gange om året"),
    ("Vi kommer 1 gang om ugen.", "1 gang om ugen"),
    ("The course runs twice a year.", "twice a year"),
])
def test_how_often_something_happens_answers_how_often(sentence, value):
    """"hvor tit bliver det holdt?" asks a duration-kind question ("hvor tit")."""
    assert [v.text for v in find_values(sentence, ("duration",))] == [value]
    assert "duration" in asked_kinds("hvor tit bliver det holdt?")


def test_how_often_is_asked_by_its_own_words():
    assert asks_how_often("hvor tit bliver det holdt?")
    assert asks_how_often("how often do they empty the bins")
    assert not asks_how_often("hvornår henter i juletræer")


def test_three_times_without_a_period_is_no_frequency():
    assert find_values("Du kan komme 3 gange.", ("duration",)) == []


@pytest.mark.parametrize(("text", "waits"), [
    ("er pensionist og mit koleskab er gaaet i stykker. kan jeg soge personligt tillaeg og "
     "hvor lang tid tager det at faa svar?", True),
    ("og hvor hurtigt svarer de hvis jeg skriver i stedet", True),
    ("hvor lang tid tager det dem at behandle det", True),
    ("how long until I get a decision", True),
    ("hvor lang tid tager det at få nyt pas", False),  # no answer waited for
    ("hvornaar kan man ringe til borgerraadgiveren, min sag er blevet behandlet", False),
])
def test_a_question_that_waits_for_the_municipalitys_answer(text, waits):
    assert waits_for_an_answer(text) is waits


def test_a_sentence_names_the_answer_not_the_caseworker():
    assert names_an_answer("Sagsbehandlingstiden er normalt 2-4 uger.")
    assert names_an_answer("Vi svarer inden for 5 arbejdsdage.")
    assert names_an_answer("Sagsbehandlingstid og pris Enfamiliehuse: ca. 40 dage.")
    assert not names_an_answer("Vil du tale med en byggesagsbehandler, kan du bestille et møde "
                               "på 30 minutter.")
    assert not names_an_answer("Du har selv ansvaret for fortovet.")
    assert not names_an_answer("Depositum svarer til 3 måneders husleje.")
    assert not names_an_answer("Behandling af personoplysninger: vi gemmer dem i 5 år.")
    assert not names_an_answer("Spørgsmål og svar: Du kan søge i 4 uger.")


def test_this_year_is_no_frequency():
    assert [v.text for v in find_values("Holdes 4 gange i året.", ("duration",))] == [
        "4 gange i året"]
    assert "gang" not in " ".join(
        v.text for v in find_values("Du kan kun søge en gang i år.", ("duration",)))


def test_the_clause_that_asks_is_told_from_the_rest_of_a_long_message():
    from muni.facts.kinds import asking_clauses

    assert asking_clauses("tak. når byrådet så har behandlet det, hvor hurtigt kommer "
                          "referatet ud?") == "hvor hurtigt kommer referatet ud"
    # one clause, or every clause asking: the whole message
    assert asking_clauses("hvad koster et pas") == "hvad koster et pas"
    assert asking_clauses("hvad koster det, og hvor lang tid tager det?") == (
        "hvad koster det, og hvor lang tid tager det?")
    # a clause that asks only yes or no is no fact asked
    assert asking_clauses("skal jeg møde op?") == "skal jeg møde op?"
    # an abbreviation ends no clause; "hvis" and "hver" are no question words
    assert asking_clauses("Hvad koster det pr. måned for et barn i vuggestue?") == (
        "Hvad koster det pr. måned for et barn i vuggestue?")
    for text in ("Hvis det koster noget, kan jeg så få hjælp til det?",
                 "Hver uge koster det 200 kr., er det ikke for meget?"):
        assert asking_clauses(text) == text
    # a question word written without æøå still opens a clause that asks
    assert asking_clauses("ok tak. saa hvornaar har de aabent?") == "saa hvornaar har de aabent"


def test_the_question_in_a_long_message_is_told_from_its_story():
    from muni.facts.kinds import question_clauses

    story = ("jeg er bange for at tolken fortæller andre om min sag. må tolken det?")
    assert question_clauses(story) == "må tolken det"  # a yes-or-no question too
    assert question_clauses("min svigermor har demens, han er træt. findes der kurser for "
                            "pårørende?") == "findes der kurser for pårørende"
    # a message that is one question, or only questions, or none: the whole message
    for text in ("findes der kurser for pårørende?", "hvad koster det, og hvornår er der åbent?",
                 "min gynge er knækket på legepladsen"):
        assert question_clauses(text) == text


def test_a_question_for_the_most_allowed_is_told():
    from muni.facts.kinds import asks_limit

    for text in ("er der et max?", "hvad må den hoejst veje", "er der en grænse for hvor mange",
                 "is there a limit", "er der et loft over hvor mange dage man kan købe"):
        assert asks_limit(text), text
    for text in ("hvad koster et gæstebevis", "skal vi efterisolere loftet",
                 "hvornår er der åbent",
                 # a boy called Max, "højst sandsynligt", the municipality's border
                 "Min søn Max skal starte i skole, hvornår skal han indskrives?",
                 "jeg skal højst sandsynligt flytte, hvornår skal jeg melde flytning?",
                 "vi bor lige ved kommunegrænsen, hvem skal vi kontakte"):
        assert not asks_limit(text), text


def test_how_early_before_asks_for_a_time_span():
    from muni.facts.kinds import asked_kinds

    assert "duration" in asked_kinds("how early before the appointment should we be there?")
    assert "duration" in asked_kinds("hvor tidligt skal vi være der før tiden")
    assert "duration" not in asked_kinds("hvor tidligt kan jeg søge")
    # how early it opens, or one may apply, is no time span before something
    assert "duration" not in asked_kinds("how early does the library open")
    assert "duration" not in asked_kinds("how early can I apply for pension")


def test_which_is_largest_asks_for_the_values_to_compare():
    from muni.facts.kinds import asked_kinds, compares

    for text in ("hvilken hundeskov er stoerst saa han kan lobe rigtigt ud?",
                 "hvilken af dem er størst", "hvilken svømmehal er billigst",
                 "which dog forest is the biggest"):
        assert compares(text) and "amount" in asked_kinds(text), text
    # "mindst" as "at least", and a superlative that asks for no comparison
    for text in ("vi er mindst 20 personer", "det største man må bygge", "hvad koster det",
                 # the message is read without its "?": two sentences must not meet
                 "Hvilken skole skal min søn gå på? Han er størst i klassen"):
        assert not compares(text), text
    assert asked_kinds("vi er mindst 20 personer") == ()


def test_what_a_question_asks_how_many_of():
    from muni.facts.kinds import counted_in

    assert counted_in("ok. hvor mange genbrugspladser er der i kommunen") == {"genbrugsplads"}
    assert counted_in("how many dogs can I bring") == {"dog"}
    assert counted_in("hvad koster et pas") == frozenset()


def test_how_old_something_is_is_no_duration():
    """"ødelagt og under fire år gammelt" is the card's age, not how long it takes to come."""
    assert find_values("Det koster 225 kr., hvis det er under fire år gammelt.",
                       ("duration",)) == []
    assert [v.text for v in find_values("Det tager fire år.", ("duration",))] == ["fire år"]
