"""Follow-ups that can be asked about any matter and name no subject of their own.

"kan jeg gøre det for min mor" after a question about housing benefit asks whether a relative
may act for the citizen in that matter; "hvad hvis jeg ikke har mitid" after a question about
moving asks how to do it without MitID. Read on their own, the first names nobody's matter and
the second names MitID, so the classifier sent them to random sub-answers or to the answer on
getting MitID (8 of 9 in bench/generic_follow_ups.py). `general_ask` recognises them; the
curated-intent step then answers about the conversation's topic: with the topic's own
sub-answer on it when there is one (`GeneralAsk.marks` in its phrasings), else with a general
answer and the topic's phone number (`AnswerBook.general_answer`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from muni.answering.follow_up import subject_words
from muni.facts.kinds import asked_kinds, value_kinds
from muni.nlu.normalize import normalize


@dataclass(frozen=True)
class GeneralAsk:
    kind: str  # "on_behalf" or "without_mitid": the text key topic_<kind> in muni.texts
    marks: re.Pattern[str]  # in a sub-answer's phrasings: citizens ask it this
    answered: re.Pattern[str]  # in its Danish answer: it answers this (not just mentions it)


_RELATIVES = (
    r"mor|far|mormor|morfar|farmor|farfar|bedstemor|bedstefar|forældre|foraeldre|foraldre|"
    r"datter|søn|son|soen|barn|børn|born|boern|mand|kone|hustru|kæreste|kaereste|kareste|"
    r"nabo|ven|veninde|bror|søster|soster|soester|svigermor|svigerfar|onkel|moster|faster|"
    r"tante|svigerdatter|svigersøn|svigerson|barnebarn|børnebørn|nevø|niece|plejemor|plejefar|"
    r"mother|father|mum|mom|dad|parents|daughter|son|child|husband|wife|partner|"
    r"neighbour|neighbor|friend|brother|sister|grandmother|grandfather|grandma|grandpa"
)
# doing something in a matter: "for min mor" after one of these is acting for her; after
# "gælder det også" it is whether the rules apply to her
_ACT = (
    r"gør|gøre|gøres|gore|goere|klare|klares|ordne|ordnes|søge|søges|soge|soege|ansøge|ansoge|"
    r"melde|bestille|udfylde|hente|tage mig af|tage sig af|do|does|apply|handle|sort|fill|book|"
    r"order"
)
_FOR_SOMEONE = re.compile(
    rf"\b({_ACT})\b.*\b(for|på vegne af|pa vegne af|paa vegne af|on behalf of) (min|mit|mine|"
    rf"vores|hans|hendes|my|our|his)( \w+)? ({_RELATIVES})\b"
    rf"|\b({_ACT})\b.*\bfor (ham|hende|him)\b"
    rf"|\b(på|pa|paa) vegne af\b"
    r"|\b(på|pa|paa) (hans|hendes|deres|dine|mine|(min|din|sin) \w+s) vegne\b"
    r"|\bon (his|her|their|my \w+'?s?) behalf\b|\bon behalf of\b"
    rf"|\b(min|mit|mine|my) ({_RELATIVES}) .*\bfor (mig|me|os|us)\b"
    # "må min kone ordne det" (not "kan min søn søge om det": whether the son may apply)
    rf"|\b(min|mit|mine|vores|my|our) (\w+ )?({_RELATIVES}) (\w+ )?(gøre|gore|goere|klare|ordne|"
    r"do|does|handle|sort)\b"
    rf"|\b(hjælpe|hjaelpe|hjalpe|help) (min|mit|mine|vores|my|our) (\w+ )?({_RELATIVES})\b"
    r"|\b(pårørende|parorende|paaroerende|a relative)\b"
    r"|\bfuldmagt\w*\b|\bpower of attorney\b"
)
_NO_MITID = re.compile(
    r"\b(ikke|ingen|uden|hverken|aldrig|no|without|neither|never|don t|do not|dont|haven t|"
    r"havent|cannot|"
    r"can t|cant)\b"
    r"[^.?!]*\b(mitid|mit id|nemid)\b"
    r"|\b(mitid|mit id|nemid)\b[^.?!]*\b(ikke|not)\b"
)
ON_BEHALF = GeneralAsk(
    "on_behalf",
    re.compile(r"fuldmagt|\b(på|pa|paa) (\w+ )?vegne|on behalf|power of attorney"),
    re.compile(r"fuldmagt|\bpå \w+ vegne|for en anden|møde op selv|selv møde op"),
)
WITHOUT_MITID = GeneralAsk(
    "without_mitid",
    _NO_MITID,
    re.compile(r"(har du ikke|uden|ikke har|kan du ikke \w+) mitid"),
)

# words such a message may hold besides them without naming a subject of its own
_NOT_A_SUBJECT = frozenset(
    """
    gøre gøres gore goere klare klares ordne ordnes hjælpe hjælp hjaelpe hjalpe søge soge soege
    melde bestille pa paa af vegne fuldmagt fuldmagten fuldmagter digital digitalt papir gamle
    syge ældre gerne lige bare selv nok hverken eller aldrig endnu tage sig mig dement demens
    syg gammel sengeliggende indlagt svag pårørende parorende paaroerende relative mitid nemid
    id app appen virker fungerer ingen uden if don dont t haven havent cannot can do does have
    has not no without power attorney behalf mother father mum mom dad parents daughter son
    child husband wife partner neighbour neighbor friend brother sister grandmother grandfather
    grandma grandpa me us him her them my our his their
    passer plejer fået faet få fik bruge bruger udfylde udfyldes
    """.split()
)
_RELATIVE_WORDS = frozenset(_RELATIVES.split("|"))


def general_ask(text: str) -> GeneralAsk | None:
    """What a follow-up asks that could be asked about any matter, if it names nothing else
    and asks for no value ("hvad koster det for min mor" asks the topic's price)."""
    if value_kinds(asked_kinds(text)):
        return None
    plain = normalize(text)
    if _NO_MITID.search(plain):
        asked = WITHOUT_MITID
    elif _FOR_SOMEONE.search(plain):
        asked = ON_BEHALF
    else:
        return None
    own = [
        w
        for w in subject_words(text)
        if w not in _NOT_A_SUBJECT and w not in _RELATIVE_WORDS and w[:-1] not in _RELATIVE_WORDS
    ]  # "mors" is the mother's
    return None if own else asked
