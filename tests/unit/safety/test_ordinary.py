"""The ordinary messages safety learns "none" from: made from the topic phrasings in a way
that a content edit changes only the examples made from the phrasings it touched."""

from __future__ import annotations

from muni.safety.ordinary import PAIRS, WITH_OPENER, ordinary_messages

TOPICS = [
    "pas",
    "affald",
    "boligstøtte",
    "jobcenter",
    "tandpleje",
    "parkering",
    "skat",
    "bibliotek",
]
ASKS = ["hvad koster", "hvornår tømmes", "hvordan søger jeg", "hvor ligger", "kan jeg få hjælp til"]


def _phrasings(n: int, start: int = 0) -> list[str]:
    return [
        f"{ASKS[i % len(ASKS)]} {TOPICS[i % len(TOPICS)]} nummer {i}"
        for i in range(start, start + n)
    ]


def test_the_same_phrasings_in_any_order_give_the_same_examples():
    phrasings = _phrasings(3000)
    assert ordinary_messages(phrasings) == ordinary_messages(phrasings[::-1])
    assert len(ordinary_messages(phrasings)) == PAIRS + WITH_OPENER


def test_adding_a_few_phrasings_changes_only_a_few_examples():
    before = _phrasings(3000)
    after = before + _phrasings(20, start=3000)
    old, new = set(ordinary_messages(before)), set(ordinary_messages(after))
    # 20 new phrasings in 3,020 may take over about 1 % of the picks (9 + 5 + 9 expected);
    # drawn at random from the list, nearly every example changed
    assert len(old - new) <= 40
    assert len(old & new) >= len(old) - 40


def test_removing_a_phrasing_removes_only_what_was_made_from_it():
    phrasings = _phrasings(3000)
    gone = phrasings[1234]
    old = set(ordinary_messages(phrasings))
    new = set(ordinary_messages([p for p in phrasings if p != gone]))
    assert all(gone.rstrip("?.! ") in example or gone in example for example in old - new)
    assert len(old - new) <= 6


def test_a_phrasing_is_never_joined_with_itself_and_few_phrasings_still_work():
    two = ["hvad koster et pas", "hvornår tømmes skraldespanden"]
    made = ordinary_messages(two)
    joined = [m for m in made if all(p in m for p in two)]
    assert len(joined) == 2  # each one first, joined with the other
    assert all(m.count(p) <= 1 for m in made for p in two)
    assert ordinary_messages(["kun én"]) == []
