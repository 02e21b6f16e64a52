"""How muni writes days and times to citizens, in Danish and English (Copenhagen time):

day_name      "tirsdag 1. december"               "Tuesday 1 December"
full_date     "tirsdag den 1. december 2026"      "Tuesday 1 December 2026"
short_time    "tirs. 1. dec. kl. 10.15"           "Tue 1 Dec 10:15"      (a slot button)
long_time     "tirsdag den 1. december kl. 10.15" "Tuesday 1 December at 10:15"
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from muni.texts import da, en

LOCAL = ZoneInfo("Europe/Copenhagen")

WEEKDAYS = {
    "da": ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
WEEKDAYS_SHORT = {
    "da": ("man.", "tirs.", "ons.", "tors.", "fre.", "lør.", "søn."),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
MONTHS = {"da": tuple(da.MONTHS), "en": tuple(en.MONTHS)}
MONTHS_SHORT = {
    "da": tuple("jan. feb. marts april maj juni juli aug. sep. okt. nov. dec.".split()),
    "en": tuple("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()),
}


def _lang(language: str) -> str:
    return "en" if language == "en" else "da"


def _local(moment: datetime) -> datetime:
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(LOCAL)


def day_name(day: date, language: str) -> str:
    lang = _lang(language)
    weekday, month = WEEKDAYS[lang][day.weekday()], MONTHS[lang][day.month - 1]
    return f"{weekday} {day.day} {month}" if lang == "en" else f"{weekday} {day.day}. {month}"


def full_date(day: date, language: str) -> str:
    lang = _lang(language)
    weekday, month = WEEKDAYS[lang][day.weekday()], MONTHS[lang][day.month - 1]
    if lang == "en":
        return f"{weekday} {day.day} {month} {day.year}"
    return f"{weekday} den {day.day}. {month} {day.year}"


def short_time(moment: datetime, language: str) -> str:
    lang, local = _lang(language), _local(moment)
    weekday = WEEKDAYS_SHORT[lang][local.weekday()]
    month = MONTHS_SHORT[lang][local.month - 1]
    if lang == "en":
        return f"{weekday} {local.day} {month} {local:%H:%M}"
    return f"{weekday} {local.day}. {month} kl. {local:%H.%M}"


def long_time(moment: datetime, language: str) -> str:
    lang, local = _lang(language), _local(moment)
    weekday, month = WEEKDAYS[lang][local.weekday()], MONTHS[lang][local.month - 1]
    if lang == "en":
        return f"{weekday} {local.day} {month} at {local:%H:%M}"
    return f"{weekday} den {local.day}. {month} kl. {local:%H.%M}"
