"""Follow-ups that can be asked about any matter and name no subject of their own.

"kan jeg gøre det for min mor" after a question about housing benefit asks whether a relative
may act for the citizen in that matter; "hvad hvis jeg ikke har mitid" after a question about
moving asks how to do it without MitID. Read on their own, the first names nobody's matter and
the second names MitID, so the classifier sent them to random sub-answers or to the answer on
getting MitID (8 of 9 in bench/generic_follow_ups.py). `general_ask` recognises them; the
curated-intent step then answers about the conversation's topic: with the topic's own
sub-answer on it when there is one (`GeneralAsk.marks` in its phrasings), else with a general
answer and the topic's phone number (`AnswerBook.general_answer`).

Six asks are recognised: acting for someone (`ON_BEHALF`), without MitID (`WITHOUT_MITID`),
both at once ("kan jeg søge for min far, han har ikke mitid": a power of attorney can be
asked for on paper), whether it can be done online or needs a visit (`ONLINE`), how it is
done (`HOW`, "hvordan søger jeg"), and what to bring (`BRING`, "hvad skal jeg have med");
ONLINE and HOW get the curated answer that says how (the sub-answer the conversation is on,
else the overview, else the topic's own sub-answer on it), BRING the topic's own sub-answer
that says first what to bring, else whom to ask. Whether the citizen is the one helped
("må min søn ordne det for mig") or the one helping decides which of the power-of-attorney
texts speaks to them (the `_me` kinds). A message names a matter of its own, and is left to
the classifier, when it holds one of the topic terms (`AnswerBook.topic_terms`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from muni.answering.follow_up import subject_words
from muni.facts.kinds import asked_kinds, value_kinds
from muni.nlu.normalize import normalize
from muni.nlu.tokens import stems


@dataclass(frozen=True)
class GeneralAsk:
    kind: str  # the text key topic_<kind> in muni.texts ("on_behalf", "without_mitid", ...)
    marks: re.Pattern[str]  # in a sub-answer's phrasings: citizens ask it this
    answered: re.Pattern[str]  # in its Danish answer: it answers this (not just mentions it)
    overview_answers: bool = False  # the topic's overview answers it when it matches `answered`
    # anywhere in a sub-answer, this answers it too ("du skal møde op selv" in its second
    # paragraph: nobody can do it for you)
    anywhere: re.Pattern[str] | None = None


_RELATIVES = (
    r"mor|far|mormor|morfar|farmor|farfar|bedstemor|bedstefar|forældre|foraeldre|foraldre|"
    r"datter|søn|son|soen|barn|børn|born|boern|mand|kone|hustru|kæreste|kaereste|kareste|"
    r"nabo|ven|veninde|bror|søster|soster|soester|svigermor|svigerfar|onkel|moster|faster|"
    r"tante|svigerdatter|svigersøn|svigerson|barnebarn|børnebørn|nevø|niece|plejemor|plejefar|"
    r"mother|father|mum|mom|dad|parents|daughter|son|child|husband|wife|partner|"
    r"fætter|faetter|fatter|kusine|forlovede|samlever|ægtefælle|aegtefaelle|agtefalle|"
    r"fiance|fiancee|spouse|"
    r"neighbour|neighbor|friend|brother|sister|grandmother|grandfather|grandma|grandpa|"
    r"grandad|granddad|granny|uncle|aunt|cousin"
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
    rf"|\b({_ACT})\b.*\bfor (ham|hende|dem|him|her|them)\b"
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
    r"|\bi (mit|hans|hendes|deres|dit|vores) sted\b|\bi stedet for (mig|ham|hende|dem|min|mit)\b"
    r"|\binstead of (me|him|her|them|my)\b"
)
_NO_MITID = re.compile(
    r"\b(ikke|ingen|uden|hverken|aldrig|no|without|neither|never|don t|do not|dont|haven t|"
    r"havent|cannot|doesn t|doesnt|does not|døsn t|døsnt|døs not|hasn t|hasnt|didn t|didnt|"
    r"can t|cant)\b"
    r"[^.?!]*\b(mitid|mit id|nemid)\b"
    r"|\b(mitid|mit id|nemid)\b[^.?!]*\b(ikke|not)\b"
)
# the citizen is the one helped: "må min søn ordne det for mig", "on my behalf"
_FOR_ME = re.compile(
    r"\bfor (mig|me|os|us)\b|\b(mine|vores) vegne\b|\bon (my|our) behalf\b"
    rf"|\b(min|mit|mine|vores|my|our) (\w+ )?({_RELATIVES}) (\w+ )?(kan |må |ma |can |could |may )?"
    rf"({_ACT})\b"
)
_FOR_OTHER = re.compile(
    r"\bfor (ham|hende|dem|him|her|them|min|mit|mine|my|his|hans|hendes|vores|our)\b"
    r"|\b(hans|hendes|deres|his|her|their) (vegne|behalf)\b"
)
# someone else is the one without MitID: "hun har ikke mitid", "my mum has no mitid"
_SOMEONE_ELSE = re.compile(
    rf"\b(hun|han|de|she|he|they|(min|mit|mine|vores|my|our) (\w+ )?({_RELATIVES}))\b"
)
_ONLINE = re.compile(
    r"\b(online|on line|digitalt?|nettet|internettet|net|hjemmefra|hjemme fra|from home|"
    r"hjemmesiden?|website|selvbetjening\w*|computer\w*|web|digitally)\b"
    r"|\b(møde (\w+ )?op|moede (\w+ )?op|mode (\w+ )?op|møde personligt|komme ind|"
    r"komme forbi|kigge forbi|"
    r"personligt|fremmøde|fremmode|in person|show up|come in)\b"
)
_POWER_OF_ATTORNEY_MARKS = re.compile(
    r"fuldmagt|\b(på|pa|paa) (\w+ )?vegne|on behalf|power of attorney"
)
_POWER_OF_ATTORNEY_ANSWERED = re.compile(
    r"fuldmagt|\bpå \w+ vegne|for en anden|møde op selv|selv møde op"
)
_IN_PERSON = re.compile(r"møde op selv|selv møde op")


def _on_behalf(kind: str) -> GeneralAsk:
    return GeneralAsk(
        kind, _POWER_OF_ATTORNEY_MARKS, _POWER_OF_ATTORNEY_ANSWERED, anywhere=_IN_PERSON
    )


ON_BEHALF = _on_behalf("on_behalf")
ON_BEHALF_ME = _on_behalf("on_behalf_me")
ON_BEHALF_WITHOUT_MITID = _on_behalf("on_behalf_without_mitid")
ON_BEHALF_WITHOUT_MITID_ME = _on_behalf("on_behalf_without_mitid_me")
WITHOUT_MITID = GeneralAsk(
    "without_mitid",
    _NO_MITID,
    re.compile(r"(har du ikke|uden|ikke har|kan du ikke \w+) mitid"),
)
# how it is done, asked of the conversation's matter: "hvordan søger jeg", "how do I apply"
_HOW = re.compile(
    r"^(og |men |okay |ok )?(hvordan|hvorledes) (søger|ansøger|ansoger|soger|soeger|melder|"
    r"bestiller|gør|gor|goer|får|far|faar) (jeg|man|vi)( så| sa| saa)?( det| den| dem| om det|"
    r" om den| om dem)?$"
    r"|^(and |ok |okay )?how (do|can|should) (i|we|you) (apply|do it|do that|get it|order it|"
    r"apply for it|report it)$"
)
# what a curated answer that says how the matter is done has in it (online, on paper, in
# person), and how citizens ask how to apply
_SAYS_HOW = (
    r"borger\.dk|online|digital|på nettet|selvbetjening|møde op|hjemmeside|kommunens side|"
    r"log(ger)? (ind|på)|med mitid|i borgerservice|formular|blanket"
)
_HOW_TO_APPLY = r"\bhvordan (søger|ansøger|melder|bestiller|ansøg|søg)"
HOW = GeneralAsk(
    "how",
    re.compile(rf"{_HOW_TO_APPLY}|how do i apply"),
    re.compile(rf"{_SAYS_HOW}|\bring\b|ringe til|du (søger|ansøger|melder|bestiller)"),
    overview_answers=True,
)
# what to bring, asked of the conversation's matter: "hvad skal jeg have med", "hvilke
# papirer skal vi medbringe", "what documents do I need to bring"
_WHO_BRINGS = r"(jeg|vi|man|han|hun|de|i|(min|mit|mine|vores|din|dit|hans|hendes) \w+)"
_BRING = re.compile(
    # "hvad skal jeg (huske at) have med", "hva ska jeg ha med", "er der noget jeg skal ..."
    rf"\b(hva|hvad|noget) (\w+ )?ska(l)? {_WHO_BRINGS} (\w+ ){{0,3}}(have|ha|tage|tag|bringe) "
    r"(\w+ ){0,2}med\b"
    rf"|\bnoget {_WHO_BRINGS} ska(l)? (\w+ ){{0,3}}(have|ha|tage|tag) (\w+ ){{0,2}}med\b"
    # "skal jeg have et billede med", "skal jeg tage mit gamle pas med" (not a person or pet)
    rf"|\bskal {_WHO_BRINGS} (\w+ ){{0,2}}(have|ha|tage|tag) "
    rf"(?!(min|mit|mine|vores|din|dit) ({_RELATIVES}|hund|kat)\b)(\w+ ){{1,4}}med\b"
    r"|\bme?d?bring\w*|\bmebring\w*"
    r"|\b(hvilke|hvilken|hvad for nogle|hvad for) (papir\w*|dokument\w*|documents?|"
    r"bilag|id|legitimation|billedlegitimation)\b"
    r"|\bwhat\b.*\bbring\b( \w+){0,4}|\b(need|needs|should|must|have|has) (to )?bring\b( \w+){0,4}"
    r"|\b(should|must|shall) (i|we|he|she|they|my \w+) (also )?bring\b( \w+){0,4}"
    r"|\b(which|what) (documents|papers|paperwork|documentation|id)\b"
)
# the visit it is for, said around the ask: no other matter
_THE_VISIT = re.compile(
    r"\b(to|til) (the |my |our |min |mit |vores )?(appointment|meeting|aftalen|mødet|moedet|"
    r"modet|tiden|samtalen|borgerservice)\b"
    r"|\bnår (jeg|vi|man|hun|han|de|i) (kommer|møder op|moeder op|moder op)\b"
)
# ... for an occasion it names ("med til svømmehallen", "for housing benefit"), not the matter
_NOT_THE_MATTER = (
    r"(?!(det|den|dem|mødet|moedet|modet|samtalen|tiden|aftalen|borgerservice|jer|kommunen|"
    r"rådhuset|raadhuset|radhuset|it|that|this|the|an|a|me|mig|os|us|ham|hende|him|her|them|"
    r"my|min|mit|mine|our|vores)\b)\w{4,}"
)
_BRING_FOR_OTHER = re.compile(
    rf"\b(med|bring|bringe|medbringe) (til|to|for) {_NOT_THE_MATTER}"
    rf"|\b(need|needs|bruge|brug) (til|for) {_NOT_THE_MATTER}"
    # bringing someone or something along, not papers: "can I bring my dog"
    rf"|\bbring (my|our|a|the) ({_RELATIVES}|dog|cat|kid|kids)\b"
)
BRING = GeneralAsk(
    "bring",
    re.compile(r"medbring|have med|tage med|\bbring|dokument|papir"),
    re.compile(r"\b(have|tag|tage) [^.]{0,60}\bmed\b|medbring"),
)
ONLINE = GeneralAsk(
    "online",
    re.compile(
        rf"online|digital|nettet|hjemmefra|møde op|moede op|selvbetjening|borger\.dk|"
        rf"{_HOW_TO_APPLY}"
    ),
    re.compile(_SAYS_HOW),
    overview_answers=True,
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
    could would should will this that it is are be out please instead also too someone
    somebody else another person the a an for of on in to possible allowed ok okay handle
    sort fill apply deal take care sign matter thing things she he they
    muligt også ogsaa ogsa istedet stedet anden andre nogen person personen hun han de
    online line digitalt nettet net internettet hjemmefra hjemme hjemmeside hjemmesiden
    website selvbetjening selvbetjeningen computer computeren web møde moede mode op ind
    forbi kigge komme personligt fremmøde fremmode show come from home fysisk digitally
    fætter faetter fatter kusine grandad granddad granny uncle aunt cousin forlovede samlever
    ægtefælle aegtefaelle agtefalle fiance fiancee spouse begge both
    medbringe medbring medbringes bringe bring need needs must shall papirer papir dokumenter
    dokument dokumentation documents document papers paperwork documentation bilag
    legitimation billedlegitimation what which hvad hvilke hvilken
    """.split()
)
_RELATIVE_WORDS = frozenset(_RELATIVES.split("|"))


