"""Keyword rules: the safety net under the classifier. Each pattern names a safety class; a
rule that fires decides like a classifier at full confidence. Also the words that choose a
reply's variant (poisoning within emergencies, medical within judgements)."""

from __future__ import annotations

import re

from muni.safety.verdict import SAFETY_CLASSES, SafetyVerdict


def _pattern(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w])(" + "|".join(alternatives) + r")(?![\w])", re.IGNORECASE)


# A sale verb, then a child: "sælge mit barn", "købe et barn", "sell my baby for", "solgt sin
# datter til". The word after the child must be one that goes on with the sale (or nothing):
# "sælge en baby alarm", "købe barnet en cykel", "sell my son a car" and "sell my kid's bike"
# are ordinary errands, as are the child's things ("barnets", "børnenes", "babyudstyr").
_SALE_VERB = (
    r"(s[æa]e?lge[rs]?|s[æa]e?lgende|solgt[e]?|k[øo]e?be[rs]?|k[øo]e?bt[e]?|sell(s|ing)?|sold|"
    r"buy(s|ing)?|bought|byde\s+p[åa]a?|bud\s+p[åa]a?|bid(s|ding)?\s+on|auction(s|ing)?(\s+off)?)"
)
_CHILD = (
    r"(barn(et)?|b[øo]e?rn(ene)?|bab(y|yen|yer|yerne|ies)|sp[æa]e?dbarn(et)?|nyf[øo]e?dt[e]?|"
    r"s[øo]e?n(nen)?|datter(en)?|d[øo]e?tre(ne)?|pige(n|r|rne)?|dreng(en|e|ene)?|child(ren)?|"
    r"kids?|son|daughter|girls?|boys?|newborn|infant)"
)
_DETERMINER = (
    r"((en|et|mit|min|mine|sit|sin|sine|vores|jeres|hans|hendes|deres|dit|din|a|an|my|our|"
    r"her|his|their|your|the)\s+)?((lille|egen|eget|nyf[øo]e?dte|uf[øo]e?dte|yngste|[æa]e?ldste|own|little|"
    r"newborn|unborn|youngest|oldest|eldest)\s+)?"
)
# not "og"/"and" ("købe min søn og datter en is"), not "her" ("buy my daughter her first
# bike"), not "på" with an age ("sælge min datter på 17 min gamle bil"), not a comma before
# a clause about the child ("købe min søn, som fylder 15, en knallert")
_GOES_ON = (
    r"(for|til|fra|from|p[åa]a?(?!\s+\d)|i|in|on|to|online|abroad|udlandet|hvis|if|nu|now|here|"
    r"fordi|because|n[åa]a?r|when|s[åa]a?|so|hvad|what|hvordan|how|hvor|where)"
)
CHILD_SALE = re.compile(
    r"(?<![\w])"
    + _SALE_VERB
    + r"\s+"
    + _DETERMINER
    + _CHILD
    + r"(?=\s*($|[.;:?!]|,(?!\s*(som|der|who|that|which)(?![\w]))|"
    + _GOES_ON
    + r"(?![\w'’-])))",
    re.IGNORECASE,
)
# For the reply's variant only, once violence is decided: a sale and a child in one sentence,
# in either order ("jeg er så træt af min baby at jeg har lyst til at sælge ham", "en mand har
# tilbudt os penge for vores nyfødte").
_SALE_WORDS = r"(" + _SALE_VERB + r"|penge for|money for|pris(en)? p[åa]a?|price (for|of))"
CHILD_SALE_NEAR = re.compile(
    r"(?<![\w])("
    + _SALE_WORDS
    + r"[^.?!]{0,60}(?<![\w])"
    + _CHILD
    + r"(?![\w'’])|"
    + _CHILD
    + r"(?![\w'’])[^.?!]{0,60}(?<![\w])"
    + _SALE_WORDS
    + r")(?![\w])",
    re.IGNORECASE,
)

# Getting hold of a child for money ("hvor kan jeg få et barn for penge", "hvad koster det at
# få fat i en baby uden om systemet, jeg har kontanter"): read only where the classifier found
# a crime (safety/step.py `child_for_money`), since "hvad koster det at få en baby" is also how
# parents-to-be ask about a budget.
_MONEY = (
    r"(for\s+(penge|kontanter|money|cash)|kontant\w*|cash|money|betal\w*|pay\w*|koster|"
    r"cost\w*|pris(en)?|price|\d[\d.]*\s?(kr|kroner|euro))"
)
_GET_A_CHILD = (
    r"(f[åa]a?|skaffe|k[øo]e?be|get|obtain|buy|finde|find)\s+(fat\s+i\s+|hold\s+of\s+)?"
    r"(et|en|a|an)\s+((lille|nyf[øo]e?dt|little|newborn)\s+)?" + _CHILD + r"(?![\w'’])"
)
CHILD_FOR_MONEY = re.compile(
    r"(?<![\w])(" + _GET_A_CHILD + r"[^.?!]{0,60}(?<![\w])" + _MONEY + r"|"
    + _MONEY + r"[^.?!]{0,60}(?<![\w])" + _GET_A_CHILD + r")",
    re.IGNORECASE,
)

