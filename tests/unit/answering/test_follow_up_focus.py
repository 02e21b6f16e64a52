"""answering/follow_up_focus.py: a short follow-up that gets the same answer again hears only
the sentences about its own subject, and never loses the fact asked for."""

from __future__ import annotations

from dataclasses import replace

from muni.answering.follow_up_focus import FollowUpFocus, focus
from muni.answering.state import TurnState
from muni.domain import Answer, ConversationContext, Question, Source, Tenant
from muni.texts import say

AARHUS = Tenant(id=1, slug="aarhus", name="Aarhus Kommune", municipality_code="0751")
PRICES = (
    "På Aarhus Kommunes hjemmeside står der: «Et pas koster 893 kr. for voksne. For børn under "
    "12 år koster det 150 kr.»\n(Kilde: siden «Pas», opdateret 3. september 2026.)\n\n"
    "Et pas til en voksen koster 893 kr. Et pas til et barn koster 150 kr. (under 12 år) eller "
    "181 kr. (12-17 år).\n\n"
    "Priserne gælder, når du viser dit gamle pas. Kan du ikke det, koster det det dobbelte."
)


def roots(*words: str) -> frozenset[str]:
    return frozenset(words)


def test_only_the_sentences_about_the_subject_are_kept_and_a_quote_keeps_its_source():
    assert focus(PRICES, roots("børn", "barn")) == (
        "På Aarhus Kommunes hjemmeside står der: «For børn under 12 år koster det 150 kr.»"
        "\n(Kilde: siden «Pas», opdateret 3. september 2026.)"
        "\n\nEt pas til et barn koster 150 kr. (under 12 år) eller 181 kr. (12-17 år)."
    )


def test_a_quote_about_the_subject_throughout_or_not_at_all_is_kept_whole_or_dropped():
    whole = ("På Aarhus Kommunes hjemmeside står der: «Et pas til børn koster 150 kr. Børn "
             "skal møde op selv.»\n(Kilde: siden «Pas».)")
    text = whole + "\n\nPriserne gælder, når du viser dit gamle pas."
    assert focus(text, roots("børn", "barn")) == whole
    assert focus(PRICES, roots("voks", "voksn")) == (
        "På Aarhus Kommunes hjemmeside står der: «Et pas koster 893 kr. for voksne.»"
        "\n(Kilde: siden «Pas», opdateret 3. september 2026.)"
        "\n\nEt pas til en voksen koster 893 kr."
    )
    no_quote = "Et pas til et barn koster 150 kr.\n\n" + whole.replace("børn", "unge").replace(
        "Børn", "Unge")
    assert focus(no_quote, roots("barn")) == "Et pas til et barn koster 150 kr."


def test_a_sentence_in_a_quote_that_leans_on_the_one_before_keeps_it():
    text = ("På siden står der: «Pension søges digitalt. Alderen afhænger af, hvornår du er "
            "født. Den er 68 år for årgang 1965.»\n(Kilde: siden «Folkepension».)\n\n"
            "Du søger på borger.dk.")
    assert focus(text, roots("årgang")) == (
        "På siden står der: «Alderen afhænger af, hvornår du er født. Den er 68 år for årgang "
        "1965.»\n(Kilde: siden «Folkepension».)"
    )


def test_nothing_or_everything_about_the_subject_leaves_the_answer_whole():
    assert focus(PRICES, roots("lørdag")) is None
    assert focus("Et pas til et barn koster 150 kr.", roots("barn")) is None


def test_a_sentence_that_leans_on_the_one_before_keeps_it():
    text = ("Alderen afhænger af, hvornår du er født. Den er 68 år for årgang 1965. "
            "Du kan se din egen på borger.dk.")
    assert focus(text, roots("årgang")) == (
        "Alderen afhænger af, hvornår du er født. Den er 68 år for årgang 1965."
    )


def test_list_items_are_kept_as_lines():
    text = "Du kan søge om:\n- ledsagelse for voksne\n- aflastning for børn\n- hjælpemidler"
    assert focus(text, roots("barn", "børn")) == "- aflastning for børn"


