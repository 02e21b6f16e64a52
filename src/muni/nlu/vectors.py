"""Embeddings kept with a conversation: compact text form, and the meaning of a follow-up."""

from __future__ import annotations

import base64

import numpy as np


def pack(vector: np.ndarray) -> str:
    return base64.b64encode(np.asarray(vector, dtype=np.float16).tobytes()).decode("ascii")


def unpack(text: str | None, dim: int = 384) -> np.ndarray | None:
    """The vector, or None when the text is missing or not a vector of this size."""
    if not text:
        return None
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        return None
    if len(raw) != dim * 2:
        return None
    return np.frombuffer(raw, dtype=np.float16).astype(np.float32)


def together(*vectors: np.ndarray | None) -> np.ndarray | None:
    """The normalised sum of the vectors given (a follow-up and what it follows)."""
    present = [v for v in vectors if v is not None]
    if not present:
        return None
    total = np.sum(present, axis=0)
    norm = float(np.linalg.norm(total))
    return total / norm if norm > 0 else total
