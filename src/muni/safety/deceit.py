"""Signs of deceit: words that say a message is about getting round the rules, not about them.

The safety classifier reads "har 150.000 på en opsparing, udelukker det mig fra boligstøtte"
and "hvordan gemmer jeg min arv, så den ikke tæller med i kontanthjælpen" alike: both are about
money and a benefit, and an unsure fraud verdict used to refuse both. What tells them apart is
a sign that something is to be hidden, faked or done in someone else's name: being found out
("uden at kommunen opdager det", "without telling anyone"), hiding ("skjule", "gemme … så den
ikke tæller"), false papers ("falsk", "lægens stempel", "ændre tallene"), another person's
login ("låne hans MitID", "log in as him"), and the crimes the phrasings name (hacking,
bribes, selling prescription drugs, undeclared work).

Only an unsure verdict of the classifier reads this (safety/step.py): a sure verdict refuses
whatever the words. Written from the fraud phrasings in content/safety/illegal*.yaml; Danish
with and without æøå, and English.
"""

from __future__ import annotations

import re

_AE, _OE, _AA = r"(?:æ|ae|a)", r"(?:ø|oe|o)", r"(?:å|aa|a)"
_SUBJECT = r"(?:kommunen|de|nogen|jobcentret|skat|styrelsen|politiet|boligselskabet|visitationen)"