def test_a_step_kept_from_a_numbered_list_loses_its_number():
    text = ("1. Book an appointment.\n2. Bring your old passport.\n"
            "3. Pay. Adults: DKK 893. Children: DKK 150 (under 12).")
    assert focus(text, roots("child", "childr"), compounds=False) == (
        "Pay. Adults: DKK 893. Children: DKK 150 (under 12)."
    )
    # a list kept whole keeps its numbers
    steps = "1. Book a passport appointment.\n2. Bring your old passport."
    assert focus(f"{steps}\n\nAdults pay more.", roots("passport"), compounds=False) == steps


def answer(text: str = PRICES, sub: str | None = "pris", origin: str = "curated") -> Answer:
    return Answer(text=text, origin=origin, status="answered", topic="pas",  # type: ignore[arg-type]
                  sub_answer=sub)


def refine(text: str, given: Answer, follow_up: bool = True, asks=("amount",)) -> Answer:
    context = ConversationContext(topic="pas", sub_answer="pris", asks=asks,
                                  question="hvad koster et pas")
    question = Question(AARHUS, text, context=context)
    return FollowUpFocus()(question, given, TurnState(follow_up=follow_up))


def test_a_follow_up_with_the_same_answer_is_focused_on_its_subject():
    focused = refine("og for børn?", answer())
    assert "150 kr." in focused.text and "Priserne gælder" not in focused.text
    assert "Et pas til en voksen" not in focused.text
    assert focused.diagnostics["focus"] == "barn børn"


def test_a_different_answer_a_new_question_or_a_long_message_is_left_alone():
    other_sub = answer(sub="mistet")
    assert refine("og for børn?", other_sub) == other_sub
    assert refine("og for børn?", answer(), follow_up=False).text == PRICES
    long = "og hvad hvis det er til mine to børn som skal ud at rejse i sommer"
    assert refine(long, answer()).text == PRICES
    assert refine("og for børn?", answer(origin="search")).text == PRICES


def test_the_kind_of_fact_asked_for_is_never_focused_away():
    text = ("Et pas til en voksen koster 893 kr.\n\n"
            "Børn skal møde op sammen med begge forældre.")
    assert refine("og for børn?", answer(text)).text == text  # the price would be lost
    assert refine("og for børn?", answer(text), asks=()).text == (
        "Børn skal møde op sammen med begge forældre."
    )


def test_words_that_name_nothing_do_not_focus():
    text = "Den er 67 år, hvis du er født fra 1955. Du kan se din egen på borger.dk."
    assert refine("og mig, jeg er fra 1965", answer(text), asks=()).text == text


ENGLISH_PRICES = (
    "The website of Aarhus Kommune says (in Danish): «Et pas koster 893 kr. for voksne og 381 "
    "kr., når du har nået folkepensionsalderen. For børn under 12 år koster det 150 kr.»\n"
    "(Source: the page “Pas”, updated 3 September 2026.)\n\n"
    "An adult passport costs DKK 893. If you have reached the state pension age "
    "(folkepensionsalder), it costs DKK 381. A passport for a child costs DKK 150 (under 12) or "
    "DKK 181 (aged 12-17).\n\n"
    "These prices apply when you show your old passport."
)


def refine_english(text: str, given: Answer) -> Answer:
    context = ConversationContext(topic="pas", sub_answer="pris", asks=("amount",),
                                  question="how much is a new passport", language="en")
    question = Question(AARHUS, text, language="en", context=context)
    return FollowUpFocus()(question, given, TurnState(follow_up=True))


def test_an_english_follow_up_names_children_and_pensioners_in_its_own_words():
    kids = refine_english("and for kids?", answer(ENGLISH_PRICES))
    assert kids.text == "A passport for a child costs DKK 150 (under 12) or DKK 181 (aged 12-17)."
    daughter = refine_english("and my daughter?", answer(ENGLISH_PRICES))
    assert daughter.text == kids.text
    pensioners = refine_english("and for pensioners?", answer(ENGLISH_PRICES))
    assert pensioners.text == (
        "If you have reached the state pension age (folkepensionsalder), it costs DKK 381."
    )


