"""How sentences from the tenant's own page are quoted: the best sentence, the rest of its
list and close runners-up from the same page, each sentence that points back with the one
before it, in page order and within limits; and the quote's wording with its page and date.
Which sentences qualify is `answering/fact_sentences.py`; when a quote leads an answer is
`answering/page_facts.py`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from muni.answering.fact_sentences import FactSentence
from muni.answering.sentence_reading import sentences, states_value
from muni.answering.value_labels import label_of, labels_an_item
from muni.domain import Language
from muni.facts.kinds import value_kinds
from muni.store.pages import IndexedPassage
from muni.texts import say
from muni.texts.da import MONTHS as MONTHS_DA
from muni.texts.en import MONTHS as MONTHS_EN

MAX_QUOTE_CHARS = 450
MAX_QUOTE_SENTENCES = 5
RUNNER_UP = 0.6  # a sentence this close to the best one's score is quoted beside it
# a heading that says what does not hold or is not allowed ("Det kan borgerrådgiveren ikke",
# "Her må du ikke fyre fyrværkeri af"): the items under it, quoted alone, say the opposite
NEGATIVE_HEADING = re.compile(r"\b(?:ikke|aldrig|not|never)\b", re.IGNORECASE)


def with_negative_heading(passage: IndexedPassage, text: str) -> str:
    """`text`, quoted from `passage`, led by the passage's heading when that heading says
    what does not hold: "Det kan borgerrådgiveren ikke: Behandle sager om politiske
    beslutninger.", never "… Behandle sager om politiske beslutninger." alone."""
    heading = passage.heading_path[-1].strip() if len(passage.heading_path) > 1 else ""
    if not heading or not NEGATIVE_HEADING.search(heading) or text.startswith(heading):
        return text
    if heading.endswith(("?", "!")):
        return f"{heading} {text}"
    return f"{heading.rstrip(':. ')}: {text}"


def quote(found: list[FactSentence], asked: Sequence[tuple[str, ...]] = ()) -> list[FactSentence]:
    """The best sentence, the other sentences of its passage that state a value of the kind
    asked for (a price list, opening hours by day), and close runners-up from elsewhere on
    the same page; then, for each kind of value `asked` (the value kinds of each thing the
    question asks for) that none of these states, the page's best sentence stating it and
    the rest of its list ("hvor ligger jobcentret og hvornår har de åbent": the address, and
    the hours by day under their own heading); in page order, within limits."""
    if not found:
        return []
    best = found[0]
    page = best.hit.passage.url
    chosen = [best]
    length = len(best.text)
    # a labelled line is one item of a list ("Juleophold …: 23.-26. december. Pris 1.800
    # kr."): the other items of its list are only quoted when they are about as close
    one_item = labels_an_item(best.hit.passage.text, best.text)
    for candidate in found[1:]:
        close = candidate.score >= RUNNER_UP * best.score
        same_passage = candidate.hit.passage.id == best.hit.passage.id and (close or not one_item)
        close_on_page = candidate.hit.passage.url == page and close
        if not (same_passage or close_on_page) or candidate.text in {c.text for c in chosen}:
            continue
        if not _fits(chosen, length, candidate):
            break
        chosen.append(candidate)
        length += len(candidate.text)
    chosen = _with_each_asked(chosen, found, asked)
    chosen = with_antecedents(chosen)
    order = {
        (f.hit.passage.id, f.text): (f.hit.passage.id, i)
        for f in chosen
        for i, s in enumerate(sentences(f.hit.passage.text))
        if s == f.text
    }
    return sorted(chosen, key=lambda f: order.get((f.hit.passage.id, f.text), (0, 0)))


def _fits(chosen: list[FactSentence], length: int, candidate: FactSentence) -> bool:
    """Whether the quote so far (`length` characters) has room for one more sentence."""
    return len(chosen) < MAX_QUOTE_SENTENCES and length + len(candidate.text) <= MAX_QUOTE_CHARS


def each_asked(asks: Sequence[str]) -> list[tuple[str, ...]]:
    """The value kinds of each thing a question asks for (`TurnState.asks`), for `quote`."""
    return [values for values in (value_kinds((kind,)) for kind in asks) if values]


