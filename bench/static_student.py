"""Could a static "student" of e5 replace the e5 run on a citizen's message? (issues 7 and 10)

    MUNI_DATA_DIR=... python bench/static_student.py [--ridge 0.01] [--json out.json]

Every fact question and most follow-ups run e5 once (~15-20 ms on one core), which keeps
their p50 above issue 7's 10 ms. A bag-of-tokens student costs ~0.05 ms: a message's vector
is the mean of one learned vector per e5 token (plus the mean of the targets), fitted by
ridge regression so that it lands as close as possible to e5's own query vector. The
training pairs are the texts training embeds anyway (topic and sub-answer phrasings, safety
phrasings, the ordinary messages), with e5's vectors read from the installation's cache;
nothing from the dev sets.

It prints, on the dev sets' messages (held out from the fit):
- how close the student's vectors are to e5's: cosine, and cosine after removing the mean
  vector (e5's vectors all lie in one narrow cone, so the raw cosine flatters), and how often
  the nearest training phrasing is the same;
- what citizens would get if the student replaced e5 for every message (the trained models,
  the passage and fact-sentence vectors stay e5's): the answer rates of `muni eval` on the
  intent, sub-answer, fact, dialogue and search dev sets, beside the same run with e5.

Needs a trained demo data directory (`./dev demo`, then `muni train`) with its embedding
cache. Takes ~5 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402
from scipy.sparse.linalg import splu  # noqa: E402

DEV = Path(__file__).resolve().parent / "dev"
SETS = ("intents", "sub_answers", "facts_pages", "facts_national", "dialogues", "search")


def dev_messages() -> list[str]:
    texts: list[str] = []
    for path in sorted(DEV.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                texts += [t["text"] for t in item["turns"]] if "turns" in item else [item["text"]]
    return texts


def training_pairs(runtime, settings) -> tuple[list[str], np.ndarray]:  # type: ignore[no-untyped-def]
    """The texts training embedded, with e5's vectors from the installation's cache."""
    from muni.nlu.classifier import embedding_text, safety_embedding_text
    from muni.nlu.embedder import DiskCachedEmbedder
    from muni.safety.classifier import load_safety_phrasings
    from muni.safety.ordinary import ordinary_messages

    texts, _labels = runtime.pack.training_examples()
    safety = [t for items in load_safety_phrasings(settings.safety_dir).values() for t in items]
    # as training embeds them (nlu/training.py): the intents' cut of the phrasings, and the
    # safety classifier's own cut of every text it is trained on
    everything = dict.fromkeys(
        [embedding_text(t) for t in texts]
        + [safety_embedding_text(t) for t in texts + safety + ordinary_messages(texts)]
    )
    cache = DiskCachedEmbedder.query_cache(settings.models_dir, runtime.embedder.name)
    with np.load(cache) as data:
        store = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
    keys = {t: hashlib.sha1(t.encode()).hexdigest() for t in everything}
    found = [(t, store[k]) for t, k in keys.items() if k in store]
    return [t for t, _ in found], np.stack([v for _, v in found])


class Student:
    """mean(token vectors) + the targets' mean, L2-normalised."""

    def __init__(self, tokenizer, texts: list[str], targets: np.ndarray, ridge: float) -> None:  # type: ignore[no-untyped-def]
        self.tokenizer = tokenizer
        rows = [tokenizer.content_ids(t) for t in texts]
        self.vocab = {tok: i for i, tok in enumerate(sorted({x for r in rows for x in r}))}
        x = self._matrix(rows)
        self.mean = targets.mean(axis=0)
        gram = (x.T @ x + ridge * sp.identity(len(self.vocab))).tocsc()
        self.weights = splu(gram).solve(np.asarray(x.T @ (targets - self.mean)))

    def _matrix(self, rows: list[list[int]]) -> sp.csr_matrix:
        data, cols, ptr = [], [], [0]
        for ids in rows:
            known = [self.vocab[i] for i in ids if i in self.vocab]
            for col in set(known):
                cols.append(col)
                data.append(known.count(col) / max(len(ids), 1))
            ptr.append(len(cols))
        return sp.csr_matrix((data, cols, ptr), shape=(len(rows), len(self.vocab)))

    def __call__(self, texts: str | list[str]) -> np.ndarray:
        batch = [texts] if isinstance(texts, str) else list(texts)
        out = self._matrix([self.tokenizer.content_ids(t) for t in batch]) @ self.weights
        out = np.asarray(out) + self.mean
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        out = out.astype(np.float32)
        return out[0] if isinstance(texts, str) else out


def closeness(student: Student, e5: np.ndarray, texts: list[str], train: np.ndarray) -> dict:
    guess = student(texts)
    centred = guess - student.mean, e5 - student.mean
    cos_c = (centred[0] * centred[1]).sum(1) / (
        np.linalg.norm(centred[0], axis=1) * np.linalg.norm(centred[1], axis=1)
    )
    same = (e5 @ train.T).argmax(1) == (guess @ train.T).argmax(1)
    return {"messages": len(texts), "cosine": round(float((guess * e5).sum(1).mean()), 4),
            "cosine_centred": round(float(cos_c.mean()), 4),
            "same_nearest_phrasing": round(float(same.mean()), 4)}


def rates(runtime, tenant) -> dict:  # type: ignore[no-untyped-def]
    from muni.evaluation.runner import evaluate, read_cases

    out = {}
    for name in SETS:
        totals = evaluate(runtime.pipeline, tenant, read_cases(DEV / f"{name}.jsonl")).totals()
        if name == "dialogues":
            out[name] = {"follow_up_fact_rate": totals["follow_ups"]["fact_rate"]}
        elif name == "intents":
            out[name] = {"topic": totals["in_scope_accuracy"],
                         "refusal": totals["out_of_scope_refusal_accuracy"]}
        elif name == "sub_answers":
            out[name] = {"topic": totals["in_scope_accuracy"],
                         "sub_answer": totals["sub_answer_accuracy"]}
        elif name == "search":
            out[name] = {"hit_at_3": totals["search_hit_at_3"]}
        else:
            out[name] = {"fact_rate": totals["fact_rate"]}
        print(name, out[name], flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tenant", default="aarhus")
    parser.add_argument("--ridge", type=float, default=0.01)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    from muni.config import Settings
    from muni.nlu.classifier import embedding_text
    from muni.runtime import Runtime
    from muni.store.tenants import TenantRepository

    settings = Settings()
    runtime = Runtime.start(settings)
    with runtime.db.session() as session:
        tenant = TenantRepository(session).by_slug(args.tenant)
    runtime.embedder.warm_up()
    engine = runtime.embedder._model  # the e5 engine: .query(texts) and .tokenizer
    texts, vectors = training_pairs(runtime, settings)
    student = Student(engine.tokenizer, texts, vectors, args.ridge)
    seen = set(texts)
    messages = dict.fromkeys(embedding_text(m) for m in dev_messages())
    held_out = [t for t in messages if t not in seen]
    report = {"training_texts": len(texts), "ridge": args.ridge,
              "closeness": closeness(student, engine.query(held_out), held_out, vectors)}
    print(json.dumps(report["closeness"]), flush=True)
    print("-- e5", flush=True)
    report["e5"] = rates(runtime, tenant)
    runtime.embedder._cache.clear()  # nothing embedded by e5 above may be reused
    engine.query = student
    print("-- student", flush=True)
    report["student"] = rates(runtime, tenant)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