def test_pensioners_are_found_in_the_compounds_that_name_them():
    text = ("På siden står der: «Et pas koster 893 kr. for voksne og 381 kr., når du har nået "
            "folkepensionsalderen. For børn under 12 år koster det 150 kr.»\n(Kilde: siden "
            "«Pas».)\n\nEt pas til en voksen koster 893 kr. Har du nået folkepensionsalderen, "
            "koster det 381 kr. Et pas til et barn koster 150 kr.")
    focused = refine("og for pensionister?", answer(text))
    assert focused.text == (
        "På siden står der: «Et pas koster 893 kr. for voksne og 381 kr., når du har nået "
        "folkepensionsalderen.»\n(Kilde: siden «Pas».)\n\nHar du nået folkepensionsalderen, "
        "koster det 381 kr."
    )
    # a short stem names only its own word, not the compounds that happen to hold it
    assert focus("Et barnevognsstativ koster 40 kr. Et pas til et barn koster 150 kr.",
                 roots("barn")) == "Et pas til et barn koster 150 kr."


def test_a_son_or_a_daughter_is_asked_about_as_a_child():
    for text in ("hvad med min søn på 15?", "og min datter?", "og for min dreng på 10"):
        focused = refine(text, answer())
        assert focused.diagnostics.get("focus") == "barn børn", text
        assert "150 kr." in focused.text and "Et pas til en voksen" not in focused.text, text


def test_a_follow_up_that_compares_keeps_what_it_compares_with():
    text = ("På siden står der: «Dagpleje: 3.550 kr. Vuggestue: 3.950 kr. Børnehave: 2.250 kr.»"
            "\n(Kilde: siden «Pasning».)")
    given = answer(text)
    assert refine("og dagpleje, er det billigere?", given).text == text
    assert refine("is dagpleje cheaper?", given).text == text
    assert refine("og dagpleje?", given).text == (
        "På siden står der: «Dagpleje: 3.550 kr.»\n(Kilde: siden «Pasning».)")


def test_a_page_quote_is_not_cut_to_a_day_of_the_week_out_of_the_ranges_that_hold_it():
    hours = ("På siden står der: «1. april til 30. september: alle dage kl. 7-19. Lukket 24., 25. "
             "og 26. december og 1. januar. Der er mest travlt lørdag og søndag formiddag.»"
             "\n(Kilde: siden «Genbrugspladser».)")
    given = Answer(text=hours, origin="curated", status="answered", topic="genbrugsplads",
                   sub_answer="aabningstider")
    context = ConversationContext(topic="genbrugsplads", sub_answer="aabningstider",
                                  asks=("opening_hours",), question="hvornår har de åbent")
    for text in ("og om søndagen?", "og på hverdage?"):
        question = Question(AARHUS, text, context=context)
        assert FollowUpFocus()(question, given, TurnState(follow_up=True)).text == hours, text
    # the answer's own sentences are still cut to the day (as before quotes were cut at all)
    with_own = replace(given, text=hours + "\n\nMandag er der kø. Søndag er der ro.")
    question = Question(AARHUS, "og om søndagen?", context=context)
    assert FollowUpFocus()(question, with_own, TurnState(follow_up=True)).text == (
        hours + "\n\nSøndag er der ro.")


SWIMMING = "https://www.aarhus.dk/borger/kultur-og-fritid/svoemmehaller"
POOL = ("Voksne: 45 kr. Børn 3-17 år: 25 kr. Pensionister og studerende: 30 kr. Klippekort med "
        "10 besøg for voksne: 400 kr. Morgensvømning for voksne kl. 6-8: 35 kr.")


def search_answer(extract: str = POOL, language: str = "da") -> str:
    """A page answer as the search step writes it (an English one quotes the Danish page)."""
    shown = f"«{extract}»" if language == "en" else extract
    return "\n\n".join([say("search_intro", language, kommune="Aarhus Kommune"), shown,  # type: ignore[arg-type]
                        say("search_read_more", language, title="Svømmehaller")])  # type: ignore[arg-type]