_FOUND_OUT = (
    # being found out, checked or seen
    r"(?:opdage[rs]?|opdaget) (?:det|noget|os|mig|ham|hende|dem)",
    r"(?:blive[rs]?|er|bliver) opdaget",
    r"ikke opdage[rs]?",
    rf"{_SUBJECT} (?:ikke )?finde[rs]? ud af (?:det|at)",
    r"(?:they|the council|kommune\w*|anyone|nobody|someone) "
    r"(?:will |would |can |could )?finds? out",
    r"(?:anyone|nobody|they|someone|the (?:council|kommune|municipality)) notices?",
    r"(?:get|getting|being|be|got) caught",
    r"get(?:ting)? away with",
    r"blive[rs]? (?:taget|knaldet|snuppet|filmet|meldt)",
    r"risiko(?:en)? for at (?:blive|de|kommunen|nogen)",
    r"hvor stor er risikoen",
    r"risk of (?:being|getting)",
    r"chance(?:n)? for at (?:nogen|de|kommunen|jeg bliver)",
    r"spore[st]?",
    r"traced?",
    rf"(?:kan|vil|kunne) {_SUBJECT} (?:se|tjekke|opdage) det",
    rf"tjekke[rs]? {_SUBJECT} (?:det|ikke|overhovedet)",
    r"check(?:s|ing)? up on",
    r"do they check",
    r"(?:ingen|nobody|no one) (?:kigger|ser|opdager|tjekker|checks|looks|notices|will know)",
    r"det ser ingen",
    r"uanmeldt\w*",
    r"unannounced",
    rf"kontrolgruppe\w*|kontrolbes{_OE}g\w*|kontrolenhed\w*",
    rf"kontrollerer {_SUBJECT} ikke",
    r"control team",
    r"inspectors?",
    r"hvor forsigtig",
    rf"mist{_AE}nkel\w*",
    r"suspicious",
)
_HIDING = (
    rf"skjule[rs]? (?:\w+ ){{0,3}}(?:indt{_AE}gt\w*|indkomst\w*|penge\w*|formue\w*|opsparing\w*|"
    rf"arv\w*|at|det|for|fra)",
    r"(?:holde|holder) det skjult",
    r"hid(?:e|es|ing) (?:\w+ ){0,2}(?:income|money|cash|savings|it|that|the fact|from)",
    r"conceal\w*",
    rf"gemme[rs]? (?:\w+ ){{0,4}}(?:s{_AA} |so )",
    r"gemme[rs]? (?:nogle |lidt |mine |min |mit |de |dem |pengene |penge )",
    rf"(?:holde|holder) (?:det|dem|ham|hende) "
    rf"(?:hemmelig\w*|for (?:os|mig|sig) selv|g{_AA}ende|k{_OE}rende)",
    rf"(?:lade|lader) (?:det|dem|pengene|pensionen|ydelsen|maden|den) "
    rf"(?:k{_OE}re|l{_OE}be|forts{_AE}tte)",
    rf"hvor l{_AE}nge kan det k{_OE}re",
    rf"uden at (?:melde(?! afbud)|sige|fort{_AE}lle|oplyse(?! (?:sit|mit|dit) navn)|n{_AE}vne|"
    rf"opgive (?:det|indt{_AE}gt\w*|indkomst\w*)|de |kommunen|jobcentret|boligselskabet|politiet|"
    rf"skat|styrelsen|visitationen|udbetaling|banken|jeg faktisk|"
    rf"nogen (?:ved|ser|opdager|finder|h{_OE}rer|m{_AE}rker)|"
    r"det (?:bliver (?:opdaget|set|registreret|meldt)|giver alarm|kan (?:ses|spores)|ses|"
    r"opdages))",
    r"without (?:telling|anyone|them|reporting|declaring|mentioning|being (?:caught|seen)|"
    r"getting caught|the (?:council|kommune|municipality|landlord|police)|it being)",
    r"(?:ikke|aldrig) melde[rs]?(?! mig| os| dig| afbud)",
    r"ikke meldt",
    rf"lade v{_AE}re med at (?:melde|sige|fort{_AE}lle|oplyse|n{_AE}vne)",
    r"vente[rs]? (?:\w+ ){0,3}med at melde",
    rf"beh{_OE}ver (?:jeg|vi|man) (?:overhovedet |egentlig )?(?:at )?"
    rf"(?:n{_AE}vne|oplyse|sige|melde|fort{_AE}lle)",
    r"(?:not|never|don'?t|doesn'?t) (?:tell|report|declare|mention)",
    r"keep (?:it|this) quiet",
    rf"p{_AA} papiret",
    r"on paper",
    r"under bordet",
    r"under the table",
    rf"ikke t{_AE}ller med",
    rf"ikke (?:kommer|regnes) med i (?:formue|indkomst|opg{_OE}relse)\w*",
    r"doesn'?t count",
    r"(?:uden om|udenom) (?:systemet|reglerne|kommunen)",
    r"(?:get|go|way) (?:a)?round the (?:rules|system)",
    r"komme[r]? (?:uden om|udenom|rundt om)",
    rf"undg{_AA}\w* (?:at (?:blive|de|kommunen|nogen)|kontrol)",
    r"avoid (?:being|getting)",
    rf"stadig f{_AA}r? (?:\w+ ){{0,3}}(?:som enlig|enlig)",
    r"lade[rs]? som om|lader som om|ser ud som om",
    r"som om (?:jeg|han|hun|vi|de) (?:var|er|bor|arbejder|ikke)",
    r"as if (?:i|he|she|we|they) (?:was|were|am|is|are|lived|live)",
    r"pretend\w*",
    rf"ser (?:rigtig\w*|{_AE}gte?|trov{_AE}rdig\w*) ud",
    rf"lyde[r]? (?:rigtig|{_AE}gte|trov{_AE}rdig)",
    r"look(?:s)? (?:real|genuine|legit)",
    r"real[- ]looking",
    r"rigtig[t]? udseende",
    rf"trov{_AE}rdig\w*",
    r"convincing",
    r"overbevisende",
    rf"hvad (?:skal|siger|svarer) (?:vi|jeg) (?:hvis|n{_AA}r)",
    r"what do (?:i|we) say (?:if|when)",
    rf"l{_AE}re svarene",
    r"selvom (?:\w+ ){0,2}(?:reelt|faktisk|egentlig)",
    rf"selvom (?:han|hun|de|barnet|jeg) (?:ikke )?bor (?:hos|i|p{_AA}) "
    r"(?:deres|sin|sit|hans|hendes|min) "
    rf"(?:far|mor|eks\w*|k{_AE}reste|farmor|mormor|veninde|ven)",
    r"selvom (?:han|hun|jeg|de) arbejder",
    rf"uden (?:egentlig |faktisk |reelt )?at (?:flytte|bo der|v{_AE}re syg|tage pr{_OE}ven)",
    rf"(?:s{_AA}|so) {_SUBJECT} (?:ikke|aldrig) "
    rf"(?:kan|ser|opdager|finder|tr{_AE}kker|tager|ved|kommer)",
    r"so (?:the council|they|nobody) (?:can'?t|won'?t|doesn'?t) (?:see|find|know|notice|claim)",
    r"(?:ingen|nobody|no one) (?:ved det|kan jo se|knows)",
    rf"hvis ingen (?:sp{_OE}rger|ved|opdager|ser|siger)",
    r"for kontanter",
    r"betaler (?:mig|os|hende|ham) (?:\w+ )?kontant",
    r"cash in hand",
    rf"slette\w* (?:\w+ ){{0,2}}(?:p-afgift\w*|afgift\w*|b{_OE}de\w*|g{_AE}ld\w*|"
    rf"\w*anm{_AE}rkning\w*|"
    rf"indt{_AE}gt\w*)",
    r"(?:kender|know) (?:en|nogen|someone) (?:der|som|who) (?:arbejder|works)",
    r"opdigt\w*|opfind\w*|fiktiv\w*",
    r"(?:der|som) ikke findes",
    rf"ikke (?:har|er) (?:k{_OE}rt|arbejdet|v{_AE}ret syg)",
    r"(?:hvor|som) jeg ikke bor",
    rf"se[r]? (?:lavere|h{_OE}jere|st{_OE}rre|mindre) ud",
    r"trick\w*",
    rf"lyve[r]?|l{_OE}gn\w*|lying|lie about",
    r"for papirernes skyld",
    r"ikke er sandt|isn'?t true",
)
_FALSE_PAPERS = (
    r"falsk(?:e|t|ner\w*)?(?! alarm)",
    r"fake\w*",
    r"forfalsk\w*",
    r"forg(?:e|ed|ery|ing)",
    r"counterfeit",
    r"proforma",
    r"snyde[rs]?|snydes|(?<!spiller )(?<!spille )snyd (?:med|p[åa]a?|i|til)",
    r"cheat(?:ing)?",
    r"fraud\w*",
    r"bedrag\w*",
    rf"(?:l{_AE}gens|psykologens|tandl{_AE}gens|doctor'?s) "
    r"(?:navn|stempel|underskrift|name|stamp|signature)",
    rf"skriver (?:jeg )?selv (?:hans|hendes|l{_AE}gens|under)",
    rf"(?:lave|laver|skrive|skriver|lav|skriv|udfylde) (?:mig |en |et |nogle |selv )*"
    rf"(?:l{_OE}nseddel|l{_OE}nsedler|l{_AE}geerkl{_AE}ring\w*|erkl{_AE}ring|attest|kvittering\w*|"
    rf"regning|kontrakt|lejekontrakt|ans{_AE}ttelseskontrakt|sygemelding|friattest|"
    rf"vielsesattest|dokument\w*)",
    r"(?:write|make|create) (?:me )?(?:a |an )?(?:sick note|doctor'?s note|payslip|pay slip|"
    r"rental contract|contract|certificate|receipt|invoice)",
    rf"(?:{_AE}ndre|{_AE}ndrer|pynte|pynter)(?: p{_AA})? (?:tallene|tal|datoen|bel{_OE}bet|"
    rf"indt{_AE}gten|indkomsten|l{_OE}nnen)",
    r"change the (?:income|numbers|figures|date|amount)",
    r"turn back",
    r"(?:skrive|skriver|efterligne\w*|forfalske\w*|kopiere\w*|fake|forge|copy) (?:\w+ ){0,3}"
    r"(?:underskrift\w*|signature)",
    r"skrive[rs]? (?:\w+ ){0,2}(?:under|navn) som",
    r"i stedet for \d",
)
_SOMEONE_ELSES_NAME = (
    rf"(?:l{_AA}ne|l{_AA}ner|l{_AA}nt|bruge|bruger|k{_OE}be|k{_OE}ber|s{_AE}lge) (?:\w+ )?"
    r"(?:min|mit|din|dit|hans|hendes|en andens|\w+s) (?:mitid|kode|nemid|id|sundhedskort|"
    r"handicapkort|p-kort|tilladelse|login)",
    r"(?:use|borrow|buy|sell)(?:s|ing)? (?:\w+ )?(?:my|his|her|their|\w+'s) "
    r"(?:mitid|login|password|"
    r"code|id|card)",
    r"mitid[- ]?kode\w*",
    r"koden til (?:\w+ ){0,2}mitid",
    r"kort og kode",
    rf"(?:hans|hendes|deres|\w+s|eks'?) (?:mitid[- ]?)?(?:adgangskode|kode|password|n{_OE}glekort)",
    r"en andens|en anden persons|another person'?s|someone else'?s",
    r"log(?:ge)? (?:ind|p[åa]a?) som",
    r"log(?:ging)? in as",
    rf"(?:s{_OE}ge|s{_OE}ger|ans{_OE}ge|oprette|l{_AA}ne|bestille|apply|applying|sign) "
    r"(?:\w+ ){0,6}"
    r"i (?:hans|hendes|deres|\w+s) navn",
    r"(?:apply|applying|sign|log in) (?:\w+ ){0,6}in (?:his|her|their|\w+'s) name",
    rf"(?:hans|hendes|\w+s) (?:navn og )?f{_OE}dselsdato",
    rf"m{_OE}de op for mig",
    rf"(?:tage|tager) (?:min|mit) (?:k{_OE}rep{_OE}ve|pr{_OE}ve|eksamen|test) for mig",
)
_CRIMES = (
    r"hack\w*",
    r"bestikke[rs]?|bestikkelse",
    r"brib\w*",
    r"smugl\w*",
    r"smuggl\w*",
    rf"(?:k{_OE}be|k{_OE}ber|s{_AE}lge|s{_AE}lger|dyrke|dyrker|skaffe|buy|sell|grow)\w* "
    r"(?:\w+ ){0,3}"
    r"(?:hash|cannabis|weed|stoffer|svampe|drugs)",
    rf"hvor k{_OE}ber man|where (?:can i|do i|to) buy (?:drugs|weed)",
    r"uden recept",
    r"without (?:a )?prescription",
    rf"(?:arbejde|arbejder|arbejdet|job|penge|g{_OE}re rent|k{_OE}re|k{_OE}rer) sort",
    r"sort(?:e)? (?:arbejde|job|penge|ved siden af)",
    r"(?:cash|undeclared|black) (?:work|job|income|jobs)",
    rf"stj{_AE}le[r]?|steal(?:ing)?",
    rf"s{_AE}lge[rs]? (?:\w+ ){{0,3}}"
    r"(?:videre|piller|medicin|morfin\w*|tramadol|ritalin|lyrica|opioid\w*)",
    r"sell (?:\w+ ){0,3}(?:painkillers|pills|medicine|prescription)",
    r"(?:betaler|betale) godt for",
    rf"fodl{_AE}nke",
    r"ankle (?:monitor|tag)",
)

