"""What `muni train` says about the accept threshold the content pins."""

from muni.cli.nlu import accept_note


def test_a_pinned_accept_inside_the_plateau_is_only_reported():
    note, warning = accept_note(0.84, (0.62, 0.86), {"accept": 0.8})
    assert note is not None and "0.84" in note and "0.62-0.86" in note and "0.80" in note
    assert warning is None


def test_a_pinned_accept_outside_the_plateau_is_a_warning():
    note, warning = accept_note(0.61, (0.55, 0.72), {"accept": 0.8})
    assert note is not None
    assert warning is not None and "0.80" in warning and "0.55-0.72" in warning


def test_without_a_pinned_value_only_the_tuned_one_is_reported():
    note, warning = accept_note(0.84, (0.62, 0.86), {})
    assert note is not None and "content/nlu.yaml" not in note and warning is None
    assert accept_note(None, None, {"accept": 0.8}) == (None, None)
