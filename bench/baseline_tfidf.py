"""Baseline: a plain scikit-learn TF-IDF + logistic regression on the same training data,
scored on the same dev set with the same rules as `muni eval`.

    python bench/baseline_tfidf.py bench/dev/intents.jsonl [--json]

Two variants: `argmax` (answer whatever class wins, `__oos__` included) and `threshold`
(refuse below a confidence threshold chosen by 5-fold cross-validation on the training data,
the same balanced-accuracy rule muni uses to tune its own threshold).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict
from sklearn.pipeline import make_pipeline

from muni.config import REPO_ROOT
from muni.content.loader import load_pack
from muni.evaluation.runner import is_correct, read_cases
from muni.nlu.accept_threshold import tune_accept
from muni.nlu.classifier import OUT_OF_SCOPE

VARIANTS = {
    # scikit-learn defaults
    "default": lambda: make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=2000)),
    # a fair, tuned baseline: word 1-2 grams, sublinear tf, balanced classes, weaker penalty
    "tuned": lambda: make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        LogisticRegression(C=20, class_weight="balanced", max_iter=3000)),
}


def score(cases, predicted, confidences, threshold):
    in_scope = [c for c in cases if c.expected is not None]
    results = []
    for case, label, p in zip(cases, predicted, confidences, strict=True):
        topic = None if label == OUT_OF_SCOPE or p < threshold else label
        origin = "fallback" if topic is None else "curated"
        results.append(is_correct(case.expected, topic, "answered", origin))
    inside = [r for r, c in zip(results, cases, strict=True) if c.expected is not None]
    outside = [r for r, c in zip(results, cases, strict=True) if c.expected is None]
    return {"in_scope_accuracy": round(sum(inside) / len(in_scope), 4),
            "out_of_scope_refusal_accuracy": round(sum(outside) / max(len(outside), 1), 4)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dev", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    texts, labels = load_pack(REPO_ROOT / "content").training_examples()
    cases = read_cases(args.dev)
    report = {}
    for name, make in VARIANTS.items():
        started = time.perf_counter()
        model = make().fit(texts, labels)
        train_s = time.perf_counter() - started
        names = list(model.classes_)
        cv = cross_val_predict(make(), texts, labels, cv=5, method="predict_proba")
        y = np.array([names.index(label) for label in labels])
        threshold = tune_accept(cv, y, names.index(OUT_OF_SCOPE))
        probs = model.predict_proba([c.text for c in cases])
        predicted = [names[i] for i in probs.argmax(1)]
        top = probs.max(1)
        report[name] = {
            "train_seconds": round(train_s, 2),
            "argmax": score(cases, predicted, top, 0.0),
            "threshold": {"accept": threshold, **score(cases, predicted, top, threshold)},
        }
    print(json.dumps(report, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