def page_answer(text: str | None = None, url: str = SWIMMING) -> Answer:
    return Answer(text=text or search_answer(), origin="search", status="answered",
                  topic="foreninger", sources=(Source("page", url, "Svømmehaller", url),))


def refine_on_page(text: str, given: Answer, from_page: bool = True,
                   language: str = "da", asks: tuple[str, ...] = ("amount",)) -> Answer:
    """After "hvad koster det at gå til svømning", answered from the pool's page."""
    context = ConversationContext(topic="foreninger", asks=asks, page_url=SWIMMING,
                                  from_page=from_page, language=language,  # type: ignore[arg-type]
                                  question="hvad koster det at gå til svømning")
    question = Question(AARHUS, text, language=language, context=context)  # type: ignore[arg-type]
    return FollowUpFocus()(question, given, TurnState(follow_up=True))


def test_a_follow_up_answered_from_the_same_page_hears_its_line_for_the_group():
    pensioners = refine_on_page("og for pensionister?", page_answer())
    assert pensioners.text == search_answer("Pensionister og studerende: 30 kr.")
    assert pensioners.diagnostics["focus"] == "pension pensionist"
    children = refine_on_page("og for børn?", page_answer())
    assert children.text == search_answer("Børn 3-17 år: 25 kr.")
    english = page_answer(search_answer(language="en"))
    assert refine_on_page("and for retired people?", english, language="en").text == (
        search_answer("Pensionister og studerende: 30 kr.", "en"))
    assert refine_on_page("and for students?", english, language="en").text == (
        search_answer("Pensionister og studerende: 30 kr.", "en"))
    adults = refine_on_page("and for adults?", english, language="en").text
    assert "Voksne: 45 kr." in adults and "Børn" not in adults


def test_a_page_answer_from_another_page_or_after_a_curated_answer_is_left_alone():
    other = page_answer(url="https://www.aarhus.dk/borger/kultur-og-fritid")
    assert refine_on_page("og for pensionister?", other) == other
    assert refine_on_page("og for pensionister?", page_answer(), from_page=False).text == (
        search_answer())


def test_a_page_answer_is_not_cut_to_a_day_of_the_week():
    hours = ("Mandag-fredag kl. 6-21. Lørdag og søndag kl. 8-16. Søndag koster det 30 kr. for "
             "familier.")
    given = page_answer(search_answer(hours))
    assert refine_on_page("og om søndagen?", given).text == search_answer(hours)
    # the same sentences, asked about families: cut
    assert refine_on_page("og for familier?", given).text == search_answer(
        "Søndag koster det 30 kr. for familier.")


def test_a_negative_heading_is_never_cut_off_a_page_answer():
    # search.py leads a quote with its heading when that says "not"; without it the kept
    # sentence would say the opposite
    grants = ("Det kan du ikke få tilskud til: Kontingent for voksne. Udstyr til børn. "
              "Rejser for pensionister.")
    given = page_answer(search_answer(grants))
    assert refine_on_page("og for pensionister?", given, asks=()).text == search_answer(grants)
    # the heading's own sentence kept: the cut is safe
    assert refine_on_page("og for voksne?", given, asks=()).text == search_answer(
        "Det kan du ikke få tilskud til: Kontingent for voksne.")


def test_a_sentence_too_short_to_name_its_subject_keeps_the_one_before():
    """"Holdes 2 gange om året." after the course for relatives: alone, or after the relatives'
    groups, it would say the groups meet twice a year."""
    text = ("Pårørendegrupper mødes hver anden torsdag kl. 16-18. Kursus for pårørende over 4 "
            "aftener om demens. Holdes 2 gange om året. Aflastning på et plejecenter.")
    assert focus(text, roots("hold")) == (
        "Kursus for pårørende over 4 aftener om demens. Holdes 2 gange om året."
    )
