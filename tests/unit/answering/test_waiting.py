"""A question about waiting for the municipality is not a complaint (answering/waiting.py)."""

from pathlib import Path

import pytest
import yaml

from muni.answering.waiting import COMPLAINT_SUBS, asks_how_long_to_wait

TOPICS = Path(__file__).resolve().parents[3] / "content" / "topics"


@pytest.mark.parametrize("text", [
    "vi søgte om hjemmehjælp til min far for en uges tid siden.. hvor lang tid går der normalt "
    "før kommunen har behandlet det?",
    "We applied for an electric wheelchair three weeks ago. How long does it usually take to "
    "get a decision?",
    "min far blev godkendt til plejebolig i sidste uge. hvor lang tid kan der gå før han får en",
    "hvornår skal kommunen senest gå i gang med træningen?",
    "hvor længe skal jeg vente på svar",
    "hvor mange uger plejer der at gå, før kommunen har behandlet sådan en",
    "hvor mange uger skal hun regne med der gaar foer hun hoerer noget",
    # "have to wait" and the caseworker's "hun" are the municipality's time
    "how long do I have to wait for a decision on my home help",
    "how long must I wait for an answer",
    "min sagsbehandler har haft sagen i 2 måneder, hvor lang tid har hun til at svare",
    "hvornår kan vi senest forvente en afgørelse",
    "my son has learning challenges, how long is the waiting time for support",
])
def test_waiting_questions(text):
    assert asks_how_long_to_wait(text)


@pytest.mark.parametrize("text", [
    "hvor lang tid har jeg til at klage over afgørelsen",
    "how long do I have to appeal the decision",
    "min mor fik nej til plejehjem, hvor lang tid går der før vi kan få svar på en ny ansøgning",
    "hvad koster hjemmehjælp",
    # an objection, or a deadline of the citizen's own
    "hvor lang tid har jeg til at gøre indsigelse mod vurderingen",
    "what is the time limit to object to the decision",
    "hvornår skal jeg senest svare kommunen på brevet",
    "how long do I have to reply to the letter",
    "min far er ikke tilfreds med hjælpen, hvor lang tid tager det før de svarer",
    "de har frataget min mor hjemmehjælpen, hvor lang tid går der før vi hører noget",
])
def test_not_waiting_or_a_complaint(text):
    assert not asks_how_long_to_wait(text)


def test_no_complaint_phrasing_in_the_content_reads_as_a_waiting_question():
    phrasings = [
        phrasing
        for path in sorted(TOPICS.glob("*.yaml"))
        for sub in yaml.safe_load(path.read_text(encoding="utf-8")).get("sub_answers") or []
        if sub["id"] in COMPLAINT_SUBS
        for phrasing in sub.get("phrasings", [])
    ]
    assert len(phrasings) > 150
    assert [p for p in phrasings if asks_how_long_to_wait(p)] == []


def test_every_complaint_sub_answer_is_in_the_content():
    ids = {
        sub["id"]
        for path in sorted(TOPICS.glob("*.yaml"))
        for sub in yaml.safe_load(path.read_text(encoding="utf-8")).get("sub_answers") or []
    }
    assert COMPLAINT_SUBS <= ids