DECEIT = re.compile(
    r"(?<![\w])("
    + "|".join(_FOUND_OUT + _HIDING + _FALSE_PAPERS + _SOMEONE_ELSES_NAME + _CRIMES)
    + r")(?![\w])",
    re.IGNORECASE,
)

# Reporting someone else's cheating ("hvordan anmelder man socialt bedrageri", "how do i report
# undeclared work") names the same deeds, and is a citizen doing the right thing.
REPORTING = re.compile(
    r"(?<![\w])("
    rf"(?:hvordan|hvor|hvem|kan|m{_AA}) (?:\w+ ){{0,3}}"
    r"(?:anmelde\w*|indberette\w*|melde\w* (?:jeg |man |vi )?"
    rf"(?:anonymt|det|naboen|min nabo|en|nogen|ham|hende))|"
    rf"anonym\w* (?:anmeldelse|indberetning|tip)|tip om|whistleblow\w*|forpligtet til at sige|"
    r"(?:how|where|can) (?:do |can )?(?:i|you|one|we) report|report (?:\w+ ){0,2}anonymously|"
    rf"mist{_AE}nker (?:at )?(?:en|min|nogen|naboen)"
    r")(?![\w])",
    re.IGNORECASE,
)


def shows_deceit(text: str) -> bool:
    """Whether the message says something is to be hidden, faked or done as someone else (and
    is not about reporting someone who does)."""
    return DECEIT.search(text) is not None and REPORTING.search(text) is None
