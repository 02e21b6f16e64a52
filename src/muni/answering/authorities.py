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

    def reply(self, language: Language, values: Mapping[str, str]) -> str:
        """The text, with the tenant's values of its variables (the out-of-hours doctor's
        number in the municipality's region)."""
        return self.text[language].format_map(
            {name: values.get(name) or say(key, language) for name, key in self.local.items()}
        )


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(alternatives) + r")\b", re.IGNORECASE)


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
)


def find_authority(text: str) -> Authority | None:
    for authority in AUTHORITIES:
        if authority.pattern.search(text):
            return authority
    return None