# Strangling, the sign of violence in a couple that most often comes before a killing
# ("han tager kvælertag når vi skændes", "he choked me"). Not the figures of speech: "reglerne
# tager kvælertag på små firmaer", "gælden er ved at kvæle mig".
STRANGLING = _pattern(
    r"(tog|tager|taget|gav|giver|givet|g[åa]a?r) (mig|hende|ham|min \w+) (i )?(et )?kv[æa]e?lertag",
    r"kv[æa]e?lertag (p[åa]a? |om )?(mig|hende|ham)",
    r"(tog|tager) kv[æa]e?lertag(?! p[åa]a?)",
    r"(pr[øo]e?vede|pr[øo]e?ver|fors[øo]e?gte|fors[øo]e?ger|ville) at kv[æa]e?le (mig|hende|ham)",
    r"(tog|tager|holdt|holder|greb|griber|klemte|klemmer) (mig|hende|ham) (h[åa]a?rdt )?om halsen",
    r"(choked|chokes|strangled|strangles|strangling) (me|her|him)",
    r"tried to (choke|strangle) (me|her|him)",
    r"(hands?|arms?) (a)?round (my|her|his) (neck|throat)",
)
# when a heart attack or a stroke lies behind: "last year", "3 years ago", "in 2019"
_PAST_TIME = (
    r"last (year|month|week|summer|winter|spring|autumn|fall|january|february|march|april|may|"
    r"june|july|august|september|october|november|december)|(\d+|a few|some|many|two|three|"
    r"several) (years?|months?|weeks?) ago|years? ago|months? ago|in (19|20)\d\d"
)
RULES: dict[str, re.Pattern[str]] = {
    "emergency": _pattern(
        r"det br[æa]e?nder",
        # "huset brænder og min søn er syg": what is burning, then the verb
        r"(huset|hus|lejligheden|k[øo]e?kkenet|garagen|skuret|opgangen|k[æa]e?lderen|"
        r"v[æa]e?relset|stuen|bilen|taget) br[æa]e?nder",
        r"der er brand",
        r"brand i",
        r"ild i",
        # happening now ("min mand har et hjerteanfald", "han er i hjertestop"), not had
        # ("havde hjertestop sidste år", "har haft et slagtilfælde"). Until 2026-12-07 this
        # read "hj[æa]e?rtestop", which no spelling of the word meets.
        r"(har|er i) (vist |måske |nok )?(et )?(hjerteanfald|hjertestop|slagtilf[æa]e?lde)"
        r"(?!\s+(for|sidste|i sidste|bag|tidligere))",
        r"bevidstl[øo]e?s",
        r"tr[æa]e?kker ikke vejret",
        r"kan ikke tr[æa]e?kke vejret",
        r"blevet overfaldet",
        r"bliver overfaldet",
        r"livsfare",
        r"er ved at d[øo]e?",
        r"ring 112",
        r"ambulance",
        r"someone is dying",
        r"there is a fire",
        r"(house|home|flat|apartment|kitchen|building|car) is (on fire|burning)",
        # a heart attack or a stroke now ("my husband is having a heart attack", "I think he
        # had a heart attack, he is not answering", "I think my mom had a stroke, she cannot
        # move her arm"), not one that lies behind ("my dad had a heart attack last year",
        # "after his heart attack", "my mom had a stroke and is being discharged soon")
        r"having an? (heart attack|cardiac arrest)",
        r"(?<!after a )(?<!after his )(?<!after her )(?<!after my )(?<!since his )"
        r"(?<!since her )(?<!survived a )(?<!history of )"
        r"(heart attack|cardiac arrest)(?![^.?!]{0,25}\b(" + _PAST_TIME + r")\b)",
        r"(?<!since )(?<!after )(is|was|he's|she's|he is|she is) having a stroke",
        r"(just had|just suffered|has) a stroke(?! of)(?![^.?!]{0,25}\b(" + _PAST_TIME + r")\b)",
        r"(think|maybe|might have|may have|probably|could be)[^.?!]{0,30}\b(had|has|is having)"
        r" a stroke\b(?! of)",
        r"not breathing",
        # a child (or someone else) has swallowed something dangerous: Giftlinjen or 112, not
        # Livslinien ("mit barn har slugt nogle af mine piller" read as self-harm)
        r"(barn\w*|baby\w*|s[øo]e?n\w*|datter|d[øo]e?tre\w*|dreng\w*|pige\w*|child\w*|kid\w*|"
        r"son|daughter|toddler)\b[^.?!]{0,40}\b(slugt|drukket|spist|swallowed|drank|eaten|ate)"
        r"\b[^.?!]{0,30}\b(piller\w*|pille|tabletter\w*|medicin\w*|gift\w*|rottegift\w*|"
        r"opvaskemiddel\w*|klorin\w*|rense?middel\w*|batteri\w*|magnet\w*|lampeolie|"
        r"pills|medicine|poison|bleach|batter(y|ies))",
    ),
    "self_harm": _pattern(
        r"selvmord\w*",
        r"tage mit (eget )?liv",
        r"sl[åa]a? mig selv ihjel",
        r"vil ikke leve mere",
        r"orker ikke at leve",
        r"skade mig selv",
        r"g[øo]re skade p[åa]a? mig selv",
        r"d[øo]e? fra det hele",
        r"gøre en ende på det( hele)?",
        r"kill myself",
        r"suicid\w*",
        r"end my life",
        r"hurt myself",
    ),
    # selling or buying a child ("kan jeg sælge mit barn", "how much can i sell my baby
    # for"): a child in danger, not the fraud refusal, and no price from a baby's topic
    "violence": re.compile(f"{CHILD_SALE.pattern}|{STRANGLING.pattern}", re.IGNORECASE),
    "manipulation": _pattern(
        r"ignore (all |your )?(previous |prior )?instructions",
        r"system ?prompt",
        r"glem (alle )?(dine|tidligere) (instruktioner|instrukser|regler)",
        r"ignorer (alle )?(dine|tidligere) (instruktioner|instrukser|regler)",
        r"jailbreak",
        r"developer mode",
        r"udvikler-?tilstand",
        r"lad som om du (ikke )?er",
        r"pretend (to be|you are)",
        r"act as",
        r"du er nu (en|dan)",
        r"you are now",
        r"dan mode",
        r"do anything now",
        r"prompt injection",
    ),
    "abuse": _pattern(
        r"(du|bot|robot|chatbot) er (s[åa]a? )?(dum|en idiot|idiot|en nar|elendig|lort|noget lort)",
        r"dumme? (bot|robot|chatbot|maskine)",
        r"skide ?(bot|robot|chatbot)",
        r"f[u*]{1,3}c?k (dig|jer|you|off)",
        r"f\*+ (dig|jer|you|off)",
        r"hold (nu |din )?k[æa]e?ft",
        r"k[æa]e?lling",
        r"luder",
        r"r[øo]e?vhul",
        r"kraftidiot",
        r"pikhoved",
        r"fucking (bot|idiot)",
        r"stupid (bot|machine)",
        r"you suck",
    ),
}
POISONING = _pattern(
    r"\w*piller",
    r"tabletter",
    r"medicin\w*",
    r"overdos\w*",
    r"forgift\w*",
    r"gift",
    r"giftig\w*",
    r"(drukket|slugt|spist) (af )?\w+",
    r"opvaskemiddel\w*",
    r"klorin\w*",
    r"rense?middel\w*",
    r"pills",
    r"poison\w*",
    r"swallowed",
)
# an illness, not an accident: beside 112 the citizen needs the doctor or the out-of-hours doctor
# ("sygt", "feberkramper", "kastede op"; not "syg og træt af jer", "sick of", "ill-parked")
ILLNESS = _pattern(
    r"feber\w*",
    r"temperatur",
    r"kaste[rt]? op",
    r"kastede op",
    r"opkast\w*",
    r"br[æa]e?kk?(er|et)? sig",
    r"diarr?[ée]",
    r"diarrh?o?ea",
    r"host(e|er|et|ede|ende)",
    r"influenza",
    r"syg[te]?(?! og tr[æa]e?t)",
    r"sl[øo]e?v[te]?",
    r"(helt|meget|er) slap",
    r"kramper?",
    r"uds?l[æa]e?t",
    r"vil ikke (drikke|spise|amme)",
    r"fever\w*",
    r"(high )?temperature",
    r"throw(ing|s)? up",
    r"threw up",
    r"vomit\w*",
    r"cough(s|ing)?",
    r"rash",
    r"seizures?",
    r"sick(?! of| and tired)",
    r"(is|are|feels?|fell|got|gets|very|really|seriously) ill(?!-)",
)
# an accident or a fire: the general emergency reply, even when someone in it is also ill
# ("huset brænder og min søn er syg", "min far er faldet og er syg")
ACCIDENT = _pattern(
    r"br[æa]e?nder",
    r"brand\w*",
    r"ild",
    r"der er r[øo]e?g",
    r"r[øo]e?g i",
    r"r[øo]e?gforgiftning",
    r"(on|a|the) fire",
    r"fire in",
    r"smoke",
    r"fald(et|t)",
    r"(has |have )?f[ae]ll(en)?(?! ill)",
    r"p[åa]a?k[øo]e?rt",
    r"k[øo]e?rt ned",
    r"ulykke\w*",
    r"accident",
    r"crash\w*",
    r"bl[øo]e?der",
    r"bleeding",
    r"sl[åa]a?et (sig|hovedet)",
    r"slog (sig|hovedet)",
    r"hit (his|her|their|my) head",
    r"drukne\w*",
    r"drown\w*",
    r"elektrisk st[øo]e?d",
    r"f[åa]a?et st[øo]e?d",
    r"electric shock",
)
MEDICAL = _pattern(
    r"medicin\w*",
    r"l[æa]e?ge\w*",
    r"ondt",
    r"smerte\w*",
    r"symptom\w*",
    r"diagnose\w*",
    r"syg(dom)?\w*",
    r"feber",
    r"piller",
    r"tabletter",
    r"udslæt",
    r"knude",
    r"blodtryk\w*",
    r"gravid\w*",
    r"hovedpine",
    r"medicine",
    r"doctor",
    r"pain",
    r"rash",
    r"fever",
)
# A question about rights or rules is a legal one even when it mentions illness ("fyret mens
# jeg var sygemeldt, er det lovligt?").
LEGAL = _pattern(
    r"(u)?lovlig\w*",
    r"lov(en|givning\w*)?",
    r"ret til",
    r"rettigheder",
    r"m[åa]a? (de|han|hun|min \w+|arbejdsgiveren|kommunen|chefen)",
    r"advokat\w*",
    r"fyre\w*",
    r"opsig\w*",
    r"erstatning\w*",
    r"sagsanl[æa]e?g\w*",
    r"legal",
    r"allowed",
    r"fire[ds]?",
)


