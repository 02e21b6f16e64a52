"""What kind of fact a question asks for: amount, duration, date (deadline), age, phone,
opening hours, address, count, e-mail or yes/no. Rules over normalised words (Danish with or
without æøå, and English); a question may ask for more than one kind, most specific first."""

from __future__ import annotations

import re
from functools import lru_cache

from muni.facts.sentences import split_clauses
from muni.nlu.normalize import clean, normalize
from muni.nlu.tokens import stems

# "fra hvornår får børn deres egen digital post": from what age, not from what date
_FROM_WHEN_CHILDREN = (
    r"fra hvorn(?:å|a)r (kan|får|skal|har|bliver) (børn|et barn|mit barn|unge|min søn|"
    r"min datter|drenge|piger)"
)
# Patterns are matched against normalize(text): lowercase, ae/oe/aa folded to æ/ø/å, no
# punctuation.
# "hvilken hundeskov er størst": the values (sizes, prices) to compare, not one of them
# (a few words between: the message is read without its punctuation, so "hvilken skole skal
# min søn gå på? han er størst i klassen" must not meet it)
_COMPARING = (
    r"\bhvilke[nt]? (\w+ ){0,3}(er|var) (den |det |de )?(størst|største|mindst|mindste|"
    r"billigst|billigste|dyrest|dyreste)\b|"
    r"\b(which|what) (\w+ ){0,3}(is|are|was) (the )?(biggest|largest|smallest|cheapest)\b"
)
_ASKS: tuple[tuple[str, str], ...] = (
    (
        "opening_hours",
        r"åbningstid\w*|åbent|åben|åbner|lukke[rt]?|lukket|telefontid\w*|træffetid\w*|"
        # "hvor tidligt kan man aflevere haveaffald": a time of day; applying, signing up or
        # booking early is a date ("hvor tidligt kan jeg søge om folkepension")
        r"hvor sent|hvor tidligt(?! (\w+ ){0,4}(an)?(s[øo]ge|melde|tilmelde|indskrive|bestille|"
        r"booke|reservere|forny|skrive|flytte|f[åa]a?|før|i forvejen))|"
        r"hvorn(?:å|a)r (kan|må) (jeg|man|vi) (ringe|komme|kontakte|møde op)|"
        r"(ringe|komme|kontakte) (i dag |på )?(om )?(mandag|tirsdag|onsdag|torsdag|fredag|lørdag|"
        r"søndag|weekend)\w*|"
        # "i hvilket tidsrum må de larme": the hours of the day
        r"(hvilket|hvilke) (tidsrum|klokkeslæt)|"
        r"opening hours?|open|closed|closing time|when can i (call|come)|"
        # "what time does the library close", not "what time limit" or "what time of year"
        # (the words are read with ae/oe/aa folded: "does" is "døs")
        r"what time (does|døs|do|is|are|can|will|should|must|to)|^(and )?(at )?what time$|"
        r"(which|what) hours (are|is|do|does|can|will)",
    ),
    (
        "amount",
        # "kostr", "kosder": the verb as it is typed in a hurry
        r"koste[rt]?|kostr|kosder|kostede|pris(en|er|erne)?|takst\w*|gebyr\w*|betale?r?|"
        r"betaling|"
        r"hvor meget|beløb\w*|satse?[rn]?|"
        r"hvor mange penge|gratis|egenbetaling|egenandel|hvor dyrt?|"
        # "hvad er det højeste man kan få i begravelseshjælp": the largest amount (not "det
        # største man må bygge", a size)
        r"(det|den) (højeste|laveste) (man|jeg|vi|de|han|hun|beløb)|"
        # the size of a fine, not a fine mentioned ("jeg har fået en p-bøde")
        r"hvad (er|var|bliver|koster|giver) (\w+ )?(en )?\w*bøde\w*|"
        r"størrelsen på (en )?\w*bøde\w*|hvad giver det i \w*bøde|"
        r"hvad skal (jeg|man|vi|han|hun|de) (selv )?(give|betale)|hvad (tager|giver) (i|de|man)|"
        r"hvor (stor|stort|store|høj|højt|høje|bred|bredt|dyb|dybt|tung|tungt|tyk|tykt|tykke|"
        r"tør|tørt|langt)\b(?! frem)(?! ud)(?! tilbage)|hvor lang\b(?! tid)|"
        r"hvor mange (kilo|meter|liter|kubikmeter)|"
        # "hvilken hundeskov er størst": the sizes (or prices) to compare
        + _COMPARING
        + r"|maks\w*|max\w*|\w*grænse\w*|cost|costs|price|fee|fees|fine|how much|charge|pay|"
        r"rate|limit",
    ),
    (
        "duration",
        r"hvor lang tid|hvor længe|hvor hurtigt|leveringstid|"
        # "hvor meget for sent må jeg komme": how many minutes
        r"hvor (meget|lidt) for (sent|tidligt)|how late|"
        # "how early before the appointment should we be there": minutes before
        r"how early (\w+ ){0,4}before|how early in advance|"
        r"hvor tidligt (\w+ ){0,4}(før|inden|i forvejen)|"
        # "hvor mange arbejdsdage har skolen": a time span, like "hvor mange dage"
        r"hvor mange (\w*dage?|\w*døgn|uger|måneder|timer|minutter|år)\b|"
        r"hvor langt (frem|ud|i forvejen|tilbage)|hvor lang tid (før|i forvejen)|"
        # "hvor langt ude i fremtiden kan man booke", not "hvor langt ude ligger den"
        r"hvor langt ude i (fremtiden|forvejen)|"
        r"how far (ahead|in advance|back)|"
        r"hvor tit|hvor ofte|"
        r"hvor lang (opsigelse|ventetid|frist|periode|ferie|orlov|tid)\w*|"
        r"how often|how many times|how fast|how quickly|hvor hurtig\w*|"
        r"sagsbehandlingstid\w*|behandlingstid\w*|ventetid\w*|ventelist\w*|"
        r"hvorn(?:å|a)r (får|kommer|er|kan) (jeg|man|vi|det|den|de|mit|min|mine|passet|kortet)\b"
        r".*\b(klar|færdig|svar|få)|"
        r"how long|how soon|waiting time|processing time|"
        # "hvor meget barsel får vi": how many weeks of leave ("hvor meget får man i barsel"
        # and "barselsdagpenge" are money)
        r"hvor meget (barsel|orlov|forældreorlov|fædreorlov|ferie)\b|"
        r"how many (days|weeks|months|years|hours)",
    ),
    (
        "date",
        r"hvorn(?:å|a)r|frist\w*|senest|deadline|dato\w*|hvilken dag|hvilke dage|tidligst|"
        r"hvor tidligt|"
        r"hvilken periode|i hvilken periode|skæring\w*|"
        r"hvilken uge|when|by what date|what day",
    ),
    (
        "age",
        r"hvor gammel|hvor gamle|alder\w*|aldersgrænse\w*|hvilken alder|"
        r"fra hvorn(?:å|a)r må|hvor ung|how old|age limit|what age|minimum age|"
        + _FROM_WHEN_CHILDREN,
    ),
    (
        "phone",
        r"telefon\w*|tlf|ring|ringe|ringer|ringes|ringet|nummer|nummeret|phone|call|number|"
        r"fat i|kontakte\w*|contact|reach",
    ),
    (
        "address",
        r"hvor ligger|adresse\w*|hvor finder jeg (jer|den|det|de|kontoret|borgerservice)|"
        r"hvor er (i|jeres|den|det|de|kontoret|borgerservice|nærmeste)\b|"
        r"hvor holder \w+ til|hvor sidder|hvor skal jeg møde op|where is|where are|address|"
        r"hvor (afleverer|aflevere|returnerer|henter) (jeg|man|vi)\b|"
        r"hvor (skal|kan|må) (jeg|man|vi|den|det|de|han|hun) (\w+ )?"
        r"(afleveres|aflevere|hentes|hente|returneres|returnere)\b|"
        r"where (do|can|should) (i|we) (return|hand in|drop off|pick up)",
    ),
    ("count", r"hvor mange|antal\w*|how many|number of"),
    ("email", r"(e ?)?mail\w*|mailadresse\w*|email address"),
    (
        "yes_no",
        r"^(kan|må|skal|er|har|får|gælder|koster|findes|kommer|bliver) (jeg|man|vi|du|i|"
        r"det|der|min|mit|mine|han|hun)\b|^(can|may|must|do|does|is|are|will) (i|we|you|it|"
        r"there|my)\b",
    ),
)
_COMPILED = tuple((kind, re.compile(rf"(?:^|\b)(?:{pattern})(?:\b|$)")) for kind, pattern in _ASKS)

