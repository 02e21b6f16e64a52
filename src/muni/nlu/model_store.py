"""Trained models on disk, named by the content fingerprint and the embedder.

One file holds what is trained from the content pack: the intent classifier and the
sub-answer model (and the safety classifier, trained from content/safety), and the student
of e5 fitted on the same texts."""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from muni.nlu.classifier import TextClassifier
from muni.nlu.student import EmbeddingStudent
from muni.nlu.sub_answers import SubAnswerModel

FORMAT = 8  # bump when the pickled classes change shape, or the features they were fitted on


@dataclass
class NluModels:
    intents: TextClassifier
    sub_answers: SubAnswerModel
    safety: Any = None  # muni.safety.classifier.SafetyClassifier
    format: int = FORMAT
    # a cheap stand-in for e5 (nlu/student.py); None in files written before it existed
    student: EmbeddingStudent | None = None


def model_path(models_dir: Path, fingerprint: str, embedder_name: str | None) -> Path:
    return models_dir / f"nlu{FORMAT}-{fingerprint}-{embedder_name or 'lexical'}.pkl"


def save(models: NluModels, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    models.sub_answers.compact()
    tmp.write_bytes(pickle.dumps(models, protocol=pickle.HIGHEST_PROTOCOL))
    tmp.replace(path)


def load(path: Path) -> NluModels | None:
    """The models muni itself wrote there (the data dir is trusted), or None if absent/stale."""
    if not path.exists():
        return None
    try:
        models = pickle.loads(path.read_bytes())
    except Exception:  # an unreadable or outdated artefact is simply retrained
        return None
    if not isinstance(models, NluModels) or getattr(models, "format", None) != FORMAT:
        return None
    models.sub_answers.compact()  # files written before compact() existed
    return models
