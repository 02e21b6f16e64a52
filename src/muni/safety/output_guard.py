"""The output guard: every answer is checked before it is sent.

An answer may not contain
- a URL outside the tenant's own site, the links of the curated content and the national
  services muni refers to (a page or a citizen cannot smuggle in a link);
- a phone number that is not Danish (a page cannot redirect citizens abroad);
- a claimed decision ("din ansøgning er BEVILGET", "approved"): muni never decides a case;
- a long stretch of the citizen's own message that is not in muni's sources (echo of
  injected text).
Offending sentences are removed; when too little is left, the answer becomes the honest
fallback. What was removed is noted in the answer's diagnostics.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from urllib.parse import urlsplit

from muni.answering.authorities import AUTHORITIES
from muni.answering.state import TurnState
from muni.domain import Answer, Question, QuickReply, Tenant
from muni.nlu.normalize import normalize
from muni.texts import say

NATIONAL_HOSTS = frozenset(
    {
        "borger.dk",
        "lifeindenmark.borger.dk",
        "skat.dk",
        "politi.dk",
        "sundhed.dk",
        "livslinien.dk",
        "levudenvold.dk",
        "bornsvilkar.dk",
        "bispebjerghospital.dk",
        "cmm.dk",
        "mitid.dk",
        "virk.dk",
        "retsinformation.dk",
        "ombudsmanden.dk",
        "ast.dk",
        "familieretshuset.dk",
        "nyidanmark.dk",
        "jobnet.dk",
        "fstyr.dk",
        "valg.im.dk",
    }
) | {  # where muni sends a matter another authority decides (su.dk, motorst.dk ...)
    (urlsplit(authority.link.url).hostname or "").removeprefix("www.") for authority in AUTHORITIES
}
_URL = re.compile(
    r"\b(?:https?://|www\.)[^\s<>«»\"')\]]+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|"
    r"io|ru|cn|xyz|info|biz|co|uk|de|se|no)\b(?:/[^\s<>«»\"')\]]*)?",
    re.IGNORECASE,
)
_FOREIGN_PHONE = re.compile(r"(?:\+|\b00)(?!45\b|45\s)\d{1,3}[\s.-]?\d[\d\s.-]{5,}\d")
_DECISION_WORD = re.compile(
    r"\b(BEVILGET|BEVILLIGET|GODKENDT|IMØDEKOMMET|AFVIST|APPROVED|GRANTED)\b"
)
_DECISION = re.compile(
    r"(?<!hvis )(?<!når )(?<!if )(?<!when )(?<!once )\b(din|jeres|your) (ansøgning|sag|klage|"
    r"application|claim|case) (er|is|has|has been) (hermed |nu |now |hereby )?"
    r"(blevet |been )?(bevilget|bevilliget|godkendt|imødekommet|approved|granted|accepted)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?»])\s+|\n+")
ECHO_WORDS = 7  # this many words in a row from the citizen's message, not in the sources
MIN_LEFT = 40  # characters; below this the cleaned answer is replaced by the fallback


def host_allowed(url: str, allowed: Iterable[str]) -> bool:
    raw = url if "://" in url else f"https://{url}"
    host = (urlsplit(raw).hostname or "").lower().removeprefix("www.")
    return any(host == a or host.endswith("." + a) for a in allowed)


def _ngrams(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def problems(
    sentence: str, question: str, allowed: set[str], trusted: str, check_echo: bool
) -> list[str]:
    """Why one sentence of an answer may not be sent (empty: it may)."""
    found = []
    for url in _URL.findall(sentence):
        if not host_allowed(url.rstrip(".,;:"), allowed):
            found.append("url")
    if _FOREIGN_PHONE.search(sentence):
        found.append("foreign_phone")
    if _DECISION_WORD.search(sentence) or _DECISION.search(sentence):
        found.append("decision")
    if check_echo:
        echoed = _ngrams(normalize(sentence).split(), ECHO_WORDS) & _ngrams(
            normalize(question).split(), ECHO_WORDS
        )
        if echoed and not any(" ".join(g) in normalize(trusted) for g in echoed):
            found.append("echo")
    return found


class OutputGuard:
    """Refiner, last of all: removes what may not be sent (see the module docstring)."""

    name = "output_guard"

    def __init__(
        self, allowed_hosts: Callable[[Tenant], set[str]], values: Callable[[Tenant], dict]
    ) -> None:
        self.allowed_hosts = allowed_hosts
        self.values = values

    def allowed(self, question: Question, answer: Answer) -> set[str]:
        hosts = set(NATIONAL_HOSTS) | self.allowed_hosts(question.tenant)
        for source in answer.sources:
            if source.kind == "page" and source.url:
                hosts.add((urlsplit(source.url).hostname or "").lower().removeprefix("www."))
        return {h for h in hosts if h}

    def __call__(self, question: Question, answer: Answer, state: TurnState) -> Answer:
        allowed = self.allowed(question, answer)
        check_echo = answer.origin in ("generated", "search")
        trusted = " ".join(h.passage.text for hits in state.cached_hits() for h in hits)
        kept, removed = [], []
        for part in _SENTENCE.split(answer.text):
            reasons = problems(part, question.text, allowed, trusted, check_echo)
            if answer.personal:  # the case system's own status ("godkendt"), not muni deciding
                reasons = [r for r in reasons if r != "decision"]
            (removed if reasons else kept).append((part, reasons))
        bad_links = [
            link
            for link in answer.links
            if not link.url.startswith("/api/tenants/")  # muni's own (a booking's .ics)
            and not host_allowed(link.url, allowed)
        ]
        if not removed and not bad_links:
            return answer
        reasons = sorted({r for _, rs in removed for r in rs} | ({"url"} if bad_links else set()))
        diagnostics = {**answer.diagnostics, "output_guard": ", ".join(reasons)}
        text = answer.text
        for part, _ in removed:
            text = text.replace(part, "")
        text = re.sub(r"[ \t]{2,}", " ", text)
        text = re.sub(r"\n[ \t]+", "\n", text)
        text = re.sub(r"\n{3,}", "\n\n", text).strip()
        links = tuple(link for link in answer.links if link not in bad_links)
        if len(text) >= MIN_LEFT and answer.origin != "guard":
            return replace(answer, text=text, links=links, diagnostics=diagnostics)
        values = self.values(question.tenant)
        person = say("talk_to_person", question.language)
        return replace(
            answer,
            text=say(
                "unanswered",
                question.language,
                kommune_navn=values.get("kommune_navn", ""),
                kommune_telefon=values.get("kommune_telefon", ""),
            ),
            origin="fallback",
            status="unanswered",
            links=(),
            sources=(),
            quick_replies=(QuickReply(person, person, "menneske"),),
            diagnostics=diagnostics,
        )