# Which kinds of value can answer which kind of question.
ANSWERED_BY: dict[str, tuple[str, ...]] = {
    "amount": ("amount",),
    "duration": ("duration", "date"),
    "date": ("date", "duration"),
    "age": ("age",),
    "phone": ("phone",),
    "opening_hours": ("opening_hours", "date"),
    "address": ("address",),
    "count": ("count", "amount"),
    "email": ("email",),
}


_PHONE_NUMBER = re.compile(r"\b(telefon\w*|tlf|nummer\w*|phone number|number)\b")
# the citizen's own telephone, not the municipality's number ("min telefon er blevet stjålet")
_A_TELEPHONE = re.compile(
    r"\b(min|mit|mine|din|dit|dine|hans|hendes|deres|vores|jeres|sin|sit|en|ny|nye|gamle|"
    r"my|his|her|our|their|a|new|old)\s+(mobil)?telefon(en)?\b|\b(my|his|her|our|a|new|old)\s+"
    r"(mobile )?phone\b"
)
_PHONE = dict(_COMPILED)["phone"]
_WHO_PAYS = re.compile(r"\bhvem (skal )?(betale[rs]?|dækker)\b|\bwho (pays|has to pay|covers)\b")
_HOW_MUCH = re.compile(r"\bhvor meget\b|\bkost\w*|\bpris\w*|\bgebyr\w*|\bhow much\b|\bcost")
_PRICE = re.compile(
    r"\b(kost\w*|pris\w*|gebyr\w*|takst\w*|betal\w*|hvor dyrt|egenbetaling|egenandel|"
    r"cost\w*|price\w*|fees?|charge[sd]?|pay|hvad skal \w+ (?:selv )?give)\b"
)
# "hvad koster det at svømme": the price in figures is asked for; "skal hun også betale",
# "koster det noget" ask whether one pays, and "gratis" answers them
_WHAT_PRICE = re.compile(
    r"\bhvad (koster|kostede|kost|kostr|kosder)\b"
    r"|\bhvor meget (koster|kostede|kostr|kosder|skal \w+ betale|betaler)\b"
    r"|\bhvad (er|var|bliver) (prisen|priserne|taksten|takserne|gebyret|egenbetalingen)\b"
    r"|\b(prisen|priserne|taksten|takserne) (på|for)\b"
    r"|\bhvad skal (jeg|man|vi|du|han|hun|de) (selv )?(give|betale)\b|\bhvor dyrt\b"
    r"|\bhow much (is|does|do|are|will|would|to)\b|\bwhat (does|do|did|will) .{0,40}\bcost\b"
    r"|\bwhat (is|are) the (price|prices|fee|fees|cost|costs)\b"
)


