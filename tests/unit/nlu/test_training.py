"""Training: each distinct text analysed once gives the very rows a transform gives, and the
student of e5 is fitted only when asked for."""

from __future__ import annotations

import numpy as np

from muni.nlu.classifier import lexical_features
from muni.nlu.model_store import NluModels
from muni.nlu.training import analysed_once, embedded_texts, with_student

TEXTS = [
    "hvad koster et nyt pas",
    "jeg har mistet mit pas",
    "hvornår tømmes min skraldespand",
    "skraldet er ikke hentet i dag",
    "hvad koster et nyt pas",  # twice, as topic phrasings and ordinary examples overlap
    "kan jeg få boligstøtte som studerende",
    "min far er faldet og bløder",
]


def _same(a, b) -> bool:  # type: ignore[no-untyped-def]
    return (
        a.shape == b.shape
        and np.array_equal(a.indptr, b.indptr)
        and np.array_equal(a.indices, b.indices)
        and np.array_equal(a.data, b.data)
    )


def test_rows_of_texts_analysed_once_are_bit_for_bit_the_transforms_rows():
    vectoriser = lexical_features().fit(TEXTS)
    rows = analysed_once(vectoriser, TEXTS)
    for wanted in (
        TEXTS,
        TEXTS[::-1],
        [TEXTS[2]],
        [TEXTS[0], TEXTS[0], TEXTS[5]],
    ):
        assert _same(rows(wanted), vectoriser.transform(wanted))


def test_each_distinct_text_is_analysed_once_whatever_is_asked_later():
    vectoriser = lexical_features().fit(TEXTS)
    analysed: list[str] = []
    for _name, part in vectoriser.transformer_list:
        analyse = part.build_analyzer()

        def counting(text, analyse=analyse):  # type: ignore[no-untyped-def]
            analysed.append(text)
            return analyse(text)

        part.build_analyzer = lambda counting=counting: counting  # type: ignore[method-assign]
    rows = analysed_once(vectoriser, TEXTS)
    rows(TEXTS)
    rows(TEXTS[:3])
    distinct = len(set(TEXTS))
    assert len(analysed) == distinct * len(vectoriser.transformer_list)


class _Pack:
    """The one thing `embedded_texts` asks of a content pack."""

    def training_examples(self) -> tuple[list[str], list[str]]:
        return TEXTS[:4], ["pas", "pas", "affald", "affald"]


class _TokenEmbedder:
    """Words as token ids and a fixed vector per word: enough for a student to be fitted."""

    dim = 8

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def token_ids(self, text: str) -> list[int]:
        return [sum(map(ord, word)) % 97 for word in text.split()]

    def embed(self, texts: list[str]) -> np.ndarray:
        self.embedded.extend(texts)
        rng = np.random.default_rng(0)
        table = rng.normal(size=(97, self.dim)).astype(np.float32)
        out = np.stack([table[self.token_ids(t)].sum(0) for t in texts])
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_models_trained_without_a_student_get_one_from_the_training_texts():
    models = NluModels(intents=object(), sub_answers=object())  # type: ignore[arg-type]
    embedder = _TokenEmbedder()
    safety = {"emergency": [TEXTS[6]]}
    got = with_student(models, _Pack(), safety, embedder)  # type: ignore[arg-type]
    assert got.student is not None
    assert got.intents is models.intents and got.sub_answers is models.sub_answers
    assert embedder.embedded == embedded_texts(_Pack(), safety)  # type: ignore[arg-type]
    # what training embeds: topic phrasings, safety phrasings and ordinary examples, once each
    assert len(embedder.embedded) == len(set(embedder.embedded)) > len(TEXTS[:4]) + 1


def test_models_that_have_a_student_are_returned_as_they_are():
    models = NluModels(intents=object(), sub_answers=object())  # type: ignore[arg-type]
    first = with_student(models, _Pack(), {}, _TokenEmbedder())  # type: ignore[arg-type]
    embedder = _TokenEmbedder()
    assert with_student(first, _Pack(), {}, embedder) is first  # type: ignore[arg-type]
    assert embedder.embedded == []
