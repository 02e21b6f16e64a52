"""search/index.py `leads_in_meaning`: the passage far closest in meaning, if one is."""

from __future__ import annotations

import numpy as np

from muni.search.index import MEANING_LEAD, leads_in_meaning


def test_a_clear_lead_names_its_passage():
    assert leads_in_meaning(np.array([0.80, 0.90, 0.86])) == 1
    assert leads_in_meaning(np.array([0.90 + MEANING_LEAD, 0.90])) == 0  # the exact margin


def test_no_lead_when_the_two_nearest_are_close_or_tied():
    assert leads_in_meaning(np.array([0.88, 0.90, 0.86])) is None
    assert leads_in_meaning(np.array([0.90, 0.90, 0.50])) is None
    assert leads_in_meaning(np.array([0.90 + MEANING_LEAD - 0.001, 0.90])) is None


def test_too_few_passages_or_no_numbers_give_no_lead():
    assert leads_in_meaning(np.array([0.9])) is None
    assert leads_in_meaning(np.array([])) is None
    assert leads_in_meaning(np.array([np.nan, 0.5, 0.4])) is None