# a problem with MitID itself ("jeg har glemt min adgangskode"): the MitID topic answers it
_MITID_TROUBLE = re.compile(
    r"\b(adgangskode\w*|kode|koden|password|glemt|huske|spærret|spaerret|blokeret|låst|last|"
    r"laast|app|appen|forgot|forgotten|locked|blocked|crash\w*)\b"
)
# getting MitID itself ("min mormor skal have lavet mitid igen, kan hun møde op i
# borgerservice"): MitID is the matter, not the means
_MITID_ITSELF = re.compile(
    r"\b(lave|lavet|laves|få|faa|oprette|oprettet|oprettes|forny|fornye|fornyet|ny|nyt|"
    r"aktivere|aktiveret|flytte|flyttet|bestille|bestilt|get|create|renew|new|activate|move|"
    r"set up)\b( \w+){0,3} (mitid|mit id|nemid)\b"
)
# asking to do something else online ("kan jeg bestille en tid på nettet", "betale online")
_OTHER_ONLINE = re.compile(r"\b(bestille tid|bestille en tid|booke?|betale|pay|tid)\b")


def general_ask(text: str, topic_terms: frozenset[str] = frozenset()) -> GeneralAsk | None:
    """What a follow-up asks that could be asked about any matter, if it names no matter of
    its own and asks for no value ("hvad koster det for min mor" asks the topic's price).
    A matter is named by a word whose stem is one of `topic_terms` (`AnswerBook.topic_terms`:
    stems citizens use for one topic above all); other words around the ask ("hej igen",
    "jeg er på arbejde hele ugen") do not make it another question. Without `topic_terms`
    every word not known to go with such asks counts as naming a matter."""
    found = _ask(text)
    if found is None:
        return None
    asked, rest = found
    own = [
        w
        for w in subject_words(rest)
        if w not in _NOT_A_SUBJECT and w not in _RELATIVE_WORDS and w[:-1] not in _RELATIVE_WORDS
    ]  # "mors" is the mother's
    if topic_terms:
        own = [w for w in own if any(s in topic_terms for s in stems(w))]
    return None if own else asked


