"""Which passage of the best page a search answer quotes, and which of its sentences.

A follow-up's own words pick them (`closest_on_page`, `best_sentences`); a new message's rare
words do, the words of its question clause counting twice (`closest_to_the_question`,
`closest_sentences`). `answering/search.py` quotes what these choose.
"""

from __future__ import annotations

from collections.abc import Mapping

from muni.answering.sentence_reading import relevant_stems
from muni.answering.word_ties import COMMON_IDF, weight
from muni.facts.sentences import split_sentences
from muni.nlu.tokens import stems
from muni.search.index import Hit
from muni.store.pages import IndexedPassage

# A word this rare (in about 1 % of the tenant's passages) in both the question and the quote
# ties them together ("diabetes", "visitationen", "vandrør"), whatever the page's topic label.
RARE_WORD_IDF = 4.5
FRAGMENT_WORDS = 4  # a sentence this short may be a list item's second half
CLEARLY_MORE = 1.5  # another passage of the page must tie half as much again as the first


def quoted_in_order(sentences: list[str], ranked: list[int], limit: int) -> str:
    """The best `limit` of `sentences` (`ranked`: their indices, best first), in their order.
    A very short best one comes with the sentence before it: "Toiletter med puslebord." says
    what it is about there ("Byparkens Legeplads: … vandleg fra maj til september.")."""
    scored = ranked[:limit]
    best = scored[0]
    if limit > 1 and best > 0 and len(sentences[best].split()) <= FRAGMENT_WORDS:
        scored = [best - 1, best, *(i for i in scored[1:] if i != best - 1)][:limit]
    return " ".join(sentences[i] for i in sorted(scored))


def best_sentences(text: str, query: str, limit: int = 2, own: str = "") -> str:
    """The passage's sentences that share most words with the question, in their order; for
    a follow-up (`query` holds the question it follows too), its own words (`own`) first:
    "er der livreddere" after bathing water wants the lifeguards, not the water."""
    wanted = set(stems(query))
    first = set(relevant_stems(own))
    sentences = split_sentences(text)
    if len(sentences) <= limit:
        return " ".join(sentences)

    def key(i: int) -> tuple[int, int, int]:
        words = set(stems(sentences[i]))
        return (-len(first & words), -len(wanted & words), i)

    return quoted_in_order(sentences, sorted(range(len(sentences)), key=key), limit)


def closest_on_page(hits: list[Hit], own: str) -> IndexedPassage:
    """The first hit's page's passage with most of a follow-up's own words ("er der
    livreddere": the lifeguards' section of the beach page), the first hit without any."""
    first = hits[0].passage
    wanted = set(relevant_stems(own))
    if not wanted:
        return first
    same_page = [h.passage for h in hits if h.passage.url == first.url]
    return max(same_page, key=lambda p: len(wanted & set(stems(p.text))))


def closest_to_the_question(
    hits: list[Hit], message: str, asked: str, idf: Mapping[str, float]
) -> IndexedPassage:
    """Among the hits on the first hit's page, the passage that the message's rare words tie
    most, the words of its question clause (`asked`) counting twice: "… det er ved at tage
    livet af ham … findes der kurser for pårørende?" quotes the dementia page's support for
    relatives, not its "tage sig af dine ting" about a power of attorney, which the search
    put first. The first hit unless another passage of its page ties clearly more."""
    first = hits[0].passage
    same_page = [h.passage for h in hits if h.passage.url == first.url]
    if len(same_page) == 1:
        return first
    ties = {p.id: question_tie(p.text, message, asked, idf) for p in same_page}
    best = max(same_page, key=lambda p: ties[p.id])  # the first of the best
    # the search's order stands unless another passage ties clearly more: "må man grille når
    # der er afbrændingsforbud" keeps "Gas- og kulgrill må normalt gerne bruges", whose
    # "afbrændingsforbud" weighs nearly as much as another passage's "grill"; and at least
    # by one rare word more, when the first ties nothing
    clearly = max(CLEARLY_MORE * ties[first.id], ties[first.id] + RARE_WORD_IDF - COMMON_IDF)
    return best if ties[best.id] >= clearly else first


def question_tie(text: str, message: str, asked: str, idf: Mapping[str, float]) -> float:
    """How much a message's rare words tie a text, those of its asking clause twice."""
    words = relevant_stems(text)
    return weight(relevant_stems(message) & words, idf) + weight(relevant_stems(asked) & words, idf)


def closest_sentences(
    text: str, message: str, asked: str, idf: Mapping[str, float], limit: int = 2
) -> str:
    """The passage's sentences that the message's rare words tie most (`question_tie`), in
    their order; the first ones when none ties. A rare word outweighs common ones: "which one
    is it?" about free compost at a recycling centre quotes "På Genbrugsplads Nord kan du
    hente færdig kompost gratis.", not "Rødder og stubbe skal i en container for sig."."""
    sentences = split_sentences(text)
    if len(sentences) <= limit:
        return " ".join(sentences)
    ties = [question_tie(s, message, asked, idf) for s in sentences]
    ranked = sorted(range(len(sentences)), key=lambda i: (-ties[i], i))
    return quoted_in_order(sentences, ranked, limit)