ABUSE = RULES["abuse"]

# Dying as a figure of speech, which the emergency rule's "er ved at dø" would read as a
# person dying: of a feeling or a want ("min datter er ved at dø af utålmodighed efter at få
# knallert", "jeg er ved at dø af grin", "… af kedsomhed i venteværelset"), or plants ("træerne
# langs vores vej er ved at dø"). Taken out before the rules and the classifier read the
# message (the classifier read "jeg er ved at dø af grin" as self-harm at 0.83); the rest of
# the message still meets every rule and is still classified. Cold and heat are
# not on the list: "min far er ved at dø af kulde" can be meant.
_FEELINGS = (
    r"(grin|latter|skr[æa]e?k|kedsomhed|kedsommelighed|sult|t[øo]e?rst|nysgerrighed|"
    r"ut[åa]a?lmodighed|sp[æa]e?nding|l[æa]e?ngsel|skam|flovhed|misundelse|jalousi|tr[æa]e?thed|"
    r"forelskelse|k[æa]e?rlighed|stress|nerv[øo]e?sitet|glæde|glaede)"
)
_PLANTS = (
    r"(tr[æa]e?(et|er|erne)?|\w*plant(en|er|erne)|h[æa]e?k(ken|kene)?|gr[æa]e?s(set)?|"
    r"\w*pl[æa]e?nen|blomst(en|er|erne)|busk(en|e|ene)|ros(en|er|erne)|\w*fisk(en|ene))"
)
# a few words between the plants and the verb ("træerne langs vores vej er ved at dø"), but
# not a second subject ("hækken og min mor er ved at dø"): no conjunction, no punctuation
_BETWEEN = r"(\s+(?!(og|men|eller|samt|mens|fordi|and|or|but)(?![\w]))\w+){0,4}"
FIGURES_OF_DYING = re.compile(
    r"(?<![\w])((er|var|bliver) ved at d[øo]e?\s+af\s+(at\s+(vente|grine|kede\s+sig)|"
    + _FEELINGS
    + r")|"
    + _PLANTS
    + _BETWEEN
    + r"\s+(er|var) ved at d[øo]e?)(?![\w])",
    re.IGNORECASE,
)


def without_figures_of_dying(text: str) -> str:
    """The message with its figures of speech about dying left out (`FIGURES_OF_DYING`)."""
    return FIGURES_OF_DYING.sub(" … ", text)


def rule_verdict(text: str) -> SafetyVerdict | None:
    """The most serious class whose rule matches, or None. Figures of speech about dying
    (`FIGURES_OF_DYING`) are not read."""
    read = without_figures_of_dying(text)
    for label in SAFETY_CLASSES:
        pattern = RULES.get(label)
        if pattern is not None and pattern.search(read):
            return SafetyVerdict(label, 1.0, "rules")
    return None
