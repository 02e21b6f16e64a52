"""Follow-up questions: a message that only makes sense with what was said before ("og hvad
koster det?", "hvad med om søndagen", "hvor ligger de?", "og for børn?").

A message is elliptic when it starts like a continuation, refers back with a pronoun, or has
hardly any words of its own. The curated-intent step then keeps the conversation's topic
unless the message on its own clearly asks about something else."""

from __future__ import annotations

import re

from muni.domain import ConversationContext
from muni.nlu.normalize import normalize

_CONTINUATION = re.compile(
    r"^(og|men|så|saa|hvad med|hvad så med|hvad hvis|hvis nu|og hvis|også|samme|hvordan med|"
    r"and|but|what about|how about|also|and if|what if)\b"
)
# Words that point back at a place from before ("skal vi slæbe det med derud"): they name no
# subject of their own
_PLACE_BACK = "derhen derinde dertil derud derop derned derover derind derude derovre derhenne"
_BACK_REFERENCE = frozenset(
    f"det den de dem der dér deres dens dets {_PLACE_BACK} dét dén "
    "it they them there that those its their".split()
)
# Words that carry no subject of their own: question words, auxiliaries, fact words.
_NO_SUBJECT = frozenset(
    """
    og men så hvad hvor hvordan hvornår hvem hvilken hvilke hvis hvorfor om med for til på af i
    at er var være kan kunne skal skulle vil ville må måtte har have får få fik gør gøre går
    jeg du man vi i han hun mig dig os jer sig min mit mine din dit dine vores jeres sin sit
    en et den det de der dem nu også lige bare ikke nej ja jo da hos ved fra efter før inden
    koster kost pris prisen priser lang lange tid tider tidspunkt tidspunkter klokken længe
    mange meget gammel gamle alder
    ligger ligge åbent åben lukket lukker åbner ringe ring nummer adresse tager tage
    mandag tirsdag onsdag torsdag fredag lørdag søndag weekend weekenden dag dage morgen
    mandagen tirsdagen onsdagen torsdagen fredagen lørdagen søndagen aften aftenen i dag
    børn barn voksne voksen pensionister studerende ældre unge sådan stadig igen så
    pensionist student senior seniorer mor far mormor morfar farmor farfar datter søn
    svigermor svigerfar bedstemor bedstefar kæreste kone hustru bror søster barnebarn
    gerne helst selv altså godt
    kommune kommunen kommunens over op ud ind henne sted egentlig faktisk nogen noget alle
    hende ham hans hendes dem deres den det hvad hvor tit ofte længe
    år aar end yngre eller enten hverken både baade
    når uge uger sent tidligt begge andet anden andre først
    the a an and but what about how much many long does do is are it they there that cost
    costs price when where who can i you we on at for of to in with children child kids
    or either neither nor both
    adressen adresser adresserne address addresses s whats number phone
    """.split()
) | frozenset(_PLACE_BACK.split())


# Words that hedge or tell who is there, in a message that goes on from the last: "og hvis jeg
# kommer for sent med dem? vi bliver nok hængende hos svigerfamilien lidt længere …" still asks
# about the loans. Only there: "hvornår kommer skraldebilen" has a subject of its own.
_HEDGES = frozenset(
    """
    kommer komme bliver blive blev nok lidt vel ca cirka længere måske familien svigerfamilien
    """.split()
)


# Words for how to reach the municipality or how to apply, whatever the matter: "hvem skal jeg
# kontakte" after a question about waste collection asks for whoever handles waste, not for the
# municipality's switchboard; "kan jeg få hjælp til at søge" after housing benefit is about that.
_HOW_TO_REACH = frozenset(
    """
    kontakt kontakte kontakter kontaktes henvende henvender ringe ringer telefon telefonen
    telefonnummer telefonnummeret telefonnumre tlf mail mailen mails mailadresse mailadressen
    email emailen skrive skriver hjælp hjælpe hjælper søge søger søges søgt søgte ansøge ansøger
    ansøgt ansøgte ansøgning ansøgningen online digitalt digital nettet selvbetjening
    selvbetjeningen personligt
    contact call phone email write help apply applied application digitally
    """.split()
)


