"""Fit the search-answer gate: when is the best web passage relevant enough to answer with?

    python bench/tune_search_gate.py [--tenant aarhus]

Positives: questions of bench/dev/search.jsonl (their answer is on the site). Negatives: the
out-of-scope questions of bench/dev/intents.jsonl (no page should be offered). Features of the
best hits: cosine similarity, BM25 keyword score, and the intent classifier's out-of-scope
probability. A logistic regression is fitted on the ODD lines of both files only; the EVEN
lines are held out and reported. The fitted weights are written to content/search_gate.yaml
(data, read by the search step). Needs a crawled, embedded demo site (muni demo or muni crawl).
"""

from __future__ import annotations

import argparse
import json
import os

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import yaml  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from muni.answering.search import gate_features  # noqa: E402
from muni.config import REPO_ROOT, Settings  # noqa: E402
from muni.runtime import Runtime  # noqa: E402
from muni.store.tenants import TenantRepository  # noqa: E402


def load(path: str, keep) -> list[str]:  # type: ignore[no-untyped-def]
    rows = [json.loads(line) for line in open(REPO_ROOT / path, encoding="utf-8")]
    return [r["text"] for r in rows if keep(r)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tenant", default="aarhus")
    args = parser.parse_args()
    runtime = Runtime.start(Settings())
    with runtime.db.session() as session:
        tenant = TenantRepository(session).by_slug(args.tenant)
    assert tenant is not None and runtime.search_index.size(tenant), "crawl the site first"
    positives = load("bench/dev/search.jsonl", lambda r: True)
    negatives = load("bench/dev/intents.jsonl", lambda r: r["topic"] is None)

    def features(texts: list[str]) -> np.ndarray:
        return np.array([gate_features(runtime, tenant, t) for t in texts])

    xp, xn = features(positives), features(negatives)
    x = np.vstack([xp[0::2], xn[0::2]])
    y = np.r_[np.ones(len(xp[0::2])), np.zeros(len(xn[0::2]))]
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    model = LogisticRegression(C=10.0, class_weight="balanced").fit((x - mean) / scale, y)
    weights = model.coef_[0] / scale  # fold the scaling back: the gate reads raw features
    bias = float(model.intercept_[0] - np.sum(model.coef_[0] * mean / scale))

    def rate(data: np.ndarray, label: int) -> float:
        accepted = (data @ weights + bias) >= 0
        return round(float(np.mean(accepted == bool(label))), 4)

    report = {
        "tuning": {"search_answered": rate(xp[0::2], 1), "oos_refused": rate(xn[0::2], 0)},
        "held_out": {"search_answered": rate(xp[1::2], 1), "oos_refused": rate(xn[1::2], 0)},
    }
    gate = {"weights": [round(float(w), 4) for w in weights],
            "bias": round(bias, 4),
            "features": ["similarity", "keyword", "out_of_scope_probability"]}
    (REPO_ROOT / "content" / "search_gate.yaml").write_text(
        "# Written by bench/tune_search_gate.py (fitted on the odd lines of the dev sets).\n"
        + yaml.safe_dump(gate, sort_keys=False), encoding="utf-8")
    print(json.dumps({"gate": gate, **report}, indent=2))


if __name__ == "__main__":
    main()
