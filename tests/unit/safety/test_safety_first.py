"""The safety-first refiner puts the safety reply before an answer it keeps, with one way to a
person: the answer's own "Tal med en medarbejder" (a plain message) gives way to the handoff
button."""

from __future__ import annotations

from muni.domain import Answer, QuickReply
from muni.safety.step import SafetyFirst


def test_the_person_button_is_added_once():
    own = QuickReply("Tal med en medarbejder", "Tal med en medarbejder", None)
    answer = Answer(text="Børneydelsen ...", origin="curated", status="answered",
                    topic="boerneydelse", quick_replies=(QuickReply("Satser", "Satser", None), own))
    kept = SafetyFirst._after(answer, "Har du det svært ...", "self_harm", "self_harm", "da")
    labels = [r.label for r in kept.quick_replies]
    assert labels.count("Tal med en medarbejder") == 1
    assert kept.quick_replies[-1].topic == "menneske"  # the button that starts a handoff
    assert kept.text.startswith("Har du det svært ...")
    without = Answer(text="Børneydelsen ...", origin="curated", status="answered",
                     topic="boerneydelse", quick_replies=(QuickReply("Satser", "Satser", None),))
    added = SafetyFirst._after(without, "Har du det svært ...", "self_harm", "self_harm", "da")
    assert [r.label for r in added.quick_replies] == ["Satser", "Tal med en medarbejder"]


def _after_rule(text: str, topic: str = "misbrug", said: str = "Svaret ...") -> Answer:
    from muni.answering.state import TurnState
    from muni.domain import Question, Tenant
    from muni.safety.rules import rule_verdict

    verdict = rule_verdict(text)
    assert verdict is not None and verdict.label == "emergency"
    answer = Answer(text=said, origin="curated", status="answered", topic=topic,
                    confidence=0.95)
    refiner = SafetyFirst(book=None)  # type: ignore[arg-type]
    question = Question(Tenant(1, "t", "T Kommune", "000"), text)
    return refiner(question, answer, TurnState(safety=verdict))


def test_an_emergency_rule_keeps_an_answer_only_to_what_else_was_asked():
    # the classifier reads the topic "misbrug" into "piller"; nothing else was asked
    alone = _after_rule("mit barn har slugt nogle af mine piller, hvad gør jeg")
    assert alone.status != "answered" and "Giftlinjen" in alone.text
    assert "Svaret" not in alone.text
    more = _after_rule("min søn har spist nogle af mine piller, og så skulle jeg høre om "
                       "sfo-pladsen", topic="sfo", said="Svaret om SFO-pladsen ...")
    assert more.text.startswith("Ring 112") and "Svaret" in more.text
    # the burning house read as a wood stove: an answer to nothing that was asked
    fire = _after_rule("huset brænder og min søn er syg", topic="braendeovn",
                       said="Generer røg fra en nabos brændeovn dig, så tal først med naboen.")
    assert fire.status != "answered" and "brændeovn" not in fire.text
    assert fire.text.startswith("Ring 112")
    # "af", "min", "et" are no question of their own: how to register a death is not kept
    dying = _after_rule("hjælp min mand er ved at dø af et hjerteanfald", topic="doedsfald",
                        said="Når en person dør, skal dødsfaldet anmeldes. Beløbet afhænger "
                        "af afdødes formue, og der er et skifte.")
    assert dying.status != "answered" and "dødsfaldet" not in dying.text
    assert dying.text.startswith("Ring 112")


class _Book:
    """The one thing the refiner asks of the answer book for an illness: the tenant's values."""

    def __init__(self, values: dict[str, str]) -> None:
        self._values = values

    def values(self, tenant, language="da"):
        return self._values


def _after_classifier(text: str, score: float, values: dict[str, str],
                      answer: Answer | None = None) -> Answer:
    from muni.answering.state import TurnState
    from muni.domain import Question, Tenant
    from muni.safety.verdict import SafetyVerdict

    verdict = SafetyVerdict("emergency", score, "classifier")
    answer = answer or Answer(text="Svaret ...", origin="search", status="answered",
                              confidence=0.2)
    question = Question(Tenant(1, "t", "T Kommune", "000"), text)
    return SafetyFirst(_Book(values))(question, answer, TurnState(safety=verdict))


