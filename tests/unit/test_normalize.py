from muni.nlu.normalize import clean, normalize
from muni.nlu.tokens import stem_text


def test_ascii_spellings_meet_danish_letters():
    assert normalize("Koerekort") == normalize("kørekort")
    assert normalize("boernehave") == normalize("børnehave")
    assert normalize("Aabningstider?") == normalize("åbningstider")


def test_repeated_letters_and_punctuation():
    assert normalize("hjææææælp!!!  til PAS???") == "hjælp til pas"
    assert clean("Hejjjj   DER") == "hej der"


def test_doubles_are_kept():
    assert normalize("tømmes") == "tømmes"


def test_stems_and_lemmas_join_word_forms():
    assert stem_text("pas") == stem_text("passet").split()[0]
    assert "l:barn" in stem_text("børnene")


def test_to_look_after_is_not_the_passport():
    # Snowball stems "passes" (is looked after) and "passer" (looks after, fits) as "pas"
    pas = stem_text("pas")
    assert all(stem_text(w) != pas for w in ("passe", "passer", "passes", "passede"))
    assert stem_text("passer") == stem_text("passes")
    assert stem_text("passet") == pas and stem_text("passene").startswith(pas)


def test_dementia_is_not_the_pronoun():
    # Snowball stems "demens" as "dem" ("them"), a word that ties no sentence to a question
    assert stem_text("demens") == "demens" == stem_text("demensen")
