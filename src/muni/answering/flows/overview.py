"""Mit overblik: a citizen asks about their own appointment, case or payment ("hvornår er
min tid?", "hvad er status på min sag om boligstøtte?", "hvornår får jeg udbetalt?").

Logged in (Question.citizen, for this request only) → the answer from the tenant's
CitizenRecords for exactly what was asked, marked personal (the transcript keeps a
placeholder). Not logged in → what muni can show after MitID login and the login link
(action "citizen_login"); nothing personal. A general question about the same things
("hvornår udbetales boligstøtte?") is not this flow's: `personal_question` is None for it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from muni.answering.flows.base import FlowReply
from muni.answering.state import TurnState
from muni.connectors.protocols import CitizenRecords, ConnectorUnavailable
from muni.connectors.values import CitizenOverview
from muni.domain import Answer, Link, Question, Tenant
from muni.texts import say
from muni.texts.dates import full_date

Kind = Literal["appointment", "case", "payment"]
LOCAL = ZoneInfo("Europe/Copenhagen")
OVERVIEW_URL = "https://www.borger.dk/mitoverblik"

# words the detector knows, so a typo of one letter still finds them (distance 1, 5+ letters)
VOCABULARY = (
    "hvornaar",
    "udbetalt",
    "udbetaling",
    "udbetalinger",
    "udbetales",
    "boligstoette",
    "boligsikring",
    "ansoegning",
    "status",
    "aftale",
    "aftaler",
    "borgerservice",
    "bookinger",
    "booking",
    "pengene",
    "betaling",
)
# what a case may be about: words in the question → words in the case's topic or title
CASE_WORDS = {
    "boligstoette": ("boligstoette", "boligstøtte", "boligsikring"),
    "boligsikring": ("boligstoette", "boligstøtte", "boligsikring"),
    "pension": ("pension",),
    "foertidspension": ("foertidspension", "førtidspension"),
    "kontanthjaelp": ("kontanthjaelp", "kontanthjælp"),
    "byggetilladelse": ("byggetilladelse",),
    "hjaelpemidler": ("hjaelpemidler", "hjælpemidler", "hjaelpemiddel"),
    "handicapparkering": ("handicapparkering",),
    "friplads": ("friplads",),
    "aktindsigt": ("aktindsigt",),
}
DOING = re.compile(r"\b(flyt\w*|aflys\w*|annull\w*|aendr\w*|bestil\w*|book(?!ing)\w*|slet\w*)\b")
MINE = r"(min|mine|mit)"
# a question about their own thing asks where it stands or when; "min sag" in a complaint,
# a hypothesis ("hvis ...") or a question about rights is a general question
GENERAL = re.compile(
    r"\bhvis\b|\bfra\s+hvornaar\b|\bklag\w*|\butilfreds\b|\bsagsoeg\w*|\blad\s+som\s+om\b"
    r"|\baktindsigt\b|\bfor\s+sent\b|\bdokument\w*"
)
APPOINTMENT = re.compile(
    rf"\bhvornaar\s+(er|har\s+jeg)\s+{MINE}\s+(naeste\s+)?(tid|tider|aftale|aftaler|booking)\b"
    rf"|\bhvornaar\s+skal\s+jeg\s+(til|moede|vaere)\b"
    r"|\bhar\s+jeg\s+(en\s+|nogen\s+|faaet\s+(en\s+)?)?"
    r"(tid|tider|aftale|aftaler|booking|bookinger)\b"
    r"|\b(hvad|hvilken|hvilke)\s+(tid|tider|aftale|aftaler)\s+har\s+jeg\b"
    rf"|\b(se|vis)\s+{MINE}\s+(naeste\s+)?(tid|tider|aftale|aftaler|booking|bookinger)\b"
    rf"|^{MINE}\s+(naeste\s+)?(tid|tider|aftale|aftaler)$"
    rf"|\bhvor\s+er\s+{MINE}\s+(naeste\s+)?(tid|aftale)\b"
)
CASE = re.compile(
    rf"\bstatus\s+(paa|for|i)\s+{MINE}\b"
    rf"|\bhvordan\s+gaar\s+det\s+med\s+{MINE}\b"
    rf"|\bhvor\s+langt\s+er\s+{MINE}\b"
    r"|\bhar\s+jeg\s+(en\s+|nogen\s+)?(sag|sager|ansoegning)\b"
    rf"|\b(er|bliver)\s+(min|mit)\s+(\w+\s+)?(sag|ansoegning)(\s+om\s+\w+)?\s+"
    r"(godkendt|bevilget|afgjort|behandlet|faerdig)\b"
    rf"|\bhvornaar\s+(faar\s+jeg\s+svar|er\s+{MINE}\s+(\w+\s+)?(sag|ansoegning))\b"
    rf"|\b(se|vis)\s+{MINE}\s+(sag|sager|ansoegning|ansoegninger)\b"
    rf"|\bhvad\s+(sker|er)\s+der\s+(med|i)\s+{MINE}\s+(\w+\s+)?(sag|ansoegning)\b"
)
PAYMENT = re.compile(
    r"\bhvornaar\s+(faar|far|kommer)\s+jeg\s+(\w+\s+)?"
    r"(udbetalt|udbetaling|penge|pengene|boligstoette)\b"
    rf"|\b{MINE}\s+(naeste\s+)?(udbetaling|udbetalinger)\b"
    rf"|\bhvornaar\s+kommer\s+{MINE}\s+(penge|pengene|udbetaling|boligstoette)\b"
    rf"|\bhvornaar\s+(bliver|er)\s+{MINE}\s+(\w+\s+)?(udbetalt|udbetaling)\b"
    r"|\budbetaler\s+i\s+(til\s+)?mig\b"
)


def _plain(text: str) -> str:
    """Lower case, æøå spelled out, accents dropped, punctuation to spaces."""
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    # no-æøå spellings: "hvornar", "far jeg", "boligstotte", "ansogning", "pa"
    text = re.sub(r"\bhvorn\w{0,3}r\b", "hvornaar", text)
    text = re.sub(r"\bboligst\w{0,2}tte\b", "boligstoette", text)
    text = re.sub(r"\bans\w{0,2}gning", "ansoegning", text)
    text = re.sub(r"\bpa\b", "paa", text)
    text = re.sub(r"\bnaste\b", "naeste", text)
    return " ".join(_corrected(word) for word in text.split())


def _corrected(word: str) -> str:
    if len(word) < 5 or word in VOCABULARY:
        return word
    for known in VOCABULARY:
        if abs(len(known) - len(word)) <= 1 and _one_edit(word, known):
            return known
    return word


def _one_edit(a: str, b: str) -> bool:
    """Whether a and b differ by one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and (a[diff[1]] == b[diff[0]])
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


