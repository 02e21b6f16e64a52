"""The intent step's thresholds: defaults, then tuned, then the content pack, then the tenant."""

import pytest

from muni.answering.intent_thresholds import Thresholds


def test_layers_later_wins():
    limits = Thresholds.layered(
        {"accept": 0.64, "sub_accept": 0.4},
        {"accept": 0.8, "clarify_margin": 0.1},
        {"clarify_margin": 0.05},
    )
    assert limits.accept == pytest.approx(0.8)  # the pack over the tuned value
    assert limits.sub_accept == pytest.approx(0.4)  # tuned, nothing above it
    assert limits.clarify_margin == pytest.approx(0.05)  # the tenant over the pack
    assert limits.switch_topic == Thresholds().switch_topic  # the default


def test_missing_layers_and_unknown_names_leave_the_defaults():
    limits = Thresholds.layered({}, None, {"no_such_threshold": 0.1})  # type: ignore[arg-type]
    assert limits == Thresholds()
