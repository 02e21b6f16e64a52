"""What of a curated answer stays beside a page quote: a sentence the page contradicts goes,
and so does a paragraph that only says again what the quote says."""

from muni.answering.curated_edits import without_repeats, without_sentences_holding


def test_the_contradicted_sentence_is_left_out_even_with_full_stops_in_the_value():
    value = "alle dage 7-19 fra april til september, lukket 24.-26. december og 1. januar"
    text = (f"Du kan aflevere haveaffald gratis. Åbningstider: {value}.\n\n"
            "Husk at sortere. Tjek siden, før du kører.")
    kept = without_sentences_holding(text, [value])
    assert kept == ("Du kan aflevere haveaffald gratis.\n\n"
                    "Husk at sortere. Tjek siden, før du kører.")
    assert without_sentences_holding(text, ["findes ikke"]) == text


def test_the_contradicted_sentence_is_cut_where_the_sentence_begins_not_at_an_ordinal():
    # "0. klasse" and "1. januar" end no sentence: cutting there left "Indskrivning til 0."
    text = ("Indskrivning til 0. klasse: fra 1. november til 15. december. Du skriver dit "
            "barn ind med MitID.\n\n1. Find linket.\n2. Betal 225 kr. ved skranken.\n"
            "3. Du får svar.")
    assert without_sentences_holding(text, ["1. november til 15. december"]) == (
        "Du skriver dit barn ind med MitID.\n\n1. Find linket.\n"
        "2. Betal 225 kr. ved skranken.\n3. Du får svar.")
    # a list item left with only its number goes, not a lone "2."
    assert without_sentences_holding(text, ["225 kr."]).endswith(
        "1. Find linket.\n3. Du får svar.")
    assert without_sentences_holding("Fra 1. januar koster det 225 kr. Ring kl. 8-10.",
                                     ["225 kr."]) == "Ring kl. 8-10."

PASSPORT_QUOTE = (
    "Et pas koster 893 kr. for voksne og 381 kr., når du har nået folkepensionsalderen. For "
    "børn under 12 år koster det 150 kr., og for unge på 12-17 år 181 kr."
)


def test_a_curated_sentence_that_says_again_what_the_quote_says_goes():
    curated = (
        "Et pas til en voksen koster 893 kr. Har du nået folkepensionsalderen, koster det "
        "381 kr. Et pas til et barn koster 150 kr. (under 12 år) eller 181 kr. (12-17 år).\n\n"
        "Priserne gælder, når du viser dit gamle pas. Vil du have taget pasfoto i "
        "Borgerservice, er prisen: ca. 150 kr."
    )
    idf = {"pas": 4.0, "voks": 3.0, "voksn": 3.0, "folkepensionsald": 5.0, "barn": 3.0,
           "børn": 3.0, "pasfoto": 6.0, "borgerservic": 4.0, "ell": 0.2, "du": 0.1}
    # the photo costs 150 kr. too, but the quote says nothing of photos: it stays
    assert without_repeats(curated, PASSPORT_QUOTE, ("amount",), idf) == (
        "Priserne gælder, når du viser dit gamle pas. Vil du have taget pasfoto i "
        "Borgerservice, er prisen: ca. 150 kr."
    )


def test_a_curated_sentence_with_words_of_its_own_stays():
    quoted = "Bor du i parcelhus, kan du få storskrald hentet gratis op til 12 gange om året."
    curated = (
        "Prisen for at få hentet storskrald: gratis for private husstande, fordi det er "
        "dækket af boligbidraget.\n\nAffald fra en virksomhed bliver ikke hentet."
    )
    idf = {"storskrald": 4.0, "boligbidrag": 6.0, "husstand": 4.0, "privat": 3.0}
    assert without_repeats(curated, quoted, ("amount",), idf) == curated


def test_a_paragraph_that_goes_on_with_something_of_its_own_stays_whole():
    quoted = "Byrådet har 31 medlemmer, som blev valgt ved kommunalvalget i november 2025."
    curated = (
        "Byrådet har 31 medlemmer. De er valgt for perioden fra 2026 til 2029.\n\n"
        "På kommunens side om byrådet kan du se alle medlemmer."
    )
    idf = {"byråd": 4.0, "medlem": 3.0, "period": 3.0}
    # without its first sentence, "De er valgt …" would refer to nothing
    assert without_repeats(curated, quoted, ("count",), idf) == curated
