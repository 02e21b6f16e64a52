"""Matters that another authority decides, how to recognise them and where to send citizens."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from muni.domain import Language, Link
from muni.texts import say


@dataclass(frozen=True)
class Authority:
    key: str
    pattern: re.Pattern[str]
    text: dict[Language, str]
    link: Link
    # content variables the text names as {name}, with the text to say when the tenant has none
    local: dict[str, str] = field(default_factory=dict)
    # what makes a match someone else's matter after all ("må min søn på 17 arbejde ved
    # siden af kontanthjælpen" is about the benefit, not about a young person's hours)
    unless: re.Pattern[str] | None = None
    # its matter is never a follow-up on a municipal topic, so it is recognised before the
    # conversation's topic is ("hvor mange timer må min søn på 15 arbejde" after MitID); SU or
    # dagpenge may be a condition of the topic ("og hvis vi begge er på SU?")
    interrupts: bool = False

    def matches(self, text: str) -> bool:
        return bool(self.pattern.search(text)) and not (self.unless and self.unless.search(text))

    def reply(self, language: Language, values: Mapping[str, str]) -> str:
        """The text, with the tenant's values of its variables (the out-of-hours doctor's
        number in the municipality's region)."""
        return self.text[language].format_map(
            {name: values.get(name) or say(key, language) for name, key in self.local.items()}
        )


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(alternatives) + r")\b", re.IGNORECASE)


# the municipality's matter around a hospital stay: sick pay and the forms about it ("skema om
# mit sygefravær ... jeg har ligget på hospitalet"), rehabilitation after discharge, help at
# home, aids, meals, a death's practical matters
_NOT_REGION = _words(
    r"sygedagpenge\w*", r"sygefrav[æa]e?r\w*", r"syge?meld\w*", r"genoptr[æa]e?ning\w*",
    r"hjemmehj[æa]e?lp\w*", r"hj[æa]e?lpemid\w*", r"plejebolig\w*", r"plejehjem\w*",
    r"madservice\w*", r"d[øo]e?dsattest\w*", r"begravelse\w*", r"sick (pay|leave)",
    r"rehabilitation",
)

# no a-kasse, or a benefit the municipality pays: "har ingen a-kasse, skal jeg søge
# kontanthjælp samme dag" is the municipality's matter
_NOT_A_KASSE = _words(
    r"(ingen|uden) a-?kasse\w*", r"ikke (medlem af |med i |i )?(en |nogen )?a-?kasse\w*",
    r"kontanthj[æa]e?lp\w*", r"uddannelseshj[æa]e?lp\w*", r"social assistance",
    r"no (a-?kasse|unemployment (insurance|fund))",
    r"not (in|a member of) (an? )?(a-?kasse|unemployment (insurance )?fund)",
)