def asks_what_price(text: str) -> bool:
    """Whether a question asks what something costs in figures ("hvad koster det at svømme",
    "how much is it"), not whether it costs anything ("koster det noget", "er det gratis")."""
    # English is read before æ/ø/å are folded in ("does" is no "døs")
    words = f"{normalize(text)} | {clean(text)}"
    return bool(_WHAT_PRICE.search(words)) and not re.search(
        r"\b(gratis|free|noget|anything)\b", words
    )


_PERSON_AGE = re.compile(
    r"\b(på|er|aged?)\s+\d{1,2}\b(?![,.]\d)(?!\s*(l|liter|m|meter|m2|m3|kvm|cm|kg|kilo|"
    r"kr|timer?|minutter|dage?|uger?|procent)\b)|\b\d{1,2}\s*(år|årig\w*|years?)\b"
)
# a request for help, not a question about a rule ("er der nogen der kan hjælpe mig med mitid,
# jeg er 82" asks for no age limit)
_ASKS_FOR_HELP = re.compile(
    r"^(er der (nogen|en|noget)( der| som)? kan|kan (nogen|i|du)) (hjælpe|hjaelpe|hjalpe)\b"
    r"|^(can|could) (someone|anyone|somebody|you) help\b"
)

# A question whether something of a given size or length is allowed ("må en 10 l spand i den
# røde kasse", "kommer et kvarter for sent, kan jeg stadig komme") asks for the limit.
_MAY = re.compile(
    r"\b(må|kan|skal|tilladt|lov|for sent|for stor|for store|for høj|for lang|for meget|"
    r"may|can|allowed|too late|too big|too long)\b"
)
_SIZE = re.compile(
    r"\b\d+(?:[,.]\d+)?\s*(l|liter|m|meter|m2|m3|kvm|kvadratmeter|kubikmeter|cm|kg|kilo|"
    r"ton|litres?|liters?|metres?|meters?|square metres?)\b"
)
_SPAN = re.compile(
    r"\b(\d+|et|en|a|an)\s*(min|minutter|minutters|kvarter|timer?|hours?|minutes?)\b"
    r"|\b(et|a) (kvarter|quarter)\b"
)
# money named without a price word: "hvor stort er beløbet", "er det gratis", "satsen" (but
# "et gratis energitjek" names the thing, it does not ask whether it is free)
_MONEY = re.compile(
    r"\b(beløb\w*|sats(en|er|erne)?|penge\w*|kr|kroner|rate|money|"
    r"(er|bliver|var) (det|den|de|\w+(en|et)) (\w+ )?gratis|is (it|this|that) free)\b"
)
_LEAVE = re.compile(r"\bhvor meget (barsel|orlov|forældreorlov|fædreorlov|ferie)\b")
_HOW_LATE = re.compile(r"\bhvor (meget|lidt) for (sent|tidligt)\b|\bhow late\b")
_ON_A_DAY = re.compile(
    r"\b(om|på|i) (mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)(en|e)?\b"
    r"|\b(on|at) (the )?(weekends?|saturdays?|sundays?)\b|\b(i|om) weekenden\b"
)
_FROM_WHEN = re.compile(rf"\b{_FROM_WHEN_CHILDREN}\b")


