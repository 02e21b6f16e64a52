"""Who a page sentence is addressed to, when it is not the citizen.

"Journalister kan kontakte kommunens pressefunktion ..." answers no citizen's question about
whom to call, and "Har du spørgsmål om erhvervsaffald, så kontakt erhvervsservice" answers a
business. Such sentences are quoted only when the question names those readers too.
"""

from __future__ import annotations

from functools import lru_cache

from muni.nlu.normalize import normalize

# the press: quoted only when the question names it too
PRESS = ("journalist", "presse")
# businesses, for whom to call ("Har du spørgsmål om erhvervsaffald, så kontakt
# erhvervsservice"; a price for a company van on the recycling centre's page is an answer)
BUSINESSES = (
    "erhvervsaffald",
    "erhvervsdrivende",
    "erhvervskunde",
    "erhvervsservice",
    "virksomhed",
)

SENTENCES_KEPT = 50_000  # page sentences remembered (they come up again for many questions)


def addresses(text: str, readers: tuple[str, ...]) -> bool:
    """A word of the text begins like one of these readers ("Journalister": "journalist")."""
    return any(w.startswith(readers) for w in normalize(text).split())


@lru_cache(maxsize=SENTENCES_KEPT)
def addressed_to_press(sentence: str) -> bool:
    """Whether a page sentence addresses the press; remembered, as the same page sentences
    come up for many questions (citizens' messages are not kept here)."""
    return addresses(sentence, PRESS)
