from __future__ import annotations

import pytest

from kpss.registry.validators import ico_check_digit, ico_is_valid, ico_normalize


@pytest.mark.parametrize("ico", ["73632783", "49562827", "00064581", "00216208", "25596641"])
def test_valid_ico(ico):
    assert ico_is_valid(value=ico)


@pytest.mark.parametrize("ico", ["73632784", "49562820", "12345678"])
def test_wrong_check_digit(ico):
    assert not ico_is_valid(value=ico)


def test_leading_zeros_are_significant():
    # Praha's IČO: dropping the zeros leaves a 5-digit number that is no IČO at all.
    assert ico_is_valid(value="00064581")
    assert not ico_is_valid(value="64581")
    assert not ico_is_valid(value="064581")


@pytest.mark.parametrize("ico", ["", "7363278", "736327833", "7363278a", " 73632783"])
def test_bad_format(ico):
    assert not ico_is_valid(value=ico)


def test_check_digit_remainders():
    # remainder 0 → 1, remainder 1 → 0, otherwise 11 − remainder
    assert ico_check_digit(first_seven="0006458") == 1  # 77 mod 11 = 0
    assert ico_check_digit(first_seven="7363278") == 3  # 173 mod 11 = 8
    assert ico_check_digit(first_seven="0000010") == 8  # 3 mod 11 = 3


def test_check_digit_remainder_one():
    # 0000006 → 6 × 2 = 12, remainder 1 → check digit 0
    assert ico_check_digit(first_seven="0000006") == 0
    assert ico_is_valid(value="00000060")


def test_normalize_strips_inner_spaces_only():
    assert ico_normalize(value=" 736 32 783 ") == "73632783"
    assert ico_normalize(value="00064581") == "00064581"