_WAITING = re.compile(
    r"\bhvor (lang tid|længe) (går|tager|varer) (der|det)\b.*\b(før|inden|til)\b"
    r"|\bhvor (lang tid|længe) (skal|må) (jeg|man|vi|hun|han|de|vi) vente\b"
    r"|\bhow (long|soon) (until|before)\b|\bhow long (do|will|would) (i|we|she|he|they) "
    r"(have to )?wait\b"
)


# the answer to an application or a message: "hvor lang tid tager det at få svar", "hvor hurtigt
# svarer I", "hvornår har de behandlet det", "sagsbehandlingstiden" ("sagsbehandler", the
# person, names no answer: "… en byggesagsbehandler … et møde på 30 minutter" is no processing
# time; nor do "svarer til", "behandling af personoplysninger" or "spørgsmål og svar")
_ANSWERING = re.compile(
    r"\b(svar(?!er til\b)\w*|\w*behandlingstid\w*|behandle|behandler|behandlet|"
    r"behandling af (?!person)|afgør\w*|decision|reply|replies|answer\w*|processing time)"
)
_NOT_ANSWERING = re.compile(r"\bspørgsmål og svar\b|\bquestions and answers\b")


def waits_for_an_answer(text: str) -> bool:
    """Whether a question asks how long until the municipality answers or decides ("hvor
    lang tid tager det at faa svar naar hun har soegt"): the sentence that names the answer
    ("Sagsbehandlingstiden er normalt 2-4 uger") answers it, not another span on the page
    ("Sommerferie … 5 dage i uge 24")."""
    return bool(_ANSWERING.search(normalize(text))) and "duration" in asked_kinds(text)


def names_an_answer(text: str) -> bool:
    """Whether a page's sentence (with its heading) names the answer or decision it gives a
    time for ("Sagsbehandlingstid og pris: Enfamiliehuse og tilbygninger: ca. 40 dage")."""
    words = _NOT_ANSWERING.sub(" ", normalize(text))
    return bool(_ANSWERING.search(words))


