"""What a message says about the conversation before it (answering/follow_up.py)."""

from __future__ import annotations

import pytest

from muni.answering.follow_up import points_back, subject_words


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("brænde? skal vi selv slæbe det med derud", True),
        ("hvor tidligt må vi bygge det", True),
        ("kan man låne den", True),
        ("må vi tage hunden med derhen", True),
        # a dummy subject points at nothing
        ("hvad koster det at parkere i midtbyen", False),
        ("er der parkering", False),
        ("parkering?", False),
    ],
)
def test_a_message_points_back_at_a_thing_or_a_place(text: str, points: bool) -> None:
    assert points_back(text) is points


def test_a_place_pointed_back_at_is_no_subject() -> None:
    assert subject_words("skal vi slæbe brænde med derud") == ["slæbe", "brænde"]
    assert subject_words("hunde? skal de gå i snor derude") == ["hunde", "gå", "snor"]