_NEW_SUBJECT = re.compile(
    r"\b(helt andet|noget (helt )?andet|(en )?anden ting|et andet spørgsmål|nyt spørgsmål|"
    r"ny ting|apropos|forresten|i øvrigt|iøvrigt|btw|by the way|another thing|something else|"
    r"different question|new question|on another note)\b"
)


# "og hvis hun hverken har pas eller kørekort?" after MitID: a condition on the matter at hand;
# "og når han kommer i 4. klasse?" after the distance for a free bus card too ("når" is the
# conjunction; the question word is "hvornår")
_CONDITION = re.compile(
    r"^(og|men|så|saa)? ?(hvis|hvad hvis|hvad nu hvis|hvis nu|når)\b|^(and|but)? ?(if|what if)\b"
)


# What a person in a follow-up is, not what the message asks about: "og min far paa 71 skal
# med, han er paa folkepension" after a passport's price asks the pensioner's price; "hun har
# kun folkepensionen" after home help asks whether it costs her anything.
_PERSON_STATE = re.compile(
    r"\b(?:han|hun|de|jeg|vi|hendes|hans|min|mit|mine|vores|[a-zæøå]*(?:mor|far))?\s*"
    r"(?:er|bliver|blev|var|lever|går|gaar)\s+(?:p(?:å|aa|a)\s+)?(?:folke|førtids|foertids)?"
    r"(?:pension(?:en)?|pensionist(?:er)?|pensioneret)\b"
    r"|\b(?:han|hun|de|jeg|vi)\s+(?:har|får|faar|lever af)\s+(?:kun\s+|bare\s+)?"
    r"(?:sin\s+|min\s+|deres\s+|vores\s+)?(?:folke|førtids|foertids)?pension(?:en)?\b"
    r"|\bsom\s+(?:folke|førtids|foertids)?pensionist\b"
    r"|\b(?:he|she|they)(?:\s+(?:is|are)|['’](?:s|re))\s+(?:a\s+)?"
    r"(?:pensioners?|retired|on (?:a|the|state) pension)\b"
    # "and for pensioners?" after a passport's price asks that price for them; "are there
    # activities for seniors" keeps its subject
    r"|\b(?:and|what about|how about)\s+(?:for\s+)?"
    r"(?:pensioners|retirees|retired people|seniors)\b",
    re.IGNORECASE,
)


def without_person_state(text: str) -> str:
    """The message without what it says a person is ("han er pensionist"): in a conversation
    that is who the question is asked for, not another topic."""
    return " ".join(_PERSON_STATE.sub(" ", text).split())


# What a citizen says before the follow-up itself: "ok super. og hvad koster det for en
# voksen", "fedt. hvornaar skal jeg senest bestille", "okay thanks, and for kids?"
_ACKNOWLEDGED = re.compile(
    r"^(?:(?:(?:mange |tusind )?tak for (?:hjælpen|svaret|svarene|det|info|infoen|informationen|"
    r"oplysningerne)|thanks for (?:the help|the answer|that)|thank you for (?:the help|that)|"
    r"ok|okay|okey|oki|okej|super|fedt|fint|perfekt|dejligt|tak|mange tak|tusind tak|"
    r"aha|ah|nå|av|øv|hmm|hm|jamen|jaja|ja tak|cool|nice|great|thanks|thank you|alright|"
    r"got it|perfect|sounds good|lyder godt|det lyder godt|godt at vide|forstået)\s+)+"
)


def leading(text: str) -> str:
    """The normalised message without the acknowledgement it starts with ("ok super. og
    hvad ..." → "og hvad ..."); a message that is nothing else stays as it is."""
    words = normalize(text)
    rest = _ACKNOWLEDGED.sub("", words + " ", count=1).strip()
    return rest or words