@dataclass(frozen=True)
class PersonalQuestion:
    kind: Kind
    about: str | None = None  # what the case or payment is about, e.g. "boligstoette"


def personal_question(text: str) -> PersonalQuestion | None:
    """What of their own the citizen asks about, or None for a general question."""
    plain = _plain(text)
    if DOING.search(plain) or GENERAL.search(plain):
        return None  # booking, moving or cancelling is the booking flow's
    about = next((word for word in CASE_WORDS if re.search(rf"\b{word}\b", plain)), None)
    if PAYMENT.search(plain):
        return PersonalQuestion("payment", about)
    if CASE.search(plain):
        return PersonalQuestion("case", about)
    if APPOINTMENT.search(plain):
        return PersonalQuestion("appointment")
    return None


def _day(day: date) -> str:
    return full_date(day, "da")


def _when(moment: datetime) -> str:
    local = moment.astimezone(LOCAL)
    return f"{_day(local.date())} kl. {local:%H.%M}"


class OverviewFlow:
    """The citizen's own appointments, cases and payments (CitizenRecords)."""

    name = "overview"

    def __init__(
        self,
        records: Callable[[Tenant], CitizenRecords | None],
        values: Callable[[Tenant], dict[str, str]],
        login_available: bool | Callable[[Tenant], bool],
        clock: Callable[[], datetime],
    ) -> None:
        self.records = records
        self.values = values
        self.login_available = login_available
        self.clock = clock

    def start(self, question: Question, state: TurnState) -> FlowReply | None:
        if question.flow_input:
            return None
        asked = personal_question(question.text)
        if asked is None:
            return None
        return FlowReply(self._answer(question, asked))

    def proceed(
        self, question: Question, state: TurnState, flow: dict[str, Any]
    ) -> FlowReply | None:
        return None  # every answer is complete in one turn

    def _answer(self, question: Question, asked: PersonalQuestion) -> Answer:
        tenant = question.tenant
        topic = _topic(asked)
        values = self.values(tenant)
        phone = values.get("kommune_telefon", "")
        records = self.records(tenant)
        login = self.login_available
        if records is None or not (login(tenant) if callable(login) else login):
            return _answer(say("overview_not_here", "da", phone=phone), topic, "unanswered")
        citizen = question.citizen
        if citizen is None:
            text = say("overview_login", "da")
            if question.login_expired:
                text = f"{say('overview_login_expired', 'da')} {text}"
            return _answer(text, topic, "answered", action="citizen_login")
        try:
            overview = records.overview(tenant, citizen)
        except ConnectorUnavailable:
            return _answer(say("overview_down", "da", phone=phone), topic, "unanswered")
        text, found = self._tell(asked, overview)
        return _answer(text, topic, "answered" if found else "unanswered", personal=True)

    def _tell(self, asked: PersonalQuestion, overview: CitizenOverview) -> tuple[str, bool]:
        now = self.clock()
        if asked.kind == "appointment":
            coming = sorted(
                (a for a in overview.appointments if a.starts_at >= now),
                key=lambda a: a.starts_at,
            )
            if not coming:
                return say("overview_no_appointment", "da"), False
            lines = []
            for item in coming[:3]:
                line = f"{item.what} {_when(item.starts_at)}"
                line += f", {item.place}" if item.place else ""
                line += f" (bookingkode {item.code})" if item.code else ""
                lines.append(line + ".")
            key = "overview_appointment" if len(coming) == 1 else "overview_appointments"
            return say(key, "da", items=" ".join(lines)), True
        if asked.kind == "case":
            cases = [c for c in overview.cases if _about(asked.about, c.topic + " " + c.title)]
            if not cases:
                key = "overview_no_case_about" if asked.about else "overview_no_case"
                return say(key, "da", about=_words(asked.about)), False
            lines = []
            for case in cases[:3]:
                line = f"Din sag om {case.title}: {case.status.rstrip('.')}."
                if case.updated:
                    line += f" Sidst opdateret {_day(case.updated)}."
                if case.next_step:
                    line += f" {case.next_step.rstrip('.')}."
                lines.append(line)
            return " ".join(lines), True
        today = now.astimezone(LOCAL).date()
        payments = sorted(
            (p for p in overview.payments if p.day >= today and _about(asked.about, p.what)),
            key=lambda p: p.day,
        )
        if not payments:
            return say("overview_no_payment", "da"), False
        first = payments[0]
        amount = f" på {first.amount.rstrip('.')}" if first.amount else ""  # "kr.." reads badly
        return say(
            "overview_payment", "da", what=first.what, amount=amount, day=_day(first.day)
        ), True


def _about(about: str | None, text: str) -> bool:
    if about is None:
        return True
    plain = _plain(text)
    return any(_plain(word) in plain for word in CASE_WORDS[about])


def _words(about: str | None) -> str:
    return {"boligstoette": "boligstøtte", "boligsikring": "boligstøtte"}.get(
        about or "", (about or "").replace("oe", "ø").replace("ae", "æ")
    )


def _topic(asked: PersonalQuestion) -> str:
    if asked.about in ("boligstoette", "boligsikring"):
        return "boligstoette"
    if asked.about:
        return asked.about
    return {"appointment": "tidsbestilling", "case": "kontakt", "payment": "betaling"}[asked.kind]


def _answer(
    text: str, topic: str, status: str, action: str | None = None, personal: bool = False
) -> Answer:
    return Answer(
        text=text,
        origin="flow",
        status=status,
        topic=topic,
        links=(Link("Mit overblik på borger.dk", OVERVIEW_URL),) if not personal else (),
        action=action,
        personal=personal,
    )