def _with_each_asked(
    chosen: list[FactSentence], found: list[FactSentence], asked: Sequence[tuple[str, ...]]
) -> list[FactSentence]:
    page = chosen[0].hit.passage.url
    for values in asked:
        if any(states_value(c.text, values) for c in chosen):
            continue
        stating = [
            f
            for f in found
            if f.hit.passage.url == page
            and states_value(f.text, values)
            and f.text not in {c.text for c in chosen}
        ]
        if not stating:
            continue
        passage = stating[0].hit.passage.id  # the best one's, with the rest of its list
        length = sum(len(c.text) for c in chosen)
        for f in stating:
            if f.hit.passage.id != passage:
                continue
            if not _fits(chosen, length, f):
                break
            chosen = [*chosen, f]
            length += len(f.text)
    return chosen


SHORT_SENTENCE = 5  # words: "Holdes 2 gange om året." names no subject of its own
# a sentence that opens with its verb has no subject of its own: a passive ("Holdes …",
# "Afholdes …") or a verb that a list's items open with ("Koster 45 kr."); named one by one,
# as "Vores …", "Deres …", "Borgernes …" end the same way
_VERB_FIRST = re.compile(
    r"^(?:(?:af)?holdes|åbnes|lukkes|udbetales|betales|sendes|hentes|tømmes|gives|tilbydes|"
    r"bookes|koster|gælder|ligger|foregår|varer|åbner|lukker|kræver)\b",
    re.IGNORECASE,
)


def leans_on_the_one_before(sentence: str) -> bool:
    """A sentence short and without a subject of its own ("Holdes 2 gange om året."): it
    says something about the sentence before it ("Kursus for pårørende over 4 aftener …")."""
    return len(sentence.split()) <= SHORT_SENTENCE and bool(_VERB_FIRST.match(sentence))


# a sentence that opens by pointing back ("Den er gratis." after "... kan du få en
# nøgleboks.") says nothing on its own; "Det" mostly points forward ("Det koster 45 kr.")
# ("Den 1. januar stiger taksten", "De fleste får svar" point nowhere)
_POINTS_BACK = re.compile(
    r"(den|de|dem|han|hun|dette|disse|they|these)\b(?! \d)(?! fleste)(?! første)(?! nye)",
    re.IGNORECASE,
)


def with_antecedents(chosen: list[FactSentence]) -> list[FactSentence]:
    """The chosen sentences, each that points back or names no subject of its own preceded by
    the sentence before it in its passage (when that is not chosen already): a quote never
    says "Den er gratis." or "Høringsfrist 9. november 2026." alone (`label_of`), nor a short
    one without a subject ("Kursus for pårørende over 4 aftener … Holdes 2 gange om året.").
    Beyond the quote's limits a runner-up that points back or has a label is left out rather
    than lengthened; the best sentence always gets its antecedent."""
    taken = {(f.hit.passage.id, f.text) for f in chosen}
    length = sum(len(f.text) for f in chosen)
    out: list[FactSentence] = []
    for i, found in enumerate(chosen):
        if (
            _POINTS_BACK.match(found.text)
            or leans_on_the_one_before(found.text)
            or label_of(found.hit.passage.text, found.text)
        ):
            own = sentences(found.hit.passage.text)
            at = own.index(found.text) if found.text in own else -1
            if at > 0 and (found.hit.passage.id, own[at - 1]) not in taken:
                before = own[at - 1]
                too_long = length + len(before) > MAX_QUOTE_CHARS or (
                    len(out) + len(chosen) - i >= MAX_QUOTE_SENTENCES
                )
                if too_long and i > 0:
                    length -= len(found.text)
                    continue
                out.append(FactSentence(before, found.hit, found.score))
                taken.add((found.hit.passage.id, before))
                length += len(before)
        out.append(found)
    return out


def human_date(iso: str | None, language: Language) -> str:
    if not iso:
        return ""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return ""
    months = MONTHS_EN if language == "en" else MONTHS_DA
    if language == "en":
        return f"{day.day} {months[day.month - 1]} {day.year}"
    return f"{day.day}. {months[day.month - 1]} {day.year}"


def quoted_text(chosen: list[FactSentence], kommune: str, language: Language) -> str:
    passage = chosen[0].hit.passage
    text = " ".join(f.text.rstrip() for f in chosen)
    if all(f.hit.passage.id == passage.id for f in chosen):
        text = with_negative_heading(passage, text)
    when = human_date(passage.updated, language)
    updated = say("page_fact_updated", language, date=when) if when else ""
    return "\n".join(
        [
            say("page_fact", language, kommune=kommune, quote=text),
            say("page_fact_source", language, title=passage.title, updated=updated),
        ]
    )