_ASKS_HOW_OFTEN = re.compile(
    r"\b(hvor tit|hvor ofte|hvor hyppigt|hvor mange gange|how often|how many times|"
    r"how frequently)\b"
)


def asks_how_often(text: str) -> bool:
    """Whether a question asks how often something happens ("hvor tit bliver det holdt?"):
    only then does "2 gange om året" answer it."""
    return bool(_ASKS_HOW_OFTEN.search(normalize(text)))


def asks_waiting_time(text: str) -> bool:
    """Whether a question asks how long until something happens ("hvor lang tid går der før
    der kommer en ud og kigger på det"): how often it happens ("hver 14. dag") is no answer."""
    return bool(_WAITING.search(normalize(text)))


# "hvornår må man fyre fyrværkeri af": the days it is allowed, not how soon to walk away
# ("til hvornår må bandet spille" asks for a time of day)
_WHEN_ALLOWED = re.compile(
    r"(?<!\btil )\bhvornår (må|er det tilladt|har (man|jeg|vi|du) lov)\b"
    r"|\bwhen (is it allowed|are (we|you) allowed|am i allowed|can (i|we|you|one) legally)\b"
)


def asks_when_allowed(text: str) -> bool:
    """Whether a question asks when something is allowed ("hvornaar maa man skyde raketter
    af"): a date or a period answers it, a duration ("med det samme") does not."""
    return bool(_WHEN_ALLOWED.search(normalize(text)))


def asks_price(text: str) -> bool:
    """Whether a question asks what something costs ("hvad koster det at svømme"): a size
    ("25 meter bassin") is no answer to it."""
    return bool(_PRICE.search(normalize(text)))


def asked_kinds(text: str) -> tuple[str, ...]:
    """The fact kinds a question asks for, most specific first ('hvad koster et pas' ->
    ('amount',)); empty for a general question ('jeg skal have nyt pas')."""
    words = normalize(text)
    found = [kind for kind, pattern in _COMPILED if pattern.search(words)]
    if "phone" in found and not _PHONE.search(_A_TELEPHONE.sub(" ", words)):
        found.remove("phone")  # "min telefon er blevet stjålet" asks for no number
    if (
        "yes_no" in found
        and "age" not in found
        and _PERSON_AGE.search(words)
        and not _ASKS_FOR_HELP.search(words)
    ):
        found.append("age")  # "må min søn på 13 være alene ...": there is an age limit
    if not set(found) - {"yes_no"} and _MAY.search(words):
        if _SIZE.search(words):
            found.append("amount")  # "må en 10 l spand i den røde kasse": the largest allowed
        elif _SPAN.search(words):
            found.append("duration")  # "et kvarter for sent, kan jeg komme": how late
    if "yes_no" in found and "opening_hours" not in found and _ON_A_DAY.search(words):
        found.append("opening_hours")  # "skal man betale ... om lørdagen": the hours that day
    if "phone" in found and "date" in found and "opening_hours" not in found:
        found.insert(0, "opening_hours")  # "kan man ringe til dem? hvornår": phone hours
    if "opening_hours" in found and "phone" in found and not _PHONE_NUMBER.search(words):
        found.remove("phone")  # "hvornår kan man ringe" asks for the phone hours
    if "opening_hours" in found and "date" in found:
        found.remove("date")  # "hvornår har I åbent": the opening hours answer it
    if "age" in found and "date" in found and _FROM_WHEN.search(words):
        found.remove("date")  # "fra hvornår får børn ...": an age, not a date
    if "duration" in found and "date" in found:
        found.remove("date")  # "hvornår får jeg svar": a time span, not a date
    if "duration" in found and "count" in found:
        found.remove("count")  # "hvor mange dage": a time span; any number is no answer
    if "amount" in found and _WHO_PAYS.search(words) and not _HOW_MUCH.search(words):
        found.remove("amount")  # "hvem betaler for kloakken": who, not how much
    if "age" in found and "amount" in found and "aldersgrænse" in words:
        found.remove("amount")
    if "duration" in found and "amount" in found and _HOW_LATE.search(words):
        found.remove("amount")  # "hvor meget for sent": minutes, not money
    if "duration" in found and "amount" in found and _LEAVE.search(words):
        found.remove("amount")  # "hvor meget barsel": weeks of leave, not money
    money = _HOW_MUCH.search(words) or _PRICE.search(words) or _MONEY.search(words)
    if "duration" in found and "amount" in found and not money:
        found.remove("amount")  # "hvor mange dage må der max gå": the longest time, no money
    if "count" in found and "amount" in found and "penge" not in words:
        found.remove("amount")
    return tuple(found)