# a young person and their age, for the working-hours rules ("min søn på 15", "en 14-årig")
_YOUNG = (
    r"(s[øo]e?n(nen)?|datter(en)?|dreng(en)?|pige(n)?|barn(et)?|b[øo]e?rn(ene)?|teenager\w*"
    r"|kn[æa]e?gt\w*|unge)"
)
_AGE = r"(p(å|aa?) |der er )?(1[3-7])( (å|aa?)r)?"
_AGED = r"(1[3-7])[ -]?(å|aa?)rig"
_MAY = r"m(å|aa?)"
_WORK = r"(arbejde|jobbe)"
_EN_YOUNG = r"(son|daughter|kid|child|teenager|teen|boy|girl)"
_EN_JOB = r"(work|(have|get|take) an? (\w+[- ]){0,2}job)"
# someone else's matter after all: an earnings limit, a benefit or tax ("hvor meget må min søn
# på 16 tjene", "mister vi børnepengene"), an adult child's work beside a benefit (the job
# centre's), and a young person who cannot work or homework. Earning as such is no veto ("må
# min søn på 14 arbejde for at tjene lommepenge" asks about his hours).
_NOT_HOURS = _words(
    r"kontanthj[æa]e?lp\w*", r"f[øo]e?rtidspension\w*", r"stu", r"su", r"b[øo]e?rnepenge\w*",
    r"b[øo]e?rne- og ungeydelse\w*", r"ungeydelse\w*",
    r"hvor meget (m[åa]a?|kan) (\w+ ){0,3}tjene",
    r"tjene (\w+ ){0,3}f[øo]e?r", r"mist\w*", r"indkomstgr[æa]e?nse\w*", r"fradrag\w*",
    r"skat\w*", r"frikort\w*", r"sygedagpenge\w*", r"dagpenge\w*", r"fleksjob\w*",
    r"ressourceforl\w*", r"revalidering\w*", r"sygemeldt", r"syg",
    r"(m[åa]a?|kan) ikke (\w+ ){0,2}arbejde", r"ikke (m[åa]a?|kan) (\w+ ){0,2}arbejde",
    r"benefits?", r"how much (can|may) (\w+ ){0,3}earn", r"earn (\w+ ){0,3}before", r"lose",
    r"tax\w*", r"allowance", r"can(no|')t work", r"unable to work", r"out of work",
    r"school ?work", r"home ?work", r"lektier?", r"job ?cent(er|re)", r"jobcent\w*",
    r"disabilit\w*", r"handicap\w*",
)
# an age of 13-17 said as an age, in English ("my 15 year old", "aged 14", "he is 16"), not an
# hour, a date or a number of hours ("15 hours a week", "from 13 june")
_EN_AGE = (
    r"((1[3-7])[- ]?(year|yr)s?[- ]old|aged (1[3-7])|"
    r"(is|he's|she's|i'm|turns?) (1[3-7])\b(?! (hours?|h\b|am|pm|june|july|may|august)))"
)