def test_an_illness_the_classifier_reads_as_danger_gets_112_and_the_out_of_hours_doctor():
    sure = _after_classifier("vores søn på 2 kaster op og har feber, lægen har lukket", 0.98,
                             {"laegevagt_telefon": "70 11 31 31"})
    assert sure.origin == "guard" and sure.safety == "emergency"
    assert sure.text.startswith("Ring 112 nu") and "lægevagten: 70 11 31 31." in sure.text
    # no number for the tenant: where to find it, never a placeholder
    unknown = _after_classifier("my son is throwing up and has a fever", 0.98, {})
    assert "1813" in unknown.text and "laegevagten.dk" in unknown.text and "{" not in unknown.text


def test_an_unsure_illness_keeps_a_good_answer_after_a_short_line():
    answer = Answer(text="Er dit barn sygt ...", origin="curated", status="answered",
                    topic="sundhedspleje", confidence=0.9)
    kept = _after_classifier("min søn på 3 har 40 i feber og er slap", 0.6,
                             {"laegevagt_telefon": "70 11 07 07"}, answer)
    assert kept.text.startswith("Er nogen i livsfare, så ring 112.")
    assert "lægevagten: 70 11 07 07." in kept.text and "Er dit barn sygt" in kept.text


def test_an_unsure_illness_answer_that_names_112_and_the_doctor_gets_no_repeated_line():
    said = ("Er dit barn sygt, så ring til din egen læge ... lægevagten: 70 11 07 07.\n\n"
            "Ring 112, hvis barnet har svært ved at trække vejret ...")
    answer = Answer(text=said, origin="curated", status="answered", topic="sundhedspleje",
                    confidence=0.9)
    kept = _after_classifier("min søn på 3 har 40 i feber og er slap", 0.6,
                             {"laegevagt_telefon": "70 11 07 07"}, answer)
    assert kept.text == said and kept.safety == "emergency"
    assert kept.quick_replies[-1].topic == "menneske"
    # another region's number in the answer: the line with the tenant's own number stays
    other = _after_classifier("min søn på 3 har 40 i feber og er slap", 0.6,
                              {"laegevagt_telefon": "1813"}, answer)
    assert other.text.startswith("Er nogen i livsfare, så ring 112.")


def test_an_accident_keeps_the_plain_emergency_reply():
    from muni.safety.rules import rule_verdict
    from muni.safety.step import reply_key
    from muni.safety.verdict import SafetyVerdict

    # the rules know a fire: 112 alone, even with a sick child in the message
    fire = rule_verdict("der er brand i køkkenet og min syge søn er derinde")
    assert fire is not None and reply_key(fire, "der er brand i køkkenet og min syge søn") \
        == "emergency"
    # the classifier alone, no illness word: the plain reply
    fall = SafetyVerdict("emergency", 0.9, "classifier")
    assert reply_key(fall, "min mand er faldet ned ad trappen og svarer ikke") == "emergency"


def test_an_accident_the_classifier_reads_as_danger_is_no_illness_even_with_a_sick_person():
    from muni.safety.step import reply_key
    from muni.safety.verdict import SafetyVerdict

    verdict = SafetyVerdict("emergency", 0.9, "classifier")
    for text in ("huset brænder og min søn er syg",
                 "der er røg i opgangen og min mor har feber",
                 "min far er faldet og kaster op",
                 "car crash, my friend is bleeding and feels sick"):
        assert reply_key(verdict, text) == "emergency", text
    for text in ("my daughter has a high fever and threw up twice",
                 "min søn fell ill i nat og er helt sløv",
                 "barnet er sygt og vil ikke drikke"):
        assert reply_key(verdict, text) == "emergency_illness", text


def test_the_illness_words_are_whole_words_not_every_use_of_sick_or_ill():
    from muni.safety.rules import ILLNESS

    for text in ("sygt", "hun er helt sløv", "han kastede op i nat", "feberkramper",
                 "han hoster hele tiden", "udslæt på maven", "hun vil ikke drikke",
                 "diarrhea since monday", "my son is ill", "she has a rash"):
        assert ILLNESS.search(text), text
    for text in ("the car is ill-parked outside my house", "I am sick of waiting",
                 "jeg er syg og træt af jer", "hvad er adressen på hostel'et",
                 "sygedagpenge regler"):
        assert not ILLNESS.search(text), text
