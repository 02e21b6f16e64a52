"""What the embedder reads of a long message: the intents' cut without filler words, and the
safety classifier's cut as written."""

from muni.nlu.classifier import EMBEDDING_WORDS, embedding_text, safety_embedding_text

STORY = (
    "min søn på 19 har sparet op til fyrværkeri og vil gerne starte allerede i juleferien med "
    "raketter i haven. fra hvilken dag maa man egentlig skyde det af? vores hund hader knaldet "
    "saa vi vil gerne vide det"
)


def test_a_long_story_keeps_its_question_from_the_middle():
    kept = embedding_text(STORY).split()
    assert len(kept) <= EMBEDDING_WORDS
    # the subject and the question, which sit in the middle of 40 words
    assert "fyrværkeri" in kept and "skyde" in kept and "hvilken" in kept
    # filler, written with or without æøå, is what goes first
    assert not {"og", "på", "saa", "det", "af?", "vi"} & set(kept)


def test_words_that_turn_the_meaning_stay():
    text = (
        "jeg har haft det rigtig skidt længe og jeg orker ikke mere og vil ikke være her, "
        "hvad gør jeg med min lejlighed og mine ting når jeg ikke er her mere"
    )
    kept = embedding_text(text).split()
    assert "ikke" in kept and "orker" in kept and "mere" in kept


def test_short_messages_are_read_as_written():
    assert embedding_text("  Hvad KOSTER et pas  ") == "hvad koster et pas"
    assert embedding_text("og for børn?") == safety_embedding_text("og for børn?") == "og for børn?"


def test_the_safety_cut_keeps_first_and_last_words_as_written():
    kept = safety_embedding_text(STORY).split()
    assert len(kept) == EMBEDDING_WORDS
    assert kept[:8] == STORY.split()[:8] and kept[8:] == STORY.split()[-8:]



def test_a_message_of_nothing_but_filler_keeps_its_words():
    only_filler = " ".join(["og det er"] * 7)
    assert embedding_text(only_filler)  # never an empty text for the embedder