def without_acknowledgement(text: str) -> str:
    """The message as written, without the acknowledgement it starts with ("ok tak. og for
    børn?" → "og for børn?"), so the thanks is not read as its topic; a message that is
    nothing else ("tak for hjælpen") stays as it is."""
    rest = leading(text)
    if rest == normalize(text):
        return text
    words = text.split()
    for start in range(1, len(words)):
        tail = " ".join(words[start:])
        if normalize(tail) == rest:
            return tail
    return text


def states_condition(text: str) -> bool:
    """The message puts a condition on what was asked ("og hvis ...", "what if ...")."""
    return bool(_CONDITION.match(leading(text)))


def changes_subject(text: str) -> bool:
    """The citizen says a new subject comes ("en helt anden ting: ...")."""
    return bool(_NEW_SUBJECT.search(normalize(text)))


def continues(text: str) -> bool:
    """The message starts like a continuation ("og ...", "hvad med ...", "and ..."), after
    any acknowledgement ("ok super. og hvad ...")."""
    return bool(_CONTINUATION.match(leading(text)))


def refers_back(text: str) -> bool:
    """The message points back with a pronoun ("hvor ligger de?", "kan jeg låne den")."""
    return any(w in _BACK_REFERENCE for w in normalize(text).split())


# Words that point back at a thing or a place: "skal vi selv slæbe det med derud", "kan man
# tage den med", "hvor tidligt må vi bygge det"; "det" before "at" is a dummy subject ("hvad
# koster det at parkere i midtbyen"), and "der" mostly is ("er der", "der er")
_POINTING = frozenset(f"det den dem {_PLACE_BACK} it them there".split())


def points_back(text: str) -> bool:
    """The message points back at a thing or a place from before ("med derud", "låne den")."""
    words = normalize(text).split()  # no punctuation left
    return any(
        w in _POINTING and not (w in ("det", "it") and following in ("at", "to"))
        for w, following in zip(words, [*words[1:], ""], strict=True)
    )


def content_words(text: str) -> list[str]:
    return [w for w in normalize(text).split() if w not in _NO_SUBJECT and not w.isdigit()]


def subject_words(text: str) -> list[str]:
    """The content words that name what the message is about: not the words for how to reach
    the municipality or apply ("hvem skal jeg kontakte" has none)."""
    return [w for w in content_words(text) if w not in _HOW_TO_REACH]


def is_elliptic(text: str) -> bool:
    """True when the message leans on the conversation for its subject."""
    lead = leading(text)
    words = lead.split()
    if not words or changes_subject(text):
        return False
    own = subject_words(lead)
    if _CONTINUATION.match(lead) and len([w for w in own if w not in _HEDGES]) <= 3:
        return True
    if any(w in _BACK_REFERENCE for w in words) and len(own) <= 2:
        return True
    return len(words) <= 6 and len(own) <= 1


# words for whom a question asks: a follow-up that names one asks about them instead of the
# group the questions before it named ("og for børn?" after "og for pensionister?" about the
# pool's prices is searched without the pensioners)
_GROUP = re.compile(
    r"\b(?:børn(?:ene)?|boern(?:ene)?|barn(?:et)?|søn(?:nen|ner|nerne)?|datter(?:en)?|"
    r"døtre(?:ne)?|dreng(?:en|e|ene)?|pige(?:n|r|rne)?|unge|(?:folke)?pensionist(?:en|er|erne)?|"
    r"studerende|voksen|voksne(?:ne)?|senior(?:en|er|erne)?|ældre|children|child|kids?|sons?|"
    r"daughters?|retired|pensioners?|seniors?|students?|adults?)\b",
    re.IGNORECASE,
)


def names_group(text: str) -> bool:
    """Whether the message names a group of people ("børn", "pensionister", "kids")."""
    return _GROUP.search(text) is not None


def search_text(text: str, context: ConversationContext, follow_up: bool) -> str:
    """What retrieval should look for: a follow-up borrows the previous question's words,
    without the group of people they named when it names one of its own."""
    if follow_up and context.question:
        earlier = context.question
        if names_group(text):
            earlier = " ".join(_GROUP.sub(" ", earlier).split())
        return f"{earlier} {text}"
    return text
