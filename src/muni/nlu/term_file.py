"""A content pack's list of terms: a YAML file whose `terms` map words to other words (the
English glossary, the Danish synonyms). A missing file is an empty list; anything else than
words mapped to words is refused with the file's name."""

from __future__ import annotations

from pathlib import Path

import yaml


def read_terms(path: Path, meaning: str) -> dict[str, str]:
    """The `terms` of the file at `path` ({} when there is none); `meaning` says what they
    should map, for the error ("English terms to Danish words")."""
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    terms = data.get("terms") or {}
    if not isinstance(terms, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in terms.items()
    ):
        raise ValueError(f"{path}: 'terms' must map {meaning}")
    return terms
