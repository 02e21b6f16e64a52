import pytest

from muni.config import REPO_ROOT
from muni.content.loader import load_pack
from muni.content.rasa import RasaError, merge_rasa, parse_rasa, to_rasa


def test_rasa_round_trip_keeps_every_phrasing():
    pack = load_pack(REPO_ROOT / "content")
    intents = parse_rasa(to_rasa(pack))
    assert set(intents) == set(pack.topics) | {"out_of_scope"}
    for slug, topic in pack.topics.items():
        assert intents[slug] == [" ".join(p.split()) for p in topic.phrasings]
    merged, unknown = merge_rasa(pack, intents)
    assert unknown == []
    assert merged.topics["pas"].phrasings == tuple(" ".join(p.split())
                                                   for p in pack.topics["pas"].phrasings)


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
