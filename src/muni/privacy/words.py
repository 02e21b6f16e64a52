"""The few word lists redaction decides with, in one place (all lowercase, compared lowercased).

- `FUNCTION_WORDS` and `ORDINARY_WORDS`: a word from either is not (part of) a name, so
  "mit navn er forkert" and "jeg hedder mette og vil ..." stop where the name stops.
- `FIRST_NAMES_THAT_ARE_WORDS`: names that are also function words ("hans", "per", "bo");
  right after "jeg hedder" they are names.
- `SKIPPED_ADVERBS`: "jeg hedder faktisk Mette": looked past before the name.
- `RELATIONS`: "min søn hedder ..." introduces a name, "min kommune hedder ..." does not.
- `TOP_LEVEL_DOMAINS`: an obfuscated e-mail ("mette at gmail dot com") must end in one.
- `MAIL_HOSTS`: "mette at gmail.com" is an address, "register at jobnet.dk" is not.
- `POSTAL_TOWNS`: "Aarhus C" and "Odense SV" are postal districts, not a surname and an initial.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FUNCTION_WORDS = _words("""
    ad af al alle alene aldrig alt altid alting andet andre anden at bag begge bare blandt bliver
    blev blive blevet både da de dem den denne dens der deres derfor derfra derhen deri
    dermed derpå dersom dét det dette dig din dine disse dit du efter eftersom egen eget egne
    eller ellers en end endnu ens enten er et ethvert eventuelt fem fik fire for foran fordi
    forbi fra frem før først få får gennem gerne gjorde gjort god godt gør gøre ham han hende
    hendes her herfra hermed hos hun hvad hvem hver hvilke hvilken hvilket hvis hvor hvordan
    hvorfor hvornår hvorfra i igen ikke ind inde indtil ingen intet ja jeg jer jeres jo kan
    kunne kun lidt lige man mange med meget mellem men mens mere mest mig min mindre mine mit
    mod måske ned nede nej noget nogen nogle nok nu ny nye nyt når og også om omkring op oppe
    os over på rigtig samme sammen selv selvom seks sig sin sine sit skal skulle slet som
    stadig syv så sådan tilbage til ti tre tror under ud ude uden udover ved var vi vil ville
    vor vore vores være været altså
    a about after again all also am an and any are as at be because been before but by can
    could did do does for from get got had has have he her here him his how i i'm if in into
    is it its just me more my no not now of on only or other our out please she so some than
    that the their them then there these they this to too up us was we were what when where
    which who why will with would yes you your
""")

ORDINARY_WORDS = _words("""
    adresse adressen affald affaldet aftale ansøgning ansøge ansøgningen arbejde arbejder
    bestil bestille bestiller bestilling betale betaler billet blanket blanketten bo bolig
    boligen boligstøtte boligstøtten bor borger borgerservice brev brevet brug bruge bruger
    bøde børn barn barnet børnene børnepenge dagpleje daginstitution digital døgn email
    e-mail fejl fejlen flyt flytte flytter flyttet flytning folkeregistret folkeregisteret
    folkeregister forkerte forklare fornavn efternavn fuldt fulde glemt gammel gammelt
    haft hedder hed hjælp hjælpe hjemme hjemmehjælp hjemmeside hus huset hjem
    indskrivning information kommune kommunen kontakt kontakte kontor kørekort kørekortet
    langt lang læge lægen længe mail mangler mener mistet modtage modtog mor far navn navnet
    navneændring nummer nummeret opholdstilladelse oplyst oplyse pas passet
    pension pensionen penge plads pladsen post registreret registrering rettet rette ring
    ringe ringet sag sagen sagsbehandler samme sende sendt sendte skema skemaet skifte skiftet
    skiftede skole skolen skrevet skrive skriver skrev spørge spørger spørgsmål stavet staver
    stave storskrald sundhedskort sundhedskortet svar svare søge søger søgt søn datter tak
    takker tid tiden telefon tilmelde tilmelding tilladelse udfylde udfyldt ændre ændret
    ændring ændringen ønske ønsker anderledes desværre faktisk egentlig ellers forkert helt
    hurtigt korrekt lovligt muligt nemt nødt officielt rigtigt svært vist blot ret synes
    hilsen hilsner venlig venlige mvh jobcentret jobcenter afdelingen teamet familien
    bank hospital skat skattekort skattekortet udbetaling ydelse kontanthjælp
    genbrugsplads haveaffald hente afhentning åbningstider åbent lukket weekend
    mandag tirsdag onsdag torsdag fredag lørdag søndag januar februar marts april maj juni
    juli august september oktober november december
    hello hi hey thanks thank wrong spelled misspelled changed different correct need want
    help appointment passport card address moving moved living live lives name number phone
    call called new old back later tomorrow today soon often sometimes every
    daily
""")

FIRST_NAMES_THAT_ARE_WORDS = _words("hans per bo")

SKIPPED_ADVERBS = _words("faktisk egentlig nu stadig også jo altså bare forresten officielt")

RELATIONS = _words("""
    søn datter mor far mand kone hustru kæreste bror søster barn dreng pige baby mormor
    morfar farmor farfar bedstemor bedstefar oldemor oldefar svigermor svigerfar
    svigersøn svigerdatter ægtefælle samlever partner nabo veninde ven kollega plejebarn
    stedsøn steddatter stedfar stedmor onkel tante nevø niece fætter kusine værge
    son daughter mother father husband wife boyfriend girlfriend brother sister child kid
    neighbour neighbor friend partner
""")

TOP_LEVEL_DOMAINS = _words("""
    com dk net org eu io nu se no de info fi gl fo uk co me biz edu gov live online
    email mail nl fr es pl ch be us ca app dev tech shop
""")  # not "at", "it", "is" (Austria, Italy, Iceland): "... ikke at vide, at du ..."

MAIL_HOSTS = _words("""
    gmail googlemail hotmail outlook live msn yahoo icloud me mac aol gmx protonmail proton
    jubii stofanet mail email post webspeed youmail ofir tdcadsl privat
""")

POSTAL_TOWNS = _words("""
    københavn kobenhavn frederiksberg aarhus århus odense aalborg ålborg esbjerg kolding
    vejle horsens randers viborg silkeborg herning holstebro valby vanløse brønshøj
""")
