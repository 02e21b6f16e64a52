"""Booking codes: no look-alike characters, a letter and a digit, found in typed text."""

from __future__ import annotations

from muni.booking.codes import ALPHABET, find_code, is_code, new_code


def test_codes_avoid_look_alikes_and_mix_letters_and_digits() -> None:
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert len(code) == 6 and is_code(code)
        assert not set(code) & set("0O1IL")
        assert any(c.isdigit() for c in code) and any(c.isalpha() for c in code)
    assert set("".join(codes)) <= set(ALPHABET)


def test_a_code_is_found_in_a_message_typed_or_pasted() -> None:
    assert find_code("aflys min tid K4M29X") == "K4M29X"
    assert find_code("aflys min tid k4m29x.") == "K4M29X"
    assert find_code("K4M29X") == "K4M29X"
    assert find_code("jeg vil flytte min tid") is None  # "flytte" is six letters, not a code
    assert find_code("ring på 234567") is None  # a number is not a code
    assert find_code("koden er AB1CDE") is None  # 1 is not in the alphabet
