"""Pure checks of registry identifiers. No database, no Django models.

IČO (identifikační číslo osoby) has 8 digits; leading zeros are part of the number, so it is
always handled as text. The eighth digit is a mod-11 check digit over the first seven, weighted
8, 7, …, 2: with r = sum mod 11 the check digit is 1 when r = 0, 0 when r = 1, else 11 − r.
"""

from __future__ import annotations

import re

_ICO_RE = re.compile(r"\d{8}")
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2)


def ico_normalize(*, value: str) -> str:
    """Strip the spaces people type inside an IČO ("736 32 783"); never pad or drop zeros."""
    return re.sub(r"[\s\u00a0]", "", value or "")


def ico_check_digit(*, first_seven: str) -> int:
    if len(first_seven) != 7 or not first_seven.isdigit():
        raise ValueError("IČO check digit needs exactly seven digits")
    remainder = sum(int(d) * w for d, w in zip(first_seven, _WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return 1
    if remainder == 1:
        return 0
    return 11 - remainder


def ico_has_valid_format(*, value: str) -> bool:
    return bool(_ICO_RE.fullmatch(value))


def ico_is_valid(*, value: str) -> bool:
    """True for an 8-digit IČO whose last digit matches the mod-11 check digit."""
    if not ico_has_valid_format(value=value):
        return False
    return ico_check_digit(first_seven=value[:7]) == int(value[7])