def power_of_attorney_ask(text: str) -> GeneralAsk | None:
    """Whether a message that names its matter asks about a power of attorney for it ("min far
    har ikke mitid, kan jeg søge boligstøtte for ham med en fuldmagt", "kan jeg handle på vegne
    af min onkel"): the ask, whatever else the message names. Only when it says so in those
    words: "må hun tolke for mig" and "I want to help her apply" ask about an interpreter and
    how to apply, which the matter's own sub-answers answer."""
    if not _POWER_OF_ATTORNEY_MARKS.search(normalize(text)):
        return None  # most messages: the words are not there
    found = _ask(text)
    return found[0] if found is not None and found[0].kind.startswith("on_behalf") else None


def _ask(text: str) -> tuple[GeneralAsk, str] | None:
    """The general ask in a message, and the words that could name a matter of their own."""
    if value_kinds(asked_kinds(text)):
        return None
    plain = normalize(text)
    rest = text  # the words that could name a matter of their own
    bring = _BRING.search(plain)
    if _MITID_TROUBLE.search(plain) and not bring:  # "hvad skal jeg huske at tage med"
        return None
    if _MITID_ITSELF.search(plain) and not _NO_MITID.search(plain):
        return None
    for_someone = _FOR_SOMEONE.search(plain)
    for_me = bool(_FOR_ME.search(plain)) and not _FOR_OTHER.search(plain)
    if _NO_MITID.search(plain):
        if for_someone or _SOMEONE_ELSE.search(plain):
            asked = ON_BEHALF_WITHOUT_MITID_ME if for_me else ON_BEHALF_WITHOUT_MITID
        else:
            asked = WITHOUT_MITID
    elif for_someone:
        asked = ON_BEHALF_ME if for_me else ON_BEHALF
    elif bring and not _BRING_FOR_OTHER.search(plain):
        asked = BRING
        # what is brought, and the visit it is for, are no other matter
        rest = _THE_VISIT.sub(" ", f"{plain[: bring.start()]} {plain[bring.end() :]}")
    elif _ONLINE.search(plain) and not _OTHER_ONLINE.search(plain):
        asked = ONLINE
    elif _HOW.search(plain.strip(" ?!.")):
        asked = HOW
    else:
        return None
    return asked, rest