AUTHORITIES: tuple[Authority, ...] = (
    Authority(
        "skattestyrelsen",
        _words(
            r"forskuds?opg[øo]e?relsen?",
            r"[åa]a?rsopg[øo]e?relsen?",
            r"restskat\w*",
            r"overskydende skat",
            r"skattekort\w*",
            r"frikort\w*",
            r"selvangivelse\w*",
            r"tast ?selv",
            r"skattefradrag\w*",
            r"bilag til skat",
            r"tax return",
            r"preliminary income assessment",
            r"tax card",
        ),
        {
            "da": "Det er Skattestyrelsen, der tager sig af din personlige skat, fx "
            "forskudsopgørelse, årsopgørelse og skattekort. Du finder det på skat.dk, hvor du "
            "logger ind med MitID.",
            "en": "Your personal tax (forskudsopgørelse, årsopgørelse, tax card) is handled by the "
            "Danish Tax Agency (Skattestyrelsen), not the municipality. Log in at skat.dk "
            "with MitID.",
        },
        Link("Skattestyrelsen på skat.dk", "https://skat.dk"),
    ),
    Authority(
        "politiet",
        _words(
            r"straffeattest\w*",
            r"politianmeld\w*",
            r"anmelde? (et )?(tyveri|indbrud|vold)",
            r"politiet",
            r"police",
            r"criminal record",
            r"v[åa]benpas",
        ),
        {
            "da": "Det er Politiet, der tager sig af straffeattester og anmeldelser af "
            "forbrydelser. Du kan gøre det på politi.dk. Er nogen i fare lige nu, så ring 112.",
            "en": "Criminal records and reporting crimes are handled by the police (Politiet), at "
            "politi.dk. If someone is in danger right now, call 112.",
        },
        Link("Politiet på politi.dk", "https://politi.dk"),
    ),
    Authority(
        "regionen",
        _words(
            r"hospital\w*",
            r"sygehus\w*",
            r"skadestue\w*",
            r"1813",
            r"l[æa]e?gevagt\w*",
            r"venteliste til (en )?operation",
            r"akutmodtagelse\w*",
        ),
        {
            "da": "Det er regionen, der har ansvaret for hospitaler, skadestuer og lægevagten. "
            "Ring til din egen læge i dagtiden. Uden for lægens åbningstid ringer du til "
            "lægevagten: {laegevagt_telefon}. Ved livsfare ring 112.",
            "en": "Hospitals, emergency rooms and the out-of-hours doctor are run by the regions, "
            "not the municipality. Call your own doctor in the daytime, and the out-of-hours "
            "doctor (lægevagten) at other times: {laegevagt_telefon}. In a life-threatening "
            "situation call 112.",
        },
        Link("Sundhed og hospitaler på sundhed.dk", "https://www.sundhed.dk"),
        local={"laegevagt_telefon": "out_of_hours_doctor_unknown"},
        unless=_NOT_REGION,
    ),
    Authority(
        "a-kasse",
        _words(r"a-?kasse\w*", r"dagpenge", r"efterl[øo]e?n\w*", r"unemployment benefits?"),
        {
            "da": "Dagpenge og efterløn får du gennem din a-kasse. Kontakt din a-kasse direkte. "
            "Jobcentret i kommunen hjælper med jobsøgning og samtaler.",
            "en": "Unemployment benefits (dagpenge) and early retirement (efterløn) are paid by "
            "your unemployment fund (a-kasse). Please contact it directly.",
        },
        Link("A-kasser og dagpenge på borger.dk", "https://www.borger.dk/arbejde-dagpenge-ferie"),
        unless=_NOT_A_KASSE,
    ),
    Authority(
        "su",
        _words(r"su", r"su-?l[åa]n\w*", r"statens uddannelsesst[øo]tte", r"student grant"),
        {
            "da": "SU (Statens Uddannelsesstøtte) søger du på su.dk gennem dit uddannelsessted. "
            "Kommunen behandler ikke SU.",
            "en": "Student grants (SU) are applied for at su.dk through your place of study. The "
            "municipality does not handle SU.",
        },
        Link("SU på su.dk", "https://www.su.dk"),
    ),
    Authority(
        "motorstyrelsen",
        _words(
            r"nummerplade\w*",
            r"registreringsafgift\w*",
            r"motorstyrelsen",
            r"omregistrer\w*",
            r"indregistrer\w*",
            r"licence plates?",
            r"register (a |my |an )?(\w+ )?car",
            r"car registration",
        ),
        {
            "da": "Nummerplader, registrering af biler og registreringsafgift hører under "
            "Motorstyrelsen. Du finder det på motorst.dk.",
            "en": "Licence plates, vehicle registration and registration tax are handled by the "
            "Danish Motor Vehicle Agency (Motorstyrelsen) at motorst.dk.",
        },
        Link("Motorstyrelsen på motorst.dk", "https://motorst.dk"),
    ),
    Authority(
        "familieretshuset",
        _words(
            r"skilsmisse\w*",
            r"separation\w*",
            r"samv[æa]e?r\w*",
            r"for[æa]e?ldremyndighed\w*",
            r"b[øo]e?rnebidrag\w*",
            r"divorce",
            r"custody",
        ),
        {
            "da": "Skilsmisse, forældremyndighed, samvær og børnebidrag hører under "
            "Familieretshuset. Du kan søge og få vejledning på familieretshuset.dk.",
            "en": "Divorce, custody, contact arrangements and child support are handled by the "
            "Agency of Family Law (Familieretshuset) at familieretshuset.dk.",
        },
        Link("Familieretshuset", "https://familieretshuset.dk"),
    ),
    Authority(
        "arbejdstilsynet",
        _words(
            # "må min søn på 15 arbejde", "hvor længe maa min dreng paa 13 arbejde", "må en
            # 14-årig arbejde om aftenen", "min søn er 15, hvor mange timer må han arbejde": a
            # young person of 13-17 and their working hours, not a job centre matter (an
            # adult's "må jeg arbejde på fleksjob" has no young person in it)
            rf"{_MAY} (min|vores|en|et|mit) {_YOUNG} {_AGE} (\w+ ){{0,3}}{_WORK}",
            rf"{_MAY} (min|vores|en|et|mit) (teenager|kn[æa]e?gt)\w* (\w+ ){{0,3}}{_WORK}",
            rf"{_MAY} (min|vores|mine|en|et|mit) {_AGED}\w*( \w+){{0,3}} {_WORK}",
            rf"{_YOUNG} {_AGE} (\w+ ){{0,4}}({_MAY}|lov til at) (\w+ ){{0,3}}{_WORK}",
            rf"{_YOUNG} er (1[3-7])( (å|aa?)r)?\b[^.?!]{{0,40}}\b({_MAY}|lov til at) "
            rf"(\w+ ){{0,3}}{_WORK}",
            rf"{_AGED}\w* (\w+ ){{0,4}}({_MAY}|lov til at) (\w+ ){{0,3}}{_WORK}",
            r"unges? arbejdstid\w*",
            r"unges arbejde",
            r"unge under 18 (\w+ ){0,2}arbejde",
            r"arbejdstid for (unge|b[øo]e?rn|teenagere)",
            r"fritidsjob\w*[^.?!]{0,40}\b(timer|hvor (meget|l[æa]e?nge|sent))",
            rf"fritidsjob\w*[^.?!]{{0,40}}\b{_MAY} (hun|han) (\w+ ){{0,2}}{_WORK}",
            rf"{_EN_YOUNG}s? (is|who is|aged?) (1[3-7])\b(?! (hours?|june|july|may|august))"
            rf"[^.?!]{{0,30}}\b(work|job)",
            rf"(can|may) (my|our|a|your) ((1[3-7])[- ]year[- ]old|teen|teenager)s?"
            rf"( \w+){{0,4}} ({_EN_JOB}|be working)",
            rf"(1[3-7])[- ]year[- ]olds? (\w+ ){{0,3}}(can|may|be allowed to) "
            rf"(\w+ ){{0,2}}{_EN_JOB}",
            rf"(part[- ]time|after[- ]school|summer|weekend) job[^.?!]{{0,40}}{_EN_AGE}",
            rf"{_EN_AGE}[^.?!]{{0,40}}(part[- ]time|after[- ]school|summer|weekend) job",
            r"child labou?r",
            r"working hours for (children|young people|teenagers|minors)",
        ),
        {
            "da": "Reglerne for, hvor meget børn og unge under 18 år må arbejde, er "
            "Arbejdstilsynets, ikke kommunens. Kort fortalt: Børn under 13 år må som "
            "udgangspunkt ikke arbejde. Går den unge stadig i skole, er det højst 2 timer på "
            "en skoledag og højst 12 timer i en uge med skole, og aldrig mellem kl. 20 og "
            "kl. 6. Er den unge på 15-17 år færdig med 9. klasse, er det højst 8 timer om "
            "dagen og 40 timer om ugen. Du finder alle reglerne på at.dk.",
            "en": "How much children and young people under 18 may work is set by the Danish "
            "Working Environment Authority (Arbejdstilsynet), not the municipality. In short: "
            "children under 13 may as a rule not work. A young person still in school may "
            "work at most 2 hours on a school day and 12 hours in a school week, and never "
            "between 8 pm and 6 am. A 15-17-year-old who has finished year 9 may work at most "
            "8 hours a day and 40 hours a week. All the rules are at at.dk.",
        },
        Link(
            "Unges arbejdstid hos Arbejdstilsynet",
            "https://arbejdstilsynet.dk/da/regler/unge/unges-arbejdstid-hviletid-og-fridogn",
        ),
        unless=_NOT_HOURS,
        interrupts=True,
    ),
)


def find_authority(text: str) -> Authority | None:
    for authority in AUTHORITIES:
        if authority.matches(text):
            return authority
    return None
