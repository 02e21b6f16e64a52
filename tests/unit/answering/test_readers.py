"""Who a page sentence is addressed to (answering/readers.py)."""

from muni.answering.readers import BUSINESSES, PRESS, addressed_to_press, addresses


def test_a_sentence_for_journalists_addresses_the_press():
    assert addressed_to_press("Journalister kan kontakte kommunens pressefunktion på 89 40 10 00.")
    assert addresses("jeg er journalist, hvad er jeres nummer", PRESS)


def test_a_sentence_for_citizens_addresses_neither_press_nor_businesses():
    sentence = "Du kan ringe til Borgerservice på 89 40 20 00."
    assert not addressed_to_press(sentence)
    assert not addresses(sentence, BUSINESSES)


def test_businesses_are_named_by_the_beginning_of_a_word():
    assert addresses("Har du spørgsmål om erhvervsaffald, så kontakt erhvervsservice.", BUSINESSES)
    assert addresses("Virksomheder skal bruge erhvervsordningen.", BUSINESSES)
    assert not addresses("Genbrugspladsen tager imod affald fra private.", BUSINESSES)
