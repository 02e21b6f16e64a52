from dataclasses import replace

import pytest

from muni.config import REPO_ROOT
from muni.content.loader import load_pack
from muni.content.rasa import RasaError, merge_rasa, parse_rasa, to_rasa


def test_rasa_round_trip_keeps_every_phrasing():
    pack = load_pack(REPO_ROOT / "content")
    intents = parse_rasa(to_rasa(pack))
    subs = {f"{slug}/{s.id}" for slug, t in pack.topics.items() for s in t.sub_answers}
    assert len(subs) >= 500
    assert set(intents) == set(pack.topics) | subs | {"out_of_scope"}
    for slug, topic in pack.topics.items():
        assert intents[slug] == [" ".join(p.split()) for p in topic.phrasings]
        for sub in topic.sub_answers:
            assert intents[f"{slug}/{sub.id}"] == [" ".join(p.split()) for p in sub.phrasings]
    merged, unknown = merge_rasa(pack, intents)
    assert unknown == []
    assert merged.topics["pas"].phrasings == tuple(" ".join(p.split())
                                                   for p in pack.topics["pas"].phrasings)
    assert merged.topics["pas"].sub_answers == tuple(
        replace(s, phrasings=tuple(" ".join(p.split()) for p in s.phrasings))
        for s in pack.topics["pas"].sub_answers)


def test_rasa_import_replaces_one_sub_answers_phrasings():
    pack = load_pack(REPO_ROOT / "content")
    merged, unknown = merge_rasa(pack, {"pas/pris": ["pas hvad koster", "pris paa pas"],
                                        "pas/findes-ikke": ["x"]})
    assert unknown == ["pas/findes-ikke"]
    pris = next(s for s in merged.topics["pas"].sub_answers if s.id == "pris")
    assert pris.phrasings == ("pas hvad koster", "pris paa pas")
    assert merged.topics["pas"].phrasings == pack.topics["pas"].phrasings


def test_rasa_import_strips_entities_and_reports_unknown_intents():
    text = """
version: "3.1"
nlu:
- intent: pas
  examples: |
    - hvad koster et pas i [Aarhus](city)
    - pas til [mit barn]{"entity": "person"}
- intent: bestil_pizza
  examples: |
    - en pizza tak
- synonym: aarhus
  examples: |
    - århus
"""
    pack = load_pack(REPO_ROOT / "content")
    intents = parse_rasa(text)
    assert intents["pas"] == ["hvad koster et pas i Aarhus", "pas til mit barn"]
    merged, unknown = merge_rasa(pack, intents)
    assert unknown == ["bestil_pizza"]
    assert merged.topics["pas"].phrasings == ("hvad koster et pas i Aarhus", "pas til mit barn")


@pytest.mark.parametrize("text", ["just text", "nlu: 3", ": : :"])
def test_rasa_rejects_what_it_cannot_read(text):
    with pytest.raises(RasaError):
        parse_rasa(text)
