"""Trained classifiers on disk, named by the content fingerprint and the embedder."""

from __future__ import annotations

import pickle
from pathlib import Path

from muni.nlu.classifier import IntentClassifier


def model_path(models_dir: Path, fingerprint: str, embedder_name: str | None) -> Path:
    return models_dir / f"intent-{fingerprint}-{embedder_name or 'lexical'}.pkl"


def save(model: IntentClassifier, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL))
    tmp.replace(path)


def load(path: Path) -> IntentClassifier | None:
    """The model muni itself wrote there (the data dir is trusted), or None if absent/stale."""
    if not path.exists():
        return None
    try:
        model = pickle.loads(path.read_bytes())
    except Exception:  # an unreadable or outdated artefact is simply retrained
        return None
    return model if isinstance(model, IntentClassifier) else None