_HOW_MANY = re.compile(r"\b(hvor mange|how many) (\w+)")


def counted_in(text: str) -> frozenset[str]:
    """The stems of what a question asks how many of ("hvor mange genbrugspladser er der" →
    "genbrugsplads")."""
    return frozenset(s for m in _HOW_MANY.finditer(normalize(text)) for s in stems(m.group(2)))


_LIMIT = re.compile(
    r"\b(max|maks|maksimum|maksimalt|højst|\w*grænse[nr]?|loft over|limit|maximum|at most)\b"
)
# not a limit: "højst sandsynligt", the municipality's border, a boy called Max
_NO_LIMIT = re.compile(
    r"\bhøjst sandsynlig\w*|\b(kommune|lande|land|by|rigs|sogne)grænse\w*|"
    r"\b(søn|sønnen|datter|dreng|drengen|bror|barnebarn|mand|hund|hunden|ven|kæreste|hedder) "
    r"max\b|\bmax (skal|er|har|vil|kan|går|bliver|fylder|starter)\b"
)


def compares(text: str) -> bool:
    """Whether a question asks which of several is the largest, smallest or cheapest."""
    return bool(_COMPARING_RE.search(normalize(text)))


_COMPARING_RE = re.compile(_COMPARING)


def asks_limit(text: str) -> bool:
    """Whether a question asks for the most allowed ("er der et max", "hvor meget må den
    højst veje", "er der en grænse")."""
    return bool(_LIMIT.search(_NO_LIMIT.sub(" ", normalize(text))))


# a clause that asks: a question ("… hvornår har de telefontid?") or one that opens with a
# question word ("og hvornår kan man komme"); "der ligger en regning med frist på fredag" only
# mentions a deadline, and "hvis det koster noget" opens with no question word
_QUESTION_WORD = re.compile(
    r"(og |men |så |and |but )?(hvad|hvor|hvordan|hvornår|hvem|hvilken|hvilket|hvilke|hvorfor|"
    r"what|how|when|where|which|who)\b"
)


@lru_cache(maxsize=4096)
def asking_clauses(text: str) -> str:
    """The clauses of a long message that ask for a fact themselves ("tak. når byrådet så har
    behandlet det, hvor hurtigt kommer referatet ud?" → "hvor hurtigt kommer referatet ud?");
    the whole message when none does or every one does."""
    clauses = split_clauses(text)
    asking = [
        c.rstrip(",.;:!? ")
        for c in clauses
        if (c.rstrip().endswith("?") or _QUESTION_WORD.match(normalize(c)))
        and set(asked_kinds(c)) - {"yes_no"}
    ]
    if not asking or len(asking) == len(clauses):
        return text
    return " ".join(asking)


@lru_cache(maxsize=4096)
def question_clauses(text: str) -> str:
    """The clauses of a long message that are questions, yes-or-no ones too ("… jeg er bange
    for at tolken fortæller andre om min sag. må tolken det?" → "må tolken det?"); the whole
    message when none is or every one is."""
    clauses = split_clauses(text)
    asking = [
        c.rstrip(",.;:!? ")
        for c in clauses
        if c.rstrip().endswith("?") or _QUESTION_WORD.match(normalize(c))
    ]
    if not asking or len(asking) == len(clauses):
        return text
    return " ".join(asking)


def value_kinds(asked: tuple[str, ...]) -> tuple[str, ...]:
    """The kinds of value that can answer these kinds of question (yes/no has none)."""
    kinds: list[str] = []
    for kind in asked:
        for value_kind in ANSWERED_BY.get(kind, ()):
            if value_kind not in kinds:
                kinds.append(value_kind)
    return tuple(kinds)
